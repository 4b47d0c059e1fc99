import Foundation
import Graphics
import TeXMath
import Testing

@testable import Plots

/// A label is laid out as a paragraph of prose is (one `RichParagraph`, its formulas inline) and a
/// recorded figure keeps it as that paragraph's recipe.
struct PlotLabelTests {
    let font = Font.roman(10)

    @Test func aLabelWithMathIsOneParagraphKeptAsData() throws {
        let label = PlotLabel("loss $\\mathcal{L}(x)$ per epoch", font: font)
        let list = DisplayList(recording: label)
        guard list.operations.count == 1, case .paragraph(let recipe, let topLeft, let lines) = list.operations[0]
        else {
            Issue.record("recorded as \(list.operations)")
            return
        }
        #expect(recipe.markup == "loss \u{E000} per epoch")
        #expect(recipe.inline.count == 1 && recipe.width == nil && recipe.alignment == .left && !recipe.strut)
        #expect(topLeft == Point(0, 0) && lines == 0..<1)
        let formula = try Formula.typeset("\\mathcal{L}(x)", display: false, fontSize: 10.5)
        #expect(list.texts == ["loss " + DisplayList(recording: formula).texts.joined() + " per epoch"])

        let decoded = try JSONDecoder().decode(DisplayList.self, from: try JSONEncoder().encode(list))
        #expect(decoded == list)
        for kind in SurfaceKind.allCases {
            #expect(try Surface.render(label, as: kind) == Surface.render(decoded, as: kind), "\(kind)")
        }
    }

    @Test func aLabelIsAsWideAsTheSameLineOfProse() throws {
        let label = PlotLabel("loss $\\mathcal{L}(x)$ per epoch", font: font)
        let formula = try Formula.typeset("\\mathcal{L}(x)", display: false, fontSize: 10.5)
        let prose = try RichParagraph(
            markup: "loss \u{E000} per epoch", inline: [formula], font: font, width: 400, alignment: .left,
            strut: false)
        #expect(abs(label.width - prose.naturalWidth) < 1e-9)
        #expect(abs(label.ascent - prose.lines[0].baseline) < 1e-9)
        #expect(abs(label.ascent + label.descent - prose.height) < 1e-9)
    }

    /// Prose gives every line the text's height; a label under a diagram node that is only a formula
    /// keeps the formula's own, so it sits as close to the node as a text label does.
    @Test func aLabelThatIsOnlyAFormulaIsAsTallAsTheFormula() throws {
        let formula = try Formula.typeset("x", display: false, fontSize: 10.5)
        let label = PlotLabel("$x$", font: font)
        #expect(abs(label.ascent - formula.ascent) < 1e-3 && abs(label.descent - formula.descent) < 1e-3)
        #expect(abs(label.width - formula.width) < 1e-3)
    }

    @Test func aFormulaThatDoesNotTypesetShowsItsSourceInItalics() throws {
        let list = DisplayList(recording: PlotLabel("a $\\frac{1$ & <b>", font: font))
        guard case .paragraph(let recipe, _, _) = list.operations.first else {
            Issue.record("recorded as \(list.operations)")
            return
        }
        #expect(recipe.markup == "a <i>\\frac{1</i> &amp; &lt;b&gt;")
        #expect(list.texts == ["a \\frac{1 & <b>"])
    }

    @Test func anEmptyLabelTakesNoRoom() {
        let label = PlotLabel("", font: font)
        #expect(label.width == 0 && label.ascent == 0 && label.descent == 0)
        #expect(DisplayList(recording: label).operations.isEmpty)
    }
}
