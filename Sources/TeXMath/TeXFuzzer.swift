/// Seeded random formulas for testing that the typesetter is total: mutations of real formulas
/// (cuts, splices, inserted tokens), deep nesting, long repeats, control characters and lengths
/// that are not numbers. The same seed gives the same inputs, so a failure can be replayed.
public struct TeXFuzzer: Sendable {
    /// One generated input.
    public struct Input: Sendable, Equatable {
        public var tex: String
        public var display: Bool
    }

    private let seeds: [String]
    private var state: UInt64

    /// `seeds` are the formulas to mutate (a formula table's `tex` column); `seed` picks the sequence.
    public init(seeds: [String], seed: UInt64) {
        self.seeds = seeds.isEmpty ? ["x"] : seeds
        state = seed
    }

    /// Pieces that open and close a nesting level; deep nesting repeats one of them.
    static let nestings: [(open: String, close: String)] = [
        ("{", "}"), ("\\sqrt[", "]{x}"), ("\\sqrt{", "}"), ("\\text{", "}"), ("\\text{$", "$}"), ("\\textbf{", "}"),
        ("\\frac{", "}{2}"), ("\\left(", "\\right)"), ("x^{", "}"), ("\\color{red}", ""), ("\\mathbf{", "}"),
        ("\\begin{matrix}", "\\end{matrix}"), ("\\hat{", "}"), ("\\not", ""), ("\\sqrt", "x"), ("a\\over", ""),
        ("\\operatorname{", "}"), ("\\boxed{", "}"), ("\\underbrace{", "}_{n}"), ("\\substack{", "}"),
    ]

    /// Tokens inserted into or repeated in a formula: ordinary pieces, and the bad ones.
    static let tokens: [String] = [
        "x", "{", "}", "[", "]", "^", "_", "'", "&", "\\\\", "$", "%", "#", "~", " ", "\\", "\\frac", "\\sqrt[a]{b}",
        "\\left(", "\\right)", "\\middle|", "\\left.", "\\big(", "\\begin{aligned}", "\\end{aligned}",
        "\\begin{array}{c|l}", "\\hline", "\\text{", "\\text{a $b$ c}", "\\tag{1}", "\\color{", "\\color{red}",
        "\\textcolor{#ff0000}{x}", "\\hspace{nan em}", "\\hspace{1e309em}", "\\hspace{-1e5em}", "\\kern-3pt",
        "\\mkern1e400mu", "\\hspace{inf pt}", "\\hspace{-5em}", "\\\\[", "\\\\[4pt]", "\\limits", "\\not", "\\not=",
        "\\operatorname*{argmax}", "\\overbrace{x}^{n}", "\\substack{a\\\\b}", "\\sum_{i=1}^n", "\\int", "\\over",
        "\\choose", "\\rm", "\\mathbb{R}", "\\phantom{x}", "\\unknown", "\u{0}", "\u{1B}", "\u{7}", "\u{7F}",
        "\u{FFFE}",
        "\u{E001}", "\u{301}", "é", "😀", "\u{1D465}", "\n", "\t", "\r", "% comment \u{0}\n", "\\\\[\u{1B}]",
    ]

    /// The next input.
    public mutating func next() -> Input {
        var tex = seeds[below(seeds.count)]
        switch below(10) {
        case 0: tex = nested(depth: 1 + below(below(4) == 0 ? 3000 : 200), inside: tex)
        case 1: tex = repeated(count: 1 + below(below(4) == 0 ? 20_000 : 500))
        case 2: tex = splice(tex, seeds[below(seeds.count)])
        default:
            for _ in 0..<(1 + below(4)) { tex = mutate(tex) }
        }
        return Input(tex: tex, display: below(2) == 0)
    }

    private mutating func mutate(_ tex: String) -> String {
        var scalars = Array(tex.unicodeScalars)
        let at = below(scalars.count + 1)
        switch below(4) {
        case 0:  // cut a slice
            let end = min(scalars.count, at + 1 + below(8))
            if at < end { scalars.removeSubrange(at..<end) }
        case 1:  // duplicate a slice
            let end = min(scalars.count, at + 1 + below(12))
            scalars.insert(contentsOf: scalars[at..<end], at: at)
        default:  // insert a token
            scalars.insert(contentsOf: Self.tokens[below(Self.tokens.count)].unicodeScalars, at: at)
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    /// The start of one formula and the end of another.
    private mutating func splice(_ a: String, _ b: String) -> String {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var out = ""
        out.unicodeScalars.append(contentsOf: x[..<below(x.count + 1)])
        out.unicodeScalars.append(contentsOf: y[below(y.count + 1)...])
        return out
    }

    /// `tex` inside `depth` levels of one nesting construction, closed or (sometimes) left open.
    private mutating func nested(depth: Int, inside tex: String) -> String {
        let (open, close) = Self.nestings[below(Self.nestings.count)]
        let closed = below(4) != 0
        return String(repeating: open, count: depth) + tex + (closed ? String(repeating: close, count: depth) : "")
    }

    /// One token, or a short run of them, repeated `count` times.
    private mutating func repeated(count: Int) -> String {
        var unit = Self.tokens[below(Self.tokens.count)]
        if below(2) == 0 { unit += Self.tokens[below(Self.tokens.count)] }
        return String(repeating: unit, count: count)
    }

    /// A uniform integer in `0..<n` (0 when n is 0), from SplitMix64.
    private mutating func below(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return n <= 0 ? 0 : Int(z % UInt64(n))
    }
}

extension TeXFuzzer {
    /// What typesetting one input gave.
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// A clear error: a message and a column within the source (or just after it).
        case rejected(TeXError)
        /// A defect of Lectern: an error without a usable column, or a malformed SVG.
        case defect(String)
    }

    /// Typesets `input` and writes its SVG, checking what a page relies on: an error names a column
    /// inside the source; an accepted formula has a finite, non-negative size and an SVG made only
    /// of characters XML allows.
    public static func check(_ input: Input) -> Outcome {
        let formula: Formula
        do {
            formula = try Formula.layOut(input.tex, display: input.display)
        } catch let error as TeXError {
            let columns = 1...(input.tex.unicodeScalars.count + 1)
            return columns.contains(error.column) ? .rejected(error) : .defect("error without a column: \(error)")
        } catch {
            return .defect("error that is not a TeXError: \(error)")
        }
        let sizes = [formula.width, formula.ascent + formula.descent]
        guard sizes.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return .defect("size \(formula.metrics)") }
        let svg = formula.svg(idPrefix: "f")
        if let bad = svg.unicodeScalars.first(where: { !isXMLCharacter($0) }) {
            return .defect("SVG holds U+\(String(bad.value, radix: 16, uppercase: true)), which XML forbids")
        }
        return .accepted
    }

    /// XML 1.0's Char production.
    static func isXMLCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || (c.value >= 0x20 && c.value != 0xFFFE && c.value != 0xFFFF)
    }
}
