import Testing

@testable import ModelCore

@Suite struct GANTests {
    /// Distance from the mean of `points` [n, 2] to `centre`.
    func meanDistance(_ points: Tensor, _ centre: (Float, Float)) -> Float {
        let m = points.meanRow().scalars
        return ((m[0] - centre.0) * (m[0] - centre.0) + (m[1] - centre.1) * (m[1] - centre.1)).squareRoot()
    }

    @Test func generatorMovesTowardABlob() throws {
        var rng = RandomStream(seed: 11, name: "blob")
        let data =
            try rng.normal([512, 2], std: 0.5) + Tensor(shape: [512, 2], scalars: .init(repeating: 3, count: 1024))
        let gan = try GAN(
            dataSize: 2, noiseSize: 2, generatorHidden: [16], discriminatorHidden: [16],
            rng: RandomStream(seed: 12, name: "gan"))
        var sampling = RandomStream(seed: 13, name: "samples")
        let before = meanDistance(try gan.generate(count: 500, rng: &sampling), (3, 3))
        let history = try gan.fit(
            data, iterations: 300, batchSize: 64, discriminatorSteps: 2,
            optimizer: .adam(lr: 5e-3, beta1: 0.5))
        var sampling2 = RandomStream(seed: 13, name: "samples")
        let after = meanDistance(try gan.generate(count: 500, rng: &sampling2), (3, 3))
        #expect(history.discriminatorLoss.count == 300 && history.generatorLoss.count == 300)
        #expect(history.discriminatorLoss.allSatisfy { $0.isFinite })
        #expect(after < 0.8 && after < before / 5, "distance of the samples' mean to the blob: \(before) -> \(after)")
        // D can no longer tell the samples from the data well: near 1/2 on both.
        let dReal = try gan.realProbability(data).reduce(0, +) / 512
        #expect(dReal > 0.2 && dReal < 0.8, "mean D(real) \(dReal)")
    }

    @Test func saturatingLossRecordsLogOneMinusD() throws {
        let data = Tensor(repeating: 1, shape: [64, 2])
        let gan = try GAN(dataSize: 2, noiseSize: 2, generatorHidden: [8], discriminatorHidden: [8])
        let history = try gan.fit(data, iterations: 5, batchSize: 16, generatorLoss: .saturating)
        // log(1 - D) is negative; -log D is positive.
        #expect(history.generatorLoss.allSatisfy { $0 < 0 })
        let other = try GAN(dataSize: 2, noiseSize: 2, generatorHidden: [8], discriminatorHidden: [8])
        #expect(try other.fit(data, iterations: 5, batchSize: 16).generatorLoss.allSatisfy { $0 > 0 })
        #expect(throws: TensorError.self) { try gan.fit(Tensor(zeros: [4, 3]), iterations: 1) }
    }

    /// While D confidently rejects the samples, log(1 - D(G(z))) gives the generator almost no gradient and
    /// -log D(G(z)) a strong one: the reason for the non-saturating loss.
    @Test func saturatingLossVanishesWhenTheDiscriminatorWins() throws {
        let gan = try GAN(dataSize: 2, noiseSize: 2, generatorHidden: [8], discriminatorHidden: [8])
        let last = try #require(gan.discriminator.layers.last as? Dense)
        last.bias.value = Tensor(repeating: -8, shape: [1])  // D(x) ~ 3e-4 everywhere
        var rng = RandomStream(seed: 16, name: "z")
        let z = rng.normal([32, 2])
        func generatorGradientNorm(_ kind: GAN.GeneratorLoss) throws -> Float {
            let tape = Tape()
            let logits = try gan.discriminator.forward(gan.generator.forward(Var(z), tape: tape), tape: tape)
            let loss: Var =
                kind == .nonSaturating
                ? try Loss.binaryCrossEntropy(logits: logits, targets: Var(Tensor(repeating: 1, shape: [32, 1])))
                : try -Loss.binaryCrossEntropy(logits: logits, targets: Var(Tensor(zeros: [32, 1])))
            try tape.backward(loss)
            var total: Float = 0
            for p in gan.generator.parameters + gan.discriminator.parameters {
                if gan.generator.parameters.contains(where: { $0 === p }) {
                    total += p.gradient.map { $0.map { $0 * $0 }.sum() } ?? 0
                }
                p.gradient = nil
            }
            return total.squareRoot()
        }
        let saturating = try generatorGradientNorm(.saturating)
        let nonSaturating = try generatorGradientNorm(.nonSaturating)
        #expect(nonSaturating > 0 && saturating < nonSaturating * 1e-2, "\(saturating) vs \(nonSaturating)")
    }
}
