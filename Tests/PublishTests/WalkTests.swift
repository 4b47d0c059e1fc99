import Graphics
import Plots
import Publish
import TeXMath
import Testing

/// The generic walk reaches every place a block or inline can stand, and the numbering pass built on it
/// puts each number and anchor on its node, so the writers read them and never count.
struct WalkTests {
    /// One formula in each place a formula can stand, in reading order.
    static let everywhere: [Block] = [
        .heading(level: 1, [.text("Heading "), .math("h")], label: nil),
        .paragraph([.emphasis([.strong([.math("p")])])]),
        .bulletList([[.paragraph([.link(url: "https://x", [.math("l")])])]]),
        .orderedList(start: 3, [[.blockQuote([.paragraph([.strikethrough([.math("q")])])])]]),
        .displayMath(tex: "d", label: nil),
        .figure(Figure(content: TestPicture(), caption: [.math("f")])),
        .table(Table(header: [[.math("th")]], rows: [[[.math("td")]]], alignments: [.left], caption: [.math("tc")])),
        .callout(.note, title: nil, [.paragraph([.math("c")])]),
        .codeBlock(language: nil, "$not math$"),
        .output("$not math$"),
        .error(message: "$not math$", location: nil),
        .horizontalRule,
    ]

    @Test func aQueryFindsEveryFormulaInReadingOrder() {
        let inline: [String] = Self.everywhere.query(inlines: { if case .math(let t) = $0 { [t] } else { [] } })
        #expect(inline == ["h", "p", "l", "q", "f", "tc", "th", "td", "c"])
        let display: [String] = Self.everywhere.query(blocks: {
            if case .displayMath(let t, _, _) = $0 { [t] } else { [] }
        })
        #expect(display == ["d"])
    }

    @Test func aWalkTransformsInlinesAtAnyDepth() {
        let upper = Self.everywhere.walk(inlines: { inline in
            if case .math(let t) = inline { return .math(t.uppercased()) }
            return inline
        })
        let found: [String] = upper.query(inlines: { if case .math(let t) = $0 { [t] } else { [] } })
        #expect(found == ["H", "P", "L", "Q", "F", "TC", "TH", "TD", "C"])
        // Blocks that are not touched keep their shape: same count, same kinds.
        #expect(upper.count == Self.everywhere.count)
    }

    // MARK: The numbering pass

    static let numbered = Document(
        title: "t",
        blocks: [
            .heading(level: 2, [.text("Intro")], label: nil),
            .paragraph([
                .text("See "), .reference("fig:b"), .text(", "), .reference("eq:e"), .text(", "),
                .reference("tab:t"), .text(" and "), .reference("sec:deep"),
            ]),
            .displayMath(tex: "a", label: nil),
            .figure(Figure(content: TestPicture(), caption: [.text("A")])),
            .callout(
                .note, title: nil,
                [
                    .heading(level: 3, [.text("Deep")], label: "sec:deep"),
                    .figure(Figure(content: TestPicture(), caption: [.text("B")], label: "fig:b")),
                ]),
            .displayMath(tex: "e", label: "eq:e"),
            .table(Table(header: [[.text("x")]], rows: [], alignments: [.left])),
            .table(Table(header: [[.text("x")]], rows: [], alignments: [.left], label: "tab:t")),
            .heading(level: 2, [.text("Intro")], label: nil),
        ])

    @Test func resolvingPutsNumbersAndAnchorsOnTheNodes() {
        let resolved = Numbering.resolve(Self.numbered)
        #expect(resolved.isNumbered)
        let targets: [Numbering.Target] = resolved.query(blocks: { block in
            switch block {
            case .heading(_, _, _, let t?), .displayMath(_, _, let t?): [t]
            case .figure(let f): f.target.map { [$0] } ?? []
            case .table(let t): t.target.map { [$0] } ?? []
            default: []
            }
        })
        #expect(targets.map(\.kind) == [.section, .figure, .section, .figure, .equation, .table, .section])
        #expect(targets.map(\.number) == ["1", "1", "1.1", "2", "1", "1", "2"])
        // Two headings with the same text get distinct anchors; labels become anchors.
        #expect(targets.map(\.anchor) == ["sec-intro", "fig-1", "sec:deep", "fig:b", "eq:e", "tab:t", "sec-intro-2"])
        // Unlabelled display formulas and tables take no number.
        let unnumbered = resolved.blocks.filter {
            switch $0 {
            case .displayMath(_, nil, nil): true
            case .table(let t): t.target == nil
            default: false
            }
        }
        #expect(unnumbered.count == 2)
        // Resolving again changes nothing.
        let again = Numbering.resolve(resolved)
        let againTargets: [String] = again.query(blocks: { block in
            if case .heading(_, _, _, let t?) = block { [t.anchor] } else { [] }
        })
        #expect(againTargets == ["sec-intro", "sec:deep", "sec-intro-2"])
    }

    @Test func referencesResolveToTheNumbersOnTheNodes() throws {
        let numbering = Numbering(Numbering.resolve(Self.numbered))
        #expect(numbering.target("fig:b")?.referenceText == "Figure 2")
        #expect(numbering.target("eq:e")?.referenceText == "Eq. (1)")
        #expect(numbering.target("tab:t")?.referenceText == "Table 1")
        #expect(numbering.target("sec:deep")?.referenceText == "Section 1.1")
        #expect(numbering.sections.map(\.anchor) == ["sec-intro", "sec:deep", "sec-intro-2"])
        #expect(numbering.diagnostics.isEmpty)
        let html = try HTMLWriter.write(Self.numbered)
        #expect(html.contains("<a class=\"ref\" href=\"#fig:b\">Figure 2</a>"))
        #expect(html.contains("<a class=\"ref\" href=\"#sec:deep\">Section 1.1</a>"))
    }

    @Test func anUnknownReferenceIsReportedOnce() {
        var document = Self.numbered
        document.blocks.append(.paragraph([.reference("fig:nowhere"), .reference("fig:nowhere")]))
        let numbering = Numbering(Numbering.resolve(document))
        #expect(numbering.diagnostics == [PublishDiagnostic(kind: .unknownLabel("fig:nowhere"), isError: true)])
    }

    /// The writers take numbers from the nodes of a resolved document: a number put there by hand is
    /// the one both outputs show, which would not be so if they counted for themselves.
    @Test func theWritersReadTheNumbersOffTheNodes() throws {
        var document = Numbering.resolve(
            Document(
                title: "t", blocks: [.figure(Figure(content: TestPicture(), caption: [.text("Cap")], label: "fig:a"))]))
        document.blocks = document.blocks.walk(blocks: { block in
            guard case .figure(var f) = block else { return block }
            f.target = Numbering.Target(kind: .figure, number: "7", anchor: "seven")
            return .figure(f)
        })
        let html = try HTMLWriter.write(document)
        #expect(html.contains("<figure id=\"seven\">"))
        #expect(html.contains("Figure 7."))
        let pdf = try PDFWriter.write(document)
        let text = try Tool.pdftotext(pdf)
        #expect(text.contains("Figure 7."))
    }

    // MARK: One text-with-math grammar

    private func paragraph(_ markdown: String) throws -> [Inline] {
        let blocks = try MarkdownReader.parse(markdown)
        guard blocks.count == 1, case .paragraph(let inlines) = blocks[0] else { return [] }
        return inlines
    }

    /// `"$5 and $10"` is prose in a paragraph, and the same text in an axis label: both follow
    /// `TextWithMath`'s rules. A real formula is math in both.
    @Test func dollarsReadTheSameInProseAndInAxisLabels() throws {
        #expect(try paragraph("$5 and $10") == [.text("$5 and $10")])
        #expect(TextWithMath.pieces("$5 and $10") == [.text("$5 and $10")])
        let font = Font.roman(10)
        let label = PlotLabel("$5 and $10", font: font)
        #expect(abs(label.width - TextLayout("$5 and $10", font: font).width) < 1e-9)

        #expect(try paragraph("loss $L(x)$ per epoch") == [.text("loss "), .math("L(x)"), .text(" per epoch")])
        #expect(TextWithMath.pieces("loss $L(x)$ per epoch") == [.text("loss "), .math("L(x)"), .text(" per epoch")])
        #expect(TextWithMath.pieces("costs \\$3 or $x $") == [.text("costs $3 or $x $")])
    }
}
