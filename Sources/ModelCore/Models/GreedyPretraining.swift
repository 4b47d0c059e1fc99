/// Greedy layer-wise pretraining (Hinton & Salakhutdinov; Bengio et al.): each encoder layer is trained as a
/// shallow auto-encoder on the codes of the layers below it, with its mirrored decoder layer as the decoder.
extension Autoencoder {
    /// Trains the layer pairs (encoder i, decoder n-1-i) in place, innermost last, on MSE; returns one history
    /// per pair. Fine-tune the whole stack afterwards with `fit`.
    ///
    /// - Parameters:
    ///   - data: the training rows `[n, sizes[0]]`.
    ///   - epochs: passes over the data for each pair.
    ///   - batchSize: rows per step (default 128).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - corruption: noise on each pair's inputs, the clean inputs being its target (default `.none`;
    ///     stacked denoising auto-encoders).
    ///   - rng: the batch order and noise (default `nil`: inside a cell, the cell's stream
    ///     "autoencoder.pretrain"; outside one, a fixed stream).
    ///   - progress: called after each epoch with the pair's index (default `nil`: inside a cell, the cell's
    ///     progress bar).
    @discardableResult
    public func pretrainGreedily(
        _ data: Tensor, epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .adam(lr: 1e-3),
        corruption: Corruption = .none,
        rng: RandomStream? = nil, progress: ((_ layer: Int, TrainingProgress) -> Void)? = nil
    ) throws -> [TrainingHistory] {
        let rng = Ambient.stream(
            rng, "autoencoder.pretrain", fallback: RandomStream(seed: 0, name: "autoencoder.pretrain"))
        // Without a callback of its own, each layer's training reports to the ambient run's progress.
        let progress =
            progress ?? Ambient.run?.progress.map { report in { (_: Int, p: TrainingProgress) in report(p) } }
        guard data.rank == 2, data.columns == sizes[0] else {
            throw TensorError.mismatch(
                "Autoencoder.pretrainGreedily", data.shape, [sizes[0]], "data rows must have \(sizes[0]) values")
        }
        let pairs = encoder.layers.count
        guard decoder.layers.count == pairs else {
            throw TensorError(
                "greedy pretraining needs one decoder layer per encoder layer (\(pairs) and "
                    + "\(decoder.layers.count)); k-sparse and other extra layers are not supported")
        }
        var histories: [TrainingHistory] = []
        var inputs = data
        for i in 0..<pairs {
            let shallow = Sequential([encoder.layers[i], decoder.layers[pairs - 1 - i]])
            let stream = rng.derived("layer.\(i)")
            var noise = stream.derived("corruption")
            var trainer = Trainer(epochs: epochs, batchSize: batchSize, optimizer: optimizer, rng: stream)
            let history = try trainer.fit(
                parameters: shallow.parameters, inputs: inputs, progress: progress.map { report in { report(i, $0) } }
            ) { batch, tape in
                let input = try corruption.apply(to: batch.inputs, rng: &noise)
                return try Loss.mse(shallow.forward(Var(input), tape: tape), Var(batch.inputs))
            }
            histories.append(history)
            let layer = encoder.layers[i]
            inputs = try inBatches(inputs) { try layer($0) }
        }
        return histories
    }
}
