import Graphics

/// One cell of a notebook, with where it was written.
public struct Cell: Sendable {
    enum Kind: Sendable {
        case markdown(String)
        case math(tex: String, label: String?)
        case run(title: String, body: @Sendable (RunContext) throws -> Void)
        case plot(caption: String, label: String?, body: @Sendable (RunContext) throws -> any Drawable)
        case callout(CalloutKind, title: String?, markdown: String)
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
    /// How long the cell may run before the build ends it (nil: the build's default).
    public var timeLimit: Duration? { options.timeLimit }

    /// A short description for logs and error messages.
    public var summary: String {
        switch kind {
        case .markdown: "Markdown"
        case .math: "Math"
        case .run(let title, _): "Run \"\(title)\""
        case .plot(let caption, _, _): "Plot \"\(caption)\""
        case .callout(let kind, _, _): "Callout (\(kind.rawValue))"
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
public struct Markdown: CellConvertible {
    public let cell: Cell
    public init(_ text: String, id: String? = nil, file: String = #filePath, line: Int = #line) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .markdown(text), options: CellOptions(echo: false), id: id ?? "markdown@\(line)",
            location: location, naming: id == nil ? .line(prefix: "markdown") : .given)
    }
}

/// A boxed aside in Markdown: a note, a warning, an exercise or its solution.
public struct Callout: CellConvertible {
    public let cell: Cell
    public init(
        _ kind: CalloutKind, title: String? = nil, _ markdown: String, file: String = #filePath, line: Int = #line
    ) {
        cell = Cell(
            kind: .callout(kind, title: title, markdown: markdown), options: CellOptions(echo: false),
            id: "\(kind.rawValue)@\(line)", location: SourceLocation(file: file, line: line),
            naming: .line(prefix: kind.rawValue))
    }
}

/// A display formula in LaTeX; a label (`eq:rec`) numbers it for `@eq:rec` references.
public struct Math: CellConvertible {
    public let cell: Cell
    public init(_ tex: String, label: String? = nil, file: String = #filePath, line: Int = #line) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .math(tex: tex, label: label), options: CellOptions(echo: false), id: label ?? "math@\(line)",
            location: location, naming: label == nil ? .line(prefix: "math") : .given)
    }
}

/// Code that runs at build time: loads data, trains, probes, prints, stores results for later cells.
public struct Run: CellConvertible {
    public let cell: Cell
    /// - Parameters:
    ///   - id: a stable name; by default derived from the cell's code.
    ///   - echo: show the cell's code in the document.
    ///   - showOutput: show what the cell printed.
    ///   - cache: reuse the last results when nothing the cell depends on changed.
    ///   - timeLimit: how long the cell may run before `lectern build` ends it (default: `--cell-timeout`).
    public init(
        _ title: String, id: String? = nil, echo: Bool = true, showOutput: Bool = true, cache: Bool = true,
        timeLimit: Duration? = nil, file: String = #filePath, line: Int = #line, column: Int = #column,
        _ body: @escaping @Sendable (RunContext) throws -> Void
    ) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .run(title: title, body: body),
            options: CellOptions(echo: echo, showOutput: showOutput, cache: cache, timeLimit: timeLimit),
            id: id ?? derivedID("run", location: location, column: column, fallback: title), location: location,
            column: column, naming: id == nil ? .code(kind: "run", fallback: title) : .given)
    }
}

/// A figure drawn from what earlier cells stored, with a caption and an optional `fig:` label.
public struct Plot: CellConvertible {
    public let cell: Cell
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

    /// The id of a cell of this naming written at `location` and `column`; nil for a given id.
    func id(at location: SourceLocation, column: Int) -> String? {
        switch self {
        case .given: nil
        case .line(let prefix): "\(prefix)@\(location.line)"
        case .code(let kind, let fallback): derivedID(kind, location: location, column: column, fallback: fallback)
        }
    }
}

/// `run-` and 12 hex digits of the hash of the cell's code (comments and layout aside). A cell whose
/// file cannot be read — a notebook run away from its sources — is named by its title instead.
func derivedID(_ kind: String, location: SourceLocation, column: Int, fallback title: String) -> String {
    guard let file = SourceFile(path: location.file),
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
