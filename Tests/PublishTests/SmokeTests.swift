import Publish
import Testing

@Test func writesBothOutputs() throws {
    let doc = try Fixtures.document()
    let (html, diagnostics) = HTMLWriter.render(doc)
    try writeScratch("smoke.html", Array(html.utf8))
    let (pdf, _) = try PDFWriter.render(doc)
    try writeScratch("smoke.pdf", pdf)
    #expect(html.contains("<svg"))
    #expect(pdf.starts(with: Array("%PDF".utf8)))
    #expect(diagnostics.contains { if case .badFormula = $0.kind { true } else { false } })
}
