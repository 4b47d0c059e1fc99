/// Convolutions on channels-last tensors [n, height, width, channels].
///
/// With channels innermost, every patch row of im2col is k·k contiguous runs of `channels` floats, the GEMM
/// output is already [n, height, width, out], and no transposes are needed between layers; weights keep
/// PyTorch's layout and are permuted (a few thousand floats) per call.
public enum ConvLayout: Sendable, Equatable, Codable {
    /// [n, channels, height, width], PyTorch's default.
    case channelsFirst
    /// [n, height, width, channels]: faster here (no transposes).
    case channelsLast
}

extension ConvGeometry {
    /// Patches as rows [n * positions, k * k * channels], columns ordered (ky, kx, channel).
    ///
    /// For a fixed ky the k taps along x are one contiguous run of k * channels floats in a channels-last image,
    /// so an interior patch row is k copies, not k * k.
    func im2colChannelsLast(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        var q = cols
        let run = kernel * channels
        for b in 0..<n {
            let image = x + b * height * width * channels
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    let ix0 = ox * stride - padding
                    let inside = ix0 >= 0 && ix0 + kernel <= width
                    for ky in 0..<kernel {
                        let iy = oy * stride - padding + ky
                        if iy < 0 || iy >= height {
                            for j in 0..<run { q[j] = 0 }
                        } else if inside {
                            Kernels.copyRow(image + (iy * width + ix0) * channels, into: q, count: run)
                        } else {
                            for kx in 0..<kernel {
                                let ix = ix0 + kx
                                let dst = q + kx * channels
                                if ix >= 0, ix < width {
                                    Kernels.copyRow(image + (iy * width + ix) * channels, into: dst, count: channels)
                                } else {
                                    for j in 0..<channels { dst[j] = 0 }
                                }
                            }
                        }
                        q += run
                    }
                }
            }
        }
    }

    /// The adjoint of `im2colChannelsLast`: adds each row's runs back into the image [n, h, w, channels], into
    /// zeros or, with `accumulate`, into what x holds.
    func col2imChannelsLast(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        if !accumulate { x.update(repeating: 0, count: n * height * width * channels) }
        var q = cols
        let run = kernel * channels
        for b in 0..<n {
            let image = x + b * height * width * channels
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    let ix0 = ox * stride - padding
                    let inside = ix0 >= 0 && ix0 + kernel <= width
                    for ky in 0..<kernel {
                        let iy = oy * stride - padding + ky
                        if iy >= 0, iy < height {
                            if inside {
                                Kernels.addRow(q, into: image + (iy * width + ix0) * channels, count: run)
                            } else {
                                for kx in 0..<kernel {
                                    let ix = ix0 + kx
                                    if ix >= 0, ix < width {
                                        Kernels.addRow(
                                            q + kx * channels, into: image + (iy * width + ix) * channels,
                                            count: channels)
                                    }
                                }
                            }
                        }
                        q += run
                    }
                }
            }
        }
    }
}

extension ConvGeometry {
    /// Whether `unfold` gives the patches transposed, [patch, positions], instead of [positions, patch].
    ///
    /// With one channel a channels-last image is also a channels-first one, and the channels-first unfold (one
    /// contiguous run per tap and image row) is several times faster than k-float runs per patch; the GEMMs take
    /// the transpose as a flag, so the products are the same.
    var unfoldsTransposed: Bool { channels == 1 }
}

/// Writes `row` (a vector) into each of `rows` consecutive rows of p: a bias broadcast over positions.
func fillRows(_ p: UnsafeMutablePointer<Float>, with row: Tensor, rows: Int) {
    let width = row.count
    if width == 1 {
        p.update(repeating: row.scalar, count: rows)
        return
    }
    row.withPointer { r in
        for i in 0..<rows { Kernels.copyRow(r, into: p + i * width, count: width) }
    }
}

/// [a, c, k, k] (PyTorch) -> [a, k, k, c] (patch order of channels-last im2col), or back with `inverse`.
func permuteKernel(_ w: Tensor, inverse: Bool = false) -> Tensor {
    let (a, c, kk) =
        inverse ? (w.shape[0], w.shape[3], w.shape[1] * w.shape[2]) : (w.shape[0], w.shape[1], w.shape[2] * w.shape[3])
    var out = Tensor(uninitialized: inverse ? [a, c, w.shape[1], w.shape[2]] : [a, w.shape[2], w.shape[3], c])
    w.withPointer { src in
        out.withMutablePointer { dst in
            for i in 0..<a {
                for ch in 0..<c {
                    for p in 0..<kk {
                        if inverse {
                            dst[(i * c + ch) * kk + p] = src[(i * kk + p) * c + ch]
                        } else {
                            dst[(i * kk + p) * c + ch] = src[(i * c + ch) * kk + p]
                        }
                    }
                }
            }
        }
    }
    return out
}

extension Var {
    /// `conv2d` on channels-last x [n, h, w, c] with PyTorch's weight [out, c, k, k]; output [n, h', w', out].
    ///
    /// Chunk by chunk of images (see `ConvGeometry.chunks`): unfold, GEMM onto the bias rows, activation, so that
    /// the patches and outputs are still in cache for the next step. The patches are kept for the weight gradient.
    func conv2dChannelsLast(
        weight: Var, bias: Var?, stride: Int, padding: Int, activation f: Activation = .identity
    ) throws -> Var {
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[1] == x.shape[3], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch(
                "conv2d (channels last)", x.shape, w.shape, "input [n, h, w, c] needs weight [out, c, k, k]")
        }
        let outChannels = w.shape[0]
        let g = try convolutionGeometry(
            input: x.shape, channels: x.shape[3], height: x.shape[1], width: x.shape[2], weight: w, bias: bias,
            stride: stride, padding: padding)
        let (oh, ow) = (g.outHeight, g.outWidth)
        let rows = g.n * g.positions
        let chunks = g.chunks
        let wLast = try permuteKernel(w).reshaped([outChannels, g.patch])
        let b = bias?.value
        // The chunks' patches one after another, each laid out as `unfold` writes it.
        var cols = Tensor(uninitialized: [rows * g.patch])
        var y = Tensor(uninitialized: [g.n, oh, ow, outChannels])
        x.withPointer { xp in
            wLast.withPointer { wp in
                cols.withMutablePointer { cp in
                    y.withMutablePointer { yp in
                        let weights = MatrixView(wp, rows: outChannels, cols: g.patch)
                        for (first, count) in chunks {
                            let patches = cp + first * g.patchesPerImage
                            let out = yp + first * g.positions * outChannels
                            let outCount = count * g.positions * outChannels
                            g.unfold(xp, first: first, count: count, into: patches)
                            if let b {
                                fillRows(out, with: b, rows: count * g.positions)
                            } else {
                                out.update(repeating: 0, count: outCount)
                            }
                            gemm(g.patchView(patches, images: count), weights.t, into: out, accumulate: true)
                            f.apply(out, count: outCount)
                        }
                    }
                }
            }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        let output = y
        return Var.make(y, inputs) { upstream, needs in
            var dx = needs[0] ? Tensor(uninitialized: x.shape) : nil
            var dwLast = needs[1] ? Tensor(zeros: [outChannels, g.patch]) : nil
            var db = needs.count > 2 && needs[2] ? Tensor(zeros: [outChannels]) : nil
            // One chunk's patch gradient, folded into dx before the next chunk overwrites it.
            var dCols = [Float](repeating: 0, count: needs[0] ? g.imagesPerChunk * g.patchesPerImage : 0)
            wLast.withPointer { wp in
                cols.withPointer { cp in
                    let weights = MatrixView(wp, rows: outChannels, cols: g.patch)
                    forEachChunkGradient(
                        f, upstream: upstream, output: output, width: outChannels, rowsPerImage: g.positions,
                        chunks: chunks, biasGradient: &db
                    ) { first, count, gp in
                        let upstreamRows = MatrixView(gp, rows: count * g.positions, cols: outChannels)
                        if dwLast != nil {
                            let patches = g.patchView(cp + first * g.patchesPerImage, images: count)
                            dwLast?.withMutablePointer { gemm(upstreamRows.t, patches, into: $0, accumulate: true) }
                        }
                        if dx != nil {
                            dCols.withUnsafeMutableBufferPointer { d in
                                guard let d = d.baseAddress else { return }
                                // The chunk's patch gradient [rows, patch], transposed when the patches are so.
                                gemm(upstreamRows, weights, into: d, transposedResult: g.unfoldsTransposed)
                                dx?.withMutablePointer {
                                    g.fold(d, into: $0, first: first, count: count, accumulate: false)
                                }
                            }
                        }
                    }
                }
            }
            let dw = try dwLast.map {
                permuteKernel(try $0.reshaped([outChannels, g.kernel, g.kernel, g.channels]), inverse: true)
            }
            return [dx, dw, db]
        }
    }

    /// `convTranspose2d` on channels-last x [n, h, w, c] with PyTorch's weight [c, out, k, k].
    ///
    /// Chunk by chunk of images: GEMM to patches, fold them onto the bias, activation (see `conv2dChannelsLast`).
    func convTranspose2dChannelsLast(
        weight: Var, bias: Var?, stride: Int, padding: Int, outputPadding: Int, activation f: Activation = .identity
    ) throws -> Var {
        let (x, w) = (value, weight.value)
        guard x.rank == 4, w.rank == 4, w.shape[0] == x.shape[3], w.shape[2] == w.shape[3] else {
            throw TensorError.mismatch(
                "convTranspose2d (channels last)", x.shape, w.shape, "input [n, h, w, c] needs weight [c, out, k, k]")
        }
        let k = w.shape[2]
        let inChannels = w.shape[0]
        let outChannels = w.shape[1]
        let (oh, ow) = try transposedOutputSize(
            inputHeight: x.shape[1], inputWidth: x.shape[2], weight: w, bias: bias, input: x.shape, stride: stride,
            padding: padding, outputPadding: outputPadding)
        // The convolution this is the transpose of: from the output [n, oh, ow, out] back to x's grid.
        let g = ConvGeometry(
            n: x.shape[0], channels: outChannels, height: oh, width: ow, kernel: k, stride: stride, padding: padding,
            outHeight: x.shape[1], outWidth: x.shape[2])
        let chunks = g.chunks
        let imageSize = oh * ow * outChannels
        let wLast = try permuteKernel(w).reshaped([inChannels, g.patch])
        let b = bias?.value
        var y = Tensor(uninitialized: [g.n, oh, ow, outChannels])
        var cols = [Float](repeating: 0, count: g.imagesPerChunk * g.patchesPerImage)
        x.withPointer { xp in
            wLast.withPointer { wp in
                y.withMutablePointer { yp in
                    cols.withUnsafeMutableBufferPointer { c in
                        guard let cp = c.baseAddress else { return }
                        let weights = MatrixView(wp, rows: inChannels, cols: g.patch)
                        for (first, count) in chunks {
                            let inputRows = MatrixView(
                                xp + first * g.positions * inChannels, rows: count * g.positions, cols: inChannels)
                            // [rows, patch], or its transpose when the patches are unfolded transposed.
                            gemm(inputRows, weights, into: cp, transposedResult: g.unfoldsTransposed)
                            let out = yp + first * imageSize
                            if let b { fillRows(out, with: b, rows: count * oh * ow) }
                            g.fold(cp, into: yp, first: first, count: count, accumulate: b != nil)
                            f.apply(out, count: count * imageSize)
                        }
                    }
                }
            }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        let output = y
        return Var.make(y, inputs) { upstream, needs in
            var dx = needs[0] ? Tensor(uninitialized: [g.n * g.positions, inChannels]) : nil
            var dwLast = needs[1] ? Tensor(zeros: [inChannels, g.patch]) : nil
            var db = needs.count > 2 && needs[2] ? Tensor(zeros: [outChannels]) : nil
            var gCols = [Float](repeating: 0, count: g.imagesPerChunk * g.patchesPerImage)
            wLast.withPointer { wp in
                x.withPointer { xp in
                    gCols.withUnsafeMutableBufferPointer { c in
                        guard let cp = c.baseAddress else { return }
                        let weights = MatrixView(wp, rows: inChannels, cols: g.patch)
                        forEachChunkGradient(
                            f, upstream: upstream, output: output, width: outChannels, rowsPerImage: oh * ow,
                            chunks: chunks, biasGradient: &db
                        ) { first, count, gp in
                            // The chunk's gradient holds its images from the start: unfold them as images 0..<count.
                            g.unfold(gp, first: 0, count: count, into: cp)
                            let patches = g.patchView(cp, images: count)
                            let rowOffset = first * g.positions * inChannels
                            dx?.withMutablePointer { gemm(patches, weights.t, into: $0 + rowOffset) }
                            let inputRows = MatrixView(xp + rowOffset, rows: count * g.positions, cols: inChannels)
                            dwLast?.withMutablePointer { gemm(inputRows.t, patches, into: $0, accumulate: true) }
                        }
                    }
                }
            }
            let dw = try dwLast.map { permuteKernel(try $0.reshaped([inChannels, k, k, outChannels]), inverse: true) }
            return [try dx?.reshaped(x.shape), dw, db]
        }
    }
}
