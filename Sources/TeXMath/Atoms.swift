import Graphics

/// TeX's atom classes (TeXbook ch. 17): they decide the spacing between neighbours.
enum AtomClass: Int, Sendable {
    case ord, op, bin, rel, open, close, punct, inner
}

/// Whether an operator's scripts go above/below (limits) or beside it.
enum LimitsMode: Sendable { case auto, limits, noLimits }

/// TeX's four math styles; `cramped` is carried beside it.
enum StyleLevel: Int, Sendable, Comparable {
    case display, text, script, scriptScript
    static func < (a: StyleLevel, b: StyleLevel) -> Bool { a.rawValue < b.rawValue }
}

/// How an alphabet is drawn (`\mathbf`, `\mathcal`, ...): picks Unicode math alphanumerics.
enum MathAlphabet: Sendable {
    case normal, roman, bold, italic, boldItalic, script, fraktur, doubleStruck, sansSerif, monospace
}

/// A horizontal alignment of a column.
enum ColumnAlignment: Sendable { case left, center, right }

/// An environment's table: rows of cells, each a math list.
struct MathArray: Sendable {
    enum Kind: Sendable { case matrix, aligned, gathered, cases, array }
    var kind: Kind
    var rows: [[MathList]]
    var alignments: [ColumnAlignment]
    /// Columns followed by a vertical rule (`array` with `|`), by index; -1 is before the first.
    var verticalRules: Set<Int> = []
    /// Rows with a rule above them (`\hline`); `rows.count` is a rule below the last row.
    var horizontalRules: Set<Int> = []
    var name: String
}

typealias MathList = [Atom]

/// The inside of an atom.
indirect enum Nucleus: Sendable {
    /// One character of the math font (already mapped to its alphabet), drawn as a glyph.
    case symbol(Unicode.Scalar)
    /// Upright text (`\text`, operator names); `alphabet` picks bold/italic text.
    case text(String, MathAlphabet)
    /// A braced group or any sub-formula.
    case list(MathList)
    case fraction(Fraction)
    case radical(body: MathList, index: MathList?)
    /// An accent over the body; `stretchy` accents grow to the body's width.
    case accent(Unicode.Scalar, body: MathList, stretchy: Bool)
    case overline(MathList)
    case underline(MathList)
    /// `\overbrace` (over: true) or `\underbrace`: a horizontal brace; scripts become limits.
    case brace(MathList, over: Bool)
    /// `\left ... \middle ... \right`: the pieces between delimiters, and the delimiters (nil = `.`).
    case fenced(pieces: [MathList], delimiters: [Unicode.Scalar?])
    /// `\big(` and friends: a delimiter of a fixed size (1...4).
    case bigDelimiter(Unicode.Scalar?, size: Int)
    /// `\overset`, `\underset`, `\stackrel`: a base with small math over or under it.
    case overUnder(base: MathList, over: MathList?, under: MathList?)
    /// `\xrightarrow[under]{over}` and friends: an arrow as wide as its labels.
    case extensibleArrow(ExtensibleArrow, over: MathList, under: MathList)
    /// Horizontal space: in mu (1/18 em of the current style) or em.
    case space(Double, mu: Bool)
    /// `\displaystyle` and friends, changing the style of what follows in the list.
    case style(StyleLevel)
    case color(Color, MathList)
    case boxed(MathList)
    case array(MathArray)
    /// `\not x` without a ready-made negated character: x with a slash over it.
    case negated(MathList)
    case phantom(MathList, horizontal: Bool, vertical: Bool)
}

/// A fraction-like stack: `\frac`, `\binom`, `\dfrac`...
struct Fraction: Sendable {
    var numerator: MathList
    var denominator: MathList
    var hasRule: Bool
    /// Forced style (`\dfrac`: display, `\tfrac`: text), else the surrounding style.
    var style: StyleLevel?
    var left: Unicode.Scalar?
    var right: Unicode.Scalar?
    /// `\cfrac`: the numerator holds LaTeX's `\strut` (0.7 and 0.3 baselineskip: 0.84em high,
    /// 0.36em deep), so the numerators of a continued fraction line up.
    var numeratorStrut = false
}

/// One atom of a math list (TeXbook ch. 17): a class, a nucleus and optional scripts.
struct Atom: Sendable {
    var cls: AtomClass
    var nucleus: Nucleus
    var sub: MathList? = nil
    var sup: MathList? = nil
    var limits: LimitsMode = .auto
    /// UTF-8 offsets of the source this atom came from, for error messages.
    var span: Range<Int> = 0..<0

    init(_ cls: AtomClass, _ nucleus: Nucleus, span: Range<Int> = 0..<0) {
        self.cls = cls
        self.nucleus = nucleus
        self.span = span
    }

    /// An atom standing for a single character with no scripts (TeX's "character box" case).
    var isPlainSymbol: Bool {
        if case .symbol = nucleus, sub == nil, sup == nil { return true }
        return false
    }
}
