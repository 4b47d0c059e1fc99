import Tensors

/// The width and height of one image, for tensors that hold each image as one flat row `[n, h·w]`.
public struct ImageSize: Sendable, Equatable, CustomStringConvertible {
    public let width: Int
    public let height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    /// A `side × side` image (Fashion-MNIST's are `.square(28)`).
    public static func square(_ side: Int) -> ImageSize { ImageSize(width: side, height: side) }
    public var pixels: Int { width * height }
    public var description: String { "\(height) × \(width)" }
}

/// Images read off a tensor with their shape, so a figure never asks for a size the tensor already has.
///
/// Accepted: `[n, h, w]`; `[n, 1, h, w]` (one channel, as convolutional models and `LabeledImages.images`
/// hold them); `[n, h·w]` (rows, as `LabeledImages.inputs` and every dense model's output) with `size`, or
/// without it when `h·w` is a square number (784 pixels are 28 × 28). Anything else throws a `PlotError`
/// naming the figure, the shape it got and the shapes it takes.
struct TensorImages {
    let count: Int
    let size: ImageSize
    let pixels: [Float]

    init(_ tensor: Tensor, size given: ImageSize?, figure: String, what: String = "images") throws {
        let shape = tensor.shape
        let accepted = "[n, h, w], [n, 1, h, w] or [n, h·w]"
        var size: ImageSize
        switch shape.count {
        case 2:
            if let given {
                guard given.pixels == shape[1] else {
                    throw PlotError(
                        "\(figure): \(what) of shape \(shape) hold \(shape[1]) values per image, "
                            + "not the \(given.pixels) of an image of \(given)")
                }
                size = given
            } else {
                let side = Int(Double(shape[1]).squareRoot().rounded())
                guard side > 0, side * side == shape[1] else {
                    throw PlotError(
                        "\(figure): \(what) of shape \(shape) hold \(shape[1]) values per image, which is no square; "
                            + "pass imageSize: to say how they are laid out")
                }
                size = .square(side)
            }
        case 3:
            size = ImageSize(width: shape[2], height: shape[1])
        case 4:
            guard shape[1] == 1 else {
                throw PlotError(
                    "\(figure): \(what) of shape \(shape) have \(shape[1]) channels; figures draw one-channel images "
                        + "[n, 1, h, w]")
            }
            size = ImageSize(width: shape[3], height: shape[2])
        default:
            throw PlotError("\(figure): \(what) of shape \(shape) are not images; expected \(accepted)")
        }
        if shape.count > 2, let given, given != size {
            throw PlotError("\(figure): \(what) of shape \(shape) are \(size) images, but imageSize says \(given)")
        }
        guard shape[0] > 0 else { throw PlotError("\(figure): \(what) of shape \(shape) hold no images") }
        guard size.width > 0, size.height > 0 else {
            throw PlotError("\(figure): \(what) of shape \(shape) are empty images")
        }
        self.count = shape[0]
        self.size = size
        self.pixels = tensor.scalars
    }
}

/// The x and y columns of codes `[n, 2]`, or a `PlotError` naming the figure and the shape it got.
func codeColumns(_ codes: Tensor, _ what: String) throws -> (x: [Double], y: [Double]) {
    guard codes.rank == 2, codes.shape[1] == 2 else {
        throw PlotError("\(what) of shape \(codes.shape) are not 2-D codes; expected [n, 2]")
    }
    return try pairs(codes.scalars, what)
}
