/// A fully connected auto-encoder: an encoder stack sizes[0] -> ... -> code and a mirrored decoder.
///
/// `Autoencoder(sizes: [784, 128, 64, 32])` is the deep auto-encoder 784-128-64-32-64-128-784.
public struct Autoencoder: Layer {
    /// What the reconstruction is scored with.
    public enum ReconstructionLoss: Sendable, Equatable {
        /// Mean squared error per pixel.
        case mse
        /// Binary cross-entropy per pixel, computed from the logits of a sigmoid output (stable at 0 and 1).
        case binaryCrossEntropy
    }

    /// Layer widths of the encoder, input first, code last.
    public let sizes: [Int]
    /// Input to code.
    public let encoder: Sequential
    /// Code to reconstruction.
    public let decoder: Sequential

    /// Width of the code.
    public var codeSize: Int { sizes.last ?? 0 }

    /// Builds the encoder `sizes` and the mirrored decoder.
    ///
    /// - Parameters:
    ///   - sizes: the encoder's layer widths, input first and code last (`[784, 128, 64, 2]`); the decoder
    ///     mirrors them. At least two, all positive.
    ///   - activation: the hidden layers' activation (default `.relu`).
    ///   - codeActivation: the code layer's activation (default `nil`: the same as `activation`; `.identity`
    ///     gives an unbounded linear code, as PCA's).
    ///   - output: the reconstruction's activation (default `.sigmoid`, for pixels in 0…1).
    ///   - rng: where the initial weights come from (default `nil`: inside a cell, the cell's stream
    ///     "autoencoder.init"; outside one, a fixed stream).
    public init(
        sizes: [Int], activation: Activation = .relu, codeActivation: Activation? = nil,
        output: Activation = .sigmoid, rng: RandomStream? = nil
    ) throws {
        let rng = Ambient.stream(rng, "autoencoder.init", fallback: RandomStream(seed: 0, name: "autoencoder"))
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("Autoencoder needs at least two positive sizes (input and code), got \(sizes)")
        }
        self.sizes = sizes
        var encoderLayers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            var stream = rng.derived("encoder.\(i)")
            let f = i == sizes.count - 2 ? (codeActivation ?? activation) : activation
            encoderLayers.append(Dense(sizes[i], sizes[i + 1], activation: f, rng: &stream))
        }
        let reversed = Array(sizes.reversed())
        var decoderLayers: [any Layer] = []
        for i in 0..<(reversed.count - 1) {
            var stream = rng.derived("decoder.\(i)")
            let f = i == reversed.count - 2 ? output : activation
            decoderLayers.append(Dense(reversed[i], reversed[i + 1], activation: f, rng: &stream))
        }
        encoder = Sequential(encoderLayers)
        decoder = Sequential(decoderLayers)
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try decoder.forward(encoder.forward(x, tape: tape), tape: tape)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        encoder.namedParameters.map { ("encoder.\($0.name)", $0.parameter) }
            + decoder.namedParameters.map { ("decoder.\($0.name)", $0.parameter) }
    }

    /// The codes of samples [n, input] -> [n, code].
    public func encode(_ x: Tensor) throws -> Tensor {
        try inBatches(x) { try encoder.forward(Var($0), tape: nil).value }
    }

    /// Reconstructions from codes [n, code] -> [n, input].
    public func decode(_ z: Tensor) throws -> Tensor {
        try inBatches(z) { try decoder.forward(Var($0), tape: nil).value }
    }

    /// Encodes and decodes.
    public func reconstruct(_ x: Tensor) throws -> Tensor { try inBatches(x) { try forward(Var($0), tape: nil).value } }

    /// Mean squared reconstruction error per element over a data set.
    public func reconstructionError(_ x: Tensor) throws -> Double {
        let r = try reconstruct(x)
        return Double(try (r - x).map { $0 * $0 }.mean())
    }

    /// The loss of a batch: output through the decoder, scored against the batch itself, plus a code penalty.
    ///
    /// `target` (default: the input) is what the reconstruction is scored against: the clean batch for a denoising
    /// auto-encoder whose input `x` is corrupted.
    public func loss(
        _ x: Var, tape: Tape?, kind: ReconstructionLoss = .mse, target: Var? = nil, penalty: CodePenalty = .none
    ) throws -> Var {
        var probe = RandomStream(seed: 0, name: "contractive.probe")
        return try loss(x, tape: tape, kind: kind, target: target, penalty: penalty, probe: &probe).total
    }

    /// The loss with its parts ("reconstruction" and "penalty" when there is a penalty), drawing the probe
    /// directions of an estimated contractive penalty from `probe`.
    func loss(
        _ x: Var, tape: Tape?, kind: ReconstructionLoss, target: Var?, penalty: CodePenalty,
        probe: inout RandomStream
    ) throws -> TrainingLoss {
        let code = try encoder.forward(x, tape: tape)
        let target = target ?? x
        let reconstruction: Var
        switch kind {
        case .mse:
            reconstruction = try Loss.mse(decoder.forward(code, tape: tape), target)
        case .binaryCrossEntropy:
            let logits = try logitsDecoder().forward(code, tape: tape)
            reconstruction = try Loss.binaryCrossEntropy(logits: logits, targets: target)
        }
        guard let extra = try self.penalty(penalty, input: x, code: code, tape: tape, probe: &probe) else {
            return TrainingLoss(reconstruction)
        }
        return TrainingLoss(
            try reconstruction + extra,
            terms: [
                ("reconstruction", Double(reconstruction.value.scalar)), ("penalty", Double(extra.value.scalar)),
            ])
    }

    /// The decoder with its last layer's activation removed (for losses computed from logits).
    private func logitsDecoder() -> Sequential {
        var layers = decoder.layers
        if let last = layers.last as? Dense { layers[layers.count - 1] = last.with(activation: .identity) }
        if let last = layers.last as? TiedDense { layers[layers.count - 1] = last.with(activation: .identity) }
        return Sequential(layers)
    }

    /// Trains on the rows of `data` and returns the loss history (`epochLoss` is the per-epoch curve; with a
    /// penalty, `terms` holds its "reconstruction" and "penalty" parts).
    ///
    /// - Parameters:
    ///   - data: the training rows `[n, sizes[0]]` (`LabeledImages.inputs`).
    ///   - epochs: passes over the data.
    ///   - batchSize: rows per step (default 128; the last batch of an epoch may be smaller).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - kind: `loss:`, how a reconstruction is scored (default `.mse`; `.binaryCrossEntropy` for pixels).
    ///   - penalty: a regulariser on the code (default `.none`; sparse and contractive auto-encoders).
    ///   - corruption: noise put on each training batch, the clean batch being the target (default `.none`;
    ///     denoising auto-encoders). Validation always scores clean inputs.
    ///   - validation: rows scored after each epoch into `validationLoss` (default `nil`: none).
    ///   - rng: the batch order and corruption noise (default `nil`: inside a cell, the cell's stream
    ///     "autoencoder.fit"; outside one, a fixed stream).
    ///   - progress: called after each epoch (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ data: Tensor, epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        loss kind: ReconstructionLoss = .mse, penalty: CodePenalty = .none, corruption: Corruption = .none,
        validation: Tensor? = nil, rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        let rng = Ambient.stream(rng, "autoencoder.fit", fallback: RandomStream(seed: 0, name: "autoencoder.fit"))
        guard data.rank == 2, data.columns == sizes[0] else {
            throw TensorError.mismatch(
                "Autoencoder.fit", data.shape, [sizes[0]], "data rows must have \(sizes[0]) values")
        }
        var trainer = Trainer(epochs: epochs, batchSize: batchSize, optimizer: optimizer, rng: rng)
        // The noise stream is derived so that clean training keeps the batch order of earlier versions.
        var noise = rng.derived("corruption")
        return try trainer.fit(
            parameters: parameters, inputs: data, validation: validation.map { ($0, []) },
            progress: Ambient.progress(progress)
        ) { (batch: Batch, tape: Tape?) throws -> TrainingLoss in
            let clean = Var(batch.inputs)
            // Validation (no tape) scores clean inputs; training corrupts them and reconstructs the clean ones.
            let input =
                tape == nil || corruption == .none ? clean : Var(try corruption.apply(to: batch.inputs, rng: &noise))
            return try loss(
                input, tape: tape, kind: kind, target: clean, penalty: tape == nil ? .none : penalty, probe: &noise)
        }
    }

    /// Trains on the pixels of labelled images (labels are ignored): the `Tensor` form of `fit` on
    /// `images.inputs`, with the same parameters and defaults (`validation` labelled images too).
    @discardableResult
    public func fit(
        _ images: LabeledImages, epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        loss kind: ReconstructionLoss = .mse, penalty: CodePenalty = .none, corruption: Corruption = .none,
        validation: LabeledImages? = nil, rng: RandomStream? = nil,
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fit(
            images.inputs, epochs: epochs, batchSize: batchSize, optimizer: optimizer, loss: kind,
            penalty: penalty, corruption: corruption, validation: validation?.inputs, rng: rng, progress: progress)
    }
}

/// Applies `body` to row blocks of at most 1,000 and stacks the results (bounded memory on big sets).
func inBatches(_ x: Tensor, _ body: (Tensor) throws -> Tensor) throws -> Tensor {
    let n = x.rows
    if n <= 1000 { return try body(x) }
    var parts: [Float] = []
    var shape: [Int] = []
    var start = 0
    while start < n {
        let end = min(start + 1000, n)
        let y = try body(x.rows(start..<end))
        if shape.isEmpty {
            shape = y.shape
            parts.reserveCapacity(n * y.columns)
        }
        parts.append(contentsOf: y.scalars)
        start = end
    }
    shape[0] = n
    return try Tensor(shape: shape, scalars: parts)
}
