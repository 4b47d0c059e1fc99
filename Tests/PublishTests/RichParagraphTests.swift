import Foundation
import Graphics
import Testing

/// A box standing in for an inline formula: `ascent` above the baseline, `descent` below.
struct Box: Drawable {
    var width: Double
    var ascent: Double
    var descent: Double
    func draw(on canvas: Canvas, at origin: Point) {
        canvas.fillRect(
            Rect(x: origin.x, y: origin.y - ascent, width: width, height: ascent + descent),
            Color(hex: 0x2F6DB5, alpha: 0.5))
        canvas.fillRect(Rect(x: origin.x, y: origin.y - 0.25, width: width, height: 0.5), Color(hex: 0xB3261E))
    }
}

private let sentence = "The quick brown fox jumps over the lazy dog while the encoder maps every image to a code. "

@Test func justifiedLinesAreFlushWithInlineBoxes() throws {
    var markup = ""
    var boxes: [any Drawable] = []
    for i in 0..<12 {
        markup += sentence + (i % 3 == 0 ? "<i>italic words</i> " : "")
        markup += "with \(RichParagraph.placeholder) inline, "
        boxes.append(Box(width: 18 + Double(i % 4) * 9, ascent: i % 2 == 0 ? 16 : 7, descent: i % 2 == 0 ? 8 : 2))
    }
    let width = 300.0
    let p = try RichParagraph(markup: markup, inline: boxes, font: .roman(11), width: width)
    #expect(p.lines.count > 10)
    // Every line but the last fills the measure exactly (Pango 1.50's short lines are corrected).
    for line in p.lines.dropLast() {
        #expect(abs(line.width - width) < 0.01, "line \(line) is not flush")
    }
    // Lines holding a tall box grow: they are taller than plain text lines.
    let heights = p.lines.map(\.height)
    #expect((heights.max() ?? 0) > (heights.min() ?? 0) + 5)
    let pdf = try Surface.render(.pdf, size: Size(width + 40, p.height + 40)) { canvas in
        p.draw(on: canvas, topLeft: Point(20, 20), lines: 0..<p.lines.count)
    }
    try writeScratch("paragraph.pdf", pdf)
}

@Test func linkRectanglesCoverTheirText() throws {
    let markup = "See <span color=\"#1f4e8c\">Figure 3</span> for the curve."
    let p = try RichParagraph(markup: markup, inline: [], font: .roman(11), width: 400, alignment: .left)
    let rects = p.rects(forTextBytes: 4..<12)
    #expect(rects.count == 1)
    let r = rects[0].rect
    #expect(r.x > 10 && r.width > 30 && r.width < 60)
    #expect(p.naturalWidth < 200)
}

@Test func badMarkupThrows() {
    #expect(throws: GraphicsError.self) {
        _ = try RichParagraph(markup: "<b>unclosed", inline: [], font: .roman(11), width: 100)
    }
}

@Test func linesHaveAtLeastTheTextHeight() throws {
    let text = try RichParagraph(markup: sentence + sentence + sentence, inline: [], font: .roman(11), width: 200)
    let tiny = try RichParagraph(
        markup: String(RichParagraph.placeholder), inline: [Box(width: 5, ascent: 3, descent: 1)],
        font: .roman(11), width: 200)
    // Text lines stack with no gaps, and a lone small box is given a full text line.
    for (a, b) in zip(text.lines, text.lines.dropFirst()) { #expect(abs(a.top + a.height - b.top) < 0.001) }
    #expect(abs(tiny.lines[0].height - text.lines[0].height) < 0.01)
    #expect(abs(tiny.lines[0].baseline - text.lines[0].baseline) < 0.01)
}

@Test func strutLeavesTextLinesAsPangoSetsThem() throws {
    let p = try RichParagraph(markup: "Plain text, one line.", inline: [], font: .roman(11), width: 400)
    let pango = TextLayout("Plain text, one line.", font: .roman(11))
    #expect(abs(p.lines[0].height - pango.extent.height) < 0.001)
    #expect(abs(p.lines[0].baseline - pango.baseline) < 0.001)
}

@Test func aWordLongerThanTheLineBreaksAnywhereInsteadOfRunningOff() throws {
    let word = String(repeating: "0123456789abcdef", count: 40)
    let width = 200.0
    let p = try RichParagraph(markup: "A hash: " + word + " and on.", inline: [], font: .roman(11), width: width)
    #expect(p.lines.count > 5)
    #expect(p.naturalWidth <= width + 0.01, "widest line \(p.naturalWidth)")
    let png = try Surface.render(.png, size: Size(width + 20, p.height + 20), scale: 2, background: .white) {
        p.draw(on: $0, topLeft: Point(10, 10), lines: 0..<p.lines.count)
    }
    try writeScratch("long-word.png", png)
}

/// Pango 1.50 justifies a line that ends in an inserted hyphen without counting the hyphen when another
/// thread shapes text at the same moment: the line then runs a hyphen's width past the measure.
@Test func paragraphsLaidOutOnSeveralThreadsAtOnceKeepToTheMeasure() {
    let text = "A hash: " + String(repeating: "0123456789abcdef", count: 40) + " and on."
    let widest = ConcurrentWidest()
    DispatchQueue.concurrentPerform(iterations: 4) { thread in
        for round in 0..<25 {
            let font = Font.roman(thread % 2 == 0 ? 11 : 9)
            if round % 2 == 0, let p = try? RichParagraph(markup: text, inline: [], font: font, width: 200) {
                widest.note(p.naturalWidth)
            } else {
                widest.note(TextLayout(text, font: font, width: 200, alignment: .justify).width)
            }
        }
    }
    #expect(widest.value <= 200.01, "widest line \(widest.value)")
}

private final class ConcurrentWidest: @unchecked Sendable {
    private let lock = NSLock()
    private var widest = 0.0
    var value: Double { lock.withLock { widest } }
    func note(_ width: Double) { lock.withLock { widest = max(widest, width) } }
}
