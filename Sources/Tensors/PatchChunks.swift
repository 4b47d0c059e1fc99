/// Channels-last convolutions work through the batch a few images at a time, so that each chunk's patch matrix
/// (written by im2col or by a GEMM, read by a GEMM or col2im) stays in the core's L2 cache instead of making a
/// round trip through memory as one batch-sized matrix of several MB.

/// A matrix operand for BLAS: `rows` x `cols` as used, stored row-major, or stored as its transpose.
struct MatrixView {
    let base: UnsafePointer<Float>
    let rows: Int
    let cols: Int
    let storedTransposed: Bool

    init(_ base: UnsafePointer<Float>, rows: Int, cols: Int, storedTransposed: Bool = false) {
        self.base = base
        self.rows = rows
        self.cols = cols
        self.storedTransposed = storedTransposed
    }

    /// The transpose, with no copy.
    var t: MatrixView { MatrixView(base, rows: cols, cols: rows, storedTransposed: !storedTransposed) }
}

/// c = a · b, or c += a · b with `accumulate`; with `transposedResult`, c holds (a · b) transposed.
///
/// c is written by BLAS with beta = 1 after a fill with zeros: OpenBLAS's zeroing for beta = 0 stores one float
/// at a time. The shapes are the caller's invariant (internal code only).
func gemm(
    _ a: MatrixView, _ b: MatrixView, into c: UnsafeMutablePointer<Float>, accumulate: Bool = false,
    transposedResult: Bool = false
) {
    if transposedResult { return gemm(b.t, a.t, into: c, accumulate: accumulate) }
    let (m, n, k) = (a.rows, b.cols, a.cols)
    if !accumulate { c.update(repeating: 0, count: m * n) }
    guard k > 0, m > 0, n > 0 else { return }
    BLAS.gemm(
        a.base, transposeA: a.storedTransposed, b.base, transposeB: b.storedTransposed, c, m: m, n: n, k: k, beta: 1)
}

extension ConvGeometry {
    /// The same convolution on `count` images.
    func images(_ count: Int) -> ConvGeometry {
        ConvGeometry(
            n: count, channels: channels, height: height, width: width, kernel: kernel, stride: stride,
            padding: padding, outHeight: outHeight, outWidth: outWidth)
    }

    /// Floats in one image's patch matrix.
    var patchesPerImage: Int { positions * patch }

    /// Images per chunk: as many as keep a chunk's patches within `chunkFloats` (at least one).
    var imagesPerChunk: Int { max(1, min(n, ConvGeometry.chunkFloats / max(1, patchesPerImage))) }

    /// Patch-matrix floats per chunk: 64 Ki floats, 256 KB, half of a Zen 3 core's L2 (the GEMM's packed operands
    /// need the rest).
    static let chunkFloats = 65_536

    /// The batch's images split into chunks of `imagesPerChunk`: (first image, count).
    var chunks: [(first: Int, count: Int)] {
        let per = imagesPerChunk
        return Swift.stride(from: 0, to: n, by: per).map { ($0, min(per, n - $0)) }
    }

    /// The patch matrix of `count` images as a BLAS operand: [count * positions, patch] as used, stored transposed
    /// when `unfoldsTransposed`.
    func patchView(_ p: UnsafePointer<Float>, images count: Int) -> MatrixView {
        MatrixView(p, rows: count * positions, cols: patch, storedTransposed: unfoldsTransposed)
    }

    /// Unfolds images [first, first + count) of the channels-last batch x into `cols` (laid out as `unfold` does).
    func unfold(_ x: UnsafePointer<Float>, first: Int, count: Int, into cols: UnsafeMutablePointer<Float>) {
        let part = images(count)
        let image = x + first * height * width * channels
        if unfoldsTransposed { part.im2col(image, cols) } else { part.im2colChannelsLast(image, cols) }
    }

    /// Adds patches of images [first, first + count) (laid out as `unfold` gives them) into the batch x, onto its
    /// contents with `accumulate`, else onto zeros.
    func fold(
        _ cols: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, first: Int, count: Int, accumulate: Bool
    ) {
        let part = images(count)
        let image = x + first * height * width * channels
        if unfoldsTransposed {
            part.col2im(cols, image, accumulate: accumulate)
        } else {
            part.col2imChannelsLast(cols, image, accumulate: accumulate)
        }
    }
}

/// Calls `body` with each chunk's gradient through the activation, upstream ⊙ f'(output) on the chunk's rows of
/// the [images * rowsPerImage, width] output, computed into one reused buffer so that it is still in cache for
/// the chunk's GEMMs; its column sums (the bias gradient) are added to `biasGradient` when that is given.
func forEachChunkGradient(
    _ f: Activation, upstream: Tensor, output: Tensor, width: Int, rowsPerImage: Int,
    chunks: [(first: Int, count: Int)], biasGradient: inout Tensor?,
    _ body: (_ first: Int, _ count: Int, _ gradient: UnsafePointer<Float>) -> Void
) {
    let perImage = rowsPerImage * width
    var buffer = [Float](repeating: 0, count: (chunks.map(\.count).max() ?? 0) * perImage)
    upstream.withPointer { up in
        output.withPointer { yp in
            buffer.withUnsafeMutableBufferPointer { b in
                guard let gp = b.baseAddress else { return }
                for (first, count) in chunks {
                    let offset = first * perImage
                    f.backward(upstream: up + offset, output: yp + offset, into: gp, count: count * perImage)
                    biasGradient?.withMutablePointer {
                        Kernels.columnSums(gp, rows: count * rowsPerImage, cols: width, into: $0, accumulate: true)
                    }
                    body(first, count, gp)
                }
            }
        }
    }
}
