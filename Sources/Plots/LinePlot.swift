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

/// Named lines in one panel with ticks, labelled axes, a title and a legend.
public struct LinePlot: Drawable {
    public var series: [Series]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var size: Size
    public var logY: Bool
    public var logX: Bool
    public var palette: Palette

    public init(
        _ series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
        size: Size = Size(360, 240), logY: Bool = false, logX: Bool = false, palette: Palette = .okabeIto
    ) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.size = size
        self.logY = logY
        self.logX = logX
        self.palette = palette
    }

    /// The figure as the properties say now (they may be changed after `init`).
    public var figure: PlotFigure {
        let marks = series.enumerated().map { Mark.line(LineMark(x: $1.x, y: $1.y, color: palette[$0])) }
        let named = series.count > 1 || series.contains { !$0.name.isEmpty }
        let legend =
            named
            ? series.enumerated().map { LegendEntry($1.name, swatch: .line(palette[$0], width: 1.5, dash: [])) } : []
        let wholeX = series.allSatisfy { $0.x.allSatisfy { $0 == $0.rounded() } }
        return PlotFigure(
            [
                Axes(
                    title: title, x: Axis(xLabel, scale: logX ? .log : .linear, integer: wholeX),
                    y: Axis(yLabel, scale: logY ? .log : .linear),
                    marks: marks, legend: legend.filter { !$0.label.isEmpty })
            ],
            size: size)
    }

    public var width: Double { size.width }
    public var ascent: Double { size.height }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
