import Graphics

/// One cell of a notebook, with where it was written.
public struct Cell: Sendable {
    enum Kind: Sendable {
        case markdown(String)
        case math(tex: String, label: String?)
        case run(title: String, body: @Sendable (RunContext) throws -> Void)
        case plot(caption: String, label: String?, body: @Sendable (RunContext) throws -> any Drawable)
    }

    let kind: Kind
    /// Stable name of the cell: its random stream and cache entry hang on it, not on its position.
    public let id: String
    public let location: SourceLocation

    /// A short description for logs and error messages.
    public var summary: String {
        switch kind {
        case .markdown: "Markdown"
        case .math: "Math"
        case .run(let title, _): "Run \"\(title)\""
        case .plot(let caption, _, _): "Plot \"\(caption)\""
        }
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
        cell = Cell(kind: .markdown(text), id: id ?? "markdown@\(line)", location: location)
    }
}

/// A display formula in LaTeX; a label (`eq:rec`) numbers it for `@eq:rec` references.
public struct Math: CellConvertible {
    public let cell: Cell
    public init(_ tex: String, label: String? = nil, file: String = #filePath, line: Int = #line) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(kind: .math(tex: tex, label: label), id: label ?? "math@\(line)", location: location)
    }
}

/// Code that runs at build time: loads data, trains, probes, prints, stores results for later cells.
public struct Run: CellConvertible {
    public let cell: Cell
    /// - Parameter id: a stable name; by default derived from the title.
    public init(
        _ title: String, id: String? = nil, file: String = #filePath, line: Int = #line,
        _ body: @escaping @Sendable (RunContext) throws -> Void
    ) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(kind: .run(title: title, body: body), id: id ?? slug(title), location: location)
    }
}

/// A figure drawn from what earlier cells stored, with a caption and an optional `fig:` label.
public struct Plot: CellConvertible {
    public let cell: Cell
    public init(
        _ caption: String, label: String? = nil, id: String? = nil, file: String = #filePath, line: Int = #line,
        _ body: @escaping @Sendable (RunContext) throws -> any Drawable
    ) {
        let location = SourceLocation(file: file, line: line)
        cell = Cell(
            kind: .plot(caption: caption, label: label, body: body), id: id ?? label ?? slug(caption),
            location: location)
    }
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
