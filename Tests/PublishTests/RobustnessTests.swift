import Foundation
import Publish
import Testing

/// Markdown that once crashed a writer or came out wrong: deep nesting, what looks like Lectern's
/// own formula markers, control characters.
@Suite struct MarkdownRobustnessTests {
    func nestedList(_ depth: Int) -> String {
        (0..<depth).map { String(repeating: "  ", count: $0) + "- level \($0 + 1)" }.joined(separator: "\n")
    }

    @Test func listsNestedTooDeepAreAnErrorNamingTheLine() throws {
        for (markdown, line) in [(nestedList(5000), 17), (String(repeating: "> ", count: 5000) + "quoted", 1)] {
            do {
                _ = try MarkdownReader.parse(markdown)
                Issue.record("accepted \(markdown.prefix(40))")
            } catch let error as MarkdownError {
                #expect(error.description == "lists and block quotes nested more than 16 deep at line \(line)")
            }
        }
        let emphasis = String(repeating: "*a _", count: 200) + "b" + String(repeating: "_ a*", count: 200)
        #expect(throws: MarkdownError.self) { try MarkdownReader.parse(emphasis) }
    }

    @Test func sixteenLevelsAreWrittenInBothOutputs() throws {
        let document = Document(title: "Deep", blocks: try MarkdownReader.parse(nestedList(16)))
        let text = try Tool.pdftotext(try PDFWriter.write(document))
        #expect(text.contains("level 16"))
        #expect(try HTMLWriter.write(document).components(separatedBy: "<ul>").count == 17)
    }

    /// The inlines of each paragraph, and "display y" for a display formula.
    func outline(_ markdown: String) throws -> [String] {
        try MarkdownReader.parse(markdown).map { block in
            switch block {
            case .paragraph(let content): "\(content)"
            case .displayMath(let tex, _, _): "display \(tex)"
            default: "other"
            }
        }
    }

    @Test func formulaMarkersTypedByAnAuthorAreNeverTakenForFormulas() throws {
        // The markers around a formula's number, as an author might paste them, next to real formulas.
        #expect(
            try outline("A $x$ and \u{E001}0\u{E002}, then $$y$$ and \u{E001}1\u{E002} \u{E000} end.") == [
                "\([Inline.text("A "), .math("x"), .text(" and \u{FFFD}0\u{FFFD}, then ")])", "display y",
                "\([Inline.text(" and \u{FFFD}1\u{FFFD} \u{FFFD} end.")])",
            ])
        #expect(
            try outline("`\u{E001}0\u{E002}` $z$") == ["\([Inline.code("\u{FFFD}0\u{FFFD}"), .text(" "), .math("z")])"])
    }

    @Test func controlCharactersAreShownVisiblyInBothOutputs() throws {
        let document = Document(
            title: "Controls",
            blocks: try MarkdownReader.parse("# Heading \u{7}\n\nProse with a bell \u{7} and `code \u{1B}[1m`.") + [
                .output("printed NUL \u{0} and escape \u{1B}[31mred\u{1B}[0m\n"),
                .codeBlock(language: nil, "del \u{7F}"),
            ])
        let html = try HTMLWriter.write(document)
        #expect(!html.unicodeScalars.contains { ($0.value < 32 && $0 != "\n") || $0.value == 127 })
        for shown in [
            "Heading \u{2407}", "bell \u{2407} and", "code \u{241B}[1m", "NUL \u{2400} and escape \u{241B}[31mred",
            "del \u{2421}",
        ] {
            #expect(html.contains(shown), "HTML lacks \(shown)")
        }
        let pdf = try PDFWriter.write(document)
        try writeScratch("control-characters.pdf", pdf)
        let text = try Tool.pdftotext(pdf)
        // Latin Modern has no control pictures: the PDF names each character on a grey ground.
        for shown in ["Heading BEL", "bell BEL and", "code ESC[1m", "NUL NUL and escape ESC[31mredESC[0m", "del DEL"] {
            #expect(text.contains(shown), "PDF lacks \(shown): \(text)")
        }
    }
}

/// A label defined twice was numbered alike ((1), (1), (3)) and passed without a word.
@Suite struct DuplicateLabelTests {
    @Test func everyEquationKeepsItsOwnNumberAndTheDuplicateIsAnError() throws {
        let document = Document(
            title: "Twice",
            blocks: [
                .displayMath(tex: "a", label: "eq:a"), .displayMath(tex: "b", label: "eq:a"),
                .displayMath(tex: "c", label: "eq:c"), .paragraph([.reference("eq:a")]),
            ])
        let (html, diagnostics) = HTMLWriter.render(document)
        let numbers = html.components(separatedBy: "<span class=\"eqno\">").dropFirst().map { $0.prefix(3) }
        #expect(numbers == ["(1)", "(2)", "(3)"])
        #expect(html.contains("id=\"eq:a\"") && html.contains("id=\"eq:a-2\""))
        #expect(diagnostics == [PublishDiagnostic(kind: .duplicateLabel("eq:a"), isError: true)])
        #expect(throws: PublishError.self) { try HTMLWriter.write(document) }
        let text = try Tool.pdftotext(try PDFWriter.render(document).bytes)
        #expect(text.contains("(1)") && text.contains("(2)") && text.contains("(3)"), "\(text)")
        #expect(Numbering.labels(definedIn: document.blocks) == ["eq:a", "eq:a", "eq:c"])
    }
}
