import Lectern

// Every notebook `lectern` can build. Add yours here.
LecternCLI.main(notebooks: [hello, autoencoders, principalComponents, variationalAutoencoders, vaeAndGAN, vaeTheory])
