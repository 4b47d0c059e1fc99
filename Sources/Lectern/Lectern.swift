// `import Lectern` is all a notebook file needs.
@_exported import Graphics
@_exported import LecternCLI
@_exported import ModelCore
@_exported import ModelDiagrams
@_exported import Notebook
@_exported import Plots
@_exported import Publish
@_exported import TeXMath
@_exported import Tensors
