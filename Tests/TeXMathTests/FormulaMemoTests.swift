import Foundation
import Testing

@testable import TeXMath

/// A build lays each formula out once: the memo hands the same layout to the formula check, the
/// HTML page and the PDF handout, scaled to each size.
@Suite struct FormulaMemoTests {
    @Test func eachFormulaIsLaidOutOnceWhateverTheSizesAskedFor() throws {
        let memo = FormulaMemo(capacity: 100)
        let formulas = (1...12).map { #"\frac{x_{\#($0)}}{2} + \sqrt{y}"# }
        for size in [10.0, 11, 10, 11, 10.5] {
            for tex in formulas {
                let f = try memo.formula(tex, display: true).scaled(to: size)
                #expect(f.fontSize == size)
            }
        }
        #expect(memo.layoutCount == formulas.count)
        #expect(formulas.allSatisfy { memo.layoutCount(of: $0, display: true) == 1 })
        #expect(memo.layoutCount(of: formulas[0], display: false) == 0)
    }

    @Test func errorsAreRememberedWithTheirColumn() throws {
        let memo = FormulaMemo(capacity: 10)
        for _ in 0..<3 {
            let e = #expect(throws: TeXError.self) { try memo.formula(#"x + \fracc{1}{2}"#, display: false) }
            #expect(e?.column == 5)
        }
        #expect(memo.layoutCount == 1)
    }

    /// Scaling the 10pt layout gives the layout at the other size: every length of a layout is a
    /// multiple of the font size. Checked on the seed corpus at the PDF's 11pt and at 23pt.
    @Test func aScaledLayoutIsTheLayoutAtThatSize() throws {
        for row in try Corpus.load() {
            guard let reference = try? Formula.layOut(row.tex, display: row.display, fontSize: 10) else { continue }
            for size in [11.0, 23] {
                let scaled = reference.scaled(to: size).box
                let direct = try Formula.layOut(row.tex, display: row.display, fontSize: size).box
                let close = { (a: Double, b: Double) in abs(a - b) <= 1e-9 * size }
                #expect(close(scaled.width, direct.width), "\(row.id) width at \(size)pt")
                #expect(close(scaled.height, direct.height) && close(scaled.depth, direct.depth), "\(row.id)")
                #expect(scaled.glyphs.count == direct.glyphs.count && scaled.rules.count == direct.rules.count)
                for (a, b) in zip(scaled.glyphs, direct.glyphs)
                where a.glyph != b.glyph || !close(a.x, b.x)
                    || !close(a.y, b.y) || !close(a.size, b.size)
                {
                    Issue.record("\(row.id): glyph \(a) scaled, \(b) laid out at \(size)pt")
                    break
                }
                for (a, b) in zip(scaled.rules, direct.rules) where !close(a.y, b.y) || !close(a.height, b.height) {
                    Issue.record("\(row.id): rule \(a) scaled, \(b) laid out at \(size)pt")
                    break
                }
            }
        }
    }

    @Test func aFullMemoKeepsTheRecentFormulasAndStaysBounded() throws {
        let memo = FormulaMemo(capacity: 8)
        for i in 0..<20 { _ = try memo.formula("x_{\(i)}", display: false) }
        #expect(memo.layoutCount == 20)
        #expect(memo.layoutCount(of: "x_{19}", display: false) == 1)
        #expect(memo.layoutCount(of: "x_{0}", display: false) == 0, "the oldest is dropped")
        _ = try memo.formula("x_{19}", display: false)
        #expect(memo.layoutCount == 20)
    }

    @Test func cellsTypesettingAtOnceGetTheSameLayout() async throws {
        let memo = FormulaMemo(capacity: 1000)
        let formulas = (0..<40).map { #"\sum_{i=1}^{\#($0)} x_i^2"# }
        let widths = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 {
                group.addTask { try formulas.map { try memo.formula($0, display: true).width } }
            }
            return try await group.reduce(into: [[Double]]()) { $0.append($1) }
        }
        #expect(Set(widths).count == 1)
        // Two cells may lay out the same new formula at the same moment; never more than once each.
        #expect(memo.layoutCount >= formulas.count && memo.layoutCount <= 8 * formulas.count)
        #expect(formulas.allSatisfy { memo.layoutCount(of: $0, display: true) >= 1 })
    }

    @Test func typesetGoesThroughTheSharedMemo() throws {
        let tex = #"\mathrm{memo}_{shared} = 1"#
        let a = try Formula.typeset(tex, display: false, fontSize: 10)
        let b = try Formula.typeset(tex, display: false, fontSize: 11)
        #expect(FormulaMemo.shared.layoutCount(of: tex, display: false) == 1)
        #expect(abs(b.width - a.width * 1.1) < 1e-9)
        #expect(throws: TeXError.self) { try Formula.typeset(tex, display: false, fontSize: 0) }
    }
}
