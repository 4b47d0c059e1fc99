/// What regularises an auto-encoder while it trains: a penalty on the code, a corruption of the input.

/// A penalty on the code added to the reconstruction loss while training.
public enum CodePenalty: Sendable, Equatable, Codable {
    /// No penalty.
    case none
    /// lambda * mean over samples of sum_j |h_j| (a sparse auto-encoder).
    case l1(lambda: Float)
    /// lambda * mean over samples of ||dh/dx||_F^2: in closed form for an encoder that is one sigmoid Dense layer,
    /// estimated by finite differences along a random probe per sample for any other encoder.
    case contractive(lambda: Float)
}

/// How inputs are corrupted before encoding while training (the target stays the clean input).
public enum Corruption: Sendable, Equatable, Codable {
    /// Clean inputs.
    case none
    /// x + N(0, sigma^2) per value.
    case gaussian(sigma: Float)
    /// Each value set to 0 with probability `fraction`.
    case masking(fraction: Float)

    /// A corrupted copy of `x`, drawing the noise from `rng`.
    public func apply(to x: Tensor, rng: inout RandomStream) throws -> Tensor {
        switch self {
        case .none:
            return x
        case .gaussian(let sigma):
            guard sigma >= 0, sigma.isFinite else { throw TensorError("Gaussian noise needs sigma >= 0, got \(sigma)") }
            return try x + rng.normal(x.shape, std: sigma)
        case .masking(let fraction):
            guard fraction >= 0, fraction <= 1 else {
                throw TensorError("masking noise needs a fraction in [0, 1], got \(fraction)")
            }
            return try x * rng.bernoulli(x.shape, probability: 1 - fraction)
        }
    }

    /// Masking noise at each level (e.g. [0, 0.1, 0.2, 0.5]) applied to the same batch: the notes' figure.
    public static func maskingLevels(_ levels: [Float], of x: Tensor, rng: RandomStream) throws -> [Tensor] {
        try levels.enumerated().map { index, level in
            var stream = rng.derived("level.\(index)")
            return try Corruption.masking(fraction: level).apply(to: x, rng: &stream)
        }
    }
}
