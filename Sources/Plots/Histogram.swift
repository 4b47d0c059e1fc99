import Graphics

/// One set of values to count, and its name in the legend.
public struct HistogramSeries: Sendable {
    public var name: String
    public var values: [Double]
    public init<T: BinaryFloatingPoint>(_ name: String = "", values: [T]) {
        self.name = name
        self.values = doubles(values)
    }
}

/// Counts of values in equal bins (code activations, sparsity); several series share the bins and
/// overlap translucently.
public struct Histogram: Drawable {
    public let figure: PlotFigure
    /// The shared bin edges, `bins + 1` of them.
    public let edges: [Double]
    /// Counts (or densities) per series and bin.
    public let heights: [[Double]]

    /// - Parameters:
    ///   - density: heights integrate to 1 instead of counting.
    public init(
        _ series: [HistogramSeries], bins: Int = 30, range: ClosedRange<Double>? = nil, density: Bool = false,
        logY: Bool = false, title: String = "", xLabel: String = "", yLabel: String? = nil,
        palette: Palette = .okabeIto, size: Size = Size(360, 240)
    ) throws {
        guard bins > 0 else { throw PlotError("Histogram: bins must be positive, got \(bins)") }
        let all = series.flatMap(\.values).filter(\.isFinite)
        guard let dataMin = all.min(), let dataMax = all.max() else {
            throw PlotError("Histogram: no finite values to count")
        }
        var lo = range?.lowerBound ?? dataMin
        var hi = range?.upperBound ?? dataMax
        if hi <= lo { (lo, hi) = (lo - 0.5, lo + 0.5) }
        let width = (hi - lo) / Double(bins)
        let edges = (0...bins).map { lo + Double($0) * width }
        var heights: [[Double]] = []
        var marks: [Mark] = []
        var legend: [LegendEntry] = []
        let alpha = series.count > 1 ? 0.55 : 0.85
        for (i, s) in series.enumerated() {
            var counts = [Double](repeating: 0, count: bins)
            for v in s.values where v.isFinite && v >= lo && v <= hi {
                counts[min(Int((v - lo) / width), bins - 1)] += 1
            }
            if density {
                let total = counts.reduce(0, +) * width
                if total > 0 { counts = counts.map { $0 / total } }
            }
            heights.append(counts)
            marks.append(.bars(BarMark(edges: edges, heights: counts, color: palette[i].withAlpha(alpha))))
            if !s.name.isEmpty { legend.append(LegendEntry(s.name, swatch: .patch(palette[i].withAlpha(alpha)))) }
        }
        self.edges = edges
        self.heights = heights
        let axes = Axes(
            title: title, x: Axis(xLabel),
            y: Axis(yLabel ?? (density ? "density" : "count"), scale: logY ? .log : .linear), marks: marks,
            legend: legend)
        figure = PlotFigure([axes], size: size)
    }

    /// One set of values.
    public init<T: BinaryFloatingPoint>(
        values: [T], bins: Int = 30, range: ClosedRange<Double>? = nil, density: Bool = false, logY: Bool = false,
        title: String = "", xLabel: String = "", yLabel: String? = nil, size: Size = Size(360, 240)
    ) throws {
        try self.init([HistogramSeries(values: values)], bins: bins, range: range, density: density, logY: logY,
                      title: title, xLabel: xLabel, yLabel: yLabel, size: size)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
