import Testing

@testable import ModelCore

/// The usage shown in docs/modelcore.md, on tiny slices: it must compile and run as written.
@Suite struct DocumentationExample {
    @Test func runCellExample() throws {
        let train = try FashionMNIST.load(.train, limit: 512)
        let test = try FashionMNIST.load(.test, limit: 100)
        let ae = try Autoencoder(
            sizes: [784, 128, 64, 32], activation: .relu, output: .sigmoid, rng: RandomStream(seed: 5, name: "deep-ae"))
        var lines: [String] = []
        let history = try ae.fit(
            train, epochs: 2, batchSize: 128, optimizer: .adam(lr: 1e-3), loss: .mse, validation: test
        ) { p in
            if p.isEpochEnd { lines.append("epoch \(p.epoch): \(p.epochLoss ?? .nan)") }
        }
        let curve: [Double] = history.epochLoss
        #expect(curve.count == 2 && history.validationLoss.count == 2 && lines.count == 2)
        let codes = try ae.encode(test.inputs)
        #expect(codes.shape == [100, 32])
        #expect(try ae.decode(codes).shape == [100, 784])
        let pca = try PCA(fitting: train.inputs, components: 32)
        #expect(try pca.encode(test.inputs).shape == [100, 32])
        #expect(try pca.reconstructionError(test.inputs) < 0.03)
    }

    @Test func customModelExample() throws {
        let train = try FashionMNIST.load(.train, limit: 1000)
        var rng = RandomStream(seed: 5, name: "classifier")
        let net = Sequential([
            Dense(784, 64, activation: .relu, rng: &rng), try Dropout(rate: 0.2, rng: rng.derived("drop")),
            Dense(64, 10, rng: &rng),
        ])
        let few = try train.labelledSubset(perClass: 5, rng: rng.derived("labels"))
        var trainer = Trainer(epochs: 3, batchSize: 25, optimizer: .adam(lr: 1e-3), rng: rng.derived("order"))
        let h = try trainer.fit(parameters: net.parameters, inputs: few.inputs, labels: few.labels) { batch, tape in
            try Loss.softmaxCrossEntropy(logits: net.forward(Var(batch.inputs), tape: tape), labels: batch.labels)
        }
        #expect(h.epochLoss.count == 3)
        #expect(try net(train.inputs).argmaxRows().count == 1000)

        let vae = try VariationalAutoencoder(
            inputs: 784, hidden: [32], latent: 4, rng: RandomStream(seed: 5, name: "vae"))
        let vh = try vae.fit(few.inputs, epochs: 2, batchSize: 25)
        #expect(vh.epochLoss[1] < vh.epochLoss[0])
        var r = RandomStream(seed: 5, name: "samples")
        #expect(try vae.sample(count: 3, rng: &r).shape == [3, 784])
        #expect(try vae.encode(few.inputs).shape == [50, 4])
        #expect(try vae.negativeELBO(few.inputs) > 0)
    }
}
