import Foundation
import Testing

@testable import ModelCore

/// Training losses report named parts, and the history keeps their per-epoch means.
@Suite struct LossTermsTests {
    @Test func historyAveragesEachPartOverTheEpochWeightedByBatchSize() throws {
        let w = Parameter(Tensor(zeros: [1]))
        var trainer = Trainer(epochs: 2, batchSize: 4, optimizer: .sgd(lr: 0.1), rng: RandomStream(seed: 1))
        let inputs = Tensor(zeros: [10, 1])
        let history = try trainer.fit(
            parameters: [w], inputs: inputs, validation: (Tensor(zeros: [3, 1]), []),
            lossTerms: { batch, tape in
                let total = tape.bind(w).squared().sum()
                // A constant part and one equal to the batch size: batches of 4, 4, 2 give (16 + 16 + 4) / 10.
                return TrainingLoss(total, terms: [("constant", 2.5), ("size", Double(batch.count))])
            })
        #expect(history.terms["constant"] == [2.5, 2.5])
        #expect(history.terms["size"] == [3.6, 3.6])
        #expect(history.validationTerms["constant"] == [2.5, 2.5])
        #expect(history.validationTerms["size"] == [3, 3], "one validation block of 3")
        let restored = try JSONDecoder().decode(TrainingHistory.self, from: JSONEncoder().encode(history))
        #expect(restored == history)
    }

    @Test func vaePartsSumToTheNegativeELBO() throws {
        var rng = RandomStream(seed: 2, name: "pixels")
        let data = rng.uniform([30, 8])
        let vae = try VariationalAutoencoder(inputs: 8, hidden: [6], latent: 2, rng: RandomStream(seed: 3))
        let history = try vae.fit(data, epochs: 3, batchSize: 8, validation: data)
        let reconstruction = try #require(history.terms["reconstruction"])
        let kl = try #require(history.terms["kl"])
        #expect(reconstruction.count == 3 && kl.count == 3 && kl.allSatisfy { $0 >= 0 })
        for e in 0..<3 {
            #expect(abs(reconstruction[e] + kl[e] - history.epochLoss[e]) < 1e-4 * history.epochLoss[e])
            let v = history.validationTerms
            #expect(abs((v["reconstruction"]?[e] ?? 0) + (v["kl"]?[e] ?? 0) - history.validationLoss[e]) < 1e-3)
        }
    }

    @Test func autoencoderPenaltyIsReportedApart() throws {
        var rng = RandomStream(seed: 4, name: "pixels")
        let data = rng.uniform([20, 6])
        let ae = try Autoencoder(sizes: [6, 3], rng: RandomStream(seed: 5))
        let history = try ae.fit(data, epochs: 2, batchSize: 5, penalty: .l1(lambda: 0.1))
        let reconstruction = try #require(history.terms["reconstruction"])
        let penalty = try #require(history.terms["penalty"])
        #expect(penalty.allSatisfy { $0 > 0 })
        for e in 0..<2 { #expect(abs(reconstruction[e] + penalty[e] - history.epochLoss[e]) < 1e-6) }
        let plain = try Autoencoder(sizes: [6, 3], rng: RandomStream(seed: 5)).fit(data, epochs: 1, batchSize: 5)
        #expect(plain.terms.isEmpty, "a loss without parts records none")
    }
}
