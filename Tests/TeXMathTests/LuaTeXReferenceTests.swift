import Testing

@testable import TeXMath

/// Boxes that LuaLaTeX makes of the same formulas, with the same font and MATH constants:
/// LuaHBTeX 1.15.0 (TeX Live 2022/Debian), unicode-math 0.8q, Latin Modern Math 1.959, 10pt,
/// amsmath and mathtools, measured by docs/texmath/measure-luatex.py on docs/texmath/formulas.tsv
/// (width, height, depth in em). Lectern must stay within 2% of TeX: of its width, and of its
/// height + depth for the height and the depth.
@Suite struct LuaTeXReferenceTests {
    struct Reference: CustomTestStringConvertible, Sendable {
        let tex: String
        let display: Bool
        let width, height, depth: Double
        var testDescription: String { tex }
    }

    static let arrows: [Reference] = [
        .init(tex: #"A \xrightarrow{f} B"#, display: true, width: 3.064801, height: 1.345578, depth: 0.01),
        .init(
            tex: #"A \xrightarrow{\text{long label}} B"#, display: true, width: 6.012274, height: 1.339279, depth: 0.01),
        .init(tex: #"A \xrightarrow[g]{f} B"#, display: true, width: 3.064801, height: 1.345578, depth: 0.752736),
        .init(tex: #"A \xleftarrow{f} B"#, display: true, width: 3.064801, height: 1.345578, depth: 0.01),
        .init(tex: #"A \xleftarrow[\theta]{} B"#, display: false, width: 3.064801, height: 0.716, depth: 0.676782),
        .init(tex: #"A \xleftrightarrow{h} B"#, display: true, width: 3.286801, height: 1.20278, depth: 0.01),
    ]

    static let braces: [Reference] = [
        .init(tex: #"\overbrace{a+b+c}"#, display: true, width: 3.849792, height: 1.089, depth: 0.083),
        .init(tex: #"\overbrace{a+b+c}^{n}"#, display: true, width: 3.849792, height: 1.60468, depth: 0.083),
        .init(tex: #"\underbrace{a+b+c}"#, display: true, width: 3.849792, height: 0.694, depth: 0.497),
        .init(
            tex: #"\underbrace{x_1 + \cdots + x_n}_{n\text{ terms}}"#, display: true, width: 5.369281, height: 0.583,
            depth: 1.283911),
        .init(tex: #"\overrightarrow{AB}"#, display: true, width: 1.509, height: 0.977, depth: 0),
        .init(tex: #"\widehat{xyz} + \widetilde{ab}"#, display: true, width: 3.735394, height: 1.001001, depth: 0.205),
    ]

    static let fractions: [Reference] = [
        .init(tex: #"\cfrac{a}{b}"#, display: true, width: 0.648999, height: 1.58996, depth: 0.696927),
        .init(tex: #"\cfrac{1}{1+\cfrac{1}{1+x}}"#, display: true, width: 4.256793, height: 1.58996, depth: 2.248898),
        .init(tex: #"\binom{n}{k}"#, display: true, width: 2.35, height: 1.744974, depth: 1.245026),
        .init(tex: #"\binom{n}{k}"#, display: false, width: 1.3382, height: 0.796974, depth: 0.351964),
        .init(tex: #"\dbinom{n}{2}"#, display: false, width: 2.35, height: 1.744974, depth: 1.245026),
    ]

    /// amsmath's `\pmod`: 18mu before it in display math, 8mu inline.
    static let moduli: [Reference] = [
        .init(tex: #"a \equiv b \pmod{m}"#, display: false, width: 6.614189, height: 0.748, depth: 0.248)
    ]

    static func check(_ r: Reference) throws {
        let f = try Formula.layOut(r.tex, display: r.display, fontSize: 10)
        let total = r.height + r.depth
        #expect(abs(f.width / 10 - r.width) <= 0.02 * r.width, "width \(f.width / 10) em, TeX \(r.width)")
        #expect(abs(f.ascent / 10 - r.height) <= 0.02 * total, "height \(f.ascent / 10) em, TeX \(r.height)")
        #expect(abs(f.descent / 10 - r.depth) <= 0.02 * total, "depth \(f.descent / 10) em, TeX \(r.depth)")
    }

    @Test(arguments: arrows) func extensibleArrowsAreAsWideAndTallAsTeXs(_ r: Reference) throws { try Self.check(r) }

    @Test(arguments: braces) func bracesAndWideAccentsAreSetAsTeXSetsThem(_ r: Reference) throws {
        try Self.check(r)
    }

    @Test(arguments: fractions) func continuedFractionsAndBinomialsMatchTeX(_ r: Reference) throws {
        try Self.check(r)
    }

    @Test(arguments: moduli) func pmodIsSpacedAsInAmsmath(_ r: Reference) throws { try Self.check(r) }

    @Test func arrowLabelsAreLimitsOfARelation() throws {
        var parser = Parser(#"A \xrightarrow[below]{above} B"#)
        let (atoms, _) = try parser.parseFormula()
        #expect(atoms.count == 3)
        #expect(atoms[1].cls == .rel)
        guard case .extensibleArrow(let arrow, let over, let under) = atoms[1].nucleus else {
            Issue.record("not an extensible arrow: \(atoms[1].nucleus)")
            return
        }
        #expect(arrow.arrow == "\u{2192}")
        #expect(over.count == 5 && under.count == 5)
        let mathML = try Formula.layOut(#"\xleftarrow[x]{y}"#, display: true).mathML
        #expect(mathML.contains("<munderover><mo stretchy=\"true\">\u{2190}</mo>"))
    }

    @Test func aLongerLabelMakesALongerArrow() throws {
        let short = try Formula.layOut(#"\xrightarrow{a}"#, display: true)
        let long = try Formula.layOut(#"\xrightarrow{abcdefghij}"#, display: true)
        #expect(long.width > short.width + 20)
        let missing = #expect(throws: TeXError.self) { try Formula.layOut(#"\xrightarrow"#, display: true) }
        #expect(missing?.message.contains("\\xrightarrow") == true)
    }
}
