import Graphics
import Publish
import Testing

@testable import Notebook

/// The build log names the cell of every formula that does not typeset, wherever the formula stands:
/// a figure's caption, a table's cell, a callout, a footnote, a claim's statement.
struct FormulaCheckTests {
    @Test func aBadFormulaIsReportedWithItsCellWhereverItStands() throws {
        let notebook = Notebook(id: "t", title: "T") {
            Markdown("Fine $x^2$ prose.")
            Plot("Codes for $\\frac{1}$") { _ in TextLayout("x", font: .roman(10)) }
            DataTable("Errors") { _ in TableContent(header: ["model", "error"], rows: [["AE", "$\\sqrt$"]]) }
            Callout(.note, title: "Careful", "Note that $\\left( x$ is unbalanced.")
            // A claim that does not hold is shown with its statement, formula included.
            Claim("the bound $\\frac{a}$ holds") { _ in false }
            // A footnote becomes a note at the end of its text, and its formulas are checked there.
            Markdown("A claim.[^why]\n\n[^why]: Because $\\sqrt[3$ says so.")
        }
        let run = Engine.run(notebook)
        let cells = notebook.cells
        #expect(run.formulaProblems.count == 5, "\(run.formulaProblems)")
        let expected = [
            (cells[1], "\\frac{1}"), (cells[2], "\\sqrt"), (cells[3], "\\left( x"), (cells[4], "\\frac{a}"),
            (cells[5], "\\sqrt[3"),
        ]
        for ((cell, tex), problem) in zip(expected, run.formulaProblems) {
            #expect(problem.hasPrefix("\(cell.location): formula \"\(tex)\""), "\(problem)")
        }
        // Each also reaches the build log.
        #expect(run.warnings.filter { $0.contains("formula") }.count == 5)
    }
}
