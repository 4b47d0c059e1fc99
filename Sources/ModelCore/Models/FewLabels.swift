/// The notes' "few labels" experiment: an encoder trained without labels, then a classifier trained on a small
/// labelled set, four ways, each scored on the same test set.

/// One way to train a classifier on few labels.
public enum FewLabelsApproach: String, CaseIterable, Sendable, Codable {
    /// Approach 1: the pretrained encoder stays frozen; only a softmax head on its codes trains.
    case frozenEncoder
    /// Approach 2: a copy of the pretrained encoder and the head train together, for a few epochs.
    case fineTunedEncoder
    /// The same network (encoder and head) trained from random weights on the labelled set alone.
    case fromScratch
    /// Softmax (multinomial logistic) regression on the raw pixels.
    case pixelLogisticRegression

    /// How a table or a legend names the approach.
    public var title: String {
        switch self {
        case .frozenEncoder: "frozen encoder + head"
        case .fineTunedEncoder: "fine-tuned encoder + head"
        case .fromScratch: "same network from scratch"
        case .pixelLogisticRegression: "logistic regression on pixels"
        }
    }
}

/// Optimiser steps and learning rates of the four approaches (Adam throughout). The defaults are those of the
/// PyTorch baseline at 1,000 labels. Steps, not epochs, so that a smaller labelled set does not mean less training.
public struct FewLabelsSchedule: Sendable, Equatable {
    /// Mini-batch steps of the head on the codes of the labelled set (approach 1).
    public var headSteps: Int
    /// Adam's step size for the head alone.
    public var headLearningRate: Float
    /// Mini-batch steps when encoder and head train together (approach 2 and from scratch).
    public var fineTuneSteps: Int
    /// Adam's step size when the encoder trains too; small, so that few labels do not wash out the encoder.
    public var fineTuneLearningRate: Float
    /// Full-batch steps of the pixel logistic regression.
    public var logisticSteps: Int
    /// Adam's step size for the logistic regression.
    public var logisticLearningRate: Float
    /// Mini-batch size of the head and fine-tuning runs.
    public var batchSize: Int

    /// A schedule; the defaults suit 10 to 300 labels per class.
    public init(
        headSteps: Int = 1000, headLearningRate: Float = 1e-2, fineTuneSteps: Int = 300,
        fineTuneLearningRate: Float = 1e-3, logisticSteps: Int = 500, logisticLearningRate: Float = 1e-2,
        batchSize: Int = 100
    ) {
        self.headSteps = headSteps
        self.headLearningRate = headLearningRate
        self.fineTuneSteps = fineTuneSteps
        self.fineTuneLearningRate = fineTuneLearningRate
        self.logisticSteps = logisticSteps
        self.logisticLearningRate = logisticLearningRate
        self.batchSize = batchSize
    }

    /// Whole epochs over `count` samples that make at least `steps` mini-batch steps.
    func epochs(steps: Int, count: Int) -> Int {
        let perEpoch = max(1, (count + batchSize - 1) / max(batchSize, 1))
        return max(1, (steps + perEpoch - 1) / perEpoch)
    }
}

/// The test accuracy one approach reached and the seconds its training and scoring took.
public struct FewLabelsOutcome: Sendable, Equatable, Codable {
    /// Which approach.
    public let approach: FewLabelsApproach
    /// Fraction of the test set classified correctly.
    public let testAccuracy: Double
    /// Wall-clock seconds to train and score (not part of a reproducible page: print it only in benchmarks).
    public let seconds: Double
}

extension Autoencoder {
    /// Trains the four classifiers of the few-labels experiment on `labelled` and scores them on `test`.
    ///
    /// The auto-encoder is left unchanged: approach 2 fine-tunes a copy of its encoder.
    public func compareFewLabels(
        labelled: LabeledImages, test: LabeledImages, schedule: FewLabelsSchedule = FewLabelsSchedule(),
        rng: RandomStream? = nil
    ) throws -> [FewLabelsOutcome] {
        let rng = Ambient.stream(rng, "few-labels", fallback: RandomStream(seed: 0, name: "few-labels"))
        guard labelled.count >= 1, test.count >= 1 else {
            throw TrainingError.invalid("the few-labels comparison needs labelled and test images")
        }
        guard labelled.features == sizes[0], test.features == sizes[0] else {
            throw TensorError.mismatch(
                "compareFewLabels", [labelled.features], [sizes[0]], "images must have \(sizes[0]) pixels")
        }
        let classes = max(labelled.labels.max() ?? 0, test.labels.max() ?? 0) + 1
        let head = [codeSize, classes]
        var outcomes: [FewLabelsOutcome] = []
        func measure(_ approach: FewLabelsApproach, _ body: () throws -> Double) rethrows {
            let (accuracy, seconds) = try timed(body)
            outcomes.append(FewLabelsOutcome(approach: approach, testAccuracy: accuracy, seconds: seconds))
        }

        try measure(.frozenEncoder) {
            // The encoder is fixed, so its codes are computed once instead of at every step.
            let classifier = try Classifier(sizes: head, rng: rng.derived("frozen.init"))
            try classifier.fit(
                encode(labelled.inputs), labels: labelled.labels,
                epochs: schedule.epochs(steps: schedule.headSteps, count: labelled.count),
                batchSize: schedule.batchSize, optimizer: .adam(lr: schedule.headLearningRate),
                rng: rng.derived("frozen.batches"))
            return try classifier.accuracy(encode(test.inputs), labels: test.labels)
        }
        let encoders: [(FewLabelsApproach, Sequential)] = [
            (.fineTunedEncoder, try encoder.independentCopy()),
            (.fromScratch, try encoder.reinitialized(rng: rng.derived("scratch.encoder"))),
        ]
        for (approach, features) in encoders {
            try measure(approach) {
                let classifier = try Classifier(
                    sizes: head, features: features, trainFeatures: true, rng: rng.derived("\(approach).init"))
                try classifier.fit(
                    labelled, epochs: schedule.epochs(steps: schedule.fineTuneSteps, count: labelled.count),
                    batchSize: schedule.batchSize,
                    optimizer: .adam(lr: schedule.fineTuneLearningRate), rng: rng.derived("\(approach).batches"))
                return try classifier.accuracy(test)
            }
        }
        try measure(.pixelLogisticRegression) {
            let classifier = try Classifier(sizes: [sizes[0], classes], rng: rng.derived("logistic.init"))
            try classifier.fit(
                labelled, epochs: schedule.logisticSteps, batchSize: labelled.count,
                optimizer: .adam(lr: schedule.logisticLearningRate), rng: rng.derived("logistic.batches"))
            return try classifier.accuracy(test)
        }
        return outcomes
    }
}

extension Sequential {
    /// The same layers with their own parameter storage holding the same values.
    func independentCopy() throws -> Sequential {
        try Sequential(
            layers.map { layer in
                try rebuiltDense(layer) { dense in
                    try Dense(weight: dense.weight.value, bias: dense.bias.value, activation: dense.activation)
                }
            })
    }

    /// The same architecture with fresh random weights.
    func reinitialized(rng: RandomStream) throws -> Sequential {
        try Sequential(
            layers.enumerated().map { index, layer in
                try rebuiltDense(layer) { dense in
                    var stream = rng.derived("\(index)")
                    return Dense(dense.inputs, dense.outputs, activation: dense.activation, rng: &stream)
                }
            })
    }

    /// Dense layers are rebuilt by `make`; layers without parameters (k-sparse, reshapes) are shared as they are.
    private func rebuiltDense(_ layer: any Layer, _ make: (Dense) throws -> Dense) throws -> any Layer {
        if let dense = layer as? Dense { return try make(dense) }
        guard layer.namedParameters.isEmpty else {
            throw TensorError("only Dense encoders can be copied, not one with a \(type(of: layer)) layer")
        }
        return layer
    }
}
