import Graphics

/// Something drawn over a 2-D data set.
public enum Overlay: Sendable {
    /// A curve through the given points (a fitted manifold, a decoder's image of a line).
    case curve(String, x: [Double], y: [Double])
    /// The infinite line through `point` along `direction`, cut at the data's edges (a principal axis).
    case line(String, point: (x: Double, y: Double), direction: (x: Double, y: Double))
    /// Extra points (projections, reconstructions), `n × 2` row-major.
    case points(String, [Double])
    /// Thin segments from each `from` point to its `to` point, both `n × 2` (projection lines).
    case segments(String, from: [Double], to: [Double])
}

/// A 2-D data set as dots, optionally coloured by class, with curves, lines and points drawn over it
/// (PCA on the spiral: the data, the first principal axis, the projections).
public struct Scatter2D: Drawable {
    public let figure: PlotFigure

    /// - Parameters:
    ///   - points: `n × 2` numbers, row-major.
    ///   - classes: a class per point for colour, or empty for one colour.
    public init<T: BinaryFloatingPoint>(
        points: [T], classes: [Int] = [], overlays: [Overlay] = [], title: String = "", xLabel: String = "",
        yLabel: String = "", name: String = "data", equalAspect: Bool = true, palette: Palette = .okabeIto,
        alpha: Double = 0.6, radius: Double = 1.8, size: Size = Size(320, 280)
    ) throws {
        let (x, y) = try pairs(points, "Scatter2D points")
        guard classes.isEmpty || classes.count == x.count else {
            throw PlotError("Scatter2D: \(x.count) points but \(classes.count) classes")
        }
        if let bad = classes.first(where: { $0 < 0 }) { throw PlotError("Scatter2D: class \(bad) is negative") }
        let dataColor = classes.isEmpty ? Color(gray: 0.45) : palette[0]
        let colors = classes.isEmpty ? [dataColor.withAlpha(alpha)] : classes.map { palette[$0].withAlpha(alpha) }
        var marks: [Mark] = [.points(PointMark(x: x, y: y, colors: colors, radius: radius))]
        var legend: [LegendEntry] = classes.isEmpty && !name.isEmpty ? [LegendEntry(name, swatch: .dot(dataColor))] : []
        let finiteX = x.filter(\.isFinite)
        let finiteY = y.filter(\.isFinite)
        let box = (x0: finiteX.min() ?? 0, x1: finiteX.max() ?? 1, y0: finiteY.min() ?? 0, y1: finiteY.max() ?? 1)
        // Overlays take colours after the classes so they never share one.
        var colorIndex = classes.isEmpty ? 0 : (classes.max() ?? 0) + 1
        for overlay in overlays {
            let color = palette[colorIndex]
            colorIndex += 1
            switch overlay {
            case .curve(let label, let cx, let cy):
                marks.append(.line(LineMark(x: cx, y: cy, color: color, width: 1.8)))
                legend.append(LegendEntry(label, swatch: .line(color, width: 1.8, dash: [])))
            case .line(let label, let p, let d):
                guard let segment = Self.clip(p, d, to: box) else { throw PlotError("Scatter2D line \"\(label)\": zero direction") }
                marks.append(.line(LineMark(x: [segment.0.x, segment.1.x], y: [segment.0.y, segment.1.y], color: color,
                                            width: 1.8)))
                legend.append(LegendEntry(label, swatch: .line(color, width: 1.8, dash: [])))
            case .points(let label, let flat):
                let (px, py) = try pairs(flat, "Scatter2D overlay \"\(label)\"")
                marks.append(.points(PointMark(x: px, y: py, colors: [color], radius: radius)))
                legend.append(LegendEntry(label, swatch: .dot(color)))
            case .segments(let label, let from, let to):
                let (ax, ay) = try pairs(from, "Scatter2D segments \"\(label)\" from")
                let (bx, by) = try pairs(to, "Scatter2D segments \"\(label)\" to")
                guard ax.count == bx.count else {
                    throw PlotError("Scatter2D segments \"\(label)\": \(ax.count) starts but \(bx.count) ends")
                }
                var sx: [Double] = []
                var sy: [Double] = []
                for i in ax.indices { sx += [ax[i], bx[i], .nan]; sy += [ay[i], by[i], .nan] }
                marks.append(.line(LineMark(x: sx, y: sy, color: color.withAlpha(0.5), width: 0.6)))
                legend.append(LegendEntry(label, swatch: .line(color.withAlpha(0.5), width: 0.6, dash: [])))
            }
        }
        let axes = Axes(title: title, x: Axis(xLabel), y: Axis(yLabel), marks: marks,
                        legend: legend.filter { !$0.label.isEmpty }, equalAspect: equalAspect)
        figure = PlotFigure([axes], size: size)
    }

    /// The part of the line through `p` along `d` inside the box (grown by 5 %), by Liang–Barsky clipping.
    static func clip(
        _ p: (x: Double, y: Double), _ d: (x: Double, y: Double), to box: (x0: Double, x1: Double, y0: Double, y1: Double)
    ) -> (Point, Point)? {
        guard d.x != 0 || d.y != 0 else { return nil }
        let px = (box.x1 - box.x0) * 0.05
        let py = (box.y1 - box.y0) * 0.05
        var t0 = -Double.infinity
        var t1 = Double.infinity
        for (delta, start, lo, hi) in [(d.x, p.x, box.x0 - px, box.x1 + px), (d.y, p.y, box.y0 - py, box.y1 + py)] {
            if delta == 0 {
                if start < lo || start > hi { return nil }
                continue
            }
            let a = (lo - start) / delta
            let b = (hi - start) / delta
            t0 = max(t0, min(a, b))
            t1 = min(t1, max(a, b))
        }
        guard t0 <= t1 else { return nil }
        return (Point(p.x + t0 * d.x, p.y + t0 * d.y), Point(p.x + t1 * d.x, p.y + t1 * d.y))
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
