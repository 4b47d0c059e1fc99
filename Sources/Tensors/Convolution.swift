/// The sizes of one 2-D convolution: input [n, channels, height, width], a square kernel, stride, padding.
struct ConvGeometry {
    let n: Int, channels: Int, height: Int, width: Int
    let kernel: Int, stride: Int, padding: Int
    let outHeight: Int, outWidth: Int

    /// Values per patch: channels * kernel * kernel (the GEMM's inner dimension).
    var patch: Int { channels * kernel * kernel }
    /// Output positions per image.
    var positions: Int { outHeight * outWidth }

    /// Unfolds the batch's patches into columns: [patch, n * positions], rows ordered (channel, ky, kx) so that
    /// a weight [out, channels, k, k] is the matching [out, patch] matrix, columns ordered (image, y, x).
    ///
    /// Rows are written contiguously along the output x, the order in which both memory streams run straight.
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        let columns = n * positions
        for c in 0..<channels {
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let row = cols + ((c * kernel + ky) * kernel + kx) * columns
                    // Output x range whose input column ix = ox * stride - padding + kx is inside the image.
                    let first = max(0, (padding - kx + stride - 1) / stride)
                    let reach = width - 1 + padding - kx
                    let last = reach < 0 ? 0 : min(outWidth, reach / stride + 1)
                    for b in 0..<n {
                        let plane = x + (b * channels + c) * height * width
                        for oy in 0..<outHeight {
                            let out = row + b * positions + oy * outWidth
                            let iy = oy * stride - padding + ky
                            guard iy >= 0, iy < height, first < last else {
                                out.update(repeating: 0, count: outWidth)
                                continue
                            }
                            let line = plane + iy * width - padding + kx
                            if first > 0 { out.update(repeating: 0, count: first) }
                            for ox in first..<last { out[ox] = line[ox * stride] }
                            if last < outWidth { (out + last).update(repeating: 0, count: outWidth - last) }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every column entry back to the input position it came from, into zeros or,
    /// with `accumulate`, into what x holds.
    func col2im(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        if !accumulate { x.update(repeating: 0, count: n * channels * height * width) }
        let columns = n * positions
        for c in 0..<channels {
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let row = cols + ((c * kernel + ky) * kernel + kx) * columns
                    let first = max(0, (padding - kx + stride - 1) / stride)
                    let reach = width - 1 + padding - kx
                    let last = reach < 0 ? 0 : min(outWidth, reach / stride + 1)
                    guard first < last else { continue }
                    for b in 0..<n {
                        let plane = x + (b * channels + c) * height * width
                        for oy in 0..<outHeight {
                            let iy = oy * stride - padding + ky
                            guard iy >= 0, iy < height else { continue }
                            let src = row + b * positions + oy * outWidth
                            let line = plane + iy * width - padding + kx
                            for ox in first..<last { line[ox * stride] += src[ox] }
                        }
                    }
                }
            }
        }
    }
}

/// Swaps the two outer axes of [a, b, inner] into [b, a, inner]: contiguous runs of `inner` floats are copied,
/// e.g. between [n, channels, positions] (NCHW) and [channels, n, positions] (GEMM's layout).
func swapOuterAxes(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ a: Int, _ b: Int, inner: Int) {
    for i in 0..<a {
        for j in 0..<b { (dst + (j * a + i) * inner).update(from: src + (i * b + j) * inner, count: inner) }
    }
}

extension Var {
    /// 2-D convolution (cross-correlation, as PyTorch's Conv2d) of x [n, c, h, w] with weight [out, c, k, k] and
    /// bias [out]: im2col, then one GEMM for the whole batch. `layout: .channelsLast` takes and gives
    /// [n, h, w, c] instead (faster); `activation` is applied to the output (fused in the channels-last path).
    public func conv2d(
        weight: Var, bias: Var?, stride: Int = 1, padding: Int = 0, layout: ConvLayout = .channelsFirst,
        activation: Activation = .identity
    ) throws -> Var {
        let f = activation
        if layout == .channelsFirst, f != .identity {
            return try conv2d(weight: weight, bias: bias, stride: stride, padding: padding).activation(f)
        }
        guard stride >= 1, padding >= 0 else { throw TensorError("conv2d: stride \(stride), padding \(padding)") }
        if layout == .channelsLast {
            return try conv2dChannelsLast(
                weight: weight, bias: bias, stride: stride, padding: padding, activation: f)
        }
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[1] == x.shape[1], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch("conv2d", x.shape, w.shape, "input [n, c, h, w] needs weight [out, c, k, k]")
        }
        let outChannels = w.shape[0]
        let g = try convolutionGeometry(
            input: x.shape, channels: x.shape[1], height: x.shape[2], width: x.shape[3], weight: w, bias: bias,
            stride: stride, padding: padding)
        let (oh, ow) = (g.outHeight, g.outWidth)
        let columns = g.n * g.positions
        var cols = Tensor(uninitialized: [g.patch, columns])
        x.withPointer { xp in cols.withMutablePointer { g.im2col(xp, $0) } }
        let w2 = try w.reshaped([outChannels, g.patch])
        // [out, patch] · [patch, n * positions] = [out, n, positions], then to [n, out, positions] (NCHW).
        var gemmOut = try w2.matmul(cols)
        if let b = bias?.value {
            gemmOut.withMutablePointer { p in
                b.withPointer { bp in
                    for o in 0..<outChannels {
                        let row = p + o * columns
                        let v = bp[o]
                        for j in 0..<columns { row[j] += v }
                    }
                }
            }
        }
        var y = Tensor(uninitialized: [g.n, outChannels, oh, ow])
        gemmOut.withPointer { s in y.withMutablePointer { swapOuterAxes(s, $0, outChannels, g.n, inner: g.positions) } }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Var.make(y, inputs) { gy, needs in
            var gOut = Tensor(uninitialized: [outChannels, columns])
            gy.withPointer { s in gOut.withMutablePointer { swapOuterAxes(s, $0, g.n, outChannels, inner: g.positions) }
            }
            var dx: Tensor?
            var dw: Tensor?
            var db: Tensor?
            if needs[0] {
                let dCols = try w2.matmul(gOut, transposeSelf: true)  // [patch, columns]
                var t = Tensor(uninitialized: x.shape)
                dCols.withPointer { c in t.withMutablePointer { g.col2im(c, $0) } }
                dx = t
            }
            if needs[1] { dw = try gOut.matmul(cols, transposeOther: true).reshaped(w.shape) }
            if needs.count > 2, needs[2] { db = rowSums(gOut) }
            return [dx, dw, db]
        }
    }

    /// Transposed 2-D convolution (PyTorch's ConvTranspose2d) of x [n, c, h, w] with weight [c, out, k, k]:
    /// output side (h - 1) * stride - 2 * padding + k + outputPadding. It is the adjoint of `conv2d`. `layout` and
    /// `activation` as for `conv2d`.
    public func convTranspose2d(
        weight: Var, bias: Var?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
        layout: ConvLayout = .channelsFirst, activation: Activation = .identity
    ) throws -> Var {
        let f = activation
        if layout == .channelsFirst, f != .identity {
            return try convTranspose2d(
                weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding
            ).activation(f)
        }
        guard stride >= 1, padding >= 0, outputPadding >= 0, outputPadding < stride else {
            throw TensorError("convTranspose2d: stride \(stride), padding \(padding), output padding \(outputPadding)")
        }
        if layout == .channelsLast {
            return try convTranspose2dChannelsLast(
                weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                activation: f)
        }
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[0] == x.shape[1], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch(
                "convTranspose2d", x.shape, w.shape, "input [n, c, h, w] needs weight [c, out, k, k]")
        }
        let k = w.shape[2]
        let inChannels = w.shape[0]
        let outChannels = w.shape[1]
        let (oh, ow) = try transposedOutputSize(
            inputHeight: x.shape[2], inputWidth: x.shape[3], weight: w, bias: bias, input: x.shape, stride: stride,
            padding: padding, outputPadding: outputPadding)
        // The convolution this is the transpose of: from the output [n, out, oh, ow] back to x's grid.
        let g = ConvGeometry(
            n: x.shape[0], channels: outChannels, height: oh, width: ow, kernel: k, stride: stride, padding: padding,
            outHeight: x.shape[2], outWidth: x.shape[3])
        let columns = g.n * g.positions
        let w2 = try w.reshaped([inChannels, g.patch])
        var xT = Tensor(uninitialized: [inChannels, columns])
        x.withPointer { s in xT.withMutablePointer { swapOuterAxes(s, $0, g.n, inChannels, inner: g.positions) } }
        let cols = try w2.matmul(xT, transposeSelf: true)  // [patch, columns]
        var y = Tensor(uninitialized: [g.n, outChannels, oh, ow])
        cols.withPointer { c in y.withMutablePointer { g.col2im(c, $0) } }
        if let b = bias?.value {
            let plane = oh * ow
            y.withMutablePointer { p in
                b.withPointer { bp in
                    for i in 0..<g.n {
                        for o in 0..<outChannels {
                            let q = p + (i * outChannels + o) * plane
                            let v = bp[o]
                            for j in 0..<plane { q[j] += v }
                        }
                    }
                }
            }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Var.make(y, inputs) { gy, needs in
            var gCols = Tensor(uninitialized: [g.patch, columns])
            gy.withPointer { s in gCols.withMutablePointer { g.im2col(s, $0) } }
            var dx: Tensor?
            var dw: Tensor?
            var db: Tensor?
            if needs[0] {
                let dxT = try w2.matmul(gCols)  // [in, columns]
                var t = Tensor(uninitialized: x.shape)
                dxT.withPointer { s in
                    t.withMutablePointer { swapOuterAxes(s, $0, inChannels, g.n, inner: g.positions) }
                }
                dx = t
            }
            if needs[1] { dw = try xT.matmul(gCols, transposeOther: true).reshaped(w.shape) }
            if needs.count > 2, needs[2] {
                var gT = Tensor(uninitialized: [outChannels, g.n * oh * ow])
                gy.withPointer { s in gT.withMutablePointer { swapOuterAxes(s, $0, g.n, outChannels, inner: oh * ow) } }
                db = rowSums(gT)
            }
            return [dx, dw, db]
        }
    }
}

/// Sums of each row of a matrix [r, c] -> [r].
func rowSums(_ m: Tensor) -> Tensor {
    let (r, c) = (m.rows, m.columns)
    var out = Tensor(uninitialized: [r])
    m.withPointer { p in
        out.withMutablePointer { o in
            for i in 0..<r { o[i] = Float(Lanes.sum(RowSumKernel(), p + i * c, p + i * c, c)) }
        }
    }
    return out
}

/// Adds the first operand only (so `Lanes.sum` sums a single row).
struct RowSumKernel: LaneZip {
    @inline(__always) func apply(_ a: F8, _ b: F8) -> F8 { a }
}

/// The geometry of a convolution of an input [n, ...] with `channels`, `height` and `width` by weight
/// [out, channels, k, k], its output checked to be non-empty and the bias to have one value per output channel;
/// shared by both layouts.
func convolutionGeometry(
    input: [Int], channels: Int, height: Int, width: Int, weight w: Tensor, bias: Var?, stride: Int, padding: Int
) throws -> ConvGeometry {
    let k = w.shape[2]
    let outChannels = w.shape[0]
    let oh = (height + 2 * padding - k) / stride + 1
    let ow = (width + 2 * padding - k) / stride + 1
    guard oh >= 1, ow >= 1 else {
        throw TensorError.mismatch("conv2d", input, w.shape, "the kernel does not fit the padded input")
    }
    if let bias, bias.value.shape != [outChannels] {
        throw TensorError.mismatch("conv2d bias", w.shape, bias.value.shape, "bias must be [\(outChannels)]")
    }
    return ConvGeometry(
        n: input[0], channels: channels, height: height, width: width, kernel: k, stride: stride, padding: padding,
        outHeight: oh, outWidth: ow)
}

/// Height and width of a transposed convolution's output, checked to be non-empty, with the bias checked
/// to have one value per output channel; shared by both layouts.
func transposedOutputSize(
    inputHeight: Int, inputWidth: Int, weight w: Tensor, bias: Var?, input: [Int], stride: Int, padding: Int,
    outputPadding: Int
) throws -> (height: Int, width: Int) {
    let k = w.shape[2]
    let outChannels = w.shape[1]
    let oh = (inputHeight - 1) * stride - 2 * padding + k + outputPadding
    let ow = (inputWidth - 1) * stride - 2 * padding + k + outputPadding
    guard oh >= 1, ow >= 1 else {
        throw TensorError.mismatch("convTranspose2d", input, w.shape, "the output would be empty")
    }
    if let bias, bias.value.shape != [outChannels] {
        throw TensorError.mismatch("convTranspose2d bias", w.shape, bias.value.shape, "bias must be [\(outChannels)]")
    }
    return (oh, ow)
}
