import Graphics
import Testing

@testable import TeXMath

/// Single TeX rules checked exactly against the MATH table of Latin Modern Math.
@Suite struct RuleTests {
    let font: MathFont
    let size = 10.0
    init() throws { font = try MathFont.latinModern() }

    /// A MATH constant in points at the text size.
    func pt(_ c: MathConstant, scale: Double = 1) -> Double { font.constant(c) * size * scale / font.unitsPerEm }

    func glyphID(_ c: Unicode.Scalar) throws -> UInt32 { try #require(font.glyph(for: c)) }

    @Test func mathTableIsLatinModern() {
        #expect(font.unitsPerEm == 1000)
        #expect(font.constant(.axisHeight) == 250)
        #expect(font.constant(.superscriptShiftUp) == 363)
        #expect(font.constant(.fractionRuleThickness) == 40)
    }

    @Test func fractionBarSitsOnTheAxis() throws {
        for display in [true, false] {
            let f = try Formula.typeset(#"\frac{a+b}{c}"#, display: display)
            let bar = try #require(f.box.rules.first)
            #expect(abs((bar.y + bar.height / 2) - -pt(.axisHeight)) < 1e-9)
            #expect(abs(bar.height - pt(.fractionRuleThickness)) < 1e-9)
        }
    }

    @Test func superscriptShiftIsTheMathConstant() throws {
        let f = try Formula.typeset("x^2", display: false)
        let two = try #require(f.box.glyphs.last)
        #expect(abs(two.y - -pt(.superscriptShiftUp)) < 1e-9)
        #expect(abs(two.size - size * font.constant(.scriptPercentScaleDown) / 100) < 1e-9)
        // Cramped (under a radical): the cramped shift.
        let r = try Formula.typeset(#"\sqrt{x^2}"#, display: false)
        let x = try #require(r.box.glyphs.first { $0.text == "\u{1D465}" })
        let sup = try #require(r.box.glyphs.first { $0.text == "2" })
        #expect(abs((sup.y - x.y) - -pt(.superscriptShiftUpCramped)) < 1e-9)
    }

    @Test func subscriptShiftIsTheMathConstant() throws {
        let f = try Formula.typeset("x_n", display: false)
        let n = try #require(f.box.glyphs.last)
        #expect(abs(n.y - pt(.subscriptShiftDown)) < 1e-9)
    }

    @Test func displayLimitsAreCentredOverTheOperator() throws {
        let f = try Formula.typeset(#"\sum_{i=1}^{n}"#, display: true)
        let sum = try #require(f.box.glyphs.first { $0.text == "\u{2211}" })
        let m = font.metrics(sum.glyph)
        let k = size / font.unitsPerEm
        #expect(m.yMax - m.yMin >= font.constant(.displayOperatorMinHeight))
        let sumCentre = sum.x + m.advance * k / 2
        let italic = m.italicCorrection * k
        let n = try #require(f.box.glyphs.first { $0.text == "\u{1D45B}" })
        let nm = font.metrics(n.glyph)
        let nCentre = n.x + nm.advance * n.size / font.unitsPerEm / 2
        #expect(abs(nCentre - (sumCentre + italic / 2)) < 1e-9)
        // Upper limit: baseline at least the rise above the operator's top, gap at least the minimum.
        #expect(-n.y >= (m.yMax * k + (sum.y > 0 ? -sum.y : -sum.y)) - 1e-9)
        // Text style: limits go beside the operator.
        let inline = try Formula.typeset(#"\sum_{i=1}^{n}"#, display: false)
        let s2 = try #require(inline.box.glyphs.first { $0.text == "\u{2211}" })
        let n2 = try #require(inline.box.glyphs.first { $0.text == "\u{1D45B}" })
        #expect(n2.x > s2.x + font.metrics(s2.glyph).advance * k * 0.9)
    }

    @Test func operatorIsCentredOnTheAxis() throws {
        let f = try Formula.typeset(#"\sum"#, display: true)
        let g = try #require(f.box.glyphs.first)
        let m = font.metrics(g.glyph)
        let k = size / font.unitsPerEm
        let top = -g.y + m.yMax * k
        let bottom = -g.y + m.yMin * k
        #expect(abs((top + bottom) / 2 - pt(.axisHeight)) < 1e-9)
    }

    @Test func delimitersGrowByVariantsThenAssembly() throws {
        let small = try Formula.typeset(#"\left( x \right)"#, display: true)
        let paren = try glyphID("(")
        #expect(small.box.glyphs.first?.glyph == paren)
        let tall = try Formula.typeset(#"\left( \frac{a}{b} \right)"#, display: true)
        let variant = try #require(tall.box.glyphs.first)
        #expect(variant.glyph != paren)
        let huge = try Formula.typeset(
            #"\left( \begin{matrix} 1 \\ 2 \\ 3 \\ 4 \\ 5 \\ 6 \\ 7 \end{matrix} \right)"#, display: true)
        let pieces = huge.box.glyphs.filter { $0.x == 0 }
        #expect(pieces.count >= 3, "a paren around seven rows is assembled from pieces")
        // Rule 19: the delimiter covers at least 901/1000 of the material's extent about the axis.
        let inner = try Formula.typeset(#"\begin{matrix} 1 \\ 2 \\ 3 \\ 4 \\ 5 \\ 6 \\ 7 \end{matrix}"#, display: true)
        let delta = max(inner.ascent - pt(.axisHeight), inner.descent + pt(.axisHeight))
        #expect(huge.ascent + huge.descent >= 2 * delta * 0.901 - 1e-6)
    }

    @Test func scriptStylesUseSstyVariants() throws {
        let prime = try glyphID("\u{2032}")
        #expect(font.scriptVariant(prime, level: 1) != prime)
        let f = try Formula.typeset("f'", display: false)
        let p = try #require(f.box.glyphs.last)
        #expect(p.glyph == font.scriptVariant(prime, level: 1))
    }

    @Test func spacingFollowsAtomClasses() throws {
        // a = b: thick spaces (5/18 em) around the relation; a + b: medium (4/18 em) around the binary.
        let rel = try Formula.typeset("a=b", display: false)
        let bin = try Formula.typeset("a+b", display: false)
        let widths = { (s: String) in try Formula.typeset(s, display: false).width }
        let plain = try widths("a") + widths("b")
        let (equals, plus) = (try widths("="), try widths("+"))
        #expect(abs(rel.width - (plain + equals + 2 * 5 * size / 18)) < 1e-9)
        #expect(abs(bin.width - (plain + plus + 2 * 4 * size / 18)) < 1e-9)
        // A leading minus is unary (rule 5): no space.
        let unary = try Formula.typeset("-b", display: false)
        let parts = try widths("-") + widths("b")
        #expect(abs(unary.width - parts) < 1e-9)
    }

    @Test func accentsSitOnTheirBase() throws {
        let f = try Formula.typeset(#"\hat{x}"#, display: false)
        let x = try Formula.typeset("x", display: false)
        #expect(f.box.glyphs.count == 2)
        #expect(f.ascent > x.ascent)
        let wide = try Formula.typeset(#"\widehat{xyz}"#, display: false)
        let hat = try #require(wide.box.glyphs.last)
        #expect(hat.glyph != font.glyph(for: "\u{0302}"), "a wide hat is a larger variant")
    }

    @Test func radicalCoversItsBody() throws {
        let f = try Formula.typeset(#"\sqrt{\frac{a}{b}}"#, display: true)
        let body = try Formula.typeset(#"\frac{a}{b}"#, display: false)
        #expect(f.ascent > body.ascent)
        let rule = try #require(f.box.rules.last)
        #expect(abs(rule.height - pt(.radicalRuleThickness)) < 1e-9)
        let cube = try Formula.typeset(#"\sqrt[3]{x}"#, display: false)
        let square = try Formula.typeset(#"\sqrt{x}"#, display: false)
        #expect(cube.width > square.width)
    }
}

@Suite struct SVGTests {
    @Test func handWrittenSVGMatchesTheBox() throws {
        let f = try Formula.typeset(#"\frac{1}{2}\color{red}{x}"#, display: true)
        let svg = f.svg(idPrefix: "eq7", padding: 0)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<rect "), "the fraction bar")
        #expect(svg.contains("fill=\"#ff0000\""))
        #expect(svg.contains("id=\"eq7-g"))
        #expect(!svg.contains("id=\"f-"))
        #expect(Formula.fraction(0.007) == "0.007")
        #expect(Formula.fraction(0.01) == "0.01")
    }
}


@Suite struct DrawingTests {
    @Test func assembledDelimitersDrawInEveryFormat() throws {
        let f = try Formula.typeset(
            #"\left( \begin{matrix} 1 \\ 2 \\ 3 \\ 4 \\ 5 \\ 6 \\ 7 \end{matrix} \right) \overbrace{a+b+c+d+e+f}^{n}"#,
            display: true)
        #expect(f.box.glyphs.contains { $0.text.isEmpty }, "assembly pieces after the first carry no text")
        for kind in SurfaceKind.allCases {
            let bytes = try f.render(as: kind, scale: 1)
            #expect(bytes.count > 200, "\(kind)")
        }
    }
}


@Suite struct ConcurrencyTests {
    /// Typesetting from many tasks at once shares the font's caches safely and gives identical boxes.
    @Test func concurrentTypesettingAgrees() async throws {
        let rows = try Corpus.load().filter { $0.id != "s042" }.prefix(60)
        let serial = try rows.map { try Formula.typeset($0.tex, display: $0.display).svg(idPrefix: $0.id) }
        let parallel = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, row) in rows.enumerated() {
                group.addTask { (i, try Formula.typeset(row.tex, display: row.display).svg(idPrefix: row.id)) }
            }
            var out = [String](repeating: "", count: rows.count)
            for try await (i, svg) in group { out[i] = svg }
            return out
        }
        #expect(parallel == serial)
    }
}

extension RuleTests {
    @Test func latinModernHasNoCutInsSoSubscriptsSitAtTheAdvance() throws {
        // The cut-in kerning code follows the MATH table; Latin Modern Math has no MathKernInfo, so a
        // subscript of P starts exactly at P's advance (as in TeX).
        let p = try glyphID("\u{1D443}")
        #expect([0.0, 200, 400].allSatisfy { font.kerning(p, corner: .bottomRight, height: $0) == 0 })
        let f = try Formula.typeset("P_a", display: false)
        let a = try #require(f.box.glyphs.last)
        #expect(abs(a.x - font.metrics(p).advance * size / font.unitsPerEm) < 1e-9)
    }
}

extension SVGTests {
    @Test func inlineSVGForHTML() throws {
        let f = try Formula.typeset("x^2", display: false)
        let svg = f.inlineSVG(idPrefix: "m1", width: "1.2em", height: "1em", attributes: "aria-hidden=\"true\"")
        #expect(svg.hasPrefix("<svg viewBox=\"0 0 "))
        #expect(svg.contains("width=\"1.2em\" height=\"1em\" aria-hidden=\"true\">"))
        #expect(!svg.contains("xmlns"))
        #expect(svg.hasSuffix("</g></svg>"))
        #expect(svg == f.inlineSVG(idPrefix: "m1", width: "1.2em", height: "1em", attributes: "aria-hidden=\"true\""))
    }
}
