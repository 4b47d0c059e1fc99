import ArgumentParser
import Notebook

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the notebooks this lectern knows, with their cache state.")

    @Option(name: .long, help: "Directory of cached cell results.")
    var cacheDirectory: String = ".lectern-cache"

    func run() throws {
        let notebooks = LecternCommand.notebooks
        let width = notebooks.map(\.id.count).max() ?? 0
        for notebook in notebooks {
            let pad = String(repeating: " ", count: width - notebook.id.count)
            let state = Engine.cacheState(of: notebook, cacheDirectory: cacheDirectory)
            print(
                "\(notebook.id)\(pad)  \(notebook.title)  (\(notebook.cells.count) cells; "
                    + "\(state.cached) of \(state.runCells) Run cells cached)")
        }
    }
}
