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
/// Parsed into atoms, laid out by TeX's Appendix G rules with Latin Modern Math's MATH constants,
/// and drawn as glyphs and rules (vector in PDF and SVG, pixels in PNG).
public struct Formula: Drawable {
    public let tex: String
    public let display: Bool
    public let fontSize: Double
    let box: Box
    let font: MathFont
    let atoms: MathList
    let tag: MathList?

    /// Typesets `tex` (LaTeX math without `$`), in display or inline (text) style, at `fontSize` points.
    /// Each formula is laid out once per process (`FormulaMemo.shared`) and scaled to each size.
    public static func typeset(_ tex: String, display: Bool, fontSize: Double = 10) throws -> Formula {
        try checkSize(fontSize)
        let reference = try FormulaMemo.shared.formula(tex, display: display)
        return reference.scaled(to: fontSize)
    }

    /// Lays `tex` out anew, without the memo: for benchmarks and the fuzzer, which time the layout.
    public static func layOut(_ tex: String, display: Bool, fontSize: Double = 10) throws -> Formula {
        try checkSize(fontSize)

        let font: MathFont
        do {
            font = try MathFont.latinModern()
        } catch {
            throw TeXError(message: "\(error)", column: 1, span: 0..<0)
        }
        var parser = Parser(tex)
        parser.displayMode = display
        let (atoms, tag) = try parser.parseFormula()
        let typesetter = Typesetter(font: font, fontSize: fontSize)
        let style = Style(level: display ? .display : .text, cramped: false)
        var box: Box
        do {
            box = try typesetter.list(atoms, style)
            if let tag {
                box.append(.kern(2 * fontSize))
                box.append(try typesetter.list([Atom(.open, .symbol("("))] + tag + [Atom(.close, .symbol(")"))], style))
            }
        } catch let e as LayoutError {
            let span = e.span ?? 0..<tex.utf8.count
            throw TeXError(message: e.message, column: Self.column(ofUTF8Offset: span.lowerBound, in: tex), span: span)
        }
        // A formula that backs up further than it advances (`\hspace{-5em}x`) still takes no room
        // backwards: a picture of it needs a size of zero or more.
        box.width = max(box.width, 0)
        box.depth = max(box.depth, -box.height)
        return Formula(tex: tex, display: display, fontSize: fontSize, box: box, font: font, atoms: atoms, tag: tag)
    }

    private static func checkSize(_ fontSize: Double) throws {
        guard fontSizes.contains(fontSize) else {  // false for NaN and infinities too
            throw TeXError(
                message:
                    "font size \(fontSize)pt is outside \(Int(fontSizes.lowerBound))–\(Int(fontSizes.upperBound))pt",
                column: 1, span: 0..<0)
        }
    }

    /// The same formula at another size: every length of a layout is a multiple of the font size.
    func scaled(to newSize: Double) -> Formula {
        if newSize == fontSize { return self }
        return Formula(
            tex: tex, display: display, fontSize: newSize, box: box.scaled(by: newSize / fontSize), font: font,
            atoms: atoms, tag: tag)
    }

    /// Font sizes a formula can be set at, in points; beyond them sizes stop being meaningful.
    public static let fontSizes: ClosedRange<Double> = 1...1000

    static func column(ofUTF8Offset offset: Int, in s: String) -> Int {
        var o = 0
        var column = 1
        for scalar in s.unicodeScalars {
            if o >= offset { break }
            o += String(scalar).utf8.count
            column += 1
        }
        return column
    }

    public var width: Double { box.width }
    /// Height above the baseline in points (TeX's box height).
    public var ascent: Double { box.height }
    /// Depth below the baseline in points.
    public var descent: Double { box.depth }

    /// Width, height and depth in points, as `lectern tex --metrics` prints them.
    public var metrics: FormulaMetrics { FormulaMetrics(width: box.width, height: box.height, depth: box.depth) }

    public func draw(on canvas: Canvas, at origin: Point) {
        canvas.drawGlyphs(box.glyphs, font: font, at: origin)
        for r in box.rules {
            canvas.fillRect(Rect(x: origin.x + r.x, y: origin.y + r.y, width: r.width, height: r.height), r.color)
        }
    }

    /// Presentation MathML for screen readers, with the TeX source as annotation.
    public var mathML: String { MathMLWriter.document(atoms, tag: tag, tex: tex, display: display) }
}

extension Formula {
    /// What a renderer shows in place of a formula that failed: its source in red monospace, the
    /// offending span underlined, so the build carries on and the author sees where to look.
    public static func errorDrawable(_ tex: String, error: TeXError, fontSize: Double = 10) -> any Drawable {
        let bytes = Array(tex.utf8)
        let lower = min(max(error.span.lowerBound, 0), bytes.count)
        let upper = min(max(error.span.upperBound, lower), bytes.count)
        let before = String(decoding: bytes[..<lower], as: UTF8.self)
        let bad = String(decoding: bytes[lower..<upper], as: UTF8.self)
        let after = String(decoding: bytes[upper...], as: UTF8.self)
        let markup =
            TextLayout.escapeMarkup(before) + "<u><b>" + TextLayout.escapeMarkup(bad.isEmpty ? " " : bad)
            + "</b></u>" + TextLayout.escapeMarkup(after)
        return TextLayout(markup, font: .mono(fontSize), color: Color(hex: 0xCC0000), markup: true)
    }
}

/// A formula's size in points.
public struct FormulaMetrics: Sendable, Equatable, CustomStringConvertible {
    public var width: Double
    public var height: Double
    public var depth: Double

    /// `{"width": …, "height": …, "depth": …}` with three decimals.
    public var json: String {
        "{\"width\": \(Self.format(width)), \"height\": \(Self.format(height)), \"depth\": \(Self.format(depth))}"
    }
    public var description: String { json }

    static func format(_ v: Double) -> String {
        let scaled = (v * 1000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        let frac = String(a % 1000)
        return "\(sign)\(a / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
