import ModelCore
import Plots

extension DiagramNode {
    /// A thumbnail of row `row` of `images` ([n, height × width] pixels in 0…1, as `FashionMNIST` loads
    /// them), for a node that shows an input or a reconstruction.
    public static func thumbnail(_ images: Tensor, row: Int = 0, width: Int = 28, height: Int = 28) throws -> Shape {
        guard images.rank == 2, (0..<images.rows).contains(row) else {
            throw PlotError("Diagram thumbnail: no row \(row) in images of shape \(images.shape)")
        }
        let start = row * images.columns
        return try thumbnail(
            pixels: Array(images.scalars[start..<(start + images.columns)]), width: width, height: height)
    }
}
