/// A generative adversarial network of two MLPs: a generator G(z) from noise z ~ N(0, I) and a discriminator
/// D(x) giving the logit of "x is real". K discriminator steps per generator step, as in Goodfellow et al.
public struct GAN: Sendable {
    /// The generator's objective.
    public enum GeneratorLoss: Sendable, Equatable, Codable {
        /// Minimise -log D(G(z)): strong gradients while D rejects the samples (the one used in practice).
        case nonSaturating
        /// Minimise log(1 - D(G(z))): the minimax objective, whose gradient vanishes while D wins.
        case saturating
    }

    /// Width of the data.
    public let dataSize: Int
    /// Width of the noise z.
    public let noiseSize: Int
    /// Noise to samples.
    public let generator: Sequential
    /// Samples to one logit per sample.
    public let discriminator: Sequential

    /// Builds the two MLPs.
    ///
    /// - Parameters:
    ///   - dataSize: values per sample (784 for an image).
    ///   - noiseSize: dimensions of the noise z the generator starts from.
    ///   - generatorHidden: the generator's hidden widths (default `[64]`).
    ///   - discriminatorHidden: the discriminator's hidden widths (default `[64]`).
    ///   - activation: the hidden layers' activation (default `.leakyReLU(slope: 0.2)`).
    ///   - output: the generator's output activation (default `.identity` for real-valued data; `.sigmoid`
    ///     for pixels).
    ///   - rng: where the initial weights come from (default `nil`: inside a cell, the cell's stream
    ///     "gan.init"; outside one, a fixed stream).
    public init(
        dataSize: Int, noiseSize: Int, generatorHidden: [Int] = [64], discriminatorHidden: [Int] = [64],
        activation: Activation = .leakyReLU(slope: 0.2), output: Activation = .identity,
        rng: RandomStream? = nil
    ) throws {
        let rng = Ambient.stream(rng, "gan.init", fallback: RandomStream(seed: 0, name: "gan"))
        guard dataSize >= 1, noiseSize >= 1, (generatorHidden + discriminatorHidden).allSatisfy({ $0 >= 1 }) else {
            throw TensorError(
                "GAN sizes must be positive: data \(dataSize), noise \(noiseSize), "
                    + "hidden \(generatorHidden) and \(discriminatorHidden)")
        }
        self.dataSize = dataSize
        self.noiseSize = noiseSize
        generator = GAN.mlp([noiseSize] + generatorHidden + [dataSize], activation, output, rng.derived("generator"))
        discriminator = GAN.mlp(
            [dataSize] + discriminatorHidden + [1], activation, .identity, rng.derived("discriminator"))
    }

    private static func mlp(_ widths: [Int], _ f: Activation, _ last: Activation, _ rng: RandomStream) -> Sequential {
        Sequential(
            (0..<(widths.count - 1)).map { i in
                var s = rng.derived("\(i)")
                return Dense(widths[i], widths[i + 1], activation: i == widths.count - 2 ? last : f, rng: &s)
            })
    }

    /// `count` samples G(z) for fresh noise from `rng`.
    public func generate(count: Int, rng: inout RandomStream) throws -> Tensor {
        try generator(rng.normal([count, noiseSize]))
    }

    /// Every parameter of both players under its name ("generator.0.weight", "discriminator.1.bias", ...).
    public var namedParameters: [(name: String, parameter: Parameter)] {
        generator.namedParameters.map { ("generator.\($0.name)", $0.parameter) }
            + discriminator.namedParameters.map { ("discriminator.\($0.name)", $0.parameter) }
    }

    /// Samples for given noise [n, noiseSize] (e.g. a fixed grid to watch training).
    public func generate(noise: Tensor) throws -> Tensor { try generator(noise) }

    /// D(x): the probability the discriminator gives each row of `x` of being real, [n].
    public func realProbability(_ x: Tensor) throws -> [Float] {
        Activation.sigmoid(try discriminator(x)).scalars
    }

    /// Trains for `iterations` generator steps, each after `discriminatorSteps` discriminator steps on random
    /// mini-batches of `data`; returns both players' losses per generator step.
    ///
    /// Progress is reported after each generator step as one epoch of `iterations` steps: `loss` is the
    /// generator's, and `terms` holds "discriminator" and "generator".
    ///
    /// - Parameters:
    ///   - data: the real samples `[n, dataSize]`.
    ///   - iterations: generator steps (0 trains nothing).
    ///   - batchSize: samples per step, real and fake alike (default 64).
    ///   - discriminatorSteps: discriminator steps before each generator step, the K of the algorithm
    ///     (default 1).
    ///   - generatorLoss: the generator's objective (default `.nonSaturating`).
    ///   - optimizer: the update rule of both players (default `.adam(lr: 2e-4, beta1: 0.5)`).
    ///   - rng: the batches and the noise (default `nil`: inside a cell, the cell's stream "gan.fit";
    ///     outside one, a fixed stream).
    ///   - progress: called after each generator step (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ data: Tensor, iterations: Int, batchSize: Int = 64, discriminatorSteps: Int = 1,
        generatorLoss: GeneratorLoss = .nonSaturating,
        optimizer: Optimizer = .adam(lr: 2e-4, beta1: 0.5),
        rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> GANHistory {
        let rng = Ambient.stream(rng, "gan.fit", fallback: RandomStream(seed: 0, name: "gan.fit"))
        let progress = Ambient.progress(progress)
        guard data.rank == 2, data.columns == dataSize, data.rows >= 1 else {
            throw TensorError.mismatch("GAN.fit", data.shape, [dataSize], "data rows must have \(dataSize) values")
        }
        guard iterations >= 0, batchSize >= 1, discriminatorSteps >= 1 else {
            throw TrainingError.invalid(
                "iterations (\(iterations)) must be >= 0, batch size (\(batchSize)) and discriminator steps "
                    + "(\(discriminatorSteps)) >= 1")
        }
        let dState = optimizer.makeState(for: discriminator.parameters)
        let gState = optimizer.makeState(for: generator.parameters)
        var picks = rng.derived("batches")
        var noise = rng.derived("noise")
        var batch = Tensor(zeros: [batchSize, dataSize])
        let ones = Var(Tensor(repeating: 1, shape: [batchSize, 1]))
        let zeros = Var(Tensor(zeros: [batchSize, 1]))
        var history = GANHistory()
        let clock = ContinuousClock()
        let start = clock.now
        for iteration in 1...max(iterations, 1) where iterations > 0 {
            var dLoss = 0.0
            for _ in 0..<discriminatorSteps {
                let rows = (0..<batchSize).map { _ in Int(picks.next() % UInt64(data.rows)) }
                gather(data, rows: rows[...], into: &batch)
                let fake = try generate(count: batchSize, rng: &noise)  // a constant: G is not updated here
                let tape = Tape()
                let real = try Loss.binaryCrossEntropy(
                    logits: discriminator.forward(Var(batch), tape: tape), targets: ones)
                let faked = try Loss.binaryCrossEntropy(
                    logits: discriminator.forward(Var(fake), tape: tape), targets: zeros)
                let loss = try real + faked
                try check(loss, iteration)
                try tape.backward(loss)
                try dState.step()
                dLoss += Double(loss.value.scalar) / Double(discriminatorSteps)
            }
            let tape = Tape()
            let logits = try discriminator.forward(
                generator.forward(Var(noise.normal([batchSize, noiseSize])), tape: tape), tape: tape)
            let gLoss: Var
            switch generatorLoss {
            case .nonSaturating: gLoss = try Loss.binaryCrossEntropy(logits: logits, targets: ones)
            case .saturating: gLoss = try -Loss.binaryCrossEntropy(logits: logits, targets: zeros)
            }
            try check(gLoss, iteration)
            try tape.backward(gLoss)
            try gState.step()
            // The generator step also left gradients on D's weights; D must not see them at its next step.
            for p in discriminator.parameters { p.gradient = nil }
            history.discriminatorLoss.append(dLoss)
            history.generatorLoss.append(Double(gLoss.value.scalar))
            if let progress {
                let elapsed = seconds(clock.now - start)
                let rate = elapsed > 0 ? Double(iteration) / elapsed : 0
                let g = Double(gLoss.value.scalar)
                progress(
                    TrainingProgress(
                        epoch: 1, epochs: 1, step: iteration, stepsPerEpoch: iterations, globalStep: iteration,
                        loss: g, samplesPerSecond: rate * Double(batchSize),
                        etaSeconds: rate > 0 ? Double(iterations - iteration) / rate : 0,
                        isEpochEnd: iteration == iterations, epochLoss: nil, validationLoss: nil,
                        terms: ["discriminator": dLoss, "generator": g]))
            }
        }
        return history
    }

    private func check(_ loss: Var, _ iteration: Int) throws {
        let v = Double(loss.value.scalar)
        if !v.isFinite { throw TrainingError.nonFiniteLoss(epoch: 1, step: iteration, value: v) }
    }
}

/// Loss histories of both players of a GAN, one entry per generator step.
public struct GANHistory: Sendable, Equatable, Codable {
    /// Discriminator loss: BCE on real (target 1) plus BCE on generated samples (target 0), mean of the K steps.
    public var discriminatorLoss: [Double] = []
    /// The generator objective that was minimised (-log D(G(z)) or log(1 - D(G(z)))).
    public var generatorLoss: [Double] = []

    public init() {}

    /// Both curves by name, in the shape of `TrainingHistory.terms` (one value per generator step, not epoch).
    public var terms: [String: [Double]] { ["discriminator": discriminatorLoss, "generator": generatorLoss] }
}
