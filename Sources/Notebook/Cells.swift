import Graphics

/// One cell of a notebook, with where it was written.
public struct Cell: Sendable {
    enum Kind: Sendable {
        case markdown(String)
        /// Prose computed from earlier cells' results when the document is built.
        case computedMarkdown(@Sendable (RunContext) throws -> String)
        /// A statement about the results that the build checks.
        case claim(statement: String, check: @Sendable (RunContext) throws -> Bool)
        case math(tex: String, label: String?)
        case run(title: String, body: @Sendable (RunContext) throws -> Void)
        case plot(caption: String, label: String?, body: @Sendable (RunContext) throws -> any Drawable)
        case callout(CalloutKind, title: String?, markdown: String)
        case table(caption: String, label: String?, body: @Sendable (RunContext) throws -> TableContent)
    }

    let kind: Kind
    let options: CellOptions
    /// Stable name of the cell: its random stream and cache entry hang on it. Unless given, a Run
    /// or Plot cell's id comes from its code, so editing its title or the prose around it, or
    /// inserting other cells, changes none of its results.
    public let id: String
    public let location: SourceLocation
    /// Where on its line the cell starts, to find its closure when a line holds several.
    var column = 1
    /// How `id` was made, so that `lectern watch` names a cell that prose edits moved as a compile
    /// would (nil: the cell cannot be moved without one).
    var naming: CellNaming? = nil
    /// The id before `Notebook` told apart cells of the same code with `-2`, `-3`….
    var baseID: String? = nil
    /// Left out of the students' handout (`lectern build --audience student`): solutions, and every
    /// cell inside `InstructorOnly { … }`. It still runs, so later cells see its results.
    public internal(set) var instructorOnly = false
    /// How long the cell may run before the build ends it (nil: the build's default).
    public var timeLimit: Duration? { options.timeLimit }

    /// A short description for logs and error messages.
    public var summary: String {
        switch kind {
        case .markdown, .computedMarkdown: "Markdown"
        case .claim(let statement, _): "Claim \"\(statement)\""
        case .math: "Math"
        case .run(let title, _): "Run \"\(title)\""
        case .plot(let caption, _, _): "Plot \"\(caption)\""
        case .callout(let kind, _, _): "Callout (\(kind.rawValue))"
        case .table(let caption, _, _): "DataTable \"\(caption)\""
        }
    }
}

/// How a Run or Plot cell appears and whether its results may be reused.
public struct CellOptions: Sendable, Equatable {
    /// Show the cell's code in the document.
    public var echo: Bool
    /// Show what the cell printed.
    public var showOutput: Bool
    /// Reuse the cell's last results when nothing it depends on changed.
    public var cache: Bool
    /// How long the cell may run before the build ends it (nil: the build's `--cell-timeout`).
    public var timeLimit: Duration?

    public init(echo: Bool, showOutput: Bool = true, cache: Bool = true, timeLimit: Duration? = nil) {
        self.echo = echo
        self.showOutput = showOutput
        self.cache = cache
        self.timeLimit = timeLimit
    }
}

/// Anything a notebook's builder accepts as a cell.
public protocol CellConvertible {
    var cell: Cell { get }
}

/// Prose in Markdown, with `$inline$` and `$$display$$` math.
public struct Markdown: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - text: GitHub-flavoured Markdown; `$…$` and `$$…$$` math, `@fig:x`-style references.
    ///   - id: a stable name (default: the line the cell starts on).
    public init(_ text: String, id: String? = nil, file: String = #filePath, line: Int = #line) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .markdown(text), options: CellOptions(echo: false), id: id ?? "markdown@\(line)",
            location: location, naming: id == nil ? .line(prefix: "markdown") : .given)
    }
}

extension Markdown {
    /// Prose computed from earlier cells' results, so a number it quotes is the one the run measured:
    /// `Markdown { ctx in try "The test MSE is \(ctx[trained].mse, digits: 4)." }`. It is rebuilt
    /// with every build and costs only the time its closure takes.
    ///
    /// - Parameters:
    ///   - id: a stable name (default: the line the cell starts on).
    ///   - body: returns the Markdown; reading a result that is missing or failed skips the cell.
    public init(
        id: String? = nil, file: String = #filePath, line: Int = #line,
        _ body: @escaping @Sendable (RunContext) throws -> String
    ) {
        cell = Cell(
            kind: .computedMarkdown(body), options: CellOptions(echo: false), id: id ?? "markdown@\(line)",
            location: SourceLocation(file: file, line: line), naming: id == nil ? .line(prefix: "markdown") : .given)
    }
}

/// A statement the prose makes about the results, checked by every build on the fresh results:
/// `Claim("the deep auto-encoder reconstructs better than PCA") { ctx in try ctx[deep].mse < ctx[pca].mse }`.
///
/// A claim that holds shows nothing. One that does not — or whose check fails — shows a warning at
/// its place in both outputs, is listed in the build log with its file and line, and makes
/// `lectern build --strict` fail.
public struct Claim: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - statement: the claim as the prose makes it, shown in the warning and the log when it fails.
    ///   - check: true when the claim holds on the results it reads.
    public init(
        _ statement: String, file: String = #filePath, line: Int = #line,
        _ check: @escaping @Sendable (RunContext) throws -> Bool
    ) {
        cell = Cell(
            kind: .claim(statement: statement, check: check), options: CellOptions(echo: false),
            id: "claim@\(line)", location: SourceLocation(file: file, line: line), naming: .line(prefix: "claim"))
    }
}

/// Cells for the instructor's handout only: `lectern build --audience student` leaves them out
/// (they still run, so the cells after them see their results).
public struct InstructorOnly {
    let cells: [Cell]
    public init(@NotebookBuilder _ cells: () -> [Cell]) {
        self.cells = cells().map { cell in
            var marked = cell
            marked.instructorOnly = true
            return marked
        }
    }
}

/// A boxed aside in Markdown: a note, a warning, an exercise or its solution.
public struct Callout: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - kind: `.note`, `.warning`, `.exercise` or `.solution` (left out of the students' handout).
    ///   - title: the box's heading (default `nil`: the kind's name).
    ///   - markdown: the box's content, Markdown with math.
    public init(
        _ kind: CalloutKind, title: String? = nil, _ markdown: String, file: String = #filePath, line: Int = #line
    ) {
        cell = Cell(
            kind: .callout(kind, title: title, markdown: markdown), options: CellOptions(echo: false),
            id: "\(kind.rawValue)@\(line)", location: SourceLocation(file: file, line: line),
            naming: .line(prefix: kind.rawValue), instructorOnly: kind == .solution)
    }
}

/// A display formula in LaTeX; a label (`eq:rec`) numbers it for `@eq:rec` references.
public struct Math: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - tex: the formula in LaTeX math mode, without `$$`; a raw string (`#"…"#`) keeps backslashes single.
    ///   - label: `eq:…` numbers the formula for `@eq:…` references (default `nil`: unnumbered).
    public init(_ tex: String, label: String? = nil, file: String = #filePath, line: Int = #line) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .math(tex: tex, label: label), options: CellOptions(echo: false), id: label ?? "math@\(line)",
            location: location, naming: label == nil ? .line(prefix: "math") : .given)
    }
}

/// Code that runs at build time: loads data, trains, probes, prints, and may return a result.
///
/// A cell that returns a value is a handle on it: declare it at file scope, place it in the notebook
/// by naming it, and read the value in later cells with `try ctx[handle]`:
/// ```swift
/// let trained = Run("Train the auto-encoder") { ctx in
///     try TrainedAE(…)                       // Sendable; Codable to be cached
/// }
/// let notebook = Notebook(id: "ae", title: "Auto-Encoders") {
///     trained
///     Plot("Loss per epoch") { ctx in LossPlot(try ctx[trained].history) }
/// }
/// ```
public struct Run<Value: Sendable>: CellConvertible, Sendable {
    public let cell: Cell
    /// The name the cell's result is kept under: its id as created.
    let resultName: String

    /// - Parameters:
    ///   - title: shown above the cell's code and in the build's progress and messages.
    ///   - id: a stable name; by default derived from the cell's code (see docs/cache.md).
    ///   - echo: show the cell's code in the document (default `true`).
    ///   - showOutput: show what the cell printed (default `true`).
    ///   - cache: reuse the last results when nothing the cell depends on changed (default `true`).
    ///   - timeLimit: how long the cell may run before `lectern build` ends it (default `nil`: `--cell-timeout`).
    ///   - body: the code; what it returns (Codable to be cached) later cells read as `try ctx[cell]`.
    public init(
        _ title: String, id: String? = nil, echo: Bool = true, showOutput: Bool = true, cache: Bool = true,
        timeLimit: Duration? = nil, file: String = #filePath, line: Int = #line, column: Int = #column,
        _ body: @escaping @Sendable (RunContext) throws -> Value
    ) {
        let location = SourceLocation(file: file, line: line)
        let naming: CellNaming = id == nil ? .code(kind: "run", fallback: title) : .given
        let id = id ?? derivedID("run", location: location, column: column, fallback: title)
        let keepsResult = Value.self != Void.self
        let run: @Sendable (RunContext) throws -> Void = { context in
            let value = try body(context)
            if keepsResult { context.storeResult(value, name: id) }
        }
        resultName = id
        cell = Cell(
            kind: .run(title: title, body: run),
            options: CellOptions(echo: echo, showOutput: showOutput, cache: cache, timeLimit: timeLimit),
            id: id, location: location, column: column, naming: naming)
    }

    /// The cell's title, for messages.
    var title: String {
        if case .run(let title, _) = cell.kind { return title }
        return cell.id
    }
}

/// A table of results, numbered when labelled (`tab:…`, referenced as `@tab:…`), caption above:
/// ```swift
/// DataTable("Test accuracy with 100 labels per class", label: "tab:few") { ctx in
///     TableContent(header: ["approach", "accuracy"], rows: try ctx[few].map { [$0.name, "\($0.accuracy, percent: 1)"] })
/// }
/// ```
public struct DataTable: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - caption: Markdown above the table.
    ///   - label: `tab:…` numbers the table for `@tab:…` references (default `nil`: unnumbered).
    ///   - id: a stable name (default: the label, else the line the cell starts on).
    ///   - body: the header and rows, read from earlier cells' results; a row of the wrong length fails
    ///     the cell, naming the row.
    public init(
        _ caption: String, label: String? = nil, id: String? = nil, file: String = #filePath, line: Int = #line,
        _ body: @escaping @Sendable (RunContext) throws -> TableContent
    ) {
        cell = Cell(
            kind: .table(caption: caption, label: label, body: body), options: CellOptions(echo: false),
            id: id ?? label ?? "table@\(line)", location: SourceLocation(file: file, line: line),
            naming: id == nil && label == nil ? .line(prefix: "table") : .given)
    }
}

/// The cells of a `DataTable`, as Markdown (math and emphasis allowed). Columns whose cells are all
/// numbers (`0.87`, `87.4%`, `60,000`) are right-aligned unless `alignments` says otherwise.
public struct TableContent: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var alignments: [ColumnAlignment]?

    public init(header: [String], rows: [[String]], alignments: [ColumnAlignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
    }
}

/// A figure drawn from what earlier cells stored, with a caption and an optional `fig:` label.
public struct Plot: CellConvertible, Sendable {
    public let cell: Cell
    /// - Parameters:
    ///   - caption: Markdown under the figure (math allowed).
    ///   - label: `fig:…` numbers the figure for `@fig:…` references and names its cell (default `nil`).
    ///   - id: a stable name (default: the label, else one derived from the cell's code).
    ///   - echo: show the cell's code under the figure (default `false`).
    ///   - body: draws the figure (any `Drawable`: `LossPlot`, `ImageGrid`, `CodeScatter`…) from earlier
    ///     cells' results; it may throw, which marks the cell failed with the message.
    public init(
        _ caption: String, label: String? = nil, id: String? = nil, echo: Bool = false, file: String = #filePath,
        line: Int = #line, column: Int = #column, _ body: @escaping @Sendable (RunContext) throws -> any Drawable
    ) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .plot(caption: caption, label: label, body: body), options: CellOptions(echo: echo),
            id: id ?? label ?? derivedID("plot", location: location, column: column, fallback: caption),
            location: location, column: column,
            naming: id == nil && label == nil ? .code(kind: "plot", fallback: caption) : .given)
    }
}

/// How a cell's id is made from where it is written.
enum CellNaming: Sendable {
    /// Given by `id:` or a label: the same wherever the cell moves.
    case given
    /// `markdown@12`: the line the cell starts on.
    case line(prefix: String)
    /// `run-3f2a…`: its code (see `derivedID`).
    case code(kind: String, fallback: String)

    /// The id of a cell of this naming moved to `location`; nil when moving keeps its id (a given
    /// one, or one from its code, which a prose edit leaves as it was).
    func id(movedTo location: SourceLocation) -> String? {
        switch self {
        case .given, .code: nil
        case .line(let prefix): "\(prefix)@\(location.line)"
        }
    }
}

/// `run-` and 12 hex digits of the hash of the cell's code (comments and layout aside). A cell whose
/// file cannot be read — a notebook run away from its sources — is named by its title instead.
func derivedID(_ kind: String, location: SourceLocation, column: Int, fallback title: String) -> String {
    guard let file = CompiledSources.compiledFile(forCellIDsAt: location.file) ?? SourceFile(path: location.file),
        let code = CellSource.code(in: file, line: location.line, column: column)
    else { return "\(kind)-\(slug(title))" }
    return "\(kind)-" + Hashing.sha256([code]).prefix(12)
}

/// `"Train a 784-32 AE!"` → `"train-a-784-32-ae"`.
func slug(_ text: String) -> String {
    var out = ""
    for scalar in text.lowercased().unicodeScalars {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
            out.unicodeScalars.append(scalar)
        } else if !out.isEmpty, !out.hasSuffix("-") {
            out += "-"
        }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "cell" : out
}
