import Graphics
import TeXMath

/// One line of label text in which `$…$` spans are typeset as math (axis labels, titles, legends,
/// diagram labels), read by the same grammar as prose (`TextWithMath`), so `"$5 and $10"` is text here
/// as in a paragraph.
///
/// A formula that does not parse is shown as its source in italics rather than stopping the figure.
public struct PlotLabel: Drawable {
    public let text: String
    /// The label as a one-line paragraph, laid out as prose is; nil for an empty label.
    private let line: RichParagraph?
    public let width: Double
    public let ascent: Double
    public let descent: Double

    public init(_ text: String, font: Font, color: Color = .black) {
        self.text = text
        var markup = ""
        var formulas: [any Drawable] = []
        for part in TextWithMath.pieces(text) {
            switch part {
            case .math(let tex):
                if let formula = try? Formula.typeset(tex, display: false, fontSize: font.size * 1.05) {
                    formulas.append(formula)
                    markup.append(RichParagraph.placeholder)
                } else {
                    markup += "<i>" + Self.escape(tex) + "</i>"
                }
            case .text(let plain):
                markup += Self.escape(plain)
            }
        }
        // Escaped text always reads as markup; should Pango refuse it anyway, the label is left out.
        let line =
            markup.isEmpty
            ? nil
            : try? RichParagraph(
                markup: markup, inline: formulas, font: font, width: nil, alignment: .left, color: color,
                strut: false)
        self.line = line
        width = line?.naturalWidth ?? 0
        ascent = line?.lines.first?.baseline ?? 0
        descent = (line?.height ?? 0) - ascent
    }

    /// Author text as markup, without the character that stands for a formula.
    private static func escape(_ text: String) -> String {
        TextLayout.escapeMarkup(text.filter { $0 != RichParagraph.placeholder })
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        guard let line else { return }
        line.draw(on: canvas, topLeft: Point(origin.x, origin.y - ascent), lines: 0..<line.lines.count)
    }

    /// Draws with the top-left corner of the box at `topLeft`.
    public func draw(on canvas: Canvas, topLeft: Point) {
        draw(on: canvas, at: Point(topLeft.x, topLeft.y + ascent))
    }

    /// Draws turned a quarter turn anticlockwise (a y-axis label), the box's centre at `center`.
    public func drawVertical(on canvas: Canvas, center: Point) {
        canvas.withSavedState {
            canvas.translate(center.x, center.y)
            canvas.rotate(-Double.pi / 2)
            draw(on: canvas, at: Point(-width / 2, (ascent - descent) / 2))
        }
    }
}
