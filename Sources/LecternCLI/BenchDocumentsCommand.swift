import ArgumentParser
import Foundation

struct BenchDocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Time the HTML and PDF writers on a lecture-sized document, and the common figures.",
        discussion: """
            The document has 15 sections, 150 formulas, 15 figures and references between them (about 20 A4
            pages). Times are CPU milliseconds of the fastest of --repeat runs, steadier than wall time on a
            busy machine.
            """)

    @Option(name: .customLong("repeat"), help: "Measure this many times and report the fastest.")
    var repeats: Int = 3

    @Option(name: .long, help: "Write the figures as JSON to this file.")
    var json: String?

    @Flag(
        name: .long,
        help: """
            Also time the document phase of each bundled notebook (everything after its Run cells, which come \
            from the cache: build the notebooks first), with every figure drawn (cold) and with figures cached (warm).
            """)
    var notebooks = false

    @OptionGroup var cache: CacheLocation

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        printBenchHeader()
        let figures: [String: Double]
        do {
            var measured = try DocumentBenchmark.run(repeats: repeats) { print($0) }
            if notebooks {
                let phases = try NotebookDocumentBenchmark.run(
                    LecternCommand.notebooks, cacheDirectory: cache.cacheDirectory, repeats: repeats
                ) { print($0) }
                measured.merge(phases) { _, new in new }
            }
            figures = measured
        } catch {
            throw CommandFailure("document benchmark failed: \(error)")
        }
        if let json { try writeJSON(BenchFigures.nested(figures), to: json) }
    }
}
