import ArgumentParser
import Foundation
import Graphics
import Notebook

enum FigureFormat: String, ExpressibleByArgument, CaseIterable {
    case svg, pdf, png

    var surfaceKind: SurfaceKind {
        switch self {
        case .svg: .svg
        case .pdf: .pdf
        case .png: .png
        }
    }
}

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Write each figure of a notebook to its own file, for slides.",
        discussion: "Files are named after the figure's label (fig:loss -> fig-loss.svg), or figure-N without one.")

    @Argument(help: "The notebook, by id.")
    var notebookID: String

    @Option(name: .long, help: "File format: svg, pdf or png.")
    var format: FigureFormat = .svg

    @Option(name: .long, help: "Directory for the figures.")
    var output: String = "output/figures"

    @Option(name: .long, help: "Pixels per point for PNG (2 for sharp slides).")
    var scale: Double = 2

    @Option(name: .long, help: "Directory of cached cell results.")
    var cacheDirectory: String = ".lectern-cache"

    func run() throws {
        guard let notebook = LecternCommand.notebooks.first(where: { $0.id == notebookID }) else {
            let known = LecternCommand.notebooks.map(\.id).joined(separator: ", ")
            throw CommandFailure("unknown notebook '\(notebookID)' (known: \(known))")
        }
        try OutputFiles.prepareDirectory(output)
        let run = Engine.run(notebook, options: EngineOptions(cacheDirectory: cacheDirectory))
        var count = 0
        for block in run.document.blocks {
            guard case .figure(let figure) = block else { continue }
            count += 1
            let name = figure.label.map(fileName(for:)) ?? "figure-\(count)"
            let bytes = try Surface.render(
                figure.content, as: format.surfaceKind, padding: 4, scale: scale, idPrefix: name,
                background: format == .png ? .white : nil)
            print(try OutputFiles.write(bytes, to: "\(output)/\(name).\(format.rawValue)"))
        }
        if run.failed { throw ExitCode.failure }
        if count == 0 { print("\(notebook.id) has no figures") }
    }

    /// `fig:loss` -> `fig-loss`: labels made safe as file names.
    private func fileName(for label: String) -> String {
        String(label.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
}
