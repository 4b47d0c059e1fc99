import Graphics

/// Images decoded along a path between two codes, one row per model (AE over VAE), the endpoints
/// framed so the eye finds where the path starts and ends.
public struct InterpolationStrip: Drawable {
    public let grid: ImageGrid

    /// - Parameters:
    ///   - rows: a name and `steps × imageHeight × imageWidth` values per row; all rows the same length.
    public init<T: BinaryFloatingPoint>(
        rows: [(name: String, pixels: [T])], imageWidth: Int, imageHeight: Int, title: String = "",
        colormap: Colormap = .gray, scaling: ImageScaling = .range(0...1), width: Double = 420,
        showsFractions: Bool = true
    ) throws {
        guard let first = rows.first else { throw PlotError("InterpolationStrip: no rows") }
        let per = imageWidth * imageHeight
        guard per > 0, first.pixels.count % per == 0, first.pixels.count > 0 else {
            throw PlotError("InterpolationStrip: row \"\(first.name)\" is not a whole number of \(imageWidth) × \(imageHeight) images")
        }
        let steps = first.pixels.count / per
        if let bad = rows.first(where: { $0.pixels.count != first.pixels.count }) {
            throw PlotError("InterpolationStrip: row \"\(bad.name)\" has \(bad.pixels.count / per) images, the first has \(steps)")
        }
        // The fraction of the way along the path under each column; only the ends when there are many.
        let fractions = (0..<steps).map { i -> String in
            let t = steps > 1 ? Double(i) / Double(steps - 1) : 0
            if !showsFractions { return "" }
            if steps > 11 && i != 0 && i != steps - 1 { return "" }
            return TickFormat.fixed(t, decimals: TickFormat.decimals([(t * 100).rounded() / 100]))
        }
        grid = try ImageGrid(
            pixels: rows.flatMap(\.pixels), imageWidth: imageWidth, imageHeight: imageHeight, columns: steps,
            rowLabels: rows.map(\.name), columnLabels: fractions, title: title, colormap: colormap, scaling: scaling,
            highlightedColumns: steps > 1 ? [0, steps - 1] : [0], width: width, gap: 1.5)
    }

    public var width: Double { grid.width }
    public var ascent: Double { grid.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { grid.draw(on: canvas, at: origin) }
}
