import Foundation
import Publish
import Testing

/// One word pdftotext found on a page, in points from the page's top-left.
private struct PlacedWord {
    var page: Int
    var text: String
    var xMin, yMin, xMax, yMax: Double
}

/// Every word of every page with its box, from `pdftotext -bbox`.
private func placedWords(_ pdf: [UInt8]) throws -> [PlacedWord] {
    let path = try Tool.temporaryFile(pdf, suffix: ".pdf")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let xml = try Tool.run("/usr/bin/pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"])
    var words: [PlacedWord] = []
    var page = 0
    for line in xml.split(separator: "\n") {
        if line.contains("<page ") { page += 1 }
        guard line.contains("<word ") else { continue }
        func value(_ name: String) -> Double {
            guard let r = line.firstRange(of: name + "=\"") else { return .nan }
            return Double(line[r.upperBound...].prefix { $0 != "\"" }) ?? .nan
        }
        let text = line.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
        words.append(
            PlacedWord(
                page: page, text: String(text), xMin: value("xMin"), yMin: value("yMin"),
                xMax: value("xMax"), yMax: value("yMax")))
    }
    return words
}

private let proseText =
    "A full paragraph of running text sets the margins of the handout: its justified lines reach from the left "
    + "edge of the text to the right edge, and every table must stay between them on every page."
private let prose: [Inline] = [.text(proseText)]

private func numbers(_ rows: Int) -> Table {
    Table(
        header: [[.text("Epoch")], [.text("Loss")]],
        rows: (1...rows).map { [[.text(String($0))], [.text(String(format: "%.3f", 10.0 / Double($0 * $0)))]] },
        alignments: [.left, .right], caption: [.text("Loss per epoch.")], label: "tab:loss")
}

private func document() -> Document {
    Document(
        title: "Tables",
        blocks: [
            .heading(level: 1, [.text("Results")], label: "sec:results"),
            .paragraph([.text("See "), .reference("tab:loss"), .text(" and "), .reference("tab:codes"), .text(".")]),
            .figure(Figure(content: TestPicture(), caption: [.text("A picture.")], label: "fig:a")),
            .displayMath(tex: "a = b", label: "eq:a"),
            .table(numbers(4)),
            .table(Table(header: [[.text("Plain")]], rows: [[[.text("no caption, no number")]]], alignments: [])),
            .table(
                Table(
                    header: [[.text("Note")]], rows: [[[.text("captioned")]]], alignments: [],
                    caption: [.text("A table with a caption only.")])),
            .figure(Figure(content: TestPicture(), caption: [.text("Another picture.")], label: "fig:b")),
            .table(
                Table(
                    header: [[.text("Code")], [.text("Class")]], rows: [[[.math("z_1")], [.text("T-shirt")]]],
                    alignments: [.center, .left], caption: [.text("Codes of "), .math("x"), .text(".")],
                    label: "tab:codes")),
        ])
}

@Test func tablesAreNumberedApartFromFiguresAndEquations() throws {
    let numbering = Numbering(document())
    #expect(numbering.target("tab:loss")?.referenceText == "Table 1")
    #expect(numbering.target("tab:codes")?.referenceText == "Table 2", "unlabelled tables take no number")
    #expect(numbering.target("fig:b")?.referenceText == "Figure 2")
    #expect(numbering.target("eq:a")?.referenceText == "Eq. (1)")
    #expect(numbering.diagnostics.isEmpty)
    #expect(
        Numbering.labels(definedIn: document().blocks).filter { $0.hasPrefix("tab:") } == ["tab:loss", "tab:codes"])
    // Prose written in Markdown refers to tables with @tab:.
    let blocks = try MarkdownReader.parse("As @tab:loss shows.")
    guard case .paragraph(let content)? = blocks.first else {
        Issue.record("no paragraph")
        return
    }
    #expect(content.contains(.reference("tab:loss")))
}

@Test func unknownAndDuplicateTableLabelsAreReported() throws {
    var doc = document()
    doc.blocks.append(.paragraph([.text("And "), .reference("tab:nowhere"), .text(".")]))
    doc.blocks.append(.table(numbers(2)))
    let diagnostics = HTMLWriter.render(doc).diagnostics
    #expect(diagnostics.contains(PublishDiagnostic(kind: .unknownLabel("tab:nowhere"), isError: true)))
    #expect(diagnostics.contains(PublishDiagnostic(kind: .duplicateLabel("tab:loss"), isError: true)))
    #expect(throws: PublishError.self) { try PDFWriter.write(doc) }
}

@Test func htmlTableReferencesAndCaptionsAboveTheTable() throws {
    let html = try HTMLWriter.write(document())
    #expect(html.contains("<a class=\"ref\" href=\"#tab:loss\">Table 1</a>"))
    #expect(html.contains("<a class=\"ref\" href=\"#tab:codes\">Table 2</a>"))
    let numbered = try #require(html.firstRange(of: "<figure class=\"table\" id=\"tab:codes\">"))
    let rest = html[numbered.upperBound...]
    let caption = try #require(rest.firstRange(of: "<figcaption><span class=\"fig-num\">Table 2:</span> Codes of "))
    let table = try #require(rest.firstRange(of: "<table>"))
    #expect(caption.lowerBound < table.lowerBound, "the caption stands above its table")
    // A caption without a label is shown unnumbered; a table with neither is a bare scrolling box.
    #expect(html.contains("<figure class=\"table\">\n<figcaption>A table with a caption only.</figcaption>"))
    #expect(html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>\n<thead><tr><th>Plain</th>"))
    #expect(html.contains(".table-wrap { overflow-x: auto;"), "a wide table scrolls in its own box")
    #expect(html.contains("<td class=\"al-r\">2.500</td>"))
    try writeScratch("tables.html", Array(html.utf8))
}

@Test func pdfTableReferencesCaptionsAndRightAlignedNumbers() throws {
    let pdf = try PDFWriter.write(document())
    try writeScratch("tables.pdf", pdf)
    let text = try Tool.pdftotext(pdf)
    #expect(text.contains("See Table 1 and Table 2."))
    #expect(text.contains("Table 1: Loss per epoch."))
    #expect(text.contains("A table with a caption only."))
    #expect(!text.contains("Table 3"))
    let raw = String(decoding: pdf, as: UTF8.self)
    #expect(raw.contains("/Dest (tab:loss)") && raw.contains("/Dest (tab:codes)"), "references are links")
    let words = try placedWords(pdf)
    // The caption stands above the header.
    let caption = try #require(words.first { $0.text == "Loss" && $0.xMin > 0 })
    let header = try #require(words.first { $0.text == "Epoch" })
    #expect(caption.yMax <= header.yMin)
    // The right-aligned column: every number ends at the same x.
    let losses = words.filter { $0.text.wholeMatch(of: /[0-9]+\.[0-9]{3}/) != nil }
    let ends = losses.map(\.xMax)
    #expect(ends.count == 4)
    #expect((ends.max() ?? 0) - (ends.min() ?? 1) < 0.5, "numbers are not right-aligned: \(ends)")
    let starts = losses.map(\.xMin)
    #expect((starts.max() ?? 0) - (starts.min() ?? 0) > 2, "the narrower numbers are not indented")
}

/// A table of `columns` columns whose cells hold `word` repeated `repeats` times.
private func wideTable(columns: Int, word: String, repeats: Int) -> Table {
    let cell = Array(repeating: word, count: repeats).joined(separator: " ")
    return Table(
        header: (1...columns).map { [.text("Column \($0)")] },
        rows: (1...3).map { _ in (1...columns).map { _ in [.text(cell)] } },
        alignments: [], caption: [.text("A wide table.")], label: "tab:wide")
}

/// Renders `table` after a paragraph; returns the words of the table (those below the paragraph's
/// last line), the left and right edges of the text, and the diagnostics.
private func layOut(_ table: Table, name: String) throws -> (
    table: [PlacedWord], left: Double, right: Double, diagnostics: [PublishDiagnostic]
) {
    let (pdf, diagnostics) = try PDFWriter.render(Document(title: "Wide", blocks: [.paragraph(prose), .table(table)]))
    try writeScratch(name, pdf)
    let words = try placedWords(pdf).filter { $0.page == 1 }
    let paragraph = words.filter { w in proseText.contains(w.text) && w.text.count > 3 }
    let left = paragraph.map(\.xMin).min() ?? 0
    let right = paragraph.map(\.xMax).max() ?? 0
    let below = words.first { $0.text == "wide" }?.yMin ?? 0
    return (words.filter { $0.yMin >= below }, left, right, diagnostics)
}

@Test func aModeratelyWideTableShrinksItsTypeToFit() throws {
    let normal = try layOut(wideTable(columns: 3, word: "cell", repeats: 2), name: "table-normal.pdf")
    let wide = try layOut(wideTable(columns: 8, word: "activation", repeats: 1), name: "table-shrunk.pdf")
    #expect(wide.diagnostics.isEmpty)
    for w in wide.table { #expect(w.xMin >= wide.left - 0.5 && w.xMax <= wide.right + 0.5, "\(w.text) off the text") }
    let normalHeight =
        try #require(normal.table.first { $0.text == "Column" }).yMax
        - (normal.table.first { $0.text == "Column" }?.yMin ?? 0)
    let wideHeight =
        try #require(wide.table.first { $0.text == "Column" }).yMax
        - (wide.table.first { $0.text == "Column" }?.yMin ?? 0)
    #expect(wideHeight < normalHeight * 0.97, "the type did not shrink")
    #expect(wideHeight >= normalHeight * 0.69, "the type shrank below the floor")
    // Shrunk, not wrapped: each body row's words sit on one line.
    let rows = Set(wide.table.filter { $0.text == "activation" }.map { Int($0.yMin.rounded()) })
    #expect(rows.count == 3)
}

@Test func aVeryWideTableWrapsItsCellsAtTheSmallestType() throws {
    let wide = try layOut(wideTable(columns: 6, word: "reconstruction", repeats: 3), name: "table-wrapped.pdf")
    #expect(wide.diagnostics.isEmpty, "\(wide.diagnostics)")
    for w in wide.table { #expect(w.xMin >= wide.left - 0.5 && w.xMax <= wide.right + 0.5, "\(w.text) off the text") }
    let lines = Set(wide.table.filter { $0.text == "reconstruction" }.map { Int($0.yMin.rounded()) })
    #expect(lines.count > 3, "the cells did not wrap")
    #expect(wide.table.allSatisfy { $0.text != "reconstruc" }, "a word broke although it fits")
}

@Test func aTableThatCannotFitIsReportedAndStaysOnThePage() throws {
    let wide = try layOut(wideTable(columns: 14, word: "backpropagation", repeats: 1), name: "table-too-wide.pdf")
    let warning = try #require(wide.diagnostics.first)
    guard case .tableTooWide(let name, let needed, let available) = warning.kind else {
        Issue.record("expected a tableTooWide warning, got \(warning)")
        return
    }
    #expect(!warning.isError)
    #expect(name == "Table 1")
    #expect(needed > available)
    #expect(warning.description.contains("Table 1") && warning.description.contains("70%"))
    for w in wide.table { #expect(w.xMin >= wide.left - 0.5 && w.xMax <= wide.right + 0.5, "\(w.text) off the text") }
    // `write` only fails on errors; a warning leaves the handout written.
    #expect(
        try PDFWriter.write(Document(title: "Wide", blocks: [.table(wideTable(columns: 14, word: "x", repeats: 1))]))
            .count > 0)
}

@Test func anEmptyLabelledTableKeepsItsCaptionAndItsLinkTarget() throws {
    let doc = Document(
        title: "Empty",
        blocks: [
            .paragraph([.text("See "), .reference("tab:empty"), .text(".")]),
            .table(Table(header: [], rows: [], alignments: [], caption: [.text("Nothing yet.")], label: "tab:empty")),
        ])
    let pdf = try PDFWriter.write(doc)
    #expect(try Tool.pdftotext(pdf).contains("Table 1: Nothing yet."))
    #expect(String(decoding: pdf, as: UTF8.self).contains("/Dest (tab:empty)"))
}
