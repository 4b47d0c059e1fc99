/// One mini-batch handed to a loss function.
public struct Batch {
    /// The samples, first dimension = batch size.
    public let inputs: Tensor
    /// Their labels (empty when the data has none).
    public let labels: [Int]
    /// Number of samples.
    public var count: Int { inputs.rows }
}

/// A snapshot of training, passed to the progress callback after every step.
public struct TrainingProgress: Sendable, Equatable {
    /// Epoch number, from 1.
    public let epoch: Int
    /// Total epochs planned.
    public let epochs: Int
    /// Step within the epoch, from 1.
    public let step: Int
    /// Steps in each epoch.
    public let stepsPerEpoch: Int
    /// Steps done since training began.
    public let globalStep: Int
    /// Loss of this step's batch.
    public let loss: Double
    /// Throughput of the current epoch so far.
    public let samplesPerSecond: Double
    /// Estimated seconds until training ends.
    public let etaSeconds: Double
    /// True for the last step of an epoch (the epoch's mean loss and validation loss are then known).
    public let isEpochEnd: Bool
    /// Mean training loss of the epoch; set at the epoch's end.
    public let epochLoss: Double?
    /// Validation loss; set at the epoch's end when validation data was given.
    public let validationLoss: Double?
    /// The named parts of this step's loss (e.g. "reconstruction" and "kl"; empty when the loss has none).
    public var terms: [String: Double] = [:]

    /// Fraction of all steps done, in [0, 1].
    public var fractionDone: Double { Double(globalStep) / Double(max(epochs * stepsPerEpoch, 1)) }
}

/// What training leaves behind: losses per step and per epoch, validation losses, timings.
public struct TrainingHistory: Sendable, Equatable, Codable {
    /// Loss of every step, in order.
    public var stepLoss: [Double] = []
    /// Mean training loss of each epoch (weighted by batch sizes).
    public var epochLoss: [Double] = []
    /// Validation loss after each epoch (empty without validation data).
    public var validationLoss: [Double] = []
    /// Wall-clock seconds of each epoch (training steps only).
    public var epochSeconds: [Double] = []
    /// Samples processed per second over the whole run.
    public var samplesPerSecond: Double = 0
    /// Per-epoch means of each named part of the training loss, e.g. `terms["kl"]` for a VAE (one value per
    /// epoch, weighted by batch sizes like `epochLoss`; empty for losses without parts).
    public var terms: [String: [Double]] = [:]
    /// Per-epoch means of each named part of the validation loss.
    public var validationTerms: [String: [Double]] = [:]

    public init() {}

    /// Records one epoch's means of the named parts.
    mutating func appendTerms(_ means: [String: Double], validation: Bool) {
        for (name, value) in means {
            if validation {
                validationTerms[name, default: []].append(value)
            } else {
                terms[name, default: []].append(value)
            }
        }
    }
}

/// The loss of one batch (the value trained) with its named parts, which the history averages per epoch.
///
/// The parts are numbers for the record, not differentiated; e.g. a VAE reports "reconstruction" and "kl",
/// which sum to the total.
public struct TrainingLoss {
    /// The value to minimise.
    public let total: Var
    /// Named parts, in a fixed order.
    public let terms: [(name: String, value: Double)]

    /// A loss with the given parts (none by default).
    public init(_ total: Var, terms: [(name: String, value: Double)] = []) {
        self.total = total
        self.terms = terms
    }
}

/// Training stopped because something went wrong; the message says where.
public enum TrainingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The loss became NaN or infinite (often a learning rate that is too high).
    case nonFiniteLoss(epoch: Int, step: Int, value: Double)
    /// Settings or data that cannot train.
    case invalid(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let epoch, let step, let value):
            "training diverged: the loss became \(value) at epoch \(epoch), step \(step) "
                + "(try a lower learning rate)"
        case .invalid(let message): "cannot train: \(message)"
        }
    }
}
