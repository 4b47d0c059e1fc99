import Graphics

/// One named line of (x, y) points.
public struct Series: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public init(name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }
    /// y against 1, 2, 3, … (epochs, steps).
    public init(name: String, y: [Double]) {
        self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y)
    }
}

/// Lines in one panel with a frame, labelled axes and a title.
///
/// Thin first version; the Plots issue gives it ticks, legends and the lecture figure kinds.
public struct LinePlot: Drawable {
    public var series: [Series]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var size: Size

    public init(
        _ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
        size: Size = Size(360, 240)
    ) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.size = size
    }

    public var width: Double { size.width }
    public var ascent: Double { size.height }
    public var descent: Double { 0 }

    public func draw(on canvas: Canvas, at origin: Point) {
        let top = origin.y - size.height
        let frame = Rect(x: origin.x + 40, y: top + 20, width: size.width - 50, height: size.height - 50)
        let xs = series.flatMap(\.x).filter(\.isFinite)
        let ys = series.flatMap(\.y).filter(\.isFinite)
        let xr = (xs.min() ?? 0, xs.max() ?? 1)
        let yr = (ys.min() ?? 0, ys.max() ?? 1)
        func px(_ x: Double) -> Double { frame.minX + (x - xr.0) / max(xr.1 - xr.0, 1e-12) * frame.width }
        func py(_ y: Double) -> Double { frame.maxY - (y - yr.0) / max(yr.1 - yr.0, 1e-12) * frame.height }
        let palette = [Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xCC79A7)]
        for (i, s) in series.enumerated() {
            canvas.addPolyline(zip(s.x, s.y).map { Point(px($0), py($1)) })
            canvas.stroke(palette[i % palette.count], width: 1.5, join: .round)
        }
        canvas.addRect(frame)
        canvas.stroke(.black, width: 0.8)
        let font = Font.sans(9)
        TextLayout(title, font: font.bold()).draw(on: canvas, topLeft: Point(frame.minX, top + 4))
        let xl = TextLayout(xLabel, font: font)
        xl.draw(on: canvas, topLeft: Point(frame.center.x - xl.width / 2, frame.maxY + 14))
        for (value, anchor) in [(yr.1, frame.minY), (yr.0, frame.maxY)] {
            let t = TextLayout(shortNumber(value), font: font.sized(8))
            t.draw(on: canvas, topLeft: Point(frame.minX - t.width - 3, anchor - t.height / 2))
        }
    }

    private func shortNumber(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
