import Publish
import Testing

/// Every value of `attribute="..."` in `html`.
private func attributeValues(_ attribute: String, in html: String) -> [String] {
    var values: [String] = []
    var rest = Substring(html)
    let marker = " \(attribute)=\""
    while let r = rest.firstRange(of: marker) {
        let after = rest[r.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { break }
        values.append(String(after[..<end]))
        rest = after[end...]
    }
    return values
}

@Test func htmlHasNoExternalResources() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    // Nothing is loaded from anywhere: no src, no stylesheet links, no CSS imports or remote urls.
    #expect(!html.contains(" src="))
    #expect(!html.contains("<link"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url(http"))
    #expect(!html.contains("xmlns"))
    // The only http(s) in the page is the author's own link to follow.
    let hrefs = attributeValues("href", in: html)
    let external = hrefs.filter { $0.hasPrefix("http") }
    #expect(external == ["https://example.org/pca"])
    var count = 0
    var rest = Substring(html)
    while let r = rest.firstRange(of: "http") {
        count += 1
        rest = rest[r.upperBound...]
    }
    #expect(count == 1)
}

@Test func htmlIdsAreUniqueAndInternalLinksResolve() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    let ids = attributeValues("id", in: html)
    #expect(ids.count > 20)
    #expect(
        Set(ids).count == ids.count,
        "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys)")
    let idSet = Set(ids)
    for href in attributeValues("href", in: html) + attributeValues("xlink:href", in: html) where href.hasPrefix("#") {
        #expect(idSet.contains(String(href.dropFirst())), "dangling link \(href)")
    }
}

/// Every formula of the notes goes through TeXMath's own SVG, its glyph outlines into the page's one
/// pool: an outline written twice would mean a formula whose SVG the pool could not take apart.
@Test func everySeedFormulaSharesItsGlyphOutlinesThroughThePool() throws {
    let html = try HTMLWriter.write(BenchmarkDocument.make())
    let glyphIds = attributeValues("id", in: html).filter { $0.hasPrefix("lectern-math-g") }
    #expect(glyphIds.count > 100)
    #expect(Set(glyphIds).count == glyphIds.count)
    #expect(!html.contains("lectern-formula-"))
}

@Test func htmlEscapesAuthorStrings() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    #expect(html.contains("<title>Auto-Encoders &amp; &lt;Friends&gt;</title>"))
    #expect(html.contains("Raw &lt;script&gt;alert(1)&lt;/script&gt; HTML"))
    let evil = Document(title: "x", blocks: [.paragraph([.link(url: "javascript:alert(1)", [.text("click")])])])
    let page = try HTMLWriter.write(evil)
    #expect(!page.contains("javascript:"))
    #expect(page.contains("click"))
}

@Test func htmlReferencesAreNumberedLinks() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    #expect(html.contains("<a class=\"ref\" href=\"#eq:rec\">Eq. (1)</a>"))
    #expect(html.contains("<a class=\"ref\" href=\"#fig:loss\">Figure 1</a>"))
    #expect(html.contains("<a class=\"ref\" href=\"#sec:pca\">Section 1.1</a>"))
    #expect(html.contains("<figure id=\"fig:loss\">"))
    #expect(html.contains("<span class=\"eqno\">(1)</span>"))
    // Table of contents links every section.
    #expect(html.contains("<a href=\"#sec:intro\"><span class=\"num\">1</span> Unsupervised learning</a>"))
}

@Test func htmlMathHasSVGAndMathML() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    #expect(html.contains("<span class=\"math\"><svg"))
    #expect(html.contains("<math"))
    // The malformed formula shows as red source with the error, and the page is still written.
    #expect(html.contains("<span class=\"math-error\""))
    #expect(html.contains("\\frac{1}{2"))
}

@Test func unknownLabelIsAnErrorNamingIt() throws {
    let doc = Document(
        title: "t",
        blocks: [
            .heading(level: 1, [.text("A")], label: "sec:a"),
            .paragraph([.text("See "), .reference("fig:nowhere"), .text(" and "), .reference("sec:a")]),
        ])
    #expect(throws: PublishError.self) { try HTMLWriter.write(doc) }
    #expect(throws: PublishError.self) { try PDFWriter.write(doc) }
    do {
        _ = try HTMLWriter.write(doc)
    } catch let error as PublishError {
        #expect(error.diagnostics == [PublishDiagnostic(kind: .unknownLabel("fig:nowhere"), isError: true)])
        #expect(error.description.contains("fig:nowhere"))
    }
    let (html, diagnostics) = HTMLWriter.render(doc)
    #expect(diagnostics.count == 1)
    #expect(html.contains("??fig:nowhere"))
    // Per-cell check for the notebook: which labels of these blocks are unknown.
    let numbering = Numbering(doc)
    #expect(numbering.unresolvedLabels(in: [doc.blocks[1]]) == ["fig:nowhere"])
    #expect(numbering.target("sec:a")?.referenceText == "Section 1")
}

@Test func numberingCountsSectionsFiguresEquations() throws {
    let doc = Document(
        title: "t",
        blocks: [
            .heading(level: 1, [.text("One")], label: nil),
            .displayMath(tex: "a", label: nil),
            .displayMath(tex: "b", label: "eq:b"),
            .heading(level: 2, [.text("One A")], label: "sec:1a"),
            .heading(level: 1, [.text("Two")], label: nil),
            .heading(level: 2, [.text("Two A")], label: "sec:2a"),
            .figure(Figure(content: TestPicture(), caption: [], label: nil)),
            .callout(.note, title: nil, [.figure(Figure(content: TestPicture(), caption: [], label: "fig:second"))]),
            .displayMath(tex: "c", label: "eq:c"),
        ])
    let n = Numbering(doc)
    #expect(n.sections.map(\.number) == ["1", "1.1", "2", "2.1"])
    #expect(n.target("sec:2a")?.number == "2.1")
    #expect(n.target("fig:second")?.number == "2")
    #expect(n.target("eq:b")?.number == "1")
    #expect(n.target("eq:c")?.number == "2")
    #expect(n.diagnostics.isEmpty)
}
