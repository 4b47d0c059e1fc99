import Graphics
import ModelCore
import Plots

// The figures of a code space drawn from the model itself: a Plot cell passes the trained model and the
// data, and the figure encodes and decodes what it shows.

extension CodePanel {
    /// The codes of `data` under `model` (`[n, 2]`: a model with 2-D codes), coloured by `data`'s labels.
    public init(
        _ title: String = "", _ model: some CodeModel, on data: LabeledImages, xLabel: String = "code 1",
        yLabel: String = "code 2"
    ) throws {
        try self.init(
            title, codes: model.encode(data.inputs), labels: data.labels, xLabel: xLabel, yLabel: yLabel)
    }
}

extension CodeScatter {
    /// The codes of `data` under `model`, coloured by class with `data`'s class names.
    public init(
        _ model: some CodeModel, on data: LabeledImages, title: String = "", xLabel: String = "code 1",
        yLabel: String = "code 2", palette: Palette = .okabeIto, alpha: Double = 0.55, radius: Double = 1.5,
        contours: Bool = false, size: Size? = nil
    ) throws {
        try self.init(
            [CodePanel("", model, on: data, xLabel: xLabel, yLabel: yLabel)], classNames: data.classNames, title: title,
            palette: palette, alpha: alpha, radius: radius, contours: contours, size: size)
    }
}

extension LatentManifold {
    /// What a VAE's decoder makes of its prior: a `steps × steps` grid at the quantiles Φ⁻¹((i + ½)/steps) of
    /// N(0, 1) along two latent dimensions (the others at 0), decoded in one batch.
    public init(
        _ vae: VariationalAutoencoder, steps: Int = 16, dimensions: (Int, Int) = (0, 1),
        imageSize: ImageSize? = nil, title: String = "", xLabel: String? = nil, yLabel: String? = nil,
        colormap: Colormap = .gray, size: Size = Size(320, 300)
    ) throws {
        guard steps > 0 else { throw PlotError("LatentManifold: steps must be positive, got \(steps)") }
        let zs = LatentGrid.normalQuantiles.values(steps)
        let codes = try Self.tileCodes(x: zs, y: zs, latent: vae.latent, dimensions: dimensions)
        try self.init(
            images: vae.decode(codes), grid: zs, imageSize: imageSize, title: title,
            xLabel: xLabel ?? latentName(dimensions.0), yLabel: yLabel ?? latentName(dimensions.1),
            colormap: colormap, size: size)
    }

    /// What `model`'s decoder makes of the region its codes occupy: a `steps × steps` grid over the box from
    /// the smallest to the largest of `codes` (`[n, code]`, e.g. the test set's) in two dimensions, each tile
    /// at the centre of its slice of the box, other dimensions at 0.
    public init(
        _ model: some CodeModel, steps: Int = 16, over codes: Tensor, dimensions: (Int, Int) = (0, 1),
        imageSize: ImageSize? = nil, title: String = "", xLabel: String? = nil, yLabel: String? = nil,
        colormap: Colormap = .gray, size: Size = Size(320, 300)
    ) throws {
        guard steps > 0 else { throw PlotError("LatentManifold: steps must be positive, got \(steps)") }
        guard codes.rank == 2, codes.rows > 0, codes.columns >= 2 else {
            throw PlotError("LatentManifold: codes of shape \(codes.shape) are not [n, code] with n ≥ 1, code ≥ 2")
        }
        let width = codes.columns
        func range(_ d: Int) throws -> ClosedRange<Double> {
            guard (0..<width).contains(d) else {
                throw PlotError("LatentManifold: dimension \(d) is not one of the \(width) of codes \(codes.shape)")
            }
            let values = (0..<codes.rows).map { Double(codes.scalars[$0 * width + d]) }.filter(\.isFinite)
            guard let lo = values.min(), let hi = values.max() else {
                throw PlotError("LatentManifold: dimension \(d) of codes \(codes.shape) has no finite value")
            }
            return lo...hi
        }
        let x = LatentGrid.linear(try range(dimensions.0)).values(steps)
        let y = LatentGrid.linear(try range(dimensions.1)).values(steps)
        let grid = try Self.tileCodes(x: x, y: y, latent: width, dimensions: dimensions)
        try self.init(
            images: model.decode(grid), xGrid: x, yGrid: y, imageSize: imageSize, title: title,
            xLabel: xLabel ?? "code \(dimensions.0 + 1)", yLabel: yLabel ?? "code \(dimensions.1 + 1)",
            colormap: colormap, size: size)
    }
}

extension InterpolationStrip {
    /// Images decoded at `steps` codes evenly spaced on the line from the code of `start` to that of `end`
    /// (ends included), one row per model: the models' walks between the same two images, one above the other.
    /// `start` and `end` are one image each (`[h, w]`, `[1, h, w]`, `[h·w]` or `[1, h·w]`).
    public init(
        models: [(name: String, model: any CodeModel)], from start: Tensor, to end: Tensor, steps: Int = 9,
        imageSize: ImageSize? = nil, title: String = "", width: Double = 420
    ) throws {
        guard start.count == end.count else {
            throw PlotError("InterpolationStrip: the end images differ in size, \(start.shape) and \(end.shape)")
        }
        guard steps >= 2 else { throw PlotError("InterpolationStrip: steps must be at least 2, got \(steps)") }
        let pair = try Tensor(shape: [2, start.count], scalars: oneRow(start).scalars + oneRow(end).scalars)
        let rows = try models.map { row -> (name: String, images: Tensor) in
            let ends: Tensor
            do { ends = try row.model.encode(pair) } catch {
                throw PlotError(
                    "InterpolationStrip: \(row.name.isEmpty ? "the model" : "model \"\(row.name)\"") cannot encode "
                        + "end images of shape \(start.shape): \(error)")
            }
            let codes = try codeLine(from: ends.rows(0..<1), to: ends.rows(1..<2), steps: steps)
            return (row.name, try row.model.decode(codes))
        }
        try self.init(rows: rows, imageSize: imageSize ?? imageSizeOf(start), title: title, width: width)
    }

    /// One model's walk from `start` to `end` (see `init(models:from:to:steps:)`).
    public init(
        _ model: some CodeModel, from start: Tensor, to end: Tensor, steps: Int = 9, imageSize: ImageSize? = nil,
        title: String = "", width: Double = 420
    ) throws {
        try self.init(
            models: [(name: "", model: model)], from: start, to: end, steps: steps, imageSize: imageSize, title: title,
            width: width)
    }
}

/// One image as a row `[1, h·w]`, the shape every dense model encodes.
func oneRow(_ image: Tensor) throws -> Tensor {
    let leading = image.shape.dropLast(image.rank >= 2 ? 2 : 1)
    guard image.count > 0, leading.allSatisfy({ $0 == 1 }) else {
        throw PlotError("InterpolationStrip: an end image of shape \(image.shape) is not one image")
    }
    return try image.reshaped([1, image.count])
}

/// The size images state by their shape: the last two dimensions of one image `[h, w]` or `[1, …, h, w]`,
/// or of a batch (`batch`) `[n, h, w]` or `[n, 1, h, w]`; nil for flat rows (which `ImageGrid` then reads
/// as squares).
func imageSizeOf(_ images: Tensor, batch: Bool = false) -> ImageSize? {
    let rank = images.rank
    guard rank >= (batch ? 3 : 2) else { return nil }
    if !batch && rank == 2 && images.shape[0] == 1 { return nil }  // [1, h·w]: one row
    return ImageSize(width: images.shape[rank - 1], height: images.shape[rank - 2])
}

/// `$z_1$` for dimension 0: the axis name of a latent dimension, counted from 1 as the notes do.
func latentName(_ dimension: Int) -> String {
    dimension < 9 ? "$z_\(dimension + 1)$" : "$z_{\(dimension + 1)}$"
}
