import Foundation
import Graphics
import Publish
import Testing

/// The `/Title (...)` strings of the PDF's outline items (Cairo writes them uncompressed).
private func outlineTitles(_ pdf: [UInt8]) -> [String] {
    let text = String(decoding: pdf, as: UTF8.self)
    var titles: [String] = []
    var rest = Substring(text)
    while let r = rest.firstRange(of: "<< /Title (") {
        let after = rest[r.upperBound...]
        guard let end = after.firstIndex(of: ")") else { break }
        titles.append(String(after[..<end]))
        rest = after[end...]
    }
    return titles
}

@Test func pdfTextHasHeadingsInOrderAndInlineMathParagraphWords() throws {
    let pdf = try PDFWriter.render(Fixtures.document()).bytes
    let text = try Tool.pdftotext(pdf)
    var position = text.startIndex
    for heading in ["Contents", "Unsupervised learning", "Principal components", "A deeper section", "Figure 1."] {
        // Skip the table of contents entries: look for each heading after the previous one.
        guard let r = text[position...].firstRange(of: heading) else {
            Issue.record("heading '\(heading)' missing or out of order")
            continue
        }
        position = r.upperBound
    }
    let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    for word in ["encoder", "maps", "code", "decoder", "reconstructs", "minimised", "Eq.", "(1)", "Figure", "1.1"] {
        #expect(words.contains(word) || text.contains(word), "word '\(word)' missing")
    }
    #expect(text.contains("Test MSE"))
    #expect(text.contains("shape mismatch"))
}

@Test func pdfEmbedsEveryFont() throws {
    let pdf = try PDFWriter.render(Fixtures.document()).bytes
    let fonts = try Tool.pdffonts(pdf)
    let rows = fonts.split(separator: "\n").dropFirst(2)
    #expect(rows.count >= 3)
    for row in rows {
        let columns = row.split(separator: " ")
        // name type... emb sub uni object id: emb is the fifth column from the end.
        #expect(columns.count >= 6 && columns[columns.count - 5] == "yes", "not embedded: \(row)")
    }
    #expect(fonts.contains("LMRoman10-Regular"))
    #expect(fonts.contains("LMMono10-Regular"))
}

@Test func pdfOutlineHasEverySection() throws {
    let pdf = try PDFWriter.render(Fixtures.document()).bytes
    #expect(outlineTitles(pdf) == ["1 Unsupervised learning", "1.1 Principal components", "1.1.1 A deeper section"])
    let raw = String(decoding: pdf, as: UTF8.self)
    // References and the table of contents are internal links to named destinations.
    #expect(raw.contains("/Dest (eq:rec)"))
    #expect(raw.contains("/Dest (fig:loss)"))
    #expect(raw.contains("/Author (A. Lecturer)"))
}

@Test func sameInputGivesSameBytes() throws {
    let doc = try Fixtures.document()
    let a = try PDFWriter.render(doc).bytes
    let b = try PDFWriter.render(doc).bytes
    #expect(a == b)
    let h1 = HTMLWriter.render(doc).html
    let h2 = HTMLWriter.render(doc).html
    #expect(h1 == h2)
    if h1 != h2 {
        try writeScratch("h1.html", Array(h1.utf8))
        try writeScratch("h2.html", Array(h2.utf8))
    }
}

@Test func letterPaperAndLongDocumentsPaginate() throws {
    var blocks: [Block] = []
    for s in 1...6 {
        blocks.append(.heading(level: 1, [.text("Section \(s)")], label: "sec:s\(s)"))
        for p in 1...6 {
            blocks.append(
                .paragraph([
                    .text("Paragraph \(p) of section \(s) has inline math "), .math("x_\(p)^2"),
                    .text(" and enough words to wrap over several lines of the handout, so that the page flow has to"),
                    .text(" break pages between lines and keep headings with the text that follows them."),
                ]))
        }
    }
    let doc = Document(title: "Long", blocks: blocks)
    let pdf = try PDFWriter.write(doc, paper: .letter)
    let text = try Tool.pdftotext(pdf)
    let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
    #expect(pages.count >= 3)
    // No page ends with a heading: the last text line of each page is never "Section n".
    for page in pages {
        let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // The page number is the last line; the one before it is content.
        if lines.count >= 2 { #expect(!lines[lines.count - 2].hasPrefix("Section ")) }
    }
    #expect(outlineTitles(pdf).count == 6)
}

/// A drawable that reports nonsense sizes, as a buggy figure might.
private struct BrokenPicture: Drawable {
    var width: Double { .nan }
    var ascent: Double { .infinity }
    var descent: Double { -3 }
    func draw(on canvas: Canvas, at origin: Point) {}
}

@Test func brokenFigureSizesDoNotBreakTheWriters() throws {
    let doc = Document(
        title: "t",
        blocks: [
            .paragraph([.text("Before.")]),
            .figure(Figure(content: BrokenPicture(), caption: [.text("Broken")], label: "fig:broken")),
            .paragraph([.text("After, see "), .reference("fig:broken"), .text(".")]),
        ])
    let pdf = try PDFWriter.write(doc)
    let text = try Tool.pdftotext(pdf)
    #expect(text.contains("no usable size"))
    #expect(text.contains("After, see Figure 1."))
    #expect(try HTMLWriter.write(doc).contains("After, see"))
}

@Test func longTablesRepeatTheirHeader() throws {
    let rows: [[[Inline]]] = (1...90).map { [[.text("row \($0)")], [.math("x_{\($0)}")], [.text(String($0 * $0))]] }
    let table = Table(
        header: [[.text("Name")], [.text("Symbol")], [.text("Square")]], rows: rows,
        alignments: [.left, .center, .right])
    let pdf = try PDFWriter.write(Document(title: "Table", blocks: [.table(table)]))
    try writeScratch("table.pdf", pdf)
    let pages = try Tool.pdftotext(pdf).split(separator: "\u{0C}").filter { $0.contains("row ") }
    #expect(pages.count >= 2)
    for page in pages { #expect(page.contains("Square"), "a page of the table lacks its header") }
}

@Test func trailingNewlinesOfCellOutputAddNoEmptyLine() throws {
    /// How far down the first page the word after the output block starts, from pdftotext's bounding boxes.
    func topOfNextParagraph(_ output: String) throws -> Double {
        let document = Document(title: "Output", blocks: [.output(output), .paragraph([.text("Afterwards")])])
        let path = try Tool.temporaryFile(try PDFWriter.render(document).bytes, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try Tool.run("/usr/bin/pdftotext", ["-bbox", "-f", "1", "-l", "1", path, "-"])
        let line = try #require(html.split(separator: "\n").first { $0.contains(">Afterwards<") })
        let value = try #require(line.firstRange(of: "yMin=\"")).upperBound
        return try #require(Double(line[value...].prefix { $0 != "\"" }))
    }
    let plain = try topOfNextParagraph("loss 0.1\nloss 0.05")
    #expect(try topOfNextParagraph("loss 0.1\nloss 0.05\n\n") == plain)
    #expect(try topOfNextParagraph("loss 0.1\nloss 0.05\nloss 0.02") > plain + 5, "a real third line moves it down")
}
