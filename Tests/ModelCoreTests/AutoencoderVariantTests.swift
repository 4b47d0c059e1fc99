import Testing

@testable import ModelCore

/// Mean |value| of a tensor.
private func meanAbs(_ t: Tensor) -> Double { Double(t.map { Swift.abs($0) }.mean()) }

@Suite struct SparseAutoencoderTests {
    @Test func kSparseKeepsExactlyKUnits() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        let ae = try Autoencoder.kSparse(sizes: [784, 64], k: 5, rng: RandomStream(seed: 3, name: "ks"))
        let before = try ae.reconstructionError(train.inputs)
        let history = try ae.fit(train, epochs: 5, batchSize: 32, optimizer: .adam(lr: 3e-3))
        let codes = try ae.encode(train.inputs)
        for i in 0..<codes.rows {
            let nonZeros = codes.scalars[(i * 64)..<((i + 1) * 64)].filter { $0 != 0 }.count
            #expect(nonZeros == 5, "row \(i) has \(nonZeros) non-zero code units")
        }
        let after = try ae.reconstructionError(train.inputs)
        #expect(after < 0.055 && after < before / 3, "k-sparse MSE \(before) -> \(after)")
        #expect(history.epochLoss.last ?? 1 < history.epochLoss.first ?? 0)
    }

    @Test func kSparseLayerMasksAndPassesGradientOnlyThroughKeptUnits() throws {
        let layer = try KSparse(k: 2)
        let tape = Tape()
        let x = tape.variable(try Tensor(rows: [[0.1, 3, -1, 2], [5, 4, 6, -2]]))
        let y = try layer.forward(x, tape: tape)
        #expect(y.value == (try Tensor(rows: [[0, 3, 0, 2], [5, 0, 6, 0]])))
        try tape.backward(y.sum())
        #expect(tape.gradient(of: x) == (try Tensor(rows: [[0, 1, 0, 1], [1, 0, 1, 0]])))
        #expect(throws: TensorError.self) { try KSparse(k: 0) }
    }

    @Test func l1PenaltyMakesCodesSparser() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        func trained(_ penalty: CodePenalty) throws -> Autoencoder {
            let ae = try Autoencoder(sizes: [784, 64], activation: .relu, rng: RandomStream(seed: 4, name: "l1"))
            try ae.fit(train, epochs: 5, batchSize: 32, optimizer: .adam(lr: 3e-3), penalty: penalty)
            return ae
        }
        let plain = try trained(.none)
        let sparse = try trained(.l1(lambda: 1e-4))
        let plainStats = try UnitStatistics(codes: plain.encode(train.inputs))
        let sparseStats = try UnitStatistics(codes: sparse.encode(train.inputs))
        #expect(
            sparseStats.meanAbsolute < plainStats.meanAbsolute * 0.7,
            "mean |h| \(plainStats.meanAbsolute) -> \(sparseStats.meanAbsolute)")
        #expect(sparseStats.fractionActive < plainStats.fractionActive)
        let sparseError = try sparse.reconstructionError(train.inputs)
        #expect(sparseError < 0.045, "sparse AE MSE \(sparseError)")
    }
}

@Suite struct DenoisingTests {
    @Test func corruptionLevels() throws {
        let x = Tensor(repeating: 1, shape: [100, 100])
        let levels = try Corruption.maskingLevels([0, 0.1, 0.2, 0.5], of: x, rng: RandomStream(seed: 1, name: "c"))
        let zeroFractions = levels.map { Double($0.scalars.filter { $0 == 0 }.count) / 10_000 }
        for (measured, expected) in zip(zeroFractions, [0, 0.1, 0.2, 0.5]) {
            #expect(Swift.abs(measured - expected) < 0.02)
        }
        var rng = RandomStream(seed: 2, name: "g")
        let noisy = try Corruption.gaussian(sigma: 0.3).apply(to: Tensor(zeros: [100, 100]), rng: &rng)
        let std = (Double(noisy.map { $0 * $0 }.mean())).squareRoot()
        #expect(Swift.abs(std - 0.3) < 0.01)
        #expect(throws: TensorError.self) { try Corruption.masking(fraction: 1.5).apply(to: x, rng: &rng) }
    }

    @Test func denoiserRestoresMaskedInputsBetterThanPlainAutoencoder() throws {
        let train = try FashionMNIST.load(.train, limit: 800)
        let test = try FashionMNIST.load(.test, limit: 200)
        func trained(_ corruption: Corruption) throws -> Autoencoder {
            let ae = try Autoencoder(sizes: [784, 64], activation: .relu, rng: RandomStream(seed: 5, name: "dae"))
            try ae.fit(train, epochs: 4, batchSize: 40, optimizer: .adam(lr: 3e-3), corruption: corruption)
            return ae
        }
        let plain = try trained(.none)
        let denoiser = try trained(.masking(fraction: 0.5))
        var rng = RandomStream(seed: 6, name: "test noise")
        let corrupted = try Corruption.masking(fraction: 0.5).apply(to: test.inputs, rng: &rng)
        func error(_ ae: Autoencoder) throws -> Double {
            Double(try (ae.reconstruct(corrupted) - test.inputs).map { $0 * $0 }.mean())
        }
        let (plainError, denoisedError) = (try error(plain), try error(denoiser))
        #expect(
            denoisedError < plainError * 0.92,
            "MSE from 50% masked inputs: plain \(plainError), denoiser \(denoisedError)")
        #expect(denoisedError < 0.046)
    }
}

@Suite struct TiedWeightTests {
    @Test func decoderSharesTheEncoderWeight() throws {
        let ae = try Autoencoder.tied(
            sizes: [784, 128, 32], activation: .relu, rng: RandomStream(seed: 7, name: "tied"))
        let encoderLayers = ae.encoder.layers.compactMap { $0 as? Dense }
        let decoderLayers = ae.decoder.layers.compactMap { $0 as? TiedDense }
        #expect(decoderLayers.count == 2)
        #expect(
            decoderLayers[0].weight === encoderLayers[1].weight && decoderLayers[1].weight === encoderLayers[0].weight)
        // Each weight is listed (and updated) once: the decoder owns only biases.
        #expect(ae.parameterCount == 784 * 128 + 128 + 128 * 32 + 32 + 128 + 784)
        let train = try FashionMNIST.load(.train, limit: 512)
        let before = encoderLayers[0].weight.value
        let history = try ae.fit(train, epochs: 5, batchSize: 32, optimizer: .adam(lr: 3e-3))
        #expect(encoderLayers[0].weight.value != before)
        #expect(decoderLayers[1].weight.value == encoderLayers[0].weight.value)
        #expect((history.epochLoss.last ?? 1) < 0.045, "tied AE loss \(history.epochLoss)")
    }

    @Test func tiedGradientSumsBothUses() throws {
        var rng = RandomStream(seed: 8, name: "tied grad")
        let ae = try Autoencoder.tied(sizes: [5, 3], activation: .tanh, output: .identity, rng: rng)
        let x = rng.normal([4, 5])
        let w = try #require(ae.encoder.layers.first as? Dense).weight
        let tape = Tape()
        try tape.backward(ae.loss(Var(x), tape: tape))
        let analytic = try #require(w.gradient)
        let h: Float = 1e-2
        for index in [0, 4, 7, 14] {
            let original = w.value.scalars[index]
            w.value.scalars[index] = original + h
            let up = try ae.loss(Var(x), tape: nil).value.scalar
            w.value.scalars[index] = original - h
            let down = try ae.loss(Var(x), tape: nil).value.scalar
            w.value.scalars[index] = original
            #expect(Swift.abs((up - down) / (2 * h) - analytic.scalars[index]) < 2e-3)
        }
    }
}

@Suite struct ContractiveTests {
    /// ||J||_F^2 of the encoder at each row of x by central differences, averaged over rows.
    func finiteDifferencePenalty(_ ae: Autoencoder, _ x: Tensor) throws -> Double {
        var total = 0.0
        let h: Float = 1e-2
        for i in 0..<x.rows {
            var row = try x.rows(i..<(i + 1))
            for j in 0..<x.columns {
                let original = row.scalars[j]
                row.scalars[j] = original + h
                let up = try ae.encode(row)
                row.scalars[j] = original - h
                let down = try ae.encode(row)
                row.scalars[j] = original
                total += Double(try (up - down).map { ($0 / (2 * h)) * ($0 / (2 * h)) }.sum())
            }
        }
        return total / Double(x.rows)
    }

    @Test func penaltyMatchesFiniteDifferencesAndJacobian() throws {
        var rng = RandomStream(seed: 9, name: "cae")
        let ae = try Autoencoder(sizes: [12, 5], activation: .sigmoid, rng: rng.derived("model"))
        let x = rng.uniform([6, 12])
        let exact = try ae.contractivePenalty(x)
        let numeric = try finiteDifferencePenalty(ae, x)
        #expect(Swift.abs(exact - numeric) < 1e-3 * max(1, numeric), "exact \(exact), finite differences \(numeric)")
        // The autodiff Jacobian at one sample has the same Frobenius norm.
        let j = try ae.encoderJacobian(at: x.rows(0..<1))
        #expect(j.shape == [5, 12])
        let single = try ae.contractivePenalty(x.rows(0..<1))
        #expect(Swift.abs(Double(j.map { $0 * $0 }.sum()) - single) < 1e-4)
        let (directions, values) = try ae.tangentDirections(at: x.rows(0..<1), count: 2)
        #expect(directions.shape == [2, 12] && values.count == 2 && values[0] >= values[1])
        let (_, s, _) = try LinearAlgebra.svd(j)
        #expect(Swift.abs(Double(s.map { $0 * $0 }.reduce(0, +)) - single) < 1e-4)
        #expect(throws: TensorError.self) { try ae.contractivePenalty(Tensor(zeros: [2, 7])) }
    }

    @Test func deepEncoderPenaltyMatchesFiniteDifferences() throws {
        var rng = RandomStream(seed: 11, name: "deep cae")
        let ae = try Autoencoder(sizes: [12, 8, 3], activation: .tanh, rng: rng.derived("model"))
        let x = rng.uniform([5, 12])
        let exact = try ae.contractivePenalty(x)
        let numeric = try finiteDifferencePenalty(ae, x)
        #expect(Swift.abs(exact - numeric) < 1e-3 * max(1, numeric), "autodiff \(exact), finite differences \(numeric)")
        // The training estimate is right on average: many probes of one batch average to the exact sum.
        var probe = RandomStream(seed: 12, name: "probe")
        let code = try ae.encoder.forward(Var(x), tape: nil)
        var mean = 0.0
        for _ in 0..<400 {
            mean +=
                Double(
                    try ae.estimatedContractivePenalty(input: Var(x), code: code, tape: nil, probe: &probe)
                        .value.scalar) / 400
        }
        let exactSum = exact * Double(x.rows)
        #expect(Swift.abs(mean - exactSum) < 0.05 * exactSum, "estimate \(mean), exact \(exactSum)")
    }

    @Test func trainingADeepEncoderWithThePenaltyContracts() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        func trained(_ penalty: CodePenalty) throws -> Autoencoder {
            let ae = try Autoencoder(sizes: [784, 64, 16], rng: RandomStream(seed: 13, name: "deep cae"))
            try ae.fit(train, epochs: 4, batchSize: 32, optimizer: .adam(lr: 3e-3), penalty: penalty)
            return ae
        }
        let probe = try train.inputs.rows(0..<50)
        let (plain, contractive) = (try trained(.none), try trained(.contractive(lambda: 0.05)))
        let (a, b) = (try plain.contractivePenalty(probe), try contractive.contractivePenalty(probe))
        #expect(b < a * 0.7, "||J||_F^2: plain \(a), contractive \(b)")
        #expect(try contractive.reconstructionError(train.inputs) < 0.1)
    }

    @Test func trainingWithThePenaltyContracts() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        func trained(_ penalty: CodePenalty) throws -> Autoencoder {
            let ae = try Autoencoder(sizes: [784, 32], activation: .sigmoid, rng: RandomStream(seed: 10, name: "cae"))
            try ae.fit(train, epochs: 5, batchSize: 32, optimizer: .adam(lr: 3e-3), penalty: penalty)
            return ae
        }
        let plain = try trained(.none)
        let contractive = try trained(.contractive(lambda: 0.05))
        let (a, b) = (try plain.contractivePenalty(train.inputs), try contractive.contractivePenalty(train.inputs))
        #expect(b < a * 0.7, "||J||_F^2: plain \(a), contractive \(b)")
        let error = try contractive.reconstructionError(train.inputs)
        #expect(error < 0.095, "contractive AE MSE \(error)")
    }
}

@Suite struct GreedyPretrainingTests {
    @Test func eachLayerLearnsAndTheStackReconstructs() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        let ae = try Autoencoder(sizes: [784, 64, 16], rng: RandomStream(seed: 15, name: "greedy"))
        let untrained = try ae.reconstructionError(train.inputs)
        let histories = try ae.pretrainGreedily(train.inputs, epochs: 3, batchSize: 32, optimizer: .adam(lr: 3e-3))
        #expect(histories.count == 2)
        for h in histories { #expect((h.epochLoss.last ?? 1) < (h.epochLoss.first ?? 0), "\(h.epochLoss)") }
        // The stacked layers, never trained together, already reconstruct far better than at random.
        let pretrained = try ae.reconstructionError(train.inputs)
        #expect(pretrained < untrained * 0.6, "MSE untrained \(untrained), pretrained \(pretrained)")
        try ae.fit(train, epochs: 2, batchSize: 32, optimizer: .adam(lr: 1e-3))
        #expect(try ae.reconstructionError(train.inputs) < pretrained)
    }
}
