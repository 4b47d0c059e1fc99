import Graphics
import TeXMath

/// One line of label text in which `$…$` spans are typeset as math (axis labels, titles, legends,
/// diagram labels), read by the same grammar as prose (`TextWithMath`), so `"$5 and $10"` is text here
/// as in a paragraph.
///
/// A formula that does not parse is shown as its source in italics rather than stopping the figure.
public struct PlotLabel: Drawable {
    public let text: String
    private let pieces: [(drawable: any Drawable, x: Double)]
    public let width: Double
    public let ascent: Double
    public let descent: Double

    public init(_ text: String, font: Font, color: Color = .black) {
        self.text = text
        var pieces: [(drawable: any Drawable, x: Double)] = []
        var x = 0.0
        for part in TextWithMath.pieces(text) {
            let piece: any Drawable
            switch part {
            case .math(let tex):
                if let formula = try? Formula.typeset(tex, display: false, fontSize: font.size * 1.05) {
                    piece = formula
                } else {
                    piece = TextLayout(tex, font: font.italicized(), color: color)
                }
            case .text(let plain):
                piece = TextLayout(plain, font: font, color: color)
            }
            pieces.append((piece, x))
            x += piece.width
        }
        self.pieces = pieces
        width = x
        ascent = pieces.map(\.drawable.ascent).max() ?? 0
        descent = pieces.map(\.drawable.descent).max() ?? 0
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        for piece in pieces {
            piece.drawable.draw(on: canvas, at: Point(origin.x + piece.x, origin.y))
        }
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
