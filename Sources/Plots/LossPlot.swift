import Graphics

/// One training run's loss history: training values and, optionally, validation values.
public struct LossCurve: Sendable {
    public var name: String
    public var train: [Double]
    public var validation: [Double]
    /// Where the training values were taken (steps, epochs); `nil` means 1, 2, 3, …
    public var x: [Double]?
    /// Where the validation values were taken; `nil` spreads them evenly to the end of the run
    /// (per-epoch validation beside per-step training lands at each epoch's end).
    public var validationX: [Double]?

    public init<T: BinaryFloatingPoint>(
        _ name: String = "", train: [T], validation: [T] = [], x: [Double]? = nil, validationX: [Double]? = nil
    ) {
        self.name = name
        self.train = doubles(train)
        self.validation = doubles(validation)
        self.x = x
        self.validationX = validationX
    }

    var trainX: [Double] { x ?? train.indices.map { Double($0 + 1) } }

    var validationPositions: [Double] {
        if let validationX { return validationX }
        if x == nil && validation.count == train.count { return trainX }
        let last = trainX.last ?? Double(validation.count)
        let per = last / Double(max(validation.count, 1))
        return validation.indices.map { Double($0 + 1) * per }
    }
}

/// Loss curves: several runs in one panel, training solid and validation dashed in the run's colour,
/// optional exponential smoothing (the raw curve stays faint behind) and a log-scaled y axis.
public struct LossPlot: Drawable {
    public let figure: PlotFigure

    /// - Parameters:
    ///   - smoothing: weight of the exponential moving average in 0..<1 (0.9 smooths a lot); 0 is none.
    public init(
        _ runs: [LossCurve], title: String = "", xLabel: String = "epoch", yLabel: String = "loss",
        logY: Bool = false, smoothing: Double = 0, palette: Palette = .okabeIto, size: Size = Size(360, 240)
    ) {
        var marks: [Mark] = []
        var legend: [LegendEntry] = []
        let dash: [Double] = [4, 2.5]
        let anyValidation = runs.contains { !$0.validation.isEmpty }
        let named = runs.count > 1 || runs.contains { !$0.name.isEmpty }
        for (i, run) in runs.enumerated() {
            let color = palette[i]
            let x = run.trainX
            if smoothing > 0 {
                marks.append(.line(LineMark(x: x, y: run.train, color: color.withAlpha(0.25), width: 1)))
                marks.append(.line(LineMark(x: x, y: Self.smoothed(run.train, smoothing), color: color)))
            } else {
                marks.append(.line(LineMark(x: x, y: run.train, color: color)))
            }
            if !run.validation.isEmpty {
                marks.append(.line(LineMark(x: run.validationPositions, y: run.validation, color: color, dash: dash)))
            }
            if named {
                legend.append(
                    LegendEntry(
                        run.name.isEmpty ? "run \(i + 1)" : run.name,
                        swatch: .line(color, width: 1.5, dash: [])))
            }
        }
        if anyValidation {
            let key = named ? Style.ink : palette[0]
            legend.append(LegendEntry("training", swatch: .line(key, width: 1.5, dash: [])))
            legend.append(LegendEntry("validation", swatch: .line(key, width: 1.5, dash: dash)))
        }
        let integerX = runs.allSatisfy { $0.x == nil && $0.validationX == nil }
        let axes = Axes(
            title: title, x: Axis(xLabel, integer: integerX), y: Axis(yLabel, scale: logY ? .log : .linear),
            marks: marks, legend: legend)
        figure = PlotFigure([axes], size: size)
    }

    /// One history, with or without validation values.
    public init<T: BinaryFloatingPoint>(
        train: [T], validation: [T] = [], title: String = "", xLabel: String = "epoch", yLabel: String = "loss",
        logY: Bool = false, smoothing: Double = 0, size: Size = Size(360, 240)
    ) {
        self.init(
            [LossCurve(train: train, validation: validation)], title: title, xLabel: xLabel, yLabel: yLabel,
            logY: logY, smoothing: smoothing, size: size)
    }

    /// Loss panels side by side, each with its own y axis and its own runs: the parts of one loss, whose
    /// scales differ (a VAE's reconstruction term runs in hundreds of nats, its KL term in a few). Each
    /// panel is drawn as `init(_:…)` draws its runs.
    public init(
        panels: [(yLabel: String, runs: [LossCurve])], title: String = "", xLabel: String = "epoch",
        logY: Bool = false, smoothing: Double = 0, palette: Palette = .okabeIto, size: Size = Size(460, 210)
    ) {
        let axes = panels.flatMap { panel in
            LossPlot(
                panel.runs, xLabel: xLabel, yLabel: panel.yLabel, logY: logY, smoothing: smoothing, palette: palette
            ).figure.panels
        }
        figure = PlotFigure(axes, columns: axes.count, size: size, title: title)
    }

    /// Exponential moving average with the start-up bias removed (as TensorBoard smooths).
    static func smoothed(_ values: [Double], _ weight: Double) -> [Double] {
        let beta = min(max(weight, 0), 0.999)
        var average = 0.0
        var correction = 1.0
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard v.isFinite else {
                out.append(v)
                continue
            }
            average = beta * average + (1 - beta) * v
            correction *= beta
            out.append(average / (1 - correction))
        }
        return out
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
