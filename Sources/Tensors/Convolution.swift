/// The sizes of one 2-D convolution: input [n, channels, height, width], a square kernel, stride, padding.
struct ConvGeometry {
    let n: Int, channels: Int, height: Int, width: Int
    let kernel: Int, stride: Int, padding: Int
    let outHeight: Int, outWidth: Int

    /// Values per patch: channels * kernel * kernel (the GEMM's inner dimension).
    var patch: Int { channels * kernel * kernel }
    /// Output positions per image.
    var positions: Int { outHeight * outWidth }

    /// Unfolds every kernel-sized patch into a row: [n * positions, patch], rows ordered (image, y, x), columns
    /// (channel, ky, kx) so that a weight [out, channels, k, k] is its matching [out, patch] matrix.
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        var row = cols
        for b in 0..<n {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    var q = row
                    for c in 0..<channels {
                        let plane = x + (b * channels + c) * height * width
                        for ky in 0..<kernel {
                            let iy = oy * stride - padding + ky
                            if iy < 0 || iy >= height {
                                q.update(repeating: 0, count: kernel)
                                q += kernel
                                continue
                            }
                            let line = plane + iy * width
                            for kx in 0..<kernel {
                                let ix = ox * stride - padding + kx
                                q.pointee = ix >= 0 && ix < width ? line[ix] : 0
                                q += 1
                            }
                        }
                    }
                    row += patch
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every row's values back to the input positions they came from.
    func col2im(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>) {
        x.update(repeating: 0, count: n * channels * height * width)
        var row = cols
        for b in 0..<n {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    var q = row
                    for c in 0..<channels {
                        let plane = x + (b * channels + c) * height * width
                        for ky in 0..<kernel {
                            let iy = oy * stride - padding + ky
                            if iy < 0 || iy >= height {
                                q += kernel
                                continue
                            }
                            let line = plane + iy * width
                            for kx in 0..<kernel {
                                let ix = ox * stride - padding + kx
                                if ix >= 0 && ix < width { line[ix] += q.pointee }
                                q += 1
                            }
                        }
                    }
                    row += patch
                }
            }
        }
    }
}

/// [n, positions, channels] (one row per position) <-> [n, channels, positions] (NCHW), per image.
func transposeBlocks(
    _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, blocks: Int, rows: Int, columns: Int
) {
    for b in 0..<blocks {
        let s = src + b * rows * columns
        let d = dst + b * rows * columns
        for i in 0..<rows {
            for j in 0..<columns { d[j * rows + i] = s[i * columns + j] }
        }
    }
}

extension Var {
    /// 2-D convolution (cross-correlation, as PyTorch's Conv2d) of x [n, c, h, w] with weight [out, c, k, k] and
    /// bias [out]: im2col, then one GEMM for the whole batch.
    public func conv2d(weight: Var, bias: Var?, stride: Int = 1, padding: Int = 0) throws -> Var {
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[1] == x.shape[1], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch("conv2d", x.shape, w.shape, "input [n, c, h, w] needs weight [out, c, k, k]")
        }
        guard stride >= 1, padding >= 0 else { throw TensorError("conv2d: stride \(stride), padding \(padding)") }
        let k = w.shape[2], outChannels = w.shape[0]
        let oh = (x.shape[2] + 2 * padding - k) / stride + 1
        let ow = (x.shape[3] + 2 * padding - k) / stride + 1
        guard oh >= 1, ow >= 1 else {
            throw TensorError.mismatch("conv2d", x.shape, w.shape, "the kernel does not fit the padded input")
        }
        if let bias, bias.value.shape != [outChannels] {
            throw TensorError.mismatch("conv2d bias", w.shape, bias.value.shape, "bias must be [\(outChannels)]")
        }
        let g = ConvGeometry(
            n: x.shape[0], channels: x.shape[1], height: x.shape[2], width: x.shape[3], kernel: k, stride: stride,
            padding: padding, outHeight: oh, outWidth: ow)
        let rows = g.n * g.positions
        var cols = Tensor(uninitialized: [rows, g.patch])
        x.withPointer { xp in cols.withMutablePointer { g.im2col(xp, $0) } }
        // [rows, patch] · [out, patch]ᵀ = [rows, out]: one row of channels per output position.
        var rowsOut = try cols.matmul(try w.reshaped([outChannels, g.patch]), transposeOther: true)
        if let b = bias?.value {
            rowsOut.withMutablePointer { p in
                b.withPointer { bp in
                    for r in 0..<rows { for o in 0..<outChannels { p[r * outChannels + o] += bp[o] } }
                }
            }
        }
        var y = Tensor(uninitialized: [g.n, outChannels, oh, ow])
        rowsOut.withPointer { s in y.withMutablePointer { transposeBlocks(s, $0, blocks: g.n, rows: g.positions, columns: outChannels) } }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Var.make(y, inputs) { gy, needs in
            var gRows = Tensor(uninitialized: [rows, outChannels])
            gy.withPointer { s in gRows.withMutablePointer { transposeBlocks(s, $0, blocks: g.n, rows: outChannels, columns: g.positions) } }
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            if needs[0] {
                let dCols = try gRows.matmul(try w.reshaped([outChannels, g.patch]))
                var t = Tensor(uninitialized: x.shape)
                dCols.withPointer { c in t.withMutablePointer { g.col2im(c, $0) } }
                dx = t
            }
            if needs[1] { dw = try gRows.matmul(cols, transposeSelf: true).reshaped(w.shape) }
            if needs.count > 2, needs[2] {
                var t = Tensor(uninitialized: [outChannels])
                gRows.withPointer { s in t.withMutablePointer { Kernels.columnSums(s, rows: rows, cols: outChannels, into: $0) } }
                db = t
            }
            return [dx, dw, db]
        }
    }

    /// Transposed 2-D convolution (PyTorch's ConvTranspose2d) of x [n, c, h, w] with weight [c, out, k, k]:
    /// output side (h - 1) * stride - 2 * padding + k + outputPadding. It is the adjoint of `conv2d`.
    public func convTranspose2d(
        weight: Var, bias: Var?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0
    ) throws -> Var {
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[0] == x.shape[1], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch(
                "convTranspose2d", x.shape, w.shape, "input [n, c, h, w] needs weight [c, out, k, k]")
        }
        guard stride >= 1, padding >= 0, outputPadding >= 0, outputPadding < stride else {
            throw TensorError("convTranspose2d: stride \(stride), padding \(padding), output padding \(outputPadding)")
        }
        let k = w.shape[2], inChannels = w.shape[0], outChannels = w.shape[1]
        let oh = (x.shape[2] - 1) * stride - 2 * padding + k + outputPadding
        let ow = (x.shape[3] - 1) * stride - 2 * padding + k + outputPadding
        guard oh >= 1, ow >= 1 else {
            throw TensorError.mismatch("convTranspose2d", x.shape, w.shape, "the output would be empty")
        }
        if let bias, bias.value.shape != [outChannels] {
            throw TensorError.mismatch("convTranspose2d bias", w.shape, bias.value.shape, "bias must be [\(outChannels)]")
        }
        // The convolution this is the transpose of: from the output [n, out, oh, ow] back to x's grid.
        let g = ConvGeometry(
            n: x.shape[0], channels: outChannels, height: oh, width: ow, kernel: k, stride: stride, padding: padding,
            outHeight: x.shape[2], outWidth: x.shape[3])
        let rows = g.n * g.positions
        let w2 = try w.reshaped([inChannels, g.patch])
        var xRows = Tensor(uninitialized: [rows, inChannels])
        x.withPointer { s in xRows.withMutablePointer { transposeBlocks(s, $0, blocks: g.n, rows: inChannels, columns: g.positions) } }
        let cols = try xRows.matmul(w2)  // [rows, patch]
        var y = Tensor(uninitialized: [g.n, outChannels, oh, ow])
        cols.withPointer { c in y.withMutablePointer { g.col2im(c, $0) } }
        if let b = bias?.value {
            let plane = oh * ow
            y.withMutablePointer { p in
                b.withPointer { bp in
                    for i in 0..<g.n { for o in 0..<outChannels { let q = p + (i * outChannels + o) * plane; for j in 0..<plane { q[j] += bp[o] } } }
                }
            }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Var.make(y, inputs) { gy, needs in
            var gCols = Tensor(uninitialized: [rows, g.patch])
            gy.withPointer { s in gCols.withMutablePointer { g.im2col(s, $0) } }
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            if needs[0] {
                let dRows = try gCols.matmul(w2, transposeOther: true)  // [rows, in]
                var t = Tensor(uninitialized: x.shape)
                dRows.withPointer { s in t.withMutablePointer { transposeBlocks(s, $0, blocks: g.n, rows: g.positions, columns: inChannels) } }
                dx = t
            }
            if needs[1] { dw = try xRows.matmul(gCols, transposeSelf: true).reshaped(w.shape) }
            if needs.count > 2, needs[2] {
                var t = Tensor(zeros: [outChannels])
                let plane = oh * ow
                gy.withPointer { s in
                    t.withMutablePointer { d in
                        for i in 0..<g.n { for o in 0..<outChannels { let q = s + (i * outChannels + o) * plane; var acc: Float = 0; for j in 0..<plane { acc += q[j] }; d[o] += acc } }
                    }
                }
                db = t
            }
            return [dx, dw, db]
        }
    }
}
