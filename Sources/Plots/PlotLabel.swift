import Graphics
import TeXMath

/// One line of label text in which `$…$` spans are typeset as math (axis labels, titles, legends).
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
        for (index, part) in PlotLabel.split(text).enumerated() where !part.isEmpty {
            let piece: any Drawable
            if index % 2 == 1, let formula = try? Formula.typeset(part, display: false, fontSize: font.size * 1.05) {
                piece = formula
            } else if index % 2 == 1 {
                piece = TextLayout(part, font: font.italicized(), color: color)
            } else {
                piece = TextLayout(part, font: font, color: color)
            }
            pieces.append((piece, x))
            x += piece.width
        }
        self.pieces = pieces
        width = x
        ascent = pieces.map(\.drawable.ascent).max() ?? 0
        descent = pieces.map(\.drawable.descent).max() ?? 0
    }

    /// Text and math alternately: even indices are text, odd ones formulas; an unpaired `$` is text.
    static func split(_ text: String) -> [String] {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 2 == 0 else { return parts }
        // An odd number of `$`: the last one has no partner, so glue it back as plain text.
        var fixed = Array(parts.dropLast(2))
        fixed.append(parts[parts.count - 2] + "$" + parts[parts.count - 1])
        if fixed.count % 2 == 0 { fixed.append("") }
        return fixed
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
