import Foundation
import PackagePlugin

/// Gives the Notebook module a digest of the model core's sources (`Tensors` and `ModelCore`) and one
/// of the drawing code's (`Graphics`, `TeXMath`, `Plots`, `ModelDiagrams`), so that a notebook's cached
/// results and figures are never reused once the code that made them has changed. The build runs
/// `LibraryHasher` again whenever one of those files changes.
@main
struct LibraryCodePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        func sources(_ modules: [String]) throws -> [URL] {
            try context.package.targets(named: modules)
                .compactMap { $0 as? SourceModuleTarget }
                .flatMap { $0.sourceFiles(withSuffix: "swift") }
                .map(\.url)
        }
        let modelCore = try sources(["Tensors", "ModelCore"])
        let drawing = try sources(["Graphics", "TeXMath", "Plots", "ModelDiagrams"])
        let output = context.pluginWorkDirectoryURL.appending(path: "LibraryCode.swift")
        return [
            .buildCommand(
                displayName: "Digesting the sources of the model core and the drawing code",
                executable: try context.tool(named: "LibraryHasher").url,
                arguments: [output.path(), context.package.directoryURL.path()] + modelCore.map { $0.path() }
                    + ["--drawing"] + drawing.map { $0.path() },
                inputFiles: modelCore + drawing, outputFiles: [output])
        ]
    }
}
