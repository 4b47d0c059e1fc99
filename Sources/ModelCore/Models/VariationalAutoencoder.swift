/// A variational auto-encoder with a Gaussian encoder q(z|x) = N(mu, e^logVar) and a Bernoulli decoder
/// (logits), trained on the negative ELBO: BCE summed over pixels + KL to N(0, I), in nats per sample.
///
/// `VariationalAutoencoder(inputs: 784, hidden: [400], latent: 20)` is the VAE of PyTorch's examples.
public struct VariationalAutoencoder: Layer {
    /// Input width.
    public let inputs: Int
    /// Latent width.
    public let latent: Int
    /// Shared encoder trunk (ReLU layers).
    public let encoder: Sequential
    /// Trunk output to the latent means.
    public let meanHead: Dense
    /// Trunk output to the latent log-variances.
    public let logVarianceHead: Dense
    /// Latent code to output logits.
    public let decoder: Sequential

    /// The parts of the loss of one batch.
    public struct Terms {
        /// Negative ELBO per sample (reconstruction + KL), the quantity trained.
        public let total: Var
        /// Binary cross-entropy in nats per sample.
        public let reconstruction: Float
        /// KL divergence in nats per sample.
        public let kl: Float
    }

    /// Builds the encoder inputs -> hidden... -> (mean, logVar) and the mirrored decoder.
    ///
    /// - Parameters:
    ///   - inputs: values per row (default 784, a Fashion-MNIST image).
    ///   - hidden: widths of the encoder's ReLU layers, mirrored in the decoder (default `[400]`).
    ///   - latent: dimensions of the code z (default 20; 2 to draw the code space).
    ///   - rng: where the initial weights come from (default `nil`: inside a cell, the cell's stream
    ///     "vae.init"; outside one, a fixed stream).
    public init(
        inputs: Int = 784, hidden: [Int] = [400], latent: Int = 20,
        rng: RandomStream? = nil
    ) throws {
        let rng = Ambient.stream(rng, "vae.init", fallback: RandomStream(seed: 0, name: "vae"))
        guard inputs >= 1, latent >= 1, hidden.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("VAE sizes must be positive: inputs \(inputs), hidden \(hidden), latent \(latent)")
        }
        self.inputs = inputs
        self.latent = latent
        var widths = [inputs] + hidden
        var layers: [any Layer] = []
        for i in 0..<hidden.count {
            var s = rng.derived("encoder.\(i)")
            layers.append(Dense(widths[i], widths[i + 1], activation: .relu, rng: &s))
        }
        encoder = Sequential(layers)
        var sm = rng.derived("mean")
        var sv = rng.derived("logvar")
        meanHead = Dense(widths.last ?? inputs, latent, rng: &sm)
        logVarianceHead = Dense(widths.last ?? inputs, latent, rng: &sv)
        widths = [latent] + hidden.reversed() + [inputs]
        layers = []
        for i in 0..<(widths.count - 1) {
            var s = rng.derived("decoder.\(i)")
            let f: Activation = i == widths.count - 2 ? .identity : .relu
            layers.append(Dense(widths[i], widths[i + 1], activation: f, rng: &s))
        }
        decoder = Sequential(layers)
    }

    /// Deterministic reconstruction: decode the posterior mean.
    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        let h = try encoder.forward(x, tape: tape)
        return try decoder.forward(meanHead.forward(h, tape: tape), tape: tape).sigmoid()
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        encoder.namedParameters.map { ("encoder.\($0.name)", $0.parameter) }
            + meanHead.namedParameters.map { ("mean.\($0.name)", $0.parameter) }
            + logVarianceHead.namedParameters.map { ("logvar.\($0.name)", $0.parameter) }
            + decoder.namedParameters.map { ("decoder.\($0.name)", $0.parameter) }
    }

    /// The negative ELBO of a batch with one reparameterised sample z = mu + eps * e^(logVar / 2).
    public func terms(_ x: Var, tape: Tape?, noise: inout RandomStream) throws -> Terms {
        try terms(x, tape: tape, noise: &noise, klWeight: 1)
    }

    /// Posterior means of samples [n, inputs] -> [n, latent].
    public func encode(_ x: Tensor) throws -> Tensor {
        try inBatches(x) { try meanHead.forward(encoder.forward(Var($0), tape: nil), tape: nil).value }
    }

    /// Bernoulli means (pixel intensities) from codes [n, latent] -> [n, inputs].
    public func decode(_ z: Tensor) throws -> Tensor {
        try inBatches(z) { try decoder.forward(Var($0), tape: nil).sigmoid().value }
    }

    /// New samples decoded from z ~ N(0, I).
    public func sample(count: Int, rng: inout RandomStream) throws -> Tensor {
        try decode(rng.normal([count, latent]))
    }

    /// Mean negative ELBO in nats per sample over a data set (one noise sample per input).
    public func negativeELBO(_ x: Tensor, rng: RandomStream? = nil) throws -> Double {
        var noise = Ambient.stream(rng, "vae.eval", fallback: RandomStream(seed: 123, name: "vae.eval"))
        var total = 0.0
        _ = try inBatches(x) { block in
            total += Double(try terms(Var(block), tape: nil, noise: &noise).total.value.scalar) * Double(block.rows)
            return block
        }
        return total / Double(max(x.rows, 1))
    }

    /// Trains on the rows of `data`; losses are negative ELBOs in nats per sample, and the history's `terms`
    /// (and `validationTerms`) split them into "reconstruction" and "kl" (`LossPlot(history, terms: .all)`
    /// draws them).
    ///
    /// - Parameters:
    ///   - data: the training rows `[n, inputs]`, values in 0…1 (the decoder's output is Bernoulli).
    ///   - epochs: passes over the data.
    ///   - batchSize: rows per step (default 128).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - validation: rows scored after each epoch into `validationLoss` and `validationTerms` (default `nil`).
    ///   - rng: the batch order and the reparameterisation noise (default `nil`: inside a cell, the cell's
    ///     stream "vae.fit"; outside one, a fixed stream).
    ///   - progress: called after each epoch (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ data: Tensor, epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        validation: Tensor? = nil, rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fit(
            data, epochs: epochs, klWeight: 1, batchSize: batchSize, optimizer: optimizer, validation: validation,
            rng: rng, progress: progress)
    }
}
