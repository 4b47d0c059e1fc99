import PackagePlugin

/// Gives the Notebook module a digest of the model core's sources (`Tensors` and `ModelCore`), so
/// that a notebook's cached results are never reused once the code that computed them has changed.
/// The build runs `LibraryHasher` again whenever one of those files changes.
@main
struct LibraryCodePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sources = try context.package.targets(named: ["Tensors", "ModelCore"])
            .compactMap { $0 as? SourceModuleTarget }
            .flatMap { $0.sourceFiles(withSuffix: "swift") }
            .map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "LibraryCode.swift")
        return [
            .buildCommand(
                displayName: "Digesting the sources of Tensors and ModelCore",
                executable: try context.tool(named: "LibraryHasher").url,
                arguments: [output.path(), context.package.directoryURL.path()] + sources.map { $0.path() },
                inputFiles: sources, outputFiles: [output])
        ]
    }
}
