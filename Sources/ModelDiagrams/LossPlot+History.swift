import Graphics
import ModelCore
import Plots

// Loss curves straight from what `fit` returns.

extension LossCurve {
    /// A run's mean training loss per epoch and, when it was validated, its validation loss per epoch.
    public init(_ name: String = "", history: TrainingHistory) {
        self.init(name, train: history.epochLoss, validation: history.validationLoss)
    }
}

extension LossPlot {
    /// The training loss per epoch, solid, and the validation loss per epoch, dashed, of one run.
    public init(
        _ history: TrainingHistory, title: String = "", xLabel: String = "epoch", yLabel: String = "loss",
        logY: Bool = false, smoothing: Double = 0, size: Size = Size(360, 240)
    ) {
        self.init(
            [LossCurve(history: history)], title: title, xLabel: xLabel, yLabel: yLabel, logY: logY,
            smoothing: smoothing, size: size)
    }
}
