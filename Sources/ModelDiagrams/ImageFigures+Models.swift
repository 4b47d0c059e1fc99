import Graphics
import ModelCore
import Plots

// Image figures drawn from the model itself: reconstructions of given images and the filters a first
// dense layer learned.

extension Reconstructions {
    /// `images` over their reconstructions by `model` (the decode of each image's code).
    public init(
        _ model: some CodeModel, of images: Tensor, name: String = "reconstruction", imageSize: ImageSize? = nil,
        title: String = "", width: Double = 430
    ) throws {
        try self.init(
            models: [(name: name, model: model)], of: images, imageSize: imageSize, title: title, width: width)
    }

    /// `images` over each model's reconstructions, one row per model in this order (PCA above an auto-encoder).
    public init(
        models: [(name: String, model: any CodeModel)], of images: Tensor, imageSize: ImageSize? = nil,
        title: String = "", width: Double = 430
    ) throws {
        let rows = try asRows(images)
        try self.init(
            originals: images,
            reconstructions: models.map { (name: $0.name, images: try $0.model.decode($0.model.encode(rows))) },
            imageSize: imageSize ?? imageSizeOf(images, batch: true), title: title, width: width)
    }

    /// `images` over their reconstructions by a convolutional auto-encoder.
    public init(
        _ model: ConvAutoencoder, of images: Tensor, name: String = "reconstruction", imageSize: ImageSize? = nil,
        title: String = "", width: Double = 430
    ) throws {
        try self.init(
            originals: images, reconstructions: [(name: name, images: try model.reconstruct(asRows(images)))],
            imageSize: imageSize ?? imageSizeOf(images, batch: true), title: title, width: width)
    }
}

/// Images `[n, …]` as the rows `[n, h·w]` every model takes.
func asRows(_ images: Tensor) throws -> Tensor {
    guard images.rank >= 2, images.rows > 0 else {
        throw PlotError("Reconstructions: images of shape \(images.shape) are not [n, h, w], [n, 1, h, w] or [n, h·w]")
    }
    return try images.reshaped([images.rows, images.columns])
}

extension ImageGrid {
    /// The weights of `count` units of a dense layer (all by default), each unit's weights over its inputs
    /// drawn as an image: blue negative, red positive, each filter over ±its largest magnitude.
    public init(
        filtersOf layer: Dense, count: Int? = nil, columns: Int = 8, imageSize: ImageSize? = nil, title: String = "",
        width: Double = 360
    ) throws {
        let units = count ?? layer.outputs
        guard (1...max(layer.outputs, 1)).contains(units), layer.outputs > 0 else {
            throw PlotError("ImageGrid: \(units) filters asked of a dense layer of \(layer.outputs) units")
        }
        try self.init(
            layer.weight.value.rows(0..<units), imageSize: imageSize, columns: columns, title: title,
            colormap: .diverging, scaling: .symmetricEachImage, width: width)
    }

    /// The filters of the first layer of `model`'s encoder (see `init(filtersOf:count:columns:)` for a layer).
    public init(
        filtersOf model: Autoencoder, count: Int? = nil, columns: Int = 8, imageSize: ImageSize? = nil,
        title: String = "", width: Double = 360
    ) throws {
        guard let first = model.encoder.layers.first as? Dense else {
            let kind = model.encoder.layers.first.map { "\(type(of: $0))" } ?? "nothing"
            throw PlotError("ImageGrid: the auto-encoder's first layer is \(kind), not a dense layer with filters")
        }
        try self.init(
            filtersOf: first, count: count, columns: columns, imageSize: imageSize, title: title, width: width)
    }
}
