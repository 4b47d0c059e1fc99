// LecternCLI
