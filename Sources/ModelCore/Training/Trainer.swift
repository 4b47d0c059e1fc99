/// The training loop: shuffled mini-batches, one optimiser step per batch, losses, validation and progress.
public struct Trainer {
    /// Passes over the training data.
    public var epochs: Int
    /// Samples per step (the last batch of an epoch may be smaller).
    public var batchSize: Int
    /// The optimiser and its settings.
    public var optimizer: Optimizer
    /// Stream for the shuffling order.
    public var rng: RandomStream
    /// Whether to reshuffle each epoch.
    public var shuffle = true

    /// A loop with the given settings; `rng` decides the batch order.
    public init(epochs: Int, batchSize: Int, optimizer: Optimizer, rng: RandomStream) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.rng = rng
    }

    /// Trains `parameters` to minimise `loss` over `inputs` (rows are samples).
    ///
    /// `loss(batch, tape)` builds the loss of a batch; it is called with a tape while training and with nil
    /// for validation. Throws `TrainingError.nonFiniteLoss` naming the epoch and step if the loss diverges.
    public mutating func fit(
        parameters: [Parameter], inputs: Tensor, labels: [Int] = [],
        validation: (inputs: Tensor, labels: [Int])? = nil,
        progress: ((TrainingProgress) -> Void)? = nil,
        loss: (Batch, Tape?) throws -> Var
    ) throws -> TrainingHistory {
        try fit(
            parameters: parameters, inputs: inputs, labels: labels, validation: validation, progress: progress,
            lossTerms: { batch, tape in TrainingLoss(try loss(batch, tape)) })
    }

    /// Trains as `fit(parameters:inputs:labels:validation:progress:loss:)` with a loss that also reports its
    /// named parts; the history keeps each part's per-epoch mean (`terms`, `validationTerms`).
    public mutating func fit(
        parameters: [Parameter], inputs: Tensor, labels: [Int] = [],
        validation: (inputs: Tensor, labels: [Int])? = nil,
        progress: ((TrainingProgress) -> Void)? = nil,
        lossTerms loss: (Batch, Tape?) throws -> TrainingLoss
    ) throws -> TrainingHistory {
        let n = inputs.rows
        guard epochs >= 0, batchSize >= 1 else {
            throw TrainingError.invalid("epochs (\(epochs)) must be >= 0 and batch size (\(batchSize)) >= 1")
        }
        guard n >= 1, inputs.rank >= 1 else {
            throw TrainingError.invalid("no training samples (shape \(inputs.shape))")
        }
        guard labels.isEmpty || labels.count == n else {
            throw TrainingError.invalid("\(labels.count) labels for \(n) samples")
        }
        let state = optimizer.makeState(for: parameters)
        let stepsPerEpoch = (n + batchSize - 1) / batchSize
        var history = TrainingHistory()
        var order = Array(0..<n)
        var batchInputs = Tensor(zeros: [min(batchSize, n)] + inputs.shape.dropFirst())
        let clock = ContinuousClock()
        var totalSeconds = 0.0
        var globalStep = 0
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            if shuffle { order = rng.permutation(n) }
            let epochStart = clock.now
            var lossSum = 0.0
            var termSums = TermSums()
            for step in 1...stepsPerEpoch {
                let lower = (step - 1) * batchSize
                let indices = order[lower..<min(lower + batchSize, n)]
                gather(inputs, rows: indices, into: &batchInputs)
                let batch = Batch(inputs: batchInputs, labels: labels.isEmpty ? [] : indices.map { labels[$0] })
                let tape = Tape(training: true)
                let measured = try loss(batch, tape)
                let value = measured.total
                let lossValue = Double(value.value.scalar)
                guard lossValue.isFinite else {
                    throw TrainingError.nonFiniteLoss(epoch: epoch, step: step, value: lossValue)
                }
                try tape.backward(value)
                try state.step()
                globalStep += 1
                lossSum += lossValue * Double(indices.count)
                termSums.add(measured.terms, weight: Double(indices.count))
                history.stepLoss.append(lossValue)

                let elapsed = seconds(clock.now - epochStart)
                let done = lower + indices.count
                let rate = elapsed > 0 ? Double(done) / elapsed : 0
                let remainingSamples = Double((epochs - epoch) * n + (n - done))
                let isEnd = step == stepsPerEpoch
                var epochLoss: Double?
                var validationLoss: Double?
                if isEnd {
                    totalSeconds += elapsed
                    history.epochSeconds.append(elapsed)
                    epochLoss = lossSum / Double(n)
                    history.epochLoss.append(lossSum / Double(n))
                    history.appendTerms(termSums.means(over: Double(n)), validation: false)
                    if let validation {
                        let v = try evaluateTerms(inputs: validation.inputs, labels: validation.labels, loss: loss)
                        history.validationLoss.append(v.loss)
                        history.appendTerms(v.terms, validation: true)
                        validationLoss = v.loss
                    }
                }
                progress?(
                    TrainingProgress(
                        epoch: epoch, epochs: epochs, step: step, stepsPerEpoch: stepsPerEpoch, globalStep: globalStep,
                        loss: lossValue, samplesPerSecond: rate, etaSeconds: rate > 0 ? remainingSamples / rate : 0,
                        isEpochEnd: isEnd, epochLoss: epochLoss, validationLoss: validationLoss,
                        terms: Dictionary(measured.terms.map { ($0.name, $0.value) }, uniquingKeysWith: +)))
            }
        }
        history.samplesPerSecond = totalSeconds > 0 ? Double(epochs * n) / totalSeconds : 0
        return history
    }

    /// Mean loss over a data set in evaluation mode (no tape), in batches of 1,000.
    public func evaluate(
        inputs: Tensor, labels: [Int] = [], batchSize: Int = 1000, loss: (Batch, Tape?) throws -> Var
    ) throws -> Double {
        try evaluateTerms(inputs: inputs, labels: labels, batchSize: batchSize) { TrainingLoss(try loss($0, $1)) }.loss
    }

    /// Mean loss and mean named parts over a data set in evaluation mode (no tape), in batches of 1,000.
    public func evaluateTerms(
        inputs: Tensor, labels: [Int] = [], batchSize: Int = 1000, loss: (Batch, Tape?) throws -> TrainingLoss
    ) throws -> (loss: Double, terms: [String: Double]) {
        let n = inputs.rows
        guard n > 0 else { return (.nan, [:]) }
        var total = 0.0
        var termSums = TermSums()
        var start = 0
        while start < n {
            let end = min(start + batchSize, n)
            let rows = try inputs.rows(start..<end)
            let value = try loss(Batch(inputs: rows, labels: labels.isEmpty ? [] : Array(labels[start..<end])), nil)
            total += Double(value.total.value.scalar) * Double(end - start)
            termSums.add(value.terms, weight: Double(end - start))
            start = end
        }
        return (total / Double(n), termSums.means(over: Double(n)))
    }
}

/// Sums of named loss parts weighted by batch sizes, for per-epoch means.
struct TermSums {
    private var sums: [String: Double] = [:]

    mutating func add(_ terms: [(name: String, value: Double)], weight: Double) {
        for (name, value) in terms { sums[name, default: 0] += value * weight }
    }

    func means(over count: Double) -> [String: Double] { sums.mapValues { $0 / count } }
}

/// Copies the given rows of `source` into `batch`, resizing it only when the batch size changes.
func gather(_ source: Tensor, rows: ArraySlice<Int>, into batch: inout Tensor) {
    let width = source.columns
    if batch.rows != rows.count {
        batch = Tensor(zeros: [rows.count] + source.shape.dropFirst())
    }
    source.scalars.withUnsafeBufferPointer { src in
        batch.scalars.withUnsafeMutableBufferPointer { dst in
            guard let s = src.baseAddress, let d = dst.baseAddress else { return }
            for (k, row) in rows.enumerated() {
                (d + k * width).update(from: s + row * width, count: width)
            }
        }
    }
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

/// Runs `body` and returns its result with the wall-clock seconds it took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, seconds: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (result, seconds(clock.now - start))
}
