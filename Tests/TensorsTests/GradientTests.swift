import Testing

@testable import Tensors

@Suite struct ElementwiseGradients {
    let a = sample([3, 4], seed: "a")
    let b = sample([3, 4], seed: "b")

    @Test func add() throws { try checkGradients([a, b]) { try $0[0] + $0[1] } }
    @Test func subtract() throws { try checkGradients([a, b]) { try $0[0] - $0[1] } }
    @Test func multiply() throws { try checkGradients([a, b]) { try $0[0] * $0[1] } }
    @Test func scale() throws { try checkGradients([a]) { $0[0] * 2.5 + 1 } }
    @Test func negate() throws { try checkGradients([a]) { -$0[0] } }
    @Test func exp() throws { try checkGradients([a]) { $0[0].exp() } }
    @Test func log() throws { try checkGradients([sample([3, 4], seed: "p", low: 0.5, high: 2)]) { $0[0].log() } }
    @Test func squared() throws { try checkGradients([a]) { $0[0].squared() } }
    @Test func abs() throws { try checkGradients([sample([3, 4], seed: "k", awayFromZero: true)]) { $0[0].abs() } }
    @Test func sum() throws { try checkGradients([a]) { $0[0].sum() } }
    @Test func mean() throws { try checkGradients([a]) { $0[0].mean() } }
    @Test func sumRows() throws { try checkGradients([a]) { try $0[0].sumRows() } }
    @Test func reshape() throws { try checkGradients([a]) { try $0[0].reshaped([2, 6]) } }
    @Test func mask() throws {
        let mask = try Tensor(shape: [3, 4], scalars: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0])
        try checkGradients([a]) { try $0[0].masked(by: mask) }
    }
    @Test func addRow() throws {
        try checkGradients([a, sample([4], seed: "r")]) { try $0[0].addingRow($0[1]) }
    }
    @Test func sharedInputAccumulates() throws { try checkGradients([a]) { try $0[0] * $0[0] + $0[0] } }
}

@Suite struct ActivationGradients {
    let x = sample([4, 5], seed: "x", low: -3, high: 3, awayFromZero: true)

    @Test(arguments: [
        Activation.identity, .relu, .leakyReLU(slope: 0.1), .sigmoid, .tanh, .softplus,
    ])
    func activation(_ f: Activation) throws {
        try checkGradients([x]) { $0[0].activation(f) }
    }
}

@Suite struct LinearGradients {
    @Test func matmul() throws {
        try checkGradients([sample([3, 4], seed: "a"), sample([4, 2], seed: "b")]) { try $0[0].matmul($0[1]) }
    }

    @Test(arguments: [Activation.identity, .relu, .sigmoid, .tanh, .softplus, .leakyReLU(slope: 0.2)])
    func dense(_ f: Activation) throws {
        let x = sample([5, 4], seed: "x")
        let w = sample([3, 4], seed: "w")
        let b = sample([3], seed: "b", low: 0.2, high: 0.6)
        try checkGradients([x, w, b]) { try Tensors.dense($0[0], weight: $0[1], bias: $0[2], activation: f) }
    }

    @Test func denseWithoutBias() throws {
        try checkGradients([sample([2, 3], seed: "x"), sample([4, 3], seed: "w")]) {
            try Tensors.dense($0[0], weight: $0[1], bias: nil, activation: .sigmoid)
        }
    }
}

@Suite struct LossGradients {
    let p = sample([4, 3], seed: "p")
    let t = sample([4, 3], seed: "t", low: 0, high: 1)

    @Test func mse() throws { try checkGradients([p, t]) { try Loss.mse($0[0], $0[1]) } }
    @Test func mseSumPerSample() throws {
        try checkGradients([p, t]) { try Loss.mse($0[0], $0[1], reduction: .sumPerSample) }
    }
    @Test func l1() throws {
        let q = try t + sample([4, 3], seed: "d", awayFromZero: true)
        try checkGradients([q, t]) { try Loss.l1($0[0], $0[1]) }
    }
    @Test func binaryCrossEntropy() throws {
        try checkGradients([p * 4, t]) { try Loss.binaryCrossEntropy(logits: $0[0], targets: $0[1], reduction: .sum) }
    }
    @Test func softmaxCrossEntropy() throws {
        try checkGradients([p * 3]) { try Loss.softmaxCrossEntropy(logits: $0[0], labels: [0, 2, 1, 2]) }
    }
    @Test func gaussianKL() throws {
        try checkGradients([p, t]) { try Loss.gaussianKL(mean: $0[0], logVariance: $0[1]) }
    }
}
