import ArgumentParser
import Notebook

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the notebooks this lectern knows.")

    func run() throws {
        let notebooks = LecternCommand.notebooks
        let width = notebooks.map(\.id.count).max() ?? 0
        for notebook in notebooks {
            let pad = String(repeating: " ", count: width - notebook.id.count)
            print("\(notebook.id)\(pad)  \(notebook.title)  (\(notebook.cells.count) cells)")
        }
    }
}
