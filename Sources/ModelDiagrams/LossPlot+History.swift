import Graphics
import ModelCore
import Plots

// Loss curves straight from what `fit` returns, the named parts of a loss included.

extension LossCurve {
    /// A run's mean training loss per epoch and, when it was validated, its validation loss per epoch.
    public init(_ name: String = "", history: TrainingHistory) {
        self.init(name, train: history.epochLoss, validation: history.validationLoss)
    }

    /// One named part of a run's loss per epoch (`"kl"` of a VAE), on the training data and, when it was
    /// validated and `validation` is true, on the validation data. A part the run did not record is an
    /// error that names the parts it did record.
    public init(_ name: String = "", history: TrainingHistory, term: String, validation: Bool = true) throws {
        guard let train = history.terms[term] else {
            throw PlotError("LossCurve: the run recorded no loss term \"\(term)\"; it recorded \(recorded(history))")
        }
        self.init(name, train: train, validation: validation ? history.validationTerms[term] ?? [] : [])
    }
}

/// Which named parts of a loss (`TrainingHistory.terms`) a loss plot draws.
public enum LossTerms: Sendable, Equatable {
    /// The total only.
    case none
    /// Every part the run recorded, in alphabetical order (a VAE's `kl`, then `reconstruction`).
    case all
    /// These parts, in this order.
    case only([String])

    /// The names of the parts to draw from `history`; a part named but not recorded is an error.
    func names(in history: TrainingHistory) throws -> [String] {
        switch self {
        case .none: return []
        case .all: return history.terms.keys.sorted()
        case .only(let names):
            if let missing = names.first(where: { history.terms[$0] == nil }) {
                throw PlotError(
                    "LossPlot: the run recorded no loss term \"\(missing)\"; it recorded \(recorded(history))")
            }
            return names
        }
    }
}

/// The recorded parts of a history's loss, for error messages.
private func recorded(_ history: TrainingHistory) -> String {
    history.terms.isEmpty ? "none" : history.terms.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
}

extension LossPlot {
    /// The training loss per epoch, solid, and the validation loss per epoch, dashed, of one run; with
    /// `terms`, also the named parts of the loss the run recorded (a VAE's reconstruction and KL terms),
    /// one colour each, named in the legend beside the total.
    ///
    /// The parts share the total's axis, so a small part beside a large one lies flat along the bottom;
    /// `init(runs:terms:…)` gives each part a panel of its own.
    public init(
        _ history: TrainingHistory, terms: LossTerms, totalName: String = "total", title: String = "",
        xLabel: String = "epoch", yLabel: String = "loss", logY: Bool = false, smoothing: Double = 0,
        size: Size = Size(360, 240)
    ) throws {
        let parts = try terms.names(in: history).map { try LossCurve($0, history: history, term: $0) }
        self.init(
            [LossCurve(parts.isEmpty ? "" : totalName, history: history)] + parts, title: title, xLabel: xLabel,
            yLabel: yLabel, logY: logY, smoothing: smoothing, size: size)
    }

    /// The training loss per epoch, solid, and the validation loss per epoch, dashed, of one run.
    public init(
        _ history: TrainingHistory, title: String = "", xLabel: String = "epoch", yLabel: String = "loss",
        logY: Bool = false, smoothing: Double = 0, size: Size = Size(360, 240)
    ) {
        self.init(
            [LossCurve(history: history)], title: title, xLabel: xLabel, yLabel: yLabel, logY: logY,
            smoothing: smoothing, size: size)
    }

    /// One panel per named part of the loss (`terms`, every recorded part by default), each with one curve
    /// per run: how two settings trade one part against another (a VAE's KL weight λ against its
    /// reconstruction and KL terms). `termLabels` names a part's y axis (the part's name by default);
    /// `validation: false` leaves out the validation values. Every run must have recorded every part drawn.
    public init(
        runs: [(name: String, history: TrainingHistory)], terms: LossTerms = .all, termLabels: [String: String] = [:],
        validation: Bool = true, title: String = "", xLabel: String = "epoch", logY: Bool = false,
        smoothing: Double = 0, size: Size = Size(460, 210)
    ) throws {
        guard let first = runs.first else { throw PlotError("LossPlot: no runs to draw") }
        let names = try terms.names(in: first.history)
        guard !names.isEmpty else {
            throw PlotError("LossPlot: no loss terms to draw; the first run recorded \(recorded(first.history))")
        }
        let panels = try names.map { term in
            (
                yLabel: termLabels[term] ?? term,
                runs: try runs.map { run in
                    do {
                        return try LossCurve(run.name, history: run.history, term: term, validation: validation)
                    } catch {
                        throw PlotError("LossPlot: run \"\(run.name)\": \(error)")
                    }
                }
            )
        }
        self.init(
            panels: panels, title: title, xLabel: xLabel, logY: logY, smoothing: smoothing, size: size)
    }
}
