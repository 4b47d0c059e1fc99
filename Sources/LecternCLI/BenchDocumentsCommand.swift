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

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        printBenchHeader()
        let figures: [String: Double]
        do {
            figures = try DocumentBenchmark.run(repeats: repeats) { print($0) }
        } catch {
            throw CommandFailure("document benchmark failed: \(error)")
        }
        if let json { try writeJSON(BenchFigures.nested(figures), to: json) }
    }
}
