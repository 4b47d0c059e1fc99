import Foundation
import Publish
import TeXMath
import Testing

@testable import Notebook

/// A build checks every formula (the engine), writes the HTML page at 10pt and the PDF handout at
/// 11pt (two passes when there is a table of contents): each formula is laid out once in all.
@Test func aDocumentOfNFormulasIsLaidOutNTimesNotFourTimesN() throws {
    // Formulas no other test typesets, so the shared memo's counts are this test's own.
    let inline = (1...6).map { #"\mathrm{once}_{\#($0)} + x^2"# }
    let display = (1...4).map { #"\frac{\mathrm{once}}{\#($0)} = \sum_i y_i"# }
    var blocks: [Block] = []
    for (i, tex) in inline.enumerated() {
        blocks.append(.heading(level: 1, [.text("Section \(i + 1)")], label: nil))
        blocks.append(.paragraph([.text("The loss "), .math(tex), .text(" falls.")]))
        if i < display.count { blocks.append(.displayMath(tex: display[i], label: nil)) }
    }
    let document = Document(title: "Once", blocks: blocks)
    let location = SourceLocation(file: "once.swift", line: 1)
    #expect(MathCheck.problems(in: blocks, at: location).isEmpty)
    _ = try HTMLWriter.write(document)
    let pdf = try PDFWriter.write(document)
    #expect(pdf.count > 1000)
    for tex in inline { #expect(FormulaMemo.shared.layoutCount(of: tex, display: false) == 1, "\(tex)") }
    for tex in display { #expect(FormulaMemo.shared.layoutCount(of: tex, display: true) == 1, "\(tex)") }
}
