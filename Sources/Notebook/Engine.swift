import Foundation
import Graphics
import TeXMath

/// How one cell went.
public struct CellReport: Sendable {
    public enum Status: Sendable, Equatable {
        case ran
        case failed(String)
        /// Not run because a cell it depends on failed.
        case skipped(String)
    }
    public let cellID: String
    public let summary: String
    public let location: SourceLocation
    public let status: Status
    public let seconds: Double
}

/// A notebook run: its document and what happened to each cell.
public struct NotebookRun: Sendable {
    public let document: Document
    public let reports: [CellReport]
    /// Problems that did not stop the build (a malformed formula), with their place.
    public let warnings: [String]
    public var failed: Bool { reports.contains { if case .ran = $0.status { false } else { true } } }
}

/// Runs a notebook's cells in order and turns them into a document.
public enum Engine {
    public static func run(_ notebook: Notebook, log: (String) -> Void = { _ in }) -> NotebookRun {
        var blocks: [Block] = []
        var reports: [CellReport] = []
        var warnings: [String] = []
        var state = NotebookState()
        var failedCells: [String] = []

        for cell in notebook.cells {
            let start = DispatchTime.now().uptimeNanoseconds
            var status = CellReport.Status.ran
            switch cell.kind {
            case .markdown(let text):
                do {
                    let parsed = try MarkdownReader.parse(text)
                    blocks += parsed
                    warnings += mathProblems(in: parsed, at: cell.location)
                } catch {
                    status = .failed("\(error)")
                    blocks.append(.error(message: "\(error)", location: cell.location))
                }
            case .math(let tex, let label):
                blocks.append(.displayMath(tex: tex, label: label))
                warnings += mathProblems(in: [.displayMath(tex: tex, label: label)], at: cell.location)
            case .run(let title, let body):
                log("  running \(cell.summary)")
                blocks += echo(cell)
                let context = RunContext(seed: deriveSeed(notebook.seed, cell.id), cellID: cell.id, state: state)
                do {
                    try body(context)
                    state = context.finalState
                } catch {
                    status = failureStatus(error, failedCells: failedCells)
                    blocks.append(.error(message: "\(title): \(error)", location: cell.location))
                }
                if cell.options.showOutput, !context.printed.isEmpty { blocks.append(.output(context.printed)) }
            case .plot(let caption, let label, let body):
                blocks += echo(cell)
                let context = RunContext(seed: deriveSeed(notebook.seed, cell.id), cellID: cell.id, state: state)
                do {
                    let drawing = try body(context)
                    blocks.append(.figure(Figure(content: drawing, caption: [.text(caption)], label: label)))
                } catch {
                    status = failureStatus(error, failedCells: failedCells)
                    blocks.append(.error(message: "\(caption): \(error)", location: cell.location))
                }
            }
            if case .ran = status {} else { failedCells.append(cell.id) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            reports.append(
                CellReport(cellID: cell.id, summary: cell.summary, location: cell.location, status: status, seconds: seconds))
        }
        let document = Document(
            title: notebook.title, author: notebook.author, date: Reproducible.isoDate, blocks: blocks,
            failed: !failedCells.isEmpty)
        return NotebookRun(document: document, reports: reports, warnings: warnings)
    }

    /// The cell's code as a Swift code block, when the cell asks for it and its file can be read.
    private static func echo(_ cell: Cell) -> [Block] {
        guard cell.options.echo, let source = CellSource.body(file: cell.location.file, line: cell.location.line)
        else { return [] }
        return [.codeBlock(language: "swift", source)]
    }

    /// A cell that only lacks state a failed cell should have stored is skipped, not failed.
    private static func failureStatus(_ error: any Error, failedCells: [String]) -> CellReport.Status {
        if let missing = error as? MissingStateError, !failedCells.isEmpty {
            return .skipped("needs '\(missing.key)', which an earlier failed cell did not store")
        }
        return .failed("\(error)")
    }

    /// Formulas that do not typeset: the writers show them in red; the log says where they are.
    private static func mathProblems(in blocks: [Block], at location: SourceLocation) -> [String] {
        var problems: [String] = []
        func check(_ tex: String, display: Bool) {
            do {
                _ = try Formula.typeset(tex, display: display)
            } catch let error as TeXError {
                problems.append("\(location): formula \"\(tex)\": \(error)")
            } catch {
                problems.append("\(location): formula \"\(tex)\": \(error)")
            }
        }
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .math(let tex): check(tex, display: false)
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): visit(c)
                default: break
                }
            }
        }
        func visit(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .displayMath(let tex, _): check(tex, display: true)
                case .heading(_, let inlines, _), .paragraph(let inlines): visit(inlines)
                case .bulletList(let items), .orderedList(_, let items): items.forEach(visit)
                case .blockQuote(let inner), .callout(_, _, let inner): visit(inner)
                case .table(let table):
                    table.header.forEach(visit)
                    table.rows.forEach { $0.forEach(visit) }
                default: break
                }
            }
        }
        visit(blocks)
        return problems
    }
}
