import Graphics
import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where on each latent axis a manifold grid decodes. Both kinds follow Lectern's one grid convention:
/// the axis is cut into `steps` equal slices (equal in probability under N(0, 1), or equal in length over
/// a range) and each tile decodes the centre of its slice.
public enum LatentGrid: Sendable, Equatable {
    /// The centres of `steps` equal slices of a range: lo + (hi − lo)(i + ½)/steps.
    case linear(ClosedRange<Double>)
    /// Φ⁻¹((i + ½)/steps), the centres of `steps` equally likely slices of N(0, 1) (`normalQuantileGrid`):
    /// the grid covers where the prior puts its mass, as in Kingma & Welling's VAE figure.
    case normalQuantiles

    /// The `steps` coordinates of this grid, ascending (empty when `steps` ≤ 0).
    public func values(_ steps: Int) -> [Double] {
        guard steps > 0 else { return [] }
        switch self {
        case .linear(let r):
            return (0..<steps).map { r.lowerBound + (r.upperBound - r.lowerBound) * (Double($0) + 0.5) / Double(steps) }
        case .normalQuantiles:
            return normalQuantileGrid(steps)
        }
    }
}

/// A decoder evaluated on a grid over a 2-D latent space, shown as one tiled image with the latent
/// coordinates on its axes; `z₂` grows upwards.
///
/// Tiles are in reading order: tile `r * xGrid.count + c` (row `r` from the top, column `c` from the
/// left) decodes `(xGrid[c], yGrid[yGrid.count - 1 - r])`. `tileCodes(x:y:)` makes those codes.
public struct LatentManifold: Drawable {
    public let figure: PlotFigure
    /// The latent coordinates of the tiles' centres along z₁ (left to right).
    public let xGrid: [Double]
    /// The latent coordinates of the tiles' centres along z₂ (bottom to top).
    public let yGrid: [Double]
    /// The grid along z₁; the same as `yGrid` for a grid drawn from one `LatentGrid`.
    public var grid: [Double] { xGrid }

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
        try self.init(
            images: images, grid: zs, imageWidth: imageWidth, imageHeight: imageHeight, title: title,
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
        guard imageWidth > 0, imageHeight > 0 else {
            throw PlotError("LatentManifold: image size \(imageWidth) × \(imageHeight) is empty")
        }
        if let bad = images.firstIndex(where: { $0.count != per }) {
            throw PlotError("LatentManifold: image \(bad) has \(images[bad].count) values, expected \(per)")
        }
        try self.init(
            pixels: images.flatMap { $0.map { Float($0) } }, xGrid: grid, yGrid: grid, imageWidth: imageWidth,
            imageHeight: imageHeight, title: title, xLabel: xLabel, yLabel: yLabel, colormap: colormap,
            valueRange: valueRange, size: size)
    }

    /// The tiles as flat pixels, tile after tile in reading order (see the type's documentation).
    init(
        pixels: [Float], xGrid: [Double], yGrid: [Double], imageWidth: Int, imageHeight: Int, title: String,
        xLabel: String, yLabel: String, colormap: Colormap, valueRange: ClosedRange<Double>, size: Size
    ) throws {
        let columns = xGrid.count
        let rows = yGrid.count
        let per = imageWidth * imageHeight
        guard columns > 0, rows > 0, per > 0, pixels.count == columns * rows * per else {
            throw PlotError(
                "LatentManifold: \(pixels.count) values are not \(columns) × \(rows) tiles of \(imageHeight) × \(imageWidth)"
            )
        }
        self.xGrid = xGrid
        self.yGrid = yGrid
        // One big image, not steps² small ones: smaller files and far faster in SVG and PDF.
        let width = columns * imageWidth
        let height = rows * imageHeight
        let lut = (0..<256).map { colormap.color(at: Double($0) / 255) }
        let lo = valueRange.lowerBound
        let span = max(valueRange.upperBound - lo, 1e-12)
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for t in 0..<(columns * rows) {
            let ox = (t % columns) * imageWidth
            let oy = (t / columns) * imageHeight
            for y in 0..<imageHeight {
                var o = 4 * ((oy + y) * width + ox)
                let start = t * per + y * imageWidth
                for x in 0..<imageWidth {
                    let v = (Double(pixels[start + x]) - lo) / span
                    let c = lut[v.isFinite ? Int((min(max(v, 0), 1) * 255).rounded()) : 0]
                    rgba[o] = UInt8(c.red * 255 + 0.5)
                    rgba[o + 1] = UInt8(c.green * 255 + 0.5)
                    rgba[o + 2] = UInt8(c.blue * 255 + 0.5)
                    o += 4
                }
            }
        }
        let image = RasterImage(width: width, height: height, rgba: rgba)
        let axes = Axes(
            title: title, x: Axis(xLabel, ticks: Self.ticks(xGrid)), y: Axis(yLabel, ticks: Self.ticks(yGrid)),
            marks: [.image(ImageMark(image: image, x: 0...Double(columns), y: 0...Double(rows)))], grid: false)
        figure = PlotFigure([axes], size: size)
    }

    /// Ticks at about six tile centres spread evenly from the first to the last, labelled with their latent
    /// values (a quantile grid is not evenly spaced in z, so the axis cannot be linear). The tile of
    /// `grid[i]` is centred at i + 0.5 on its axis (z₂ grows upwards, as the rows are laid out).
    static func ticks(_ grid: [Double]) -> [AxisTick] {
        let steps = grid.count
        // Two decimals past the first digit of the grid's spread: 0.24 on a quantile grid, 0.0012 on a box
        // of tiny codes (rounding those to 0.01 would label every tile 0).
        let finite = grid.filter(\.isFinite)
        let spread = (finite.max() ?? 0) - (finite.min() ?? 0)
        let digits = spread > 0 ? min(8, max(2, 2 - Int(log10(spread).rounded(.down)))) : 2
        let scale = TickFormat.scaleByPowerOfTen(1, digits)
        let rounded = grid.map { ($0 * scale).rounded() / scale }
        let decimals = TickFormat.decimals(rounded)
        let labels = rounded.map { TickFormat.fixed($0, decimals: decimals) }
        let shown = min(steps, 6)
        let indices =
            shown > 1 ? (0..<shown).map { Int((Double($0 * (steps - 1)) / Double(shown - 1)).rounded()) } : [0]
        return indices.map { i in AxisTick(Double(i) + 0.5, labels[i]) }
    }

    /// The codes a manifold decodes, one per tile in reading order, as rows of a
    /// `[x.count · y.count, latent]` tensor: `x` in dimension `dimensions.0`, `y` in `dimensions.1`, every
    /// other dimension 0 (the prior's mean).
    public static func tileCodes(
        x: [Double], y: [Double], latent: Int = 2, dimensions: (Int, Int) = (0, 1)
    ) throws -> Tensor {
        guard (0..<latent).contains(dimensions.0), (0..<latent).contains(dimensions.1),
            dimensions.0 != dimensions.1
        else {
            throw PlotError(
                "LatentManifold: dimensions \(dimensions) are not two different dimensions of a \(latent)-D code")
        }
        guard !x.isEmpty, !y.isEmpty else { throw PlotError("LatentManifold: an empty grid has no tiles") }
        var codes = [Float](repeating: 0, count: x.count * y.count * latent)
        for r in 0..<y.count {
            for c in 0..<x.count {
                let row = (r * x.count + c) * latent
                codes[row + dimensions.0] = Float(x[c])
                codes[row + dimensions.1] = Float(y[y.count - 1 - r])
            }
        }
        return try Tensor(shape: [x.count * y.count, latent], scalars: codes)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
