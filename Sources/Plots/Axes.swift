import Graphics

/// A tick placed by hand: a value and its label (class names on a heatmap, say).
public struct AxisTick: Sendable, Equatable {
    public var value: Double
    public var label: String
    public init(_ value: Double, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// One axis: its label, scale and limits.
public struct Axis: Sendable {
    /// Text under (or beside) the axis; `$…$` is typeset as math.
    public var label: String
    public var scale: ScaleKind
    /// Fixed limits; `nil` fits the data with `padding`.
    public var limits: ClosedRange<Double>?
    /// Extra room past the data on each side, as a fraction of the data's span.
    public var padding: Double
    /// Ticks chosen by hand instead of by the extended Wilkinson algorithm.
    public var ticks: [AxisTick]?
    public var showsTicks: Bool
    /// Only whole-number ticks (epochs, counts).
    public var integer: Bool

    public init(
        _ label: String = "", scale: ScaleKind = .linear, limits: ClosedRange<Double>? = nil, padding: Double = 0.05,
        ticks: [AxisTick]? = nil, showsTicks: Bool = true, integer: Bool = false
    ) {
        self.integer = integer
        self.label = label
        self.scale = scale
        self.limits = limits
        self.padding = padding
        self.ticks = ticks
        self.showsTicks = showsTicks
    }
}

/// A colour scale drawn beside the frame (heatmaps, manifolds coloured by value).
public struct ColorBar: Sendable {
    public var colormap: Colormap
    public var range: ClosedRange<Double>
    public var label: String

    public init(colormap: Colormap, range: ClosedRange<Double>, label: String = "") {
        self.colormap = colormap
        self.range = range
        self.label = label
    }
}

/// One panel: a frame with ticks, labels, a title, a legend, and the marks inside it.
public struct Axes: Sendable {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var marks: [Mark]
    public var legend: [LegendEntry]
    public var legendPlacement: LegendPlacement
    /// One data unit is as long on both axes (codes, vector fields); the data limits grow to fit.
    public var equalAspect: Bool
    /// Light lines at the major ticks.
    public var grid: Bool
    public var colorBar: ColorBar?

    public init(
        title: String = "", x: Axis = Axis(), y: Axis = Axis(), marks: [Mark] = [], legend: [LegendEntry] = [],
        legendPlacement: LegendPlacement = .best, equalAspect: Bool = false, grid: Bool = true,
        colorBar: ColorBar? = nil
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.marks = marks
        self.legend = legend
        self.legendPlacement = legendPlacement
        self.equalAspect = equalAspect
        self.grid = grid
        self.colorBar = colorBar
    }
}
