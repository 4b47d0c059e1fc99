import Testing

@testable import ModelCore

@Suite struct Optimizers {
    /// Minimises (p - 3)^2 from p = 0; both optimisers must get close.
    func minimise(_ optimizer: Optimizer, steps: Int) throws -> Float {
        let p = Parameter(Tensor(zeros: [1]))
        let state = optimizer.makeState(for: [p])
        for _ in 0..<steps {
            let tape = Tape()
            let loss = (tape.variable(p) + -3).squared().sum()
            try tape.backward(loss)
            try state.step()
        }
        return p.value.scalars[0]
    }

    @Test func adamConverges() throws { #expect(abs(try minimise(.adam(lr: 0.1), steps: 300) - 3) < 1e-2) }
    @Test func sgdMomentumConverges() throws {
        #expect(abs(try minimise(.sgd(lr: 0.05, momentum: 0.9), steps: 300) - 3) < 1e-3)
    }

    @Test func adamFirstStepIsLearningRate() throws {
        // With bias correction Adam's first step moves each weight by lr * sign(gradient).
        let p = Parameter(try Tensor(shape: [2], scalars: [1, -1]))
        let state = Optimizer.adam(lr: 0.01).makeState(for: [p])
        let tape = Tape()
        try tape.backward(tape.variable(p).squared().sum())
        try state.step()
        #expect(abs(p.value.scalars[0] - 0.99) < 1e-6 && abs(p.value.scalars[1] + 0.99) < 1e-6)
        #expect(p.gradient == nil)
    }
}

@Suite struct LayerTests {
    @Test func denseLayerMatchesFormula() throws {
        let layer = try Dense(
            weight: Tensor(rows: [[1, 2], [3, 4], [5, 6]]), bias: Tensor(shape: [3], scalars: [0.5, -100, 0]),
            activation: .relu)
        let y = try layer(Tensor(rows: [[1, 1]]))
        #expect(y == (try Tensor(rows: [[3.5, 0, 11]])))
        #expect(layer.parameterCount == 9)
    }

    @Test func sequentialNamesParameters() throws {
        var rng = RandomStream(seed: 1)
        let model = Sequential([Dense(4, 3, activation: .tanh, rng: &rng), Flatten(), Dense(3, 2, rng: &rng)])
        #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(throws: TensorError.self) { try model(Tensor(zeros: [5, 7])) }
    }

    @Test func dropoutOnlyWhileTraining() throws {
        let drop = try Dropout(rate: 0.5, rng: RandomStream(seed: 2, name: "dropout"))
        let x = Tensor(repeating: 1, shape: [100, 100])
        #expect(try drop(x) == x)
        let y = try drop.forward(Var(x), tape: Tape(training: true)).value
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(zeros > 4500 && zeros < 5500)
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == 2 })
        #expect(throws: TensorError.self) { try Dropout(rate: 1, rng: RandomStream(seed: 0)) }
    }

    @Test func initialisersHaveTheirScale() {
        var rng = RandomStream(seed: 3)
        let he = Initializer.heNormal.make([256, 400], fanIn: 400, fanOut: 256, rng: &rng)
        let variance = he.map { $0 * $0 }.mean()
        #expect(abs(variance - 2.0 / 400) < 0.0005)
        let glorot = Initializer.glorotUniform.make([100, 300], fanIn: 300, fanOut: 100, rng: &rng)
        let limit = (6.0 / 400.0).squareRoot()
        #expect(glorot.scalars.allSatisfy { abs($0) <= Float(limit) })
    }
}

@Suite struct TrainingLoop {
    /// Fashion-MNIST training images, a small slice.
    static let slice: LabeledImages? = try? FashionMNIST.load(.train, limit: 1024)

    @Test func deepAutoencoderLearnsOnFashionMNIST() throws {
        let data = try #require(Self.slice)
        let ae = try Autoencoder(sizes: [784, 128, 64, 32])
        #expect(ae.parameterCount == 2 * (784 * 128 + 128 * 64 + 64 * 32) + 128 + 64 + 32 + 64 + 128 + 784)
        var seen: [TrainingProgress] = []
        let history = try ae.fit(data, epochs: 3, batchSize: 128, validation: data.prefix(200)) { seen.append($0) }
        #expect(history.epochLoss.count == 3 && history.stepLoss.count == 24 && history.validationLoss.count == 3)
        #expect(history.epochLoss[2] < history.epochLoss[0])
        #expect(history.epochLoss[2] < 0.085 && history.epochLoss[2] < 0.8 * history.epochLoss[0])
        #expect(seen.count == 24 && seen.last?.isEpochEnd == true && seen.last?.etaSeconds == 0)
        #expect(seen[5].samplesPerSecond > 0 && seen[5].epoch == 1 && seen[9].step == 2)
        let codes = try ae.encode(data.inputs)
        #expect(codes.shape == [1024, 32])
        let back = try ae.decode(codes)
        #expect(back.shape == [1024, 784] && back.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(
            abs(try ae.reconstructionError(data.inputs) - Double(try (back - data.inputs).map { $0 * $0 }.mean()))
                < 1e-6)
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        let data = try #require(Self.slice).prefix(256)
        func train() throws -> [Float] {
            let ae = try Autoencoder(sizes: [784, 32, 8], rng: RandomStream(seed: 11, name: "ae"))
            try ae.fit(
                data, epochs: 2, batchSize: 64, loss: .binaryCrossEntropy, rng: RandomStream(seed: 11, name: "fit"))
            return ae.parameters.flatMap(\.value.scalars)
        }
        #expect(try train() == train())
    }

    @Test func divergenceNamesEpochAndStep() throws {
        let data = try #require(Self.slice).prefix(512)
        let ae = try Autoencoder(sizes: [784, 16], activation: .relu, output: .identity)
        #expect {
            try ae.fit(data, epochs: 5, batchSize: 64, optimizer: .sgd(lr: 1e4))
        } throws: { error in
            guard case TrainingError.nonFiniteLoss(let epoch, let step, _) = error else { return false }
            let text = "\(error)"
            return text.contains("epoch \(epoch)") && text.contains("step \(step)")
        }
    }

    @Test func classifierWithSoftmaxLearns() throws {
        let data = try #require(Self.slice)
        var rng = RandomStream(seed: 5)
        let model = Sequential([Dense(784, 64, activation: .relu, rng: &rng), Dense(64, 10, rng: &rng)])
        var trainer = Trainer(epochs: 4, batchSize: 64, optimizer: .adam(lr: 3e-3), rng: rng.derived("fit"))
        let history = try trainer.fit(parameters: model.parameters, inputs: data.inputs, labels: data.labels) {
            batch, tape in
            try Loss.softmaxCrossEntropy(logits: model.forward(Var(batch.inputs), tape: tape), labels: batch.labels)
        }
        #expect(history.epochLoss.last! < 0.8)
        let predicted = try model(data.inputs).argmaxRows()
        let accuracy = Double(zip(predicted, data.labels).filter { $0 == $1 }.count) / Double(data.count)
        #expect(accuracy > 0.75)
    }

    @Test func wrongInputWidthIsAnError() throws {
        let ae = try Autoencoder(sizes: [10, 3])
        #expect { try ae.fit(Tensor(zeros: [4, 9]), epochs: 1) } throws: { "\($0)".contains("[4, 9]") }
        #expect(throws: TensorError.self) { try Autoencoder(sizes: [10]) }
    }
}

@Suite struct ConvolutionalModels {
    @Test func convAutoencoderTrainsAndShapes() throws {
        let data = try #require(TrainingLoop.slice).prefix(256).inputs
        let model = ConvAutoencoder(channels: (4, 8), rng: RandomStream(seed: 3))
        #expect(try model.encode(data).shape == [256, 7, 7, 8])
        #expect(try model.reconstruct(data).shape == [256, 784])
        let history = try model.fit(data, epochs: 3, batchSize: 64, optimizer: .adam(lr: 3e-3))
        #expect(history.epochLoss[2] < history.epochLoss[0])
        #expect(model.namedParameters.map(\.name).first == "encoder.1.weight")
    }
}
