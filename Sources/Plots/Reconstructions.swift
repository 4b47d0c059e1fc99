import Graphics
import Tensors

/// Originals above their reconstructions: the first row holds the images given to the models, each
/// further row one model's reconstructions of them, column by column, so a blur or a lost detail is
/// read straight down a column.
public struct Reconstructions: Drawable {
    public let grid: ImageGrid

    /// - Parameters:
    ///   - originals: the images, `[n, h, w]`, `[n, 1, h, w]` or `[n, h·w]` (see `ImageGrid`).
    ///   - reconstructions: a name and `n` images of the same size per model, drawn in this order.
    public init(
        originals: Tensor, reconstructions: [(name: String, images: Tensor)], imageSize: ImageSize? = nil,
        originalsLabel: String = "original", title: String = "", width: Double = 430
    ) throws {
        guard !reconstructions.isEmpty else { throw PlotError("Reconstructions: no reconstructions to show") }
        grid = try ImageGrid(
            labelledRows: [(name: originalsLabel, images: originals)] + reconstructions, imageSize: imageSize,
            title: title,
            width: width, figure: "Reconstructions")
    }

    /// The originals over one model's reconstructions.
    public init(
        originals: Tensor, reconstructions: Tensor, imageSize: ImageSize? = nil, title: String = "",
        width: Double = 430
    ) throws {
        try self.init(
            originals: originals, reconstructions: [(name: "reconstruction", images: reconstructions)],
            imageSize: imageSize, title: title, width: width)
    }

    public var width: Double { grid.width }
    public var ascent: Double { grid.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { grid.draw(on: canvas, at: origin) }
}
