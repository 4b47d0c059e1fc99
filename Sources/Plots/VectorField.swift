import Graphics

/// Arrows from points to where a map sends them: corrupted inputs to their reconstructions (the
/// notes' denoising figure), over the clean data in grey.
public struct VectorField: Drawable {
    public let figure: PlotFigure

    /// - Parameters:
    ///   - from: arrow tails, `n × 2` row-major; `to`: arrow heads, the same shape.
    ///   - background: `m × 2` points drawn in light grey underneath (the clean manifold), or empty.
    public init<T: BinaryFloatingPoint>(
        from: [T], to: [T], background: [T] = [], title: String = "", xLabel: String = "", yLabel: String = "",
        fromName: String = "corrupted", toName: String = "reconstructed", backgroundName: String = "clean data",
        showsEnds: Bool = true, equalAspect: Bool = true, size: Size = Size(320, 280)
    ) throws {
        let (x0, y0) = try pairs(from, "VectorField from")
        let (x1, y1) = try pairs(to, "VectorField to")
        guard x0.count == x1.count else {
            throw PlotError("VectorField: \(x0.count) arrow tails but \(x1.count) heads")
        }
        var marks: [Mark] = []
        var legend: [LegendEntry] = []
        if !background.isEmpty {
            let (bx, by) = try pairs(background, "VectorField background")
            marks.append(.points(PointMark(x: bx, y: by, colors: [Color(gray: 0.78)], radius: 1.3)))
            legend.append(LegendEntry(backgroundName, swatch: .dot(Color(gray: 0.78))))
        }
        let tail = Palette.okabeIto[3]
        let head = Palette.okabeIto[0]
        marks.append(.arrows(ArrowMark(x0: x0, y0: y0, x1: x1, y1: y1, color: Color(gray: 0.3, alpha: 0.8),
                                       width: 0.6, head: 3.5)))
        if showsEnds {
            marks.append(.points(PointMark(x: x0, y: y0, colors: [tail.withAlpha(0.8)], radius: 1.6)))
            marks.append(.points(PointMark(x: x1, y: y1, colors: [head.withAlpha(0.8)], radius: 1.6)))
            legend.append(LegendEntry(fromName, swatch: .dot(tail)))
            legend.append(LegendEntry(toName, swatch: .dot(head)))
        }
        let axes = Axes(title: title, x: Axis(xLabel), y: Axis(yLabel), marks: marks,
                        legend: legend.filter { !$0.label.isEmpty }, equalAspect: equalAspect)
        figure = PlotFigure([axes], size: size)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
