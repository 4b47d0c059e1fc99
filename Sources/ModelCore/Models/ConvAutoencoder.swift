/// A small convolutional auto-encoder for 28 x 28 images: two stride-2 3x3 convolutions (1 -> c1 -> c2
/// channels, 28 -> 14 -> 7) and two stride-2 transposed convolutions back, sigmoid output.
///
/// With the default channels (16, 32) this is the conv AE of the PyTorch baseline. Feature maps are kept
/// channels-last ([n, h, w, c]) inside, which needs no transposes; weights keep PyTorch's layout.
public struct ConvAutoencoder: Layer {
    public let encoder: Sequential
    public let decoder: Sequential

    /// Builds the model with `channels` (first, second) feature maps.
    ///
    /// - Parameters:
    ///   - channels: feature maps of the first (14 × 14) and second (7 × 7) convolution (default `(16, 32)`).
    ///   - rng: where the initial weights come from (default `nil`: inside a cell, the cell's stream
    ///     "conv-ae.init"; outside one, a fixed stream).
    public init(channels: (Int, Int) = (16, 32), rng: RandomStream? = nil) {
        let rng = Ambient.stream(rng, "conv-ae.init", fallback: RandomStream(seed: 0, name: "conv-ae"))
        var r = [
            rng.derived("encoder.0"), rng.derived("encoder.1"), rng.derived("decoder.0"), rng.derived("decoder.1"),
        ]
        encoder = Sequential([
            Reshape([28, 28, 1]),
            Conv2D(
                1, channels.0, kernel: 3, stride: 2, padding: 1, activation: .relu, layout: .channelsLast,
                rng: &r[0]),
            Conv2D(
                channels.0, channels.1, kernel: 3, stride: 2, padding: 1, activation: .relu, layout: .channelsLast,
                rng: &r[1]),
        ])
        decoder = Sequential([
            ConvTranspose2D(
                channels.1, channels.0, kernel: 3, stride: 2, padding: 1, outputPadding: 1, activation: .relu,
                layout: .channelsLast, rng: &r[2]),
            ConvTranspose2D(
                channels.0, 1, kernel: 3, stride: 2, padding: 1, outputPadding: 1, activation: .sigmoid,
                layout: .channelsLast, rng: &r[3]),
            Flatten(),
        ])
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try decoder.forward(encoder.forward(x, tape: tape), tape: tape)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        encoder.namedParameters.map { ("encoder.\($0.name)", $0.parameter) }
            + decoder.namedParameters.map { ("decoder.\($0.name)", $0.parameter) }
    }

    /// Feature maps of the code, channels last [n, 7, 7, c2], for images given as rows [n, 784].
    public func encode(_ x: Tensor) throws -> Tensor {
        try inBatches(x) { try encoder.forward(Var($0), tape: nil).value }
    }

    /// Reconstructions [n, 784].
    public func reconstruct(_ x: Tensor) throws -> Tensor { try inBatches(x) { try forward(Var($0), tape: nil).value } }

    /// Mean squared reconstruction error per pixel.
    public func reconstructionError(_ x: Tensor) throws -> Double {
        Double(try (reconstruct(x) - x).map { $0 * $0 }.mean())
    }

    /// Trains with MSE on rows of 784 pixels and returns the loss history.
    ///
    /// - Parameters:
    ///   - data: the training images as rows `[n, 784]`.
    ///   - epochs: passes over the data.
    ///   - batchSize: rows per step (default 128).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - validation: rows scored after each epoch into `validationLoss` (default `nil`).
    ///   - rng: the batch order (default `nil`: inside a cell, the cell's stream "conv-ae.fit"; outside one,
    ///     a fixed stream).
    ///   - progress: called after each epoch (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ data: Tensor, epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        validation: Tensor? = nil, rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        let rng = Ambient.stream(rng, "conv-ae.fit", fallback: RandomStream(seed: 0, name: "conv-ae.fit"))
        guard data.rank == 2, data.columns == 784 else {
            throw TensorError.mismatch("ConvAutoencoder.fit", data.shape, [784], "rows must be 28 x 28 images")
        }
        var trainer = Trainer(epochs: epochs, batchSize: batchSize, optimizer: optimizer, rng: rng)
        return try trainer.fit(
            parameters: parameters, inputs: data, validation: validation.map { ($0, []) },
            progress: Ambient.progress(progress)
        ) { batch, tape in
            let x = Var(batch.inputs)
            return try Loss.mse(forward(x, tape: tape), x)
        }
    }
}
