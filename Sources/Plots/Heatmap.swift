import Graphics

/// A matrix as coloured cells with a colour bar (confusion matrices, weights, correlations).
///
/// Row 0 is at the top, as a matrix is written. Cells are vector rectangles up to 4096 of them and
/// one sharp pixel image beyond.
public struct Heatmap: Drawable {
    public let figure: PlotFigure

    /// - Parameters:
    ///   - values: `rows × columns` numbers, row-major.
    ///   - range: the values at the colormap's ends; `nil` uses the data's, `symmetric` centres 0.
    ///   - annotate: print each value in its cell (small matrices).
    public init<T: BinaryFloatingPoint>(
        values: [T], rows: Int, columns: Int, title: String = "", xLabel: String = "", yLabel: String = "",
        rowLabels: [String] = [], columnLabels: [String] = [], colormap: Colormap = .viridis,
        range: ClosedRange<Double>? = nil, symmetric: Bool = false, colorBarLabel: String = "",
        annotate: Bool = false, size: Size = Size(340, 280)
    ) throws {
        guard rows > 0, columns > 0 else { throw PlotError("Heatmap: \(rows) × \(columns) is empty") }
        guard values.count == rows * columns else {
            throw PlotError("Heatmap: \(values.count) values do not fill \(rows) × \(columns)")
        }
        let v = doubles(values)
        let finite = v.filter(\.isFinite)
        var lo = finite.min() ?? 0
        var hi = finite.max() ?? 1
        if symmetric {
            let bound = max(abs(lo), abs(hi))
            (lo, hi) = (-bound, bound)
        }
        if let range { (lo, hi) = (range.lowerBound, range.upperBound) }
        if hi <= lo { (lo, hi) = (lo - 0.5, lo + 0.5) }
        let span = hi - lo
        let mark: Mark
        if rows * columns <= 4096 {
            let colors = v.map { colormap.color(at: $0.isFinite ? ($0 - lo) / span : 0) }
            var notes: [String] = []
            if annotate {
                let digits = TickFormat.decimals(finite.map { ($0 * 100).rounded() / 100 })
                notes = v.map { TickFormat.fixed($0, decimals: min(digits, 2)) }
            }
            mark = .cells(CellMark(rows: rows, columns: columns, colors: colors, x: 0...Double(columns),
                                   y: 0...Double(rows), annotations: notes))
        } else {
            let image = RasterImage(values: values.map { Float($0) }, width: columns, height: rows,
                                    range: Float(lo)...Float(hi), colormap: colormap)
            mark = .image(ImageMark(image: image, x: 0...Double(columns), y: 0...Double(rows)))
        }
        func ticks(_ names: [String], _ count: Int, flipped: Bool) -> [AxisTick]? {
            if names.isEmpty && count > 20 { return nil }
            return (0..<count).map { i in
                let position = flipped ? Double(count - i) - 0.5 : Double(i) + 0.5
                return AxisTick(position, i < names.count ? names[i] : String(i))
            }
        }
        let axes = Axes(
            title: title, x: Axis(xLabel, ticks: ticks(columnLabels, columns, flipped: false), integer: true),
            y: Axis(yLabel, ticks: ticks(rowLabels, rows, flipped: true), integer: true), marks: [mark], grid: false,
            colorBar: ColorBar(colormap: colormap, range: lo...hi, label: colorBarLabel))
        figure = PlotFigure([axes], size: size)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
