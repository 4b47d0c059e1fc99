@_exported import Publish

/// Who a handout is for: the instructor's shows everything; the students' leaves out solutions and
/// `InstructorOnly` cells.
public enum Audience: String, Sendable, CaseIterable {
    case instructor, student
}

/// A lecture companion: cells that `lectern build` runs and writes to HTML and PDF.
public struct Notebook: Sendable {
    /// Short name used on the command line and for output files (`output/<id>.html`).
    public let id: String
    public let title: String
    public let author: String
    /// The date the outputs carry, `YYYY-MM-DD`; nil: `SOURCE_DATE_EPOCH`, else the last commit of
    /// the notebook's file (see `NotebookDate`).
    public let date: String?
    /// Every random stream in the notebook derives from this seed and a cell's id.
    public let seed: UInt64
    public let cells: [Cell]
    /// Where the notebook is written, for its date and for messages about it.
    public let location: SourceLocation

    /// - Parameters:
    ///   - id: the name on the command line and of the output files (`lectern build vae` writes `vae.html`).
    ///   - title: the document's title.
    ///   - author: under the title (default: none).
    ///   - date: `YYYY-MM-DD` on the outputs (default `nil`: `SOURCE_DATE_EPOCH`, else the day of the last
    ///     commit of the notebook's file).
    ///   - seed: every random stream of the notebook derives from it and a cell's id (default 0).
    ///   - cells: the cells in order; `if` and `for` work between them.
    public init(
        id: String, title: String, author: String = "", date: String? = nil, seed: UInt64 = 0,
        file: String = #filePath, line: Int = #line, @NotebookBuilder _ cells: () -> [Cell]
    ) {
        self.id = id
        self.title = title
        self.author = author
        self.date = date
        self.seed = seed
        self.location = SourceLocation(file: file, line: line)
        self.cells = Self.distinctIDs(cells())
    }

    /// The notebook with its cells replaced (ids as `Notebook` gives them; `-2`, `-3`… added here).
    init(_ notebook: Notebook, location: SourceLocation, cells: [Cell]) {
        id = notebook.id
        title = notebook.title
        author = notebook.author
        date = notebook.date
        seed = notebook.seed
        self.location = location
        self.cells = Self.distinctIDs(cells)
    }

    /// Cells with the same code (a Run cell in a `for` loop) get `-2`, `-3`… in order, so that each
    /// has its own random streams and cache entry.
    private static func distinctIDs(_ cells: [Cell]) -> [Cell] {
        var seen: [String: Int] = [:]
        return cells.map { cell in
            seen[cell.id, default: 0] += 1
            guard let count = seen[cell.id], count > 1 else { return cell }
            return Cell(
                kind: cell.kind, options: cell.options, id: "\(cell.id)-\(count)", location: cell.location,
                column: cell.column, naming: cell.naming, baseID: cell.id, instructorOnly: cell.instructorOnly)
        }
    }
}

/// Collects cells, with `if` and `for` allowed between them.
@resultBuilder
public enum NotebookBuilder {
    public static func buildExpression(_ cell: some CellConvertible) -> [Cell] { [cell.cell] }
    public static func buildExpression(_ group: InstructorOnly) -> [Cell] { group.cells }
    public static func buildBlock(_ parts: [Cell]...) -> [Cell] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Cell]?) -> [Cell] { part ?? [] }
    public static func buildEither(first part: [Cell]) -> [Cell] { part }
    public static func buildEither(second part: [Cell]) -> [Cell] { part }
    public static func buildArray(_ parts: [[Cell]]) -> [Cell] { parts.flatMap { $0 } }
}
