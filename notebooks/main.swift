import Lectern

// Every notebook `lectern` can build, the lecture companions in the order of the notes. Add yours here.
LecternCLI.main(notebooks: [
    hello, autoencodersIntro, manifoldsCompanion, vaeAndGAN, deepAutoencoders, vaeTheory,
])
