import Foundation
import Publish
import Testing

/// No single line of a paragraph, list item or quoted paragraph alone at the top or bottom of a page.
@Suite struct PageBreakTests {
    /// The words `q100 q101 …` of the target paragraph, as (page, baseline) of each line they fill.
    func targetLines(_ pdf: [UInt8]) throws -> [Int: Set<Int>] {
        let path = try Tool.temporaryFile(pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try Tool.run("/usr/bin/pdftotext", ["-bbox", path, "-"])
        var lines: [Int: Set<Int>] = [:]
        for (page, text) in html.components(separatedBy: "<page ").dropFirst().enumerated() {
            for word in text.components(separatedBy: "<word ").dropFirst() where word.contains(">q1") {
                guard let r = word.range(of: "yMin=\""), let end = word[r.upperBound...].firstIndex(of: "\""),
                    let y = Double(word[r.upperBound..<end])
                else { continue }
                lines[page, default: []].insert(Int(y.rounded()))
            }
        }
        return lines
    }

    /// The page of each word `word` of the PDF, in order.
    func pages(of word: String, in pdf: [UInt8]) throws -> [Int] {
        let path = try Tool.temporaryFile(pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try Tool.run("/usr/bin/pdftotext", ["-bbox", path, "-"])
        return html.components(separatedBy: "<page ").dropFirst().enumerated().flatMap { page, text in
            Array(repeating: page, count: text.components(separatedBy: ">\(word)</word>").count - 1)
        }
    }

    /// A callout's title or a heading stays on the page of the first lines of the paragraph after
    /// it, also when that paragraph has three lines and moves whole.
    @Test(arguments: ["callout", "heading"])
    func aTitleIsNeverLeftAloneAtThePageBottom(kind: String) throws {
        let words = (100..<148).map { "q\($0)" }.joined(separator: " ")
        var lowest = Int.max
        // A drawing of 0 to 17.5 points high on top moves everything down in steps finer than a line.
        for fillers in 20..<31 {
            for lift in stride(from: 0.0, to: 20, by: 2.5) {
                let titled: [Block] =
                    kind == "callout"
                    ? [.callout(.note, title: "Mind", [.paragraph([.text(words)])])]
                    : [.heading(level: 1, [.text("Mind")], label: nil), .paragraph([.text(words)])]
                let blocks =
                    [.figure(Figure(content: TestPicture(width: 100, ascent: lift), caption: []))]
                    + (0..<fillers).map { Block.paragraph([.text("Filler paragraph \($0).")]) } + titled
                let pdf = try PDFWriter.write(Document(title: "Page breaks", blocks: blocks))
                // The heading's title also stands in the running header of the pages after it.
                let title = try pages(of: "Mind", in: pdf).prefix(1)
                let first = try targetLines(pdf).keys.min()
                #expect(
                    title.count == 1 && title.first == first,
                    "after \(fillers) fillers and \(lift) points: title on \(title), text from \(first ?? -1)")
                lowest = min(lowest, first ?? .max)
            }
        }
        #expect(lowest == 0)
    }

    /// A three-line paragraph, list item or quotation after `fillers` one-line paragraphs: wherever
    /// the page ends, it is never split one line from two.
    @Test(arguments: ["paragraph", "list item", "quotation"])
    func aThreeLineBlockIsNeverSplitOneAndTwo(kind: String) throws {
        let words = (100..<148).map { "q\($0)" }.joined(separator: " ")
        let paragraph = Block.paragraph([.text(words)])
        let target: Block =
            switch kind {
            case "list item": .bulletList([[paragraph], [.paragraph([.text("after")])]])
            case "quotation": .blockQuote([paragraph])
            default: paragraph
            }
        var splitsSeen = 0
        var movedWhole = 0
        for fillers in 24..<40 {
            let blocks = (0..<fillers).map { Block.paragraph([.text("Filler paragraph \($0).")]) } + [target]
            let pdf = try PDFWriter.write(Document(title: "Page breaks", blocks: blocks))
            let lines = try targetLines(pdf)
            #expect(lines.values.map(\.count).reduce(0, +) == 3, "\(kind) should fill three lines: \(lines)")
            if lines.count > 1 {
                splitsSeen += 1
                #expect(lines.values.allSatisfy { $0.count >= 2 }, "\(kind) after \(fillers) fillers: \(lines)")
            }
            if lines.keys.min() == 1 { movedWhole += 1 }
        }
        // Three lines split two and one is the only split possible: it must never happen, and the
        // block moved whole to page 2 for some page ends instead.
        #expect(splitsSeen == 0)
        #expect(movedWhole > 0)
    }
}
