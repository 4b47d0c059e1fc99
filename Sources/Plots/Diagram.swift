import Graphics

/// A schematic drawing of boxes, circles, trapezoids and thumbnails joined by arrows: the denoising
/// loop, greedy stacking, an encoder beside a classifier. Nodes sit in rows and columns (fractional
/// positions fall between them); columns and rows grow to hold every label, so no two labels touch.
///
/// ```swift
/// Diagram(nodes: [DiagramNode("x", "$x$", shape: .circle, column: 0),
///                 DiagramNode("f", "encoder", shape: .trapezoid(narrowing: .right), column: 1)],
///         edges: [DiagramEdge("x", "f")])
/// ```
public struct Diagram: Drawable {
    public let title: String
    public let nodes: [DiagramNode]
    public let edges: [DiagramEdge]
    public let groups: [DiagramGroup]
    let layout: DiagramLayout

    /// Throws when an edge or group names a node that does not exist, or two nodes share an id.
    public init(title: String = "", nodes: [DiagramNode], edges: [DiagramEdge] = [], groups: [DiagramGroup] = []) throws
    {
        var seen = Set<String>()
        for node in nodes {
            guard seen.insert(node.id).inserted else { throw PlotError("Diagram: two nodes are called \"\(node.id)\"") }
            guard abs(node.row) <= 10_000, abs(node.column) <= 10_000 else {
                throw PlotError(
                    "Diagram: node \"\(node.id)\" is at row \(node.row), column \(node.column); keep within ±10,000")
            }
            if let size = node.minimumSize {
                guard size.width.isFinite, size.height.isFinite, size.width <= 10_000, size.height <= 10_000 else {
                    throw PlotError(
                        "Diagram: node \"\(node.id)\" asks for a size of \(size.width) × \(size.height) points")
                }
            }
        }
        for edge in edges {
            for end in [edge.from, edge.to] where !seen.contains(end) {
                throw PlotError("Diagram: the edge \(edge.from) → \(edge.to) names \"\(end)\", which is no node")
            }
            if case .curved(let bend) = edge.route, !(abs(bend) <= 10) {
                throw PlotError("Diagram: the edge \(edge.from) → \(edge.to) bends by \(bend); keep within ±10")
            }
        }
        for group in groups {
            for member in group.members where !seen.contains(member) {
                throw PlotError("Diagram: the group \"\(group.title)\" names \"\(member)\", which is no node")
            }
        }
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.groups = groups
        layout = DiagramLayout(title: title, nodes: nodes, edges: edges, groups: groups)
    }

    public var width: Double { layout.size.width }
    public var ascent: Double { layout.size.height }
    public var descent: Double { 0 }

    public func draw(on canvas: Canvas, at origin: Point) {
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - layout.size.height)
            layout.draw(on: canvas)
        }
    }
}

/// One node of a diagram: a shape with an optional label inside and caption lines underneath.
public struct DiagramNode: Sendable {
    public enum Shape: Sendable {
        case box
        case roundedBox
        case circle
        /// An encoder narrows towards `.right`, a decoder towards `.left`.
        case trapezoid(narrowing: Side)
        /// A picture, e.g. an input image (see `thumbnail(pixels:width:height:)`).
        case image(RasterImage)
        /// A stack of `sheets` offset rectangles: the feature maps of a convolutional layer.
        case featureMaps(sheets: Int)
    }

    public enum Side: Sendable { case left, right }

    public var id: String
    /// Text inside the shape; `$…$` is typeset as math. The shape grows to hold it.
    public var label: String
    /// Lines under the shape (split at newlines), e.g. a layer's size and activation.
    public var caption: String
    public var shape: Shape
    /// Grid position; fractional values fall between rows and columns.
    public var row: Double
    public var column: Double
    /// The smallest size of the shape; `nil` for a size that just holds the label.
    public var minimumSize: Size?
    /// Outline colour (the fill is a pale tint of it); `nil` for a plain ink outline.
    public var color: Color?

    public init(
        _ id: String, _ label: String = "", shape: Shape = .box, row: Double = 0, column: Double,
        caption: String = "", minimumSize: Size? = nil, color: Color? = nil
    ) {
        self.id = id
        self.label = label
        self.caption = caption
        self.shape = shape
        self.row = row
        self.column = column
        self.minimumSize = minimumSize
        self.color = color
    }

    /// An image node from grey values in 0...1 (a row of a tensor), drawn as a small square picture.
    public static func thumbnail<T: BinaryFloatingPoint>(pixels: [T], width: Int, height: Int) throws -> Shape {
        guard width > 0, height > 0, pixels.count == width * height else {
            throw PlotError("Diagram thumbnail: \(pixels.count) pixels do not make a \(width) × \(height) image")
        }
        return .image(
            RasterImage(values: pixels.map { Float($0) }, width: width, height: height, range: 0...1, colormap: .gray))
    }
}

/// An arrow between two nodes, with an optional label beside it.
public struct DiagramEdge: Sendable {
    public enum Route: Sendable, Equatable {
        /// The straight line between the two shapes.
        case straight
        /// Horizontal out of the source, then vertical into the target.
        case elbow
        /// An arc bulging to the left of the direction of travel by `bend` times its length.
        case curved(bend: Double)
        /// Down from the source, along a lane under everything in between, up into the target
        /// (a loss compared against the input, a feedback path).
        case below
        /// The same, over the top.
        case above
    }

    public var from: String
    public var to: String
    public var label: String
    public var route: Route
    public var dashed: Bool
    /// Draw a head at the target (an arrow) or not (a plain connection).
    public var arrow: Bool

    public init(
        _ from: String, _ to: String, label: String = "", route: Route = .straight, dashed: Bool = false,
        arrow: Bool = true
    ) {
        self.from = from
        self.to = to
        self.label = label
        self.route = route
        self.dashed = dashed
        self.arrow = arrow
    }
}

/// Nodes framed together by a dashed rectangle with a title above it ("encoder", "layer 1").
public struct DiagramGroup: Sendable {
    public var title: String
    public var members: [String]
    public var color: Color?

    public init(_ title: String, members: [String], color: Color? = nil) {
        self.title = title
        self.members = members
        self.color = color
    }
}
