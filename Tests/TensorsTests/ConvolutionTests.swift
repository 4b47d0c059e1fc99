import Testing

@testable import Tensors

@Suite struct ConvolutionTests {
    @Test(arguments: [(1, 0), (2, 1), (1, 1)])
    func conv2dGradients(stride: Int, padding: Int) throws {
        let x = sample([2, 2, 5, 5], seed: "x")
        let w = sample([3, 2, 3, 3], seed: "w")
        let b = sample([3], seed: "b")
        try checkGradients([x, w, b]) { try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: stride, padding: padding) }
    }

    @Test(arguments: [(2, 1, 1), (1, 0, 0), (2, 0, 1)])
    func convTranspose2dGradients(stride: Int, padding: Int, outputPadding: Int) throws {
        let x = sample([2, 3, 3, 3], seed: "x")
        let w = sample([3, 2, 3, 3], seed: "w")
        let b = sample([2], seed: "b")
        try checkGradients([x, w, b]) {
            try $0[0].convTranspose2d(
                weight: $0[1], bias: $0[2], stride: stride, padding: padding, outputPadding: outputPadding)
        }
    }

    @Test func shapesMatchPyTorch() throws {
        let x = Var(Tensor(zeros: [4, 1, 28, 28]))
        let w1 = Var(Tensor(zeros: [16, 1, 3, 3]))
        let h = try x.conv2d(weight: w1, bias: nil, stride: 2, padding: 1)
        #expect(h.shape == [4, 16, 14, 14])
        let up = try h.convTranspose2d(
            weight: Var(Tensor(zeros: [16, 8, 3, 3])), bias: nil, stride: 2, padding: 1, outputPadding: 1)
        #expect(up.shape == [4, 8, 28, 28])
        #expect { try x.conv2d(weight: Var(Tensor(zeros: [16, 2, 3, 3])), bias: nil) } throws: {
            "\($0)".contains("[4, 1, 28, 28]") && "\($0)".contains("[16, 2, 3, 3]")
        }
    }

    @Test func knownAnswer() throws {
        // A 2x2 box filter over a 3x3 ramp, stride 1, no padding.
        let x = try Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor(repeating: 1, shape: [1, 1, 2, 2])
        let y = try Var(x).conv2d(weight: Var(w), bias: Var(Tensor(repeating: 0.5, shape: [1])))
        #expect(y.value.scalars == [12.5, 16.5, 24.5, 28.5])
    }

    @Test func transposedConvolutionIsTheAdjoint() throws {
        // <conv(x), y> = <x, convT(y)> for the same weights: the defining property of the transpose.
        let x = sample([2, 3, 7, 7], seed: "x")
        let w = sample([4, 3, 3, 3], seed: "w")
        let cx = try Var(x).conv2d(weight: Var(w), bias: nil, stride: 2, padding: 1).value
        let y = sample(cx.shape, seed: "y")
        let ty = try Var(y).convTranspose2d(weight: Var(w), bias: nil, stride: 2, padding: 1).value
        #expect(ty.shape == x.shape)
        let lhs = try (cx * y).sum()
        let rhs = try (x * ty).sum()
        #expect(abs(lhs - rhs) < 1e-3 * max(1, abs(lhs)))
    }
}

@Suite struct ChannelsLastConvolution {
    /// [n, c, h, w] -> [n, h, w, c].
    func toLast(_ t: Tensor) throws -> Tensor {
        let (n, c, h, w) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
        var out = Tensor(zeros: [n, h, w, c])
        for b in 0..<n { for ch in 0..<c { for y in 0..<h { for x in 0..<w { out[b, y, x, ch] = t[b, ch, y, x] } } } }
        return out
    }

    @Test(arguments: [(1, 0), (2, 1)])
    func conv2dGradients(stride: Int, padding: Int) throws {
        let x = sample([2, 5, 5, 2], seed: "x")
        let w = sample([3, 2, 3, 3], seed: "w")
        let b = sample([3], seed: "b")
        try checkGradients([x, w, b]) {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: stride, padding: padding, layout: .channelsLast)
        }
    }

    @Test(arguments: [(2, 1, 1), (1, 0, 0)])
    func convTranspose2dGradients(stride: Int, padding: Int, outputPadding: Int) throws {
        let x = sample([2, 3, 3, 3], seed: "x")
        let w = sample([3, 2, 3, 3], seed: "w")
        let b = sample([2], seed: "b")
        try checkGradients([x, w, b]) {
            try $0[0].convTranspose2d(
                weight: $0[1], bias: $0[2], stride: stride, padding: padding, outputPadding: outputPadding,
                layout: .channelsLast)
        }
    }

    @Test func fusedReLUMatchesSeparateReLU() throws {
        // Finite differences straddle ReLU's kink; compare with the separately checked ops instead.
        let x = sample([2, 4, 4, 2], seed: "x")
        let w = sample([3, 2, 3, 3], seed: "w")
        func gradients(fused: Bool) throws -> [Tensor] {
            let tape = Tape()
            let (xv, wv) = (tape.variable(x), tape.variable(w))
            let y =
                fused
                ? try xv.conv2d(weight: wv, bias: nil, padding: 1, layout: .channelsLast, activation: .relu)
                : try xv.conv2d(weight: wv, bias: nil, padding: 1, layout: .channelsLast).relu()
            try tape.backward(try y.masked(by: sample(y.shape, seed: "m")).sum())
            return [y.value, tape.gradient(of: xv)!, tape.gradient(of: wv)!]
        }
        #expect(try gradients(fused: true) == gradients(fused: false))
    }

    @Test(arguments: [Activation.softplus, .sigmoid, .tanh])
    func fusedActivationGradients(_ f: Activation) throws {
        let x = sample([2, 4, 4, 2], seed: "x")
        try checkGradients([x, sample([3, 2, 3, 3], seed: "w"), sample([3], seed: "b")]) {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: 1, padding: 1, layout: .channelsLast, activation: f)
        }
        try checkGradients([x, sample([2, 3, 3, 3], seed: "wt"), sample([3], seed: "bt")]) {
            try $0[0].convTranspose2d(
                weight: $0[1], bias: $0[2], stride: 2, padding: 1, outputPadding: 1, layout: .channelsLast,
                activation: f)
        }
        let first = try Var(sample([1, 2, 4, 4], seed: "c")).conv2d(
            weight: Var(sample([3, 2, 3, 3], seed: "w")), bias: nil, activation: f)
        #expect(first.shape == [1, 3, 2, 2])
    }

    @Test func agreesWithChannelsFirst() throws {
        let x = sample([2, 3, 7, 7], seed: "x")
        let w = sample([4, 3, 3, 3], seed: "w")
        let b = sample([4], seed: "b")
        let first = try Var(x).conv2d(weight: Var(w), bias: Var(b), stride: 2, padding: 1).value
        let last = try Var(toLast(x)).conv2d(weight: Var(w), bias: Var(b), stride: 2, padding: 1, layout: .channelsLast)
        for (p, q) in zip(try toLast(first).scalars, last.value.scalars) { #expect(abs(p - q) < 1e-5) }
        let wt = sample([4, 2, 3, 3], seed: "wt")
        let up = try Var(first).convTranspose2d(weight: Var(wt), bias: nil, stride: 2, padding: 1, outputPadding: 1)
        let upLast = try Var(toLast(first)).convTranspose2d(
            weight: Var(wt), bias: nil, stride: 2, padding: 1, outputPadding: 1, layout: .channelsLast)
        #expect(upLast.shape == [2, 8, 8, 2])
        for (p, q) in zip(try toLast(up.value).scalars, upLast.value.scalars) { #expect(abs(p - q) < 1e-5) }
    }
}
