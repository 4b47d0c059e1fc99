import Publish
import Testing

/// The inlines of the single paragraph `markdown` parses to.
private func inlines(_ markdown: String) throws -> [Inline] {
    let blocks = try MarkdownReader.parse(markdown)
    guard blocks.count == 1, case .paragraph(let content) = blocks[0] else {
        Issue.record("expected one paragraph, got \(blocks)")
        return []
    }
    return content
}

@Test func mathKeepsUnderscoresAndAsterisks() throws {
    let content = try inlines("Let $a_i * b_i$ and $c_j * d_j$ be *given*.")
    #expect(content == [
        .text("Let "), .math("a_i * b_i"), .text(" and "), .math("c_j * d_j"), .text(" be "),
        .emphasis([.text("given")]), .text("."),
    ])
}

@Test func escapedDollarAndPricesAreProse() throws {
    #expect(try inlines(#"It costs \$5, not \$6."#) == [.text("It costs $5, not $6.")])
    #expect(try inlines("Between $5 and $10 a day.") == [.text("Between $5 and $10 a day.")])
    #expect(try inlines("$ x$ is not math") == [.text("$ x$ is not math")])
}

@Test func dollarsInCodeAreCode() throws {
    #expect(try inlines("Run `echo $HOME_DIR $x_y$` now") == [.text("Run "), .code("echo $HOME_DIR $x_y$"), .text(" now")])
    let blocks = try MarkdownReader.parse("```sh\necho $a_b$ *x*\n```\n")
    guard case .codeBlock(let language, let code) = blocks.first else {
        Issue.record("no code block")
        return
    }
    #expect(language == "sh")
    #expect(code == "echo $a_b$ *x*")
}

@Test func displayMathBecomesItsOwnBlockWithLabel() throws {
    let blocks = try MarkdownReader.parse("Before the formula\n$$\\sum_{i=1}^n x_i^2$$ {#eq:sum}\nand after.")
    #expect(blocks.count == 3)
    guard blocks.count == 3, case .displayMath(let tex, let label, _) = blocks[1] else {
        Issue.record("no display math in \(blocks)")
        return
    }
    #expect(tex == "\\sum_{i=1}^n x_i^2")
    #expect(label == "eq:sum")
    if case .paragraph(let after) = blocks[2] { #expect(after == [.text("and after.")]) }
}

@Test func multiLineDisplayMath() throws {
    let blocks = try MarkdownReader.parse("$$\na_b *\nc_d\n$$\n")
    guard blocks.count == 1, case .displayMath(let tex, nil, _) = blocks[0] else {
        Issue.record("expected one display formula, got \(blocks)")
        return
    }
    #expect(tex == "a_b *\nc_d")
}

@Test func rawHTMLIsText() throws {
    #expect(try inlines("A <b>bold</b> claim") == [.text("A <b>bold</b> claim")])
    let blocks = try MarkdownReader.parse("<script>alert(1)</script>\n")
    guard case .paragraph(let content) = blocks.first else {
        Issue.record("raw HTML block vanished")
        return
    }
    #expect(content == [.text("<script>alert(1)</script>")])
}

@Test func tablesWithAlignment() throws {
    let blocks = try MarkdownReader.parse("| a | b | c |\n|:--|:-:|--:|\n| $x_1$ | **2** | 3 |\n")
    guard case .table(let t) = blocks.first else {
        Issue.record("no table")
        return
    }
    #expect(t.alignments == [.left, .center, .right])
    #expect(t.header == [[.text("a")], [.text("b")], [.text("c")]])
    #expect(t.rows.count == 1)
    #expect(t.rows[0][0] == [.math("x_1")])
    #expect(t.rows[0][1] == [.strong([.text("2")])])
}

@Test func nestedLists() throws {
    let blocks = try MarkdownReader.parse("3. three\n4. four\n   - inner *a*\n   - inner b\n")
    guard case .orderedList(let start, let items) = blocks.first else {
        Issue.record("no ordered list")
        return
    }
    #expect(start == 3)
    #expect(items.count == 2)
    guard items.count == 2, case .bulletList(let inner)? = items[1].last else {
        Issue.record("no nested list")
        return
    }
    #expect(inner.count == 2)
    if case .paragraph(let c)? = inner[0].first { #expect(c == [.text("inner "), .emphasis([.text("a")])]) }
}

@Test func referencesAndHeadingLabels() throws {
    let blocks = try MarkdownReader.parse("## The VAE {#sec:vae}\n\nSee @fig:loss, @eq:rec. Mail me@fig.org.")
    guard blocks.count == 2, case .heading(2, let title, let label, _) = blocks[0], case .paragraph(let c) = blocks[1]
    else {
        Issue.record("unexpected blocks \(blocks)")
        return
    }
    #expect(title == [.text("The VAE")])
    #expect(label == "sec:vae")
    #expect(c.prefix(5) == [.text("See "), .reference("fig:loss"), .text(", "), .reference("eq:rec"), .text(". Mail ")])
    #expect(!c.contains(.reference("fig.org")))
}

@Test func strikethroughAndAutolinks() throws {
    let content = try inlines("~~old~~ see https://example.org")
    #expect(content.first == .strikethrough([.text("old")]))
    #expect(content.contains(.link(url: "https://example.org", [.text("https://example.org")])))
}

@Test func mathInHeadingsAndLinksText() throws {
    let blocks = try MarkdownReader.parse("# Loss $L_{rec}$\n")
    guard case .heading(1, let title, nil, _) = blocks.first else {
        Issue.record("no heading")
        return
    }
    #expect(title == [.text("Loss "), .math("L_{rec}")])
}

@Test func hardLineBreak() throws {
    #expect(try inlines("one\\\ntwo") == [.text("one"), .lineBreak, .text("two")])
}

@Test func displayMathInHeadingsAndCellsIsSetInline() throws {
    let blocks = try MarkdownReader.parse("# Energy $$E = mc^2$$\n\n| a |\n|---|\n| $$x_1$$ |\n")
    guard blocks.count == 2, case .heading(1, let title, nil, _) = blocks[0], case .table(let t) = blocks[1] else {
        Issue.record("unexpected \(blocks)")
        return
    }
    #expect(title == [.text("Energy "), .math("E = mc^2")])
    #expect(t.rows[0][0] == [.math("x_1")])
}

@Test func footnotesBecomeNotes() throws {
    let blocks = try MarkdownReader.parse("PCA is linear.[^lin]\n\n[^lin]: A linear auto-encoder learns the same subspace.\n")
    guard blocks.count == 2, case .paragraph(let text) = blocks[0], case .callout(.note, let title, let body) = blocks[1]
    else {
        Issue.record("unexpected \(blocks)")
        return
    }
    #expect(text == [.text("PCA is linear.[1]")])
    #expect(title == "Note 1")
    #expect(body.count == 1)
}

@Test func footnotesAreNumberedInReferenceOrder() throws {
    let blocks = try MarkdownReader.parse("a[^b] c[^a]\n\n[^a]: Alpha.\n\n[^b]: Beta.\n")
    guard blocks.count == 3, case .paragraph(let text) = blocks[0], case .callout(_, let t1, let b1) = blocks[1],
        case .callout(_, let t2, _) = blocks[2]
    else {
        Issue.record("unexpected \(blocks)")
        return
    }
    #expect(text == [.text("a[1] c[2]")])
    #expect(t1 == "Note 1")
    #expect(t2 == "Note 2")
    if case .paragraph(let p)? = b1.first { #expect(p == [.text("Beta.")]) }
}
