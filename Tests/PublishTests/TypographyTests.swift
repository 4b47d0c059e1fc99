import Foundation
import Testing

@testable import Publish

/// What a reader notices: curly quotes and dashes in prose, never in code or math; code that folds
/// instead of running off the page.
struct TypographyTests {
    private func text(_ blocks: [Block]) -> String {
        guard case .paragraph(let inlines) = blocks.first else { return "" }
        return inlines.map { inline in
            switch inline {
            case .text(let t): t
            case .code(let c): "`\(c)`"
            case .math(let m): "$\(m)$"
            case .softBreak: " "
            default: ""
            }
        }.joined()
    }

    @Test func proseGetsCurlyQuotesAndDashesCodeAndMathKeepTheirs() throws {
        let blocks = try MarkdownReader.parse(#"It's "plain" -- and --- so `"x" -- y` with $a--b "c"$."#)
        #expect(text(blocks) == "It’s “plain” – and — so `\"x\" -- y` with $a--b \"c\"$.")
    }

    @Test func longCodeLinesFoldWithAHangingIndentAndAMark() {
        let line = "    let history = try model.fit(train, epochs: 8, validation: test, rng: ctx.random(\"batches\"))"
        let folded = CodeWrapping.wrap(line + "\nshort", columns: 40).split(separator: "\n").map(String.init)
        #expect(folded.count > 2)
        #expect(folded.allSatisfy { $0.count <= 40 })
        #expect(folded.last == "short")
        for continuation in folded.dropFirst().dropLast() {
            #expect(continuation.hasPrefix("      " + CodeWrapping.mark), "\(continuation)")
        }
        // Nothing is lost: the pieces put back together are the line.
        let rejoined = folded.dropLast().enumerated().map { index, piece in
            index == 0 ? piece : String(piece.dropFirst(6 + CodeWrapping.mark.count))
        }.joined()
        #expect(rejoined == line)
    }

    @Test func aFoldedListingStaysInsideThePage() throws {
        let long = (0..<8).map {
            "value\($0) = compute(alpha: 1.0, beta: 2.0, gamma: 3.0, delta: 4.0, epsilon: 5.0, zeta: 6.0, eta: 7.0, theta: 8.0)"
        }
        let document = Document(title: "Code", blocks: [.codeBlock(language: "swift", long.joined(separator: "\n"))])
        let pdf = try PDFWriter.render(document).bytes
        let directory = NSTemporaryDirectory() + "lectern-typography-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(pdf).write(to: URL(fileURLWithPath: directory + "/code.pdf"))
        let text = try Tool.run("/usr/bin/pdftotext", ["-layout", directory + "/code.pdf", "-"])
        #expect(text.contains("↪"))
        #expect(text.contains("theta: 8.0)"))
    }
}
