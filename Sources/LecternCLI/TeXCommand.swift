import ArgumentParser
import Foundation
import Graphics
import Notebook
import TeXMath

struct TeXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tex",
        abstract: "Typeset LaTeX math to SVG, PDF or PNG, for slides.",
        discussion: """
            lectern tex '\\frac{1}{d}\\sum_j x_j' -o rec.svg
            lectern tex 'x^2' --inline --metrics
            lectern tex --batch formulas.tsv -o formulas/ --format png
            lectern tex --batch formulas.tsv --metrics      (a table: id, width, height, depth)
            lectern tex --metrics -- '-x^2'                 (a formula starting with '-' goes after '--')
            A batch file is tab-separated with a header naming the columns id, mode (inline or display) and tex.
            """)

    @Argument(help: "The formula, in LaTeX math (without dollars).")
    var latex: String?

    @Flag(name: .long, help: "Set the formula in text style, as inline math.")
    var inline = false

    @Option(name: .shortAndLong, help: "Output file (.svg, .pdf or .png); with --batch, a directory.")
    var output: String?

    @Option(name: .long, help: "Font size in points.")
    var size: Double = 10

    @Option(name: .long, help: "Pixels per point for PNG.")
    var scale: Double = 2

    @Flag(
        name: .long,
        help: "Print {\"width\", \"height\", \"depth\"} in points instead of writing a file; with --batch, a table.")
    var metrics = false

    @Option(name: .long, help: "A TSV file of formulas to typeset, one file each.")
    var batch: String?

    @Option(name: .long, help: "File format for --batch: svg, pdf or png.")
    var format: FigureFormat = .svg

    func validate() throws {
        if batch == nil, latex == nil {
            throw ValidationError(
                "give a formula (after '--' when it starts with '-': lectern tex -o x.svg -- '-x'), or --batch FILE")
        }
        if batch != nil, latex != nil { throw ValidationError("give a formula or --batch, not both") }
        if batch != nil, output == nil, !metrics { throw ValidationError("--batch needs -o DIRECTORY or --metrics") }
        if batch != nil, output != nil, metrics {
            throw ValidationError("--batch takes -o DIRECTORY or --metrics, not both")
        }
        if latex != nil, output == nil, !metrics { throw ValidationError("give -o FILE or --metrics") }
        guard Formula.fontSizes.contains(size) else {
            throw ValidationError(
                "--size must be between \(Int(Formula.fontSizes.lowerBound)) and \(Int(Formula.fontSizes.upperBound)) points"
            )
        }
        guard (0.1...100).contains(scale) else {
            throw ValidationError("--scale must be between 0.1 and 100 pixels per point")
        }
    }

    func run() throws {
        if let batch, metrics { return try printMetrics(of: batch) }
        if let batch, let output { return try runBatch(batch, into: output) }
        guard let latex else { return }
        let formula: Formula
        do {
            formula = try Formula.typeset(latex, display: !inline, fontSize: size)
        } catch let error as TeXError {
            throw CommandFailure("\(error.message) at column \(error.column): \(marked(latex, error.span))")
        }
        if metrics {
            print(formula.metrics.json)
            return
        }
        guard let output else { return }
        let ext = (output as NSString).pathExtension.lowercased()
        guard let kind = SurfaceKind(rawValue: ext) else {
            throw CommandFailure("cannot tell the format of '\(output)': use a .svg, .pdf or .png file name")
        }
        let bytes = try formula.render(as: kind, padding: 1, scale: scale, idPrefix: "tex")
        try OutputFiles.write(bytes, to: output)
    }

    private func runBatch(_ table: String, into directory: String) throws {
        try OutputFiles.prepareDirectory(directory)
        let report: TeXBatch.Report
        do {
            report = try TeXBatch.run(
                tsvPath: table, outputDirectory: directory, format: format.surfaceKind, fontSize: size, scale: scale)
        } catch let error as TableError {
            throw CommandFailure("\(error)")
        }
        print("\(report.written.count) formulas written to \(directory)")
        for failure in report.failures { standardError("lectern: \(table): \(failure)") }
        if !report.failures.isEmpty { throw ExitCode.failure }
    }

    private func printMetrics(of table: String) throws {
        let result: (table: String, failures: [RowProblem])
        do {
            result = try TeXBatch.metrics(tsvPath: table, fontSize: size)
        } catch let error as TableError {
            throw CommandFailure("\(error)")
        }
        print(result.table, terminator: "")
        for failure in result.failures { standardError("lectern: \(table): \(failure)") }
        if !result.failures.isEmpty { throw ExitCode.failure }
    }

    /// The source with the offending span between » and «.
    private func marked(_ source: String, _ span: Range<Int>) -> String {
        let bytes = Array(source.utf8)
        let lower = min(max(span.lowerBound, 0), bytes.count)
        let upper = min(max(span.upperBound, lower), bytes.count)
        return String(decoding: bytes[..<lower], as: UTF8.self) + "»"
            + String(decoding: bytes[lower..<upper], as: UTF8.self)
            + "«" + String(decoding: bytes[upper...], as: UTF8.self)
    }
}
