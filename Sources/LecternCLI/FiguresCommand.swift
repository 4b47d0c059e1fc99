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

    @OptionGroup var cache: CacheLocation

    func run() throws {
        let notebook = try LecternCommand.notebook(notebookID)
        try OutputFiles.prepareDirectory(output)
        let run = Engine.run(notebook, options: EngineOptions(cacheDirectory: cache.cacheDirectory))
        for report in run.reports {
            if case .failed(let why) = report.status {
                standardError("error: \(report.location): \(report.summary): \(why)")
            }
        }
        var count = 0
        var failed = run.failed
        // Every figure, also those inside callouts and lists; an unlabelled one is named by its number.
        let figures: [Figure] = run.document.query(blocks: { block in
            if case .figure(let figure) = block { [figure] } else { [] }
        })
        for figure in figures {
            count += 1
            let name = figure.label.map(fileName(for:)) ?? "figure-\(figure.target?.number ?? String(count))"
            // One figure that cannot be drawn or written is named, and the others are still written.
            do {
                let bytes = try Surface.render(
                    figure.content, as: format.surfaceKind, padding: 4, scale: scale, idPrefix: name,
                    background: format == .png ? .white : nil)
                print(try OutputFiles.write(bytes, to: "\(output)/\(name).\(format.rawValue)"))
            } catch {
                standardError("lectern: figure \(figure.label ?? name) could not be written: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
        if count == 0 { print("\(notebook.id) has no figures") }
    }

    /// `fig:loss` -> `fig-loss`: labels made safe as file names.
    private func fileName(for label: String) -> String {
        String(label.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
}
