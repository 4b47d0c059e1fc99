/// A fully connected softmax classifier, e.g. `Classifier(sizes: [784, 128, 10])`, or a softmax head on top of
/// a frozen or fine-tuned encoder (the "1,000 labels" experiment).
public struct Classifier: Layer {
    /// Optional feature extractor run before the head (for example an auto-encoder's encoder).
    public let features: Sequential?
    /// Whether training also updates the feature extractor's weights.
    public let trainFeatures: Bool
    /// Hidden layers and the final logits layer.
    public let head: Sequential

    /// A classifier with `sizes` = inputs, hidden..., classes.
    ///
    /// - Parameters:
    ///   - sizes: the head's widths, inputs first and classes last (`[784, 128, 10]`; on top of `features`,
    ///     the feature width first).
    ///   - activation: the hidden layers' activation (default `.relu`); the last layer gives logits.
    ///   - features: a feature extractor run before the head, e.g. a trained auto-encoder's `encoder`
    ///     (default `nil`: none).
    ///   - trainFeatures: whether training also updates `features` (default `false`: frozen).
    ///   - rng: where the head's initial weights come from (default `nil`: inside a cell, the cell's stream
    ///     "classifier.init"; outside one, a fixed stream).
    public init(
        sizes: [Int], activation: Activation = .relu, features: Sequential? = nil, trainFeatures: Bool = false,
        rng: RandomStream? = nil
    ) throws {
        let rng = Ambient.stream(rng, "classifier.init", fallback: RandomStream(seed: 0, name: "classifier"))
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("Classifier needs at least input and class counts, got \(sizes)")
        }
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            var stream = rng.derived("head.\(i)")
            let f: Activation = i == sizes.count - 2 ? .identity : activation
            layers.append(Dense(sizes[i], sizes[i + 1], activation: f, rng: &stream))
        }
        self.head = Sequential(layers)
        self.features = features
        self.trainFeatures = trainFeatures
    }

    /// Logits [n, classes].
    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        guard let features else { return try head.forward(x, tape: tape) }
        let h = try features.forward(x, tape: trainFeatures ? tape : nil)
        return try head.forward(h, tape: tape)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        let own = head.namedParameters.map { (name: "head.\($0.name)", parameter: $0.parameter) }
        guard let features, trainFeatures else { return own }
        return features.namedParameters.map { ("features.\($0.name)", $0.parameter) } + own
    }

    /// The most likely class of each row.
    public func predict(_ x: Tensor) throws -> [Int] {
        try inBatches(x) { try forward(Var($0), tape: nil).value }.argmaxRows()
    }

    /// Fraction of correctly classified images.
    public func accuracy(_ images: LabeledImages) throws -> Double {
        try accuracy(images.inputs, labels: images.labels)
    }

    /// Trains with softmax cross-entropy on labelled images and returns the loss history; the parameters are
    /// those of `fit(_:labels:epochs:batchSize:optimizer:validation:rng:progress:)`.
    @discardableResult
    public func fit(
        _ images: LabeledImages, epochs: Int, batchSize: Int = 100, optimizer: Optimizer = .adam(lr: 1e-3),
        validation: LabeledImages? = nil, rng: RandomStream? = nil,
        progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        try fit(
            images.inputs, labels: images.labels, epochs: epochs, batchSize: batchSize, optimizer: optimizer,
            validation: validation.map { ($0.inputs, $0.labels) }, rng: rng, progress: progress)
    }

    /// Trains on rows of `inputs` (pixels or codes) with one class label per row.
    ///
    /// - Parameters:
    ///   - inputs: the training rows `[n, sizes[0]]` (of the features' input width with `features`).
    ///   - labels: one class in `0..<classes` per row.
    ///   - epochs: passes over the data.
    ///   - batchSize: rows per step (default 100).
    ///   - optimizer: the update rule (default `.adam(lr: 1e-3)`).
    ///   - validation: rows and labels scored after each epoch into `validationLoss` (default `nil`).
    ///   - rng: the batch order (default `nil`: inside a cell, the cell's stream "classifier.fit"; outside
    ///     one, a fixed stream).
    ///   - progress: called after each epoch (default `nil`: inside a cell, the cell's progress bar).
    @discardableResult
    public func fit(
        _ inputs: Tensor, labels: [Int], epochs: Int, batchSize: Int = 100, optimizer: Optimizer = .adam(lr: 1e-3),
        validation: (inputs: Tensor, labels: [Int])? = nil,
        rng: RandomStream? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> TrainingHistory {
        let rng = Ambient.stream(rng, "classifier.fit", fallback: RandomStream(seed: 0, name: "classifier.fit"))
        var trainer = Trainer(epochs: epochs, batchSize: batchSize, optimizer: optimizer, rng: rng)
        return try trainer.fit(
            parameters: parameters, inputs: inputs, labels: labels, validation: validation,
            progress: Ambient.progress(progress)
        ) { batch, tape in
            try Loss.softmaxCrossEntropy(logits: forward(Var(batch.inputs), tape: tape), labels: batch.labels)
        }
    }

    /// Fraction of rows of `inputs` whose most likely class is the label.
    public func accuracy(_ inputs: Tensor, labels: [Int]) throws -> Double {
        guard labels.count == inputs.rows else {
            throw TrainingError.invalid("\(labels.count) labels for \(inputs.rows) samples")
        }
        let predicted = try predict(inputs)
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }
}
