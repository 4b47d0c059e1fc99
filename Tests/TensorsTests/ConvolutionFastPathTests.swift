import Testing

@testable import Tensors

/// The channels-last convolutions take other routes for some shapes (one input channel of a convolution, one
/// output channel of a transposed one); each route is checked against the general one and by finite differences.
@Suite struct ConvolutionFastPaths {
    /// Values, then gradients of x, weight and bias, of a seeded weighting of the output.
    func run(
        _ x: Tensor, _ w: Tensor, _ b: Tensor, seedWeights: (([Int]) -> Tensor)? = nil,
        _ op: (Var, Var, Var) throws -> Var
    ) throws -> [Tensor] {
        let tape = Tape()
        let (xv, wv, bv) = (tape.variable(x), tape.variable(w), tape.variable(b))
        let y = try op(xv, wv, bv)
        let weights = seedWeights?(y.shape) ?? sample(y.shape, seed: "seed")
        try tape.backward(y, seed: weights)
        return [y.value, tape.gradient(of: xv)!, tape.gradient(of: wv)!, tape.gradient(of: bv)!]
    }

    /// Channel `c` of a channels-last tensor [.., channels].
    func channel(_ t: Tensor, _ c: Int, of channels: Int) -> [Float] {
        stride(from: c, to: t.count, by: channels).map { t.scalars[$0] }
    }

    func expectClose(
        _ a: [Float], _ b: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.count == b.count, sourceLocation: sourceLocation)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst < tolerance, "largest relative difference \(worst)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(2, 1), (1, 0), (1, 1), (2, 0)])
    func oneInputChannelMatchesGeneralPath(stride: Int, padding: Int) throws {
        // The same convolution on two channels (the second has zero weights) takes the general route.
        let x = sample([2, 7, 7, 1], seed: "x")
        let w = sample([3, 1, 3, 3], seed: "w")
        let b = sample([3], seed: "b")
        let noise = sample([2, 7, 7, 1], seed: "noise")
        let x2 = try Tensor(
            shape: [2, 7, 7, 2], scalars: zip(x.scalars, noise.scalars).flatMap { [$0, $1] })
        var w2 = Tensor(zeros: [3, 2, 3, 3])
        for o in 0..<3 { for i in 0..<9 { w2.scalars[o * 18 + i] = w.scalars[o * 9 + i] } }
        let conv: (Var, Var, Var) throws -> Var = {
            try $0.conv2d(
                weight: $1, bias: $2, stride: stride, padding: padding, layout: .channelsLast, activation: .sigmoid)
        }
        let one = try run(x, w, b, conv)
        let two = try run(x2, w2, b, conv)
        expectClose(one[0].scalars, two[0].scalars)
        expectClose(one[1].scalars, channel(two[1], 0, of: 2))
        for o in 0..<3 {
            expectClose(Array(one[2].scalars[(o * 9)..<(o * 9 + 9)]), Array(two[2].scalars[(o * 18)..<(o * 18 + 9)]))
        }
        expectClose(one[3].scalars, two[3].scalars)
    }

    @Test(arguments: [(2, 1, 1), (1, 0, 0), (2, 0, 1), (1, 1, 0)])
    func oneOutputChannelMatchesGeneralPath(stride: Int, padding: Int, outputPadding: Int) throws {
        // The same transposed convolution with a second output channel takes the general route; the upstream
        // gradient of that channel is zero so that every gradient must agree.
        let x = sample([2, 4, 4, 3], seed: "x")
        let w = sample([3, 1, 3, 3], seed: "w")
        let b = sample([1], seed: "b")
        let extra = sample([3, 1, 3, 3], seed: "extra")
        var w2 = Tensor(zeros: [3, 2, 3, 3])
        for i in 0..<3 {
            for t in 0..<9 {
                w2.scalars[i * 18 + t] = w.scalars[i * 9 + t]
                w2.scalars[i * 18 + 9 + t] = extra.scalars[i * 9 + t]
            }
        }
        let b2 = try Tensor(shape: [2], scalars: [b.scalars[0], 0.3])
        let convT: (Var, Var, Var) throws -> Var = {
            try $0.convTranspose2d(
                weight: $1, bias: $2, stride: stride, padding: padding, outputPadding: outputPadding,
                layout: .channelsLast, activation: .sigmoid)
        }
        let one = try run(x, w, b, convT)
        let seedOne = sample(one[0].shape, seed: "seed")
        let two = try run(x2: x, w2, b2, seed: seedOne, convT)
        expectClose(one[0].scalars, channel(two[0], 0, of: 2))
        expectClose(one[1].scalars, two[1].scalars)
        for i in 0..<3 {
            expectClose(Array(one[2].scalars[(i * 9)..<(i * 9 + 9)]), Array(two[2].scalars[(i * 18)..<(i * 18 + 9)]))
        }
        expectClose(one[3].scalars, [two[3].scalars[0]])
    }

    /// `run` with a two-channel output whose second channel gets no upstream gradient.
    func run(
        x2 x: Tensor, _ w: Tensor, _ b: Tensor, seed: Tensor, _ op: (Var, Var, Var) throws -> Var
    ) throws -> [Tensor] {
        try run(
            x, w, b,
            seedWeights: { shape in
                var s = Tensor(zeros: shape)
                for i in 0..<seed.count { s.scalars[2 * i] = seed.scalars[i] }
                return s
            }, op)
    }

    @Test(arguments: [(2, 1, 0), (1, 0, 0), (2, 1, 1)])
    func oneChannelGradientsByFiniteDifferences(stride: Int, padding: Int, outputPadding: Int) throws {
        try checkGradients([sample([2, 5, 5, 1], seed: "x"), sample([3, 1, 3, 3], seed: "w"), sample([3], seed: "b")]) {
            try $0[0].conv2d(
                weight: $0[1], bias: $0[2], stride: stride, padding: padding, layout: .channelsLast,
                activation: .sigmoid)
        }
        try checkGradients([sample([2, 3, 3, 2], seed: "x"), sample([2, 1, 3, 3], seed: "w"), sample([1], seed: "b")]) {
            try $0[0].convTranspose2d(
                weight: $0[1], bias: $0[2], stride: stride, padding: padding, outputPadding: outputPadding,
                layout: .channelsLast, activation: .sigmoid)
        }
    }

    @Test func oneChannelKnownAnswer() throws {
        // A 2x2 box filter over a 3x3 ramp (the channels-first known answer), channels last with one channel.
        let x = try Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor(repeating: 1, shape: [1, 1, 2, 2])
        let y = try Var(x).conv2d(
            weight: Var(w), bias: Var(Tensor(repeating: 0.5, shape: [1])), layout: .channelsLast)
        #expect(y.value.shape == [1, 2, 2, 1])
        #expect(y.value.scalars == [12.5, 16.5, 24.5, 28.5])
        // Its transpose spreads each input over a 2x2 block: a 1 at the centre of a 1x1 image gives the kernel.
        let t = try Var(Tensor(repeating: 1, shape: [1, 1, 1, 1])).convTranspose2d(
            weight: Var(try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])), bias: nil, layout: .channelsLast)
        #expect(t.value.shape == [1, 2, 2, 1])
        #expect(t.value.scalars == [1, 2, 3, 4])
    }

    /// [n, c, h, w] <-> [n, h, w, c].
    func toLast(_ t: Tensor) throws -> Tensor {
        let (n, c, h, w) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
        var out = [Float](repeating: 0, count: t.count)
        for b in 0..<n {
            for ch in 0..<c {
                for y in 0..<h {
                    for x in 0..<w { out[((b * h + y) * w + x) * c + ch] = t.scalars[((b * c + ch) * h + y) * w + x] }
                }
            }
        }
        return try Tensor(shape: [n, h, w, c], scalars: out)
    }

    /// Batches big enough to be split into several chunks (one to a few images each) agree with the channels-first
    /// route in values and in every gradient, with many and with one channel.
    @Test(arguments: [(8, 3), (1, 4)])
    func chunkedBatchesMatchChannelsFirst(channels: Int, outChannels: Int) throws {
        let side = channels == 1 ? 90 : 30
        let x = sample([5, channels, side, side], seed: "x")
        let w = sample([outChannels, channels, 3, 3], seed: "w")
        let b = sample([outChannels], seed: "b")
        let g = ConvGeometry(
            n: 5, channels: channels, height: side, width: side, kernel: 3, stride: 1, padding: 1, outHeight: side,
            outWidth: side)
        #expect(g.chunks.count >= 3)
        let first = try run(x, w, b) { try $0.conv2d(weight: $1, bias: $2, padding: 1).sigmoid() }
        let last = try run(
            toLast(x), w, b, seedWeights: { _ in try! self.toLast(sample(first[0].shape, seed: "seed")) }
        ) {
            try $0.conv2d(weight: $1, bias: $2, padding: 1, layout: .channelsLast, activation: .sigmoid)
        }
        expectClose(last[0].scalars, try toLast(first[0]).scalars, tolerance: 1e-4)
        expectClose(last[1].scalars, try toLast(first[1]).scalars, tolerance: 1e-4)
        expectClose(last[2].scalars, first[2].scalars, tolerance: 1e-4)
        expectClose(last[3].scalars, first[3].scalars, tolerance: 1e-4)
    }

    @Test(arguments: [(4, 2), (3, 1)])
    func chunkedTransposedBatchesMatchChannelsFirst(channels: Int, outChannels: Int) throws {
        let side = outChannels == 1 ? 45 : 40
        let x = sample([5, channels, side, side], seed: "x")
        let w = sample([channels, outChannels, 3, 3], seed: "w")
        let b = sample([outChannels], seed: "b")
        let g = ConvGeometry(
            n: 5, channels: outChannels, height: 2 * side, width: 2 * side, kernel: 3, stride: 2, padding: 1,
            outHeight: side, outWidth: side)
        #expect(g.chunks.count >= 2)
        let op: (Var, Var, Var, ConvLayout) throws -> Var = {
            try $0.convTranspose2d(
                weight: $1, bias: $2, stride: 2, padding: 1, outputPadding: 1, layout: $3, activation: .sigmoid)
        }
        let first = try run(x, w, b) { try op($0, $1, $2, .channelsFirst) }
        let last = try run(
            toLast(x), w, b, seedWeights: { _ in try! self.toLast(sample(first[0].shape, seed: "seed")) }
        ) {
            try op($0, $1, $2, .channelsLast)
        }
        expectClose(last[0].scalars, try toLast(first[0]).scalars, tolerance: 1e-4)
        expectClose(last[1].scalars, try toLast(first[1]).scalars, tolerance: 1e-4)
        expectClose(last[2].scalars, first[2].scalars, tolerance: 1e-4)
        expectClose(last[3].scalars, first[3].scalars, tolerance: 1e-4)
    }
}
