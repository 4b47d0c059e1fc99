import Lectern

// Every notebook `lectern` can build. Add yours here.
LecternCLI.main(notebooks: [hello, autoencodersIntro, manifoldsCompanion, variationalAutoencoders, deepAutoencoders])
