import Foundation

/// The VAE's likelihood and its bound, measured: a weighted KL term (the notes' lambda) and importance-sampled
/// estimates of log q(x) beside the ELBO, so a lecture can show the bound, its gap and why sampling the prior
/// alone does not estimate the likelihood.
extension VariationalAutoencoder {
    /// Where the codes of an importance-sampled likelihood estimate come from.
    public enum Proposal: String, Sendable, Equatable, Codable {
        /// z ~ q(z | x), the encoder's Gaussian: the importance-weighted estimate.
        case posterior
        /// z ~ N(0, I): the plain Monte-Carlo average of p(x | z) over the prior.
        case prior
    }

    /// The mean terms of a data set under the encoder's posterior, in nats per sample.
    public struct MeanTerms: Sendable, Equatable, Codable {
        /// Binary cross-entropy of the decoded sample, -E_q[ln p(x | z)].
        public let reconstruction: Double
        /// D_KL(q(z | x) || N(0, I)) in closed form.
        public let kl: Double
    }

    /// The loss of one batch with the KL term weighted by `klWeight` (lambda in L_rec + lambda L_reg); the
    /// reported terms are unweighted. `klWeight: 1` is the negative ELBO of `terms(_:tape:noise:)`.
    public func terms(_ x: Var, tape: Tape?, noise: inout RandomStream, klWeight: Float) throws -> Terms {
        let h = try encoder.forward(x, tape: tape)
        let mu = try meanHead.forward(h, tape: tape)
        let logVar = try logVarianceHead.forward(h, tape: tape)
        let eps = noise.normal(mu.shape)
        let z = try mu + (logVar * 0.5).exp().masked(by: eps)
        let logits = try decoder.forward(z, tape: tape)
        let reconstruction = try Loss.binaryCrossEntropy(logits: logits, targets: x, reduction: .sumPerSample)
        let kl = try Loss.gaussianKL(mean: mu, logVariance: logVar)
        // Weight 1 adds the terms unscaled: the negative ELBO, bit for bit.
        let total = try klWeight == 1 ? reconstruction + kl : reconstruction + kl * klWeight
        return Terms(total: total, reconstruction: reconstruction.value.scalar, kl: kl.value.scalar)
    }

    /// Trains on L_rec + klWeight * L_reg (the notes' lambda); `fit` is this with `klWeight: 1`. The history
    /// holds the weighted loss, and its `terms` the unweighted "reconstruction" and "kl".
    ///
    /// - Parameters:
    ///   - data: the training rows `[n, inputs]`, values in 0…1.
    ///   - epochs: passes over the data.
    ///   - klWeight: λ, the weight of the KL term; finite and at least 0 (1 is the ELBO).
    ///   - batchSize: rows per step (default 128).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - validation: rows scored after each epoch, weighted loss and unweighted terms (default `nil`).
    ///   - rng: the batch order and the reparameterisation noise (default `nil`: inside a cell, the cell's
    ///     stream "vae.fit"; outside one, a fixed stream).
    ///   - progress: called after each epoch (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ data: Tensor, epochs: Int, klWeight: Float, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        validation: Tensor? = nil, rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        let rng = Ambient.stream(rng, "vae.fit", fallback: RandomStream(seed: 0, name: "vae.fit"))
        guard data.rank == 2, data.columns == inputs else {
            throw TensorError.mismatch("VAE.fit", data.shape, [inputs], "data rows must have \(inputs) values")
        }
        guard klWeight >= 0, klWeight.isFinite else {
            throw TrainingError.invalid("the KL weight must be a finite number >= 0, got \(klWeight)")
        }
        var noise = rng.derived("noise")
        var trainer = Trainer(epochs: epochs, batchSize: batchSize, optimizer: optimizer, rng: rng.derived("order"))
        return try trainer.fit(
            parameters: parameters, inputs: data, validation: validation.map { ($0, []) },
            progress: Ambient.progress(progress)
        ) { (batch: Batch, tape: Tape?) throws -> TrainingLoss in
            let parts = try terms(Var(batch.inputs), tape: tape, noise: &noise, klWeight: klWeight)
            return TrainingLoss(
                parts.total, terms: [("reconstruction", Double(parts.reconstruction)), ("kl", Double(parts.kl))])
        }
    }

    /// The reconstruction and KL terms averaged over the rows of `x` (one noise sample per row).
    public func meanTerms(_ x: Tensor, rng: RandomStream = RandomStream(seed: 123, name: "vae.terms")) throws
        -> MeanTerms
    {
        try requireRows(x, "meanTerms")
        var noise = rng
        var sums = (reconstruction: 0.0, kl: 0.0)
        _ = try inBatches(x) { block in
            let t = try terms(Var(block), tape: nil, noise: &noise)
            sums.reconstruction += Double(t.reconstruction) * Double(block.rows)
            sums.kl += Double(t.kl) * Double(block.rows)
            return block
        }
        let n = Double(max(x.rows, 1))
        return MeanTerms(reconstruction: sums.reconstruction / n, kl: sums.kl / n)
    }

    /// ln w_k = ln p(x | z_k) + ln p(z_k) - ln r(z_k) for `samples` codes z_k drawn from the proposal r, per row
    /// of `x`: [rows][samples], in nats. Pixels are Bernoulli means, so ln p(x | z) = -BCE(x, decoder(z)).
    public func logImportanceWeights(
        _ x: Tensor, samples: Int, proposal: Proposal = .posterior,
        rng: RandomStream = RandomStream(seed: 123, name: "vae.importance")
    ) throws -> [[Double]] {
        try requireRows(x, "logImportanceWeights")
        guard samples >= 1 else { throw TensorError("importance sampling needs at least one sample, got \(samples)") }
        let n = x.rows
        let h = try encoder(x)
        let mu = try meanHead(h).scalars
        let logVar = try logVarianceHead(h).scalars
        var noise = rng
        var weights = [[Double]](repeating: [], count: n)
        let pixels = x.scalars
        for _ in 0..<samples {
            let eps = noise.normal([n, latent]).scalars
            var z = [Float](repeating: 0, count: n * latent)
            var logRatio = [Double](repeating: 0, count: n)  // ln p(z) - ln r(z)
            for i in 0..<n {
                var ratio = 0.0
                for j in 0..<latent {
                    let k = i * latent + j
                    switch proposal {
                    case .prior:
                        z[k] = eps[k]  // r = p: the ratio is 1
                    case .posterior:
                        let sigma = exp(0.5 * Double(logVar[k]))
                        let value = Double(mu[k]) + sigma * Double(eps[k])
                        z[k] = Float(value)
                        // ln N(z; 0, 1) - ln N(z; mu, sigma^2) with (z - mu) / sigma = eps; the 2 pi terms cancel
                        let e = Double(eps[k])
                        ratio += -0.5 * value * value + 0.5 * e * e + 0.5 * Double(logVar[k])
                    }
                }
                logRatio[i] = ratio
            }
            let logits = try decoder(Tensor(shape: [n, latent], scalars: z)).scalars
            for i in 0..<n {
                var logLikelihood = 0.0
                for p in 0..<inputs {
                    let l = Double(logits[i * inputs + p])
                    // x l - softplus(l), stable for large |l|
                    logLikelihood += Double(pixels[i * inputs + p]) * l - (max(l, 0) + log1p(exp(-abs(l))))
                }
                weights[i].append(logLikelihood + logRatio[i])
            }
        }
        return weights
    }

    /// The ELBO and importance-sampled estimates of ln q(x) from the same samples, averaged over the rows of `x`.
    ///
    /// For each row the ELBO is estimated by the mean of the posterior log-weights (one term per sample), and
    /// ln q(x) by ln((1/K) sum_k w_k) over the first K samples for each K in `sampleCounts` (each at most the
    /// largest). The estimate with K samples is a lower bound in expectation that rises with K towards ln q(x)
    /// (Burda et al. 2016); with K = 1 it is the ELBO.
    public func likelihoodEstimates(
        _ x: Tensor, sampleCounts: [Int], proposal: Proposal = .posterior,
        rng: RandomStream = RandomStream(seed: 123, name: "vae.importance")
    ) throws -> LikelihoodEstimates {
        guard let largest = sampleCounts.max(), sampleCounts.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("likelihood estimates need sample counts >= 1, got \(sampleCounts)")
        }
        let weights = try logImportanceWeights(x, samples: largest, proposal: proposal, rng: rng)
        let rows = Double(max(weights.count, 1))
        let rowMeanLogWeight = weights.map { $0.reduce(0, +) / Double(largest) }
        let rowLogLikelihood = weights.map { logMeanExp($0[...]) }
        let estimates = sampleCounts.map { k in
            weights.reduce(0.0) { $0 + logMeanExp($1[0..<k]) } / rows
        }
        return LikelihoodEstimates(
            proposal: proposal, sampleCounts: sampleCounts, meanLogWeight: rowMeanLogWeight.reduce(0, +) / rows,
            logLikelihood: estimates, rowMeanLogWeight: rowMeanLogWeight, rowLogLikelihood: rowLogLikelihood)
    }

    private func requireRows(_ x: Tensor, _ what: String) throws {
        guard x.rank == 2, x.columns == inputs, x.rows >= 1 else {
            throw TensorError.mismatch("VAE.\(what)", x.shape, [inputs], "rows must have \(inputs) values")
        }
    }
}

/// Likelihood estimates of a VAE on a data set, nats per sample.
public struct LikelihoodEstimates: Sendable, Equatable, Codable {
    /// Where the codes came from.
    public let proposal: VariationalAutoencoder.Proposal
    /// The numbers of samples K, as asked.
    public let sampleCounts: [Int]
    /// The mean log-weight: with the posterior proposal, a Monte-Carlo estimate of the ELBO.
    public let meanLogWeight: Double
    /// ln((1/K) sum_k w_k) averaged over the rows, one per entry of `sampleCounts`.
    public let logLikelihood: [Double]
    /// The mean log-weight of each row.
    public let rowMeanLogWeight: [Double]
    /// The estimate of ln q(x) of each row with the largest number of samples.
    public let rowLogLikelihood: [Double]
}

/// ln((1/K) sum exp(a_k)), shifted by the largest term so no exponential overflows.
func logMeanExp(_ values: ArraySlice<Double>) -> Double {
    guard let top = values.max(), top.isFinite else { return values.max() ?? -.infinity }
    let sum = values.reduce(0.0) { $0 + exp($1 - top) }
    return top + log(sum / Double(values.count))
}
