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
