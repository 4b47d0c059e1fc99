import Lectern

/// Figures placed next to each other, top edges aligned (two network diagrams, three 3-D views).
struct FiguresSideBySide: Drawable {
    let parts: [any Drawable]
    let gap: Double
    init(_ parts: [any Drawable], gap: Double = 12) {
        self.parts = parts
        self.gap = gap
    }
    var width: Double { parts.map(\.width).reduce(0, +) + gap * Double(max(parts.count - 1, 0)) }
    // The parts hang from a common top edge, so titles line up whatever their heights.
    var ascent: Double { parts.map(\.ascent).max() ?? 0 }
    var descent: Double { parts.map { $0.ascent + $0.descent - ascent }.max().map { max($0, 0) } ?? 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        var x = origin.x
        for part in parts {
            part.draw(on: canvas, at: Point(x, origin.y - ascent + part.ascent))
            x += part.width + gap
        }
    }
}
