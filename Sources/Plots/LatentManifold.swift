#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Graphics

/// Where on each latent axis a manifold grid decodes.
public enum LatentGrid: Sendable, Equatable {
    /// Evenly spaced over a range.
    case linear(ClosedRange<Double>)
    /// At the quantiles 0.05 … 0.95 of N(0, 1), evenly spaced in probability (Kingma & Welling's
    /// VAE figure): the grid covers where the prior puts its mass.
    case normalQuantiles

    /// The `steps` coordinates of this grid, ascending.
    public func values(_ steps: Int) -> [Double] {
        guard steps > 1 else { return [0] }
        switch self {
        case .linear(let r):
            return (0..<steps).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(steps - 1) }
        case .normalQuantiles:
            return (0..<steps).map { normalQuantile(0.05 + 0.9 * Double($0) / Double(steps - 1)) }
        }
    }
}

/// Φ⁻¹(p) of the standard normal, by bisection on Φ(z) = erfc(−z/√2)/2 (exact to double precision).
public func normalQuantile(_ p: Double) -> Double {
    guard p > 0 else { return -.infinity }
    guard p < 1 else { return .infinity }
    var lo = -40.0
    var hi = 40.0
    for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if 0.5 * erfc(-mid / 2.squareRoot()) < p { lo = mid } else { hi = mid }
        if hi - lo < 1e-15 { break }
    }
    return (lo + hi) / 2
}

/// A decoder evaluated on a grid over a 2-D latent space, shown as one tiled image with the latent
/// coordinates on its axes; `z₂` grows upwards.
public struct LatentManifold: Drawable {
    public let figure: PlotFigure
    /// The latent coordinates of the tiles' centres along each axis.
    public let grid: [Double]

    /// Decodes `steps × steps` codes with `decode(z1, z2)`, which returns one `imageHeight × imageWidth` image.
    public init(
        steps: Int = 20, grid: LatentGrid = .normalQuantiles, imageWidth: Int, imageHeight: Int, title: String = "",
        xLabel: String = "$z_1$", yLabel: String = "$z_2$", colormap: Colormap = .gray,
        valueRange: ClosedRange<Double> = 0...1, size: Size = Size(320, 300),
        decode: (Double, Double) throws -> [Float]
    ) throws {
        guard steps > 0 else { throw PlotError("LatentManifold: steps must be positive, got \(steps)") }
        let zs = grid.values(steps)
        var images: [[Float]] = []
        images.reserveCapacity(steps * steps)
        for r in 0..<steps {
            for c in 0..<steps { images.append(try decode(zs[c], zs[steps - 1 - r])) }
        }
        try self.init(images: images, grid: zs, imageWidth: imageWidth, imageHeight: imageHeight, title: title,
                      xLabel: xLabel, yLabel: yLabel, colormap: colormap, valueRange: valueRange, size: size)
    }

    /// Tiles decoded already: `images[r * steps + c]` is the tile in row `r` from the top and column `c`
    /// from the left, i.e. the decode of `(grid[c], grid[steps - 1 - r])`.
    public init<T: BinaryFloatingPoint>(
        images: [[T]], grid: [Double], imageWidth: Int, imageHeight: Int, title: String = "",
        xLabel: String = "$z_1$", yLabel: String = "$z_2$", colormap: Colormap = .gray,
        valueRange: ClosedRange<Double> = 0...1, size: Size = Size(320, 300)
    ) throws {
        let steps = grid.count
        guard steps > 0, images.count == steps * steps else {
            throw PlotError("LatentManifold: \(images.count) images for a \(steps) × \(steps) grid")
        }
        let per = imageWidth * imageHeight
        guard per > 0 else { throw PlotError("LatentManifold: image size \(imageWidth) × \(imageHeight) is empty") }
        if let bad = images.firstIndex(where: { $0.count != per }) {
            throw PlotError("LatentManifold: image \(bad) has \(images[bad].count) values, expected \(per)")
        }
        self.grid = grid
        // One big image, not steps² small ones: smaller files and far faster in SVG and PDF.
        let width = steps * imageWidth
        let height = steps * imageHeight
        let lut = (0..<256).map { colormap.color(at: Double($0) / 255) }
        let lo = valueRange.lowerBound
        let span = max(valueRange.upperBound - lo, 1e-12)
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for (t, image) in images.enumerated() {
            let ox = (t % steps) * imageWidth
            let oy = (t / steps) * imageHeight
            for y in 0..<imageHeight {
                var o = 4 * ((oy + y) * width + ox)
                for x in 0..<imageWidth {
                    let v = (Double(image[y * imageWidth + x]) - lo) / span
                    let c = lut[v.isFinite ? Int((min(max(v, 0), 1) * 255).rounded()) : 0]
                    rgba[o] = UInt8(c.red * 255 + 0.5)
                    rgba[o + 1] = UInt8(c.green * 255 + 0.5)
                    rgba[o + 2] = UInt8(c.blue * 255 + 0.5)
                    o += 4
                }
            }
        }
        let image = RasterImage(width: width, height: height, rgba: rgba)
        // Ticks at about six tile centres spread evenly from the first to the last, labelled with
        // their latent values (a quantile grid is not evenly spaced in z, so the axis cannot be linear).
        let labels = TickFormat.labels(grid.map { ($0 * 100).rounded() / 100 }).labels
        let shown = min(steps, 6)
        let indices = shown > 1 ? (0..<shown).map { Int((Double($0 * (steps - 1)) / Double(shown - 1)).rounded()) } : [0]
        // The tile of grid[i] is centred at i + 0.5 on both axes (z₂ grows upwards, as the rows are laid out).
        let ticks = indices.map { i in AxisTick(Double(i) + 0.5, labels[i]) }
        let axes = Axes(
            title: title, x: Axis(xLabel, ticks: ticks), y: Axis(yLabel, ticks: ticks),
            marks: [.image(ImageMark(image: image, x: 0...Double(steps), y: 0...Double(steps)))], grid: false)
        figure = PlotFigure([axes], size: size)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
