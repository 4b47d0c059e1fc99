import Graphics

/// A malformed formula: what is wrong and where in the source.
public struct TeXError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    /// 1-based column of the offending character in the formula's source.
    public let column: Int
    /// The offending span of the source, as UTF-8 offsets.
    public let span: Range<Int>

    public init(message: String, column: Int, span: Range<Int>) {
        self.message = message
        self.column = column
        self.span = span
    }
    public var description: String { "\(message) at column \(column)" }
}

/// A typeset formula: a box on a baseline, drawable on any canvas.
///
/// Thin first version: the source is set in Latin Modern Math as text. The TeXMath issue
/// replaces this with TeX's layout rules; the API stays.
public struct Formula: Drawable {
    public let tex: String
    public let display: Bool
    public let fontSize: Double
    private let layout: TextLayout

    public static func typeset(_ tex: String, display: Bool, fontSize: Double = 10) throws -> Formula {
        var depth = 0
        for (i, c) in tex.enumerated() {
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
            if depth < 0 { throw TeXError(message: "unbalanced '}'", column: i + 1, span: i..<(i + 1)) }
        }
        if depth > 0 {
            throw TeXError(message: "missing '}'", column: tex.count, span: (tex.count - 1)..<tex.count)
        }
        return Formula(tex: tex, display: display, fontSize: fontSize)
    }

    private init(tex: String, display: Bool, fontSize: Double) {
        self.tex = tex
        self.display = display
        self.fontSize = fontSize
        layout = TextLayout(tex, font: Font(family: "Latin Modern Math", size: fontSize))
    }

    public var width: Double { layout.width }
    public var ascent: Double { layout.ascent }
    public var descent: Double { layout.descent }
    public func draw(on canvas: Canvas, at origin: Point) { layout.draw(on: canvas, at: origin) }

    /// MathML for screen readers.
    public var mathML: String {
        let escaped = tex.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return
            "<math display=\"\(display ? "block" : "inline")\"><semantics><mrow></mrow><annotation encoding=\"application/x-tex\">\(escaped)</annotation></semantics></math>"
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
