import Graphics

/// Something drawn inside an axes frame, in data coordinates.
public enum Mark: Sendable {
    /// A polyline; non-finite values break it into pieces.
    case line(LineMark)
    /// Dots, one colour for all or one per point.
    case points(PointMark)
    /// A pixel grid stretched over a data rectangle.
    case image(ImageMark)
    /// Arrows from one point to another.
    case arrows(ArrowMark)
    /// Bars standing on zero between bin edges (histograms).
    case bars(BarMark)
    /// A matrix of coloured cells, drawn as vector rectangles, optionally with a number in each.
    case cells(CellMark)
}

/// `rows × columns` coloured cells covering `x` and `y`; row 0 is the top row.
public struct CellMark: Sendable {
    public var rows: Int
    public var columns: Int
    public var colors: [Color]
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    /// Text per cell (row-major), or empty for none.
    public var annotations: [String]

    public init(
        rows: Int, columns: Int, colors: [Color], x: ClosedRange<Double>, y: ClosedRange<Double>,
        annotations: [String] = []
    ) {
        self.rows = rows
        self.columns = columns
        self.colors = colors
        self.x = x
        self.y = y
        self.annotations = annotations
    }
}

/// A polyline through `(x[i], y[i])`.
public struct LineMark: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    public var width: Double
    public var dash: [Double]

    public init(x: [Double], y: [Double], color: Color, width: Double = 1.5, dash: [Double] = []) {
        self.x = x
        self.y = y
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// Round dots of `radius` points.
public struct PointMark: Sendable {
    public var x: [Double]
    public var y: [Double]
    /// One colour for every point, or one per point.
    public var colors: [Color]
    public var radius: Double

    public init(x: [Double], y: [Double], colors: [Color], radius: Double = 2) {
        self.x = x
        self.y = y
        self.colors = colors
        self.radius = radius
    }
}

/// An image covering `x` and `y` in data units; row 0 of the image is drawn at the top.
public struct ImageMark: Sendable {
    public var image: RasterImage
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>

    public init(image: RasterImage, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.image = image
        self.x = x
        self.y = y
    }
}

/// Arrows from `(x0[i], y0[i])` to `(x1[i], y1[i])`.
public struct ArrowMark: Sendable {
    public var x0: [Double]
    public var y0: [Double]
    public var x1: [Double]
    public var y1: [Double]
    public var color: Color
    public var width: Double
    /// Length of the arrow head in points.
    public var head: Double

    public init(
        x0: [Double], y0: [Double], x1: [Double], y1: [Double], color: Color, width: Double = 0.8,
        head: Double = 4
    ) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.color = color
        self.width = width
        self.head = head
    }
}

/// Bars over `[edges[i], edges[i + 1]]` of height `heights[i]`.
public struct BarMark: Sendable {
    public var edges: [Double]
    public var heights: [Double]
    public var color: Color

    public init(edges: [Double], heights: [Double], color: Color) {
        self.edges = edges
        self.heights = heights
        self.color = color
    }
}

/// One row of a legend: a swatch in the style of what it names, and the name.
public struct LegendEntry: Sendable {
    public enum Swatch: Sendable {
        case line(Color, width: Double, dash: [Double])
        case dot(Color)
        case patch(Color)
    }
    public var swatch: Swatch
    public var label: String

    public init(_ label: String, swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }
}

/// Where a legend goes.
public enum LegendPlacement: Sendable, Equatable {
    /// The inside corner covering the least data, or outside on the right when every corner covers some.
    case best
    /// Outside the frame, on the right.
    case outside
    case none
}

extension Mark {
    /// Data points this mark covers, for limits and for keeping legends off the data.
    var xValues: [Double] {
        switch self {
        case .line(let m): m.x
        case .points(let m): m.x
        case .image(let m): [m.x.lowerBound, m.x.upperBound]
        case .arrows(let m): m.x0 + m.x1
        case .bars(let m): m.edges
        case .cells(let m): [m.x.lowerBound, m.x.upperBound]
        }
    }

    var yValues: [Double] {
        switch self {
        case .line(let m): m.y
        case .points(let m): m.y
        case .image(let m): [m.y.lowerBound, m.y.upperBound]
        case .arrows(let m): m.y0 + m.y1
        case .bars(let m): m.heights + [0]
        case .cells(let m): [m.y.lowerBound, m.y.upperBound]
        }
    }

    /// Limits the axis should stop at exactly instead of padding past (image edges, the zero of bars).
    var stickyX: [Double] {
        switch self {
        case .image(let m): [m.x.lowerBound, m.x.upperBound]
        case .bars(let m): [m.edges.first, m.edges.last].compactMap { $0 }
        case .cells(let m): [m.x.lowerBound, m.x.upperBound]
        default: []
        }
    }

    var stickyY: [Double] {
        switch self {
        case .image(let m): [m.y.lowerBound, m.y.upperBound]
        case .bars: [0]
        case .cells(let m): [m.y.lowerBound, m.y.upperBound]
        default: []
        }
    }
}
