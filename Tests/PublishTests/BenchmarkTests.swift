import Foundation
import Graphics
import Publish
import Testing

/// A lecture-sized document: 15 sections, 150 formulas (120 inline, 30 display) from the seed
/// lectures, 15 figures, references between them; about 20 A4 pages.
enum BenchmarkDocument {
    static func formulas() -> (inline: [String], display: [String]) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seed-formulas.tsv").path
        let fallback = (["x_i^2", "\\hat{x} = g_\\theta(z)"], ["L = \\frac{1}{d}\\sum_{j=1}^{d} (x_j - \\hat{x}_j)^2"])
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return fallback }
        var inline: [String] = []
        var display: [String] = []
        for line in text.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 4 else { continue }
            if cols[1] == "inline" { inline.append(String(cols[3])) } else { display.append(String(cols[3])) }
        }
        return inline.isEmpty || display.isEmpty ? fallback : (inline, display)
    }

    static let prose = """
        Auto-encoders learn a compressed representation of their input by reconstructing it through a \
        bottleneck. The encoder maps each observation to a code and the decoder maps the code back to the \
        input space; training minimises the reconstruction error over the data set, and regularisers \
        shape the geometry of the learned representation.
        """

    static func make() -> Document {
        let (inline, display) = formulas()
        var blocks: [Block] = []
        var i = 0
        var d = 0
        for s in 1...15 {
            blocks.append(.heading(level: 1, [.text("Section about representations \(s)")], label: "sec:s\(s)"))
            for p in 0..<4 {
                var content: [Inline] = []
                for k in 0..<2 {
                    content += [
                        .text(prose + " Consider "), .math(inline[i % inline.count]),
                        .text(k == 0 ? " in the encoder, and " : " in the decoder. "),
                    ]
                    i += 1
                }
                content += [
                    .text("See "), .reference("eq:s\(s)a"), .text(" and "), .reference("fig:s\(s)"), .text("."),
                ]
                blocks.append(.paragraph(content))
                if p == 1 {
                    blocks.append(.displayMath(tex: display[d % display.count], label: "eq:s\(s)a"))
                    d += 1
                    blocks.append(.displayMath(tex: display[d % display.count], label: nil))
                    d += 1
                }
            }
            blocks.append(
                .figure(
                    Figure(
                        content: TestPicture(width: 420, ascent: 240),
                        caption: [.text("Codes of section \(s), coloured by class.")],
                        label: "fig:s\(s)")))
        }
        return Document(title: "Benchmark lecture", author: "Lectern", date: "2026-11-23", blocks: blocks)
    }
}

/// Both writers on a lecture-sized document: every reference resolves and it fills its pages.
/// How fast they are is `lectern bench documents`'s business, in a release build.
@Test func lectureSizedDocumentFillsAboutTwentyPages() throws {
    let doc = BenchmarkDocument.make()
    let html = try HTMLWriter.write(doc)
    let pdf = try PDFWriter.write(doc)
    try writeScratch("lecture-sized.html", Array(html.utf8))
    try writeScratch("lecture-sized.pdf", pdf)
    let pages = try Tool.pdftotext(pdf).split(separator: "\u{0C}").count
    #expect(pages >= 18)
    #expect(html.components(separatedBy: "<figure").count - 1 == 15)
}
