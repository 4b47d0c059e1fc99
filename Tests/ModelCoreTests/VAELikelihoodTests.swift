import Foundation
import Testing

@testable import ModelCore

@Suite struct VAELikelihoodTests {
    /// A VAE small enough that ln q(x) = ln ∫ p(x | z) N(z; 0, 1) dz can be computed by quadrature.
    func tinyVAE() throws -> VariationalAutoencoder {
        try VariationalAutoencoder(inputs: 3, hidden: [4], latent: 1, rng: RandomStream(seed: 8, name: "tiny"))
    }

    /// ln q(x) by the trapezoidal rule over z in [-10, 10].
    func quadratureLogLikelihood(_ vae: VariationalAutoencoder, _ x: [Float]) throws -> Double {
        let steps = 8001
        let zs = (0..<steps).map { -10 + 20 * Double($0) / Double(steps - 1) }
        let logits = try vae.decoder(Tensor(shape: [steps, 1], scalars: zs.map { Float($0) })).scalars
        var integral = 0.0
        for (i, z) in zs.enumerated() {
            var logP = -0.5 * z * z - 0.5 * log(2 * Double.pi)
            for j in 0..<x.count {
                let l = Double(logits[i * x.count + j])
                logP += Double(x[j]) * l - (max(l, 0) + log1p(exp(-abs(l))))
            }
            integral += exp(logP) * (i == 0 || i == steps - 1 ? 0.5 : 1)
        }
        return log(integral * 20 / Double(steps - 1))
    }

    @Test func importanceSampledEstimateMatchesQuadrature() throws {
        let vae = try tinyVAE()
        let x: [Float] = [1, 0, 0.7]
        let exact = try quadratureLogLikelihood(vae, x)
        let data = try Tensor(shape: [1, 3], scalars: x)
        for proposal in [VariationalAutoencoder.Proposal.posterior, .prior] {
            let estimates = try vae.likelihoodEstimates(data, sampleCounts: [1, 20_000], proposal: proposal)
            let estimate = estimates.logLikelihood[1]
            #expect(Swift.abs(estimate - exact) < 0.02, "\(proposal): \(estimate) against quadrature \(exact)")
            // ln of a mean of weights is at least the mean of their logs, for the very same samples.
            #expect(estimate >= estimates.meanLogWeight)
        }
    }

    @Test func meanPosteriorLogWeightIsTheELBO() throws {
        let vae = try tinyVAE()
        let row: [Float] = [0.2, 0.9, 0.5]
        let rows = 20_000
        let many = try Tensor(shape: [rows, 3], scalars: Array([[Float]](repeating: row, count: rows).joined()))
        let elbo = -(try vae.negativeELBO(many))
        // 200,000 log-weights: ten per row.
        let estimates = try vae.likelihoodEstimates(many, sampleCounts: [10])
        #expect(Swift.abs(estimates.meanLogWeight - elbo) < 0.03, "\(estimates.meanLogWeight) against \(elbo)")
        // The bound: the ELBO lies below ln q(x).
        #expect(estimates.meanLogWeight < (try quadratureLogLikelihood(vae, row)))
    }

    @Test func likelihoodEstimatesRejectBadInput() throws {
        let vae = try tinyVAE()
        #expect(throws: TensorError.self) { try vae.likelihoodEstimates(Tensor(zeros: [2, 4]), sampleCounts: [3]) }
        #expect(throws: TensorError.self) { try vae.likelihoodEstimates(Tensor(zeros: [2, 3]), sampleCounts: [0]) }
        #expect(throws: TensorError.self) { try vae.likelihoodEstimates(Tensor(zeros: [2, 3]), sampleCounts: []) }
        #expect(throws: TensorError.self) { try vae.meanTerms(Tensor(zeros: [0, 3])) }
    }

    @Test func klWeightOneTrainsAsFitAndSmallerWeightsSpendMoreNats() throws {
        var r = RandomStream(seed: 3, name: "data")
        let data = r.uniform([256, 16])
        func model() throws -> VariationalAutoencoder {
            try VariationalAutoencoder(inputs: 16, hidden: [8], latent: 2, rng: RandomStream(seed: 4, name: "w"))
        }
        let plain = try model().fit(data, epochs: 3, batchSize: 32, optimizer: .adam(lr: 1e-2))
        let weighted = try model().fit(data, epochs: 3, klWeight: 1, batchSize: 32, optimizer: .adam(lr: 1e-2))
        #expect(plain.stepLoss == weighted.stepLoss)

        let loose = try model()
        try loose.fit(data, epochs: 6, klWeight: 0.05, batchSize: 32, optimizer: .adam(lr: 1e-2))
        let tight = try model()
        try tight.fit(data, epochs: 6, klWeight: 4, batchSize: 32, optimizer: .adam(lr: 1e-2))
        let (a, b) = (try loose.meanTerms(data), try tight.meanTerms(data))
        #expect(a.kl > b.kl, "KL with lambda 0.05: \(a.kl), with lambda 4: \(b.kl)")
        #expect(throws: TrainingError.self) { try model().fit(data, epochs: 1, klWeight: -1) }
    }
}
