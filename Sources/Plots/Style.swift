import Graphics

/// Sizes, fonts and greys shared by every figure, chosen to read well at handout size (≈ 9 pt text).
enum Style {
    static let tickFont = Font.sans(8)
    static let labelFont = Font.sans(9)
    static let titleFont = Font.sans(10).bold()
    static let legendFont = Font.sans(8)
    static let figureTitleFont = Font.sans(11).bold()

    static let ink = Color(gray: 0.15)
    static let gridColor = Color(gray: 0.9)
    static let tickLength = 3.5
    static let minorTickLength = 2.0
    static let tickPad = 2.5
    static let labelPad = 4.0
    static let titlePad = 6.0
    static let outerPad = 2.0
    static let frameWidth = 0.8
}

/// Space kept around a frame for ticks, labels, titles, legends and colour bars.
struct Insets: Sendable, Equatable {
    var top: Double
    var left: Double
    var bottom: Double
    var right: Double

    init(top: Double, left: Double, bottom: Double, right: Double) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    static let zero = Insets(top: 0, left: 0, bottom: 0, right: 0)

    func union(_ o: Insets) -> Insets {
        Insets(top: max(top, o.top), left: max(left, o.left), bottom: max(bottom, o.bottom), right: max(right, o.right))
    }

    func covers(_ o: Insets) -> Bool {
        let eps = 0.01
        return top + eps >= o.top && left + eps >= o.left && bottom + eps >= o.bottom && right + eps >= o.right
    }
}

/// A label at its place in a figure; `vertical` labels read bottom to top.
struct PlacedLabel {
    var label: PlotLabel
    /// The box the label covers on the canvas (already turned for vertical labels).
    var rect: Rect
    var vertical: Bool = false

    func draw(on canvas: Canvas) {
        if vertical {
            label.drawVertical(on: canvas, center: rect.center)
        } else {
            label.draw(on: canvas, topLeft: Point(rect.minX, rect.minY))
        }
    }
}

extension Rect {
    /// The smallest rectangle holding both.
    func union(_ o: Rect) -> Rect {
        let x0 = min(minX, o.minX)
        let y0 = min(minY, o.minY)
        return Rect(x: x0, y: y0, width: max(maxX, o.maxX) - x0, height: max(maxY, o.maxY) - y0)
    }

    func offsetBy(dx: Double, dy: Double) -> Rect { Rect(x: x + dx, y: y + dy, width: width, height: height) }
}
