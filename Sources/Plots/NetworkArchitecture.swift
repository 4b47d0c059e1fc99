import Graphics

/// A network as `NetworkDiagram` draws it: its layers as blocks at places on a grid, the links between
/// them and frames around its parts. Plain values, so Plots needs no model; `ModelDiagrams` reads one
/// off any Lectern model, and a lecturer can also write one by hand.
public struct NetworkArchitecture: Sendable {
    /// What a block belongs to; it decides the colour.
    public enum Part: Sendable, Hashable {
        case data, encoder, code, decoder, generator, discriminator, classifier, sampling
    }

    /// What a block is.
    public enum Shape: Sendable, Equatable {
        /// A dense layer of this many units: its height grows with the log of the count.
        case units(Int)
        /// Feature maps of a convolutional layer, drawn as a stack with the spatial size.
        case featureMaps(channels: Int, height: Int, width: Int)
        /// A step without weights, drawn as a circle with its name inside (sampling, noise).
        case operation
    }

    public struct Block: Sendable {
        public var id: String
        /// A short name ("$\mu$", "code"); inside the circle of an operation, above the size otherwise.
        public var name: String
        public var shape: Shape
        /// The last caption line: the activation, the kind of convolution, a formula.
        public var detail: String
        public var part: Part
        public var row: Double
        public var column: Double

        public init(
            _ id: String, name: String = "", shape: Shape, detail: String = "", part: Part, row: Double = 0,
            column: Double
        ) {
            self.id = id
            self.name = name
            self.shape = shape
            self.detail = detail
            self.part = part
            self.row = row
            self.column = column
        }
    }

    public struct Link: Sendable {
        public var from: String
        public var to: String
        public var label: String
        public var route: DiagramEdge.Route

        public init(_ from: String, _ to: String, label: String = "", route: DiagramEdge.Route = .straight) {
            self.from = from
            self.to = to
            self.label = label
            self.route = route
        }
    }

    /// A dashed frame with a title around some blocks ("encoder $f_\phi$").
    public struct Frame: Sendable {
        public var title: String
        public var members: [String]
        public var part: Part

        public init(_ title: String, members: [String], part: Part) {
            self.title = title
            self.members = members
            self.part = part
        }
    }

    public var blocks: [Block]
    public var links: [Link]
    public var frames: [Frame]

    public init(blocks: [Block], links: [Link] = [], frames: [Frame] = []) {
        self.blocks = blocks
        self.links = links
        self.frames = frames
    }

    /// The colour of a part: encoder and decoder (or generator and discriminator) in two palette colours.
    public static func color(of part: Part) -> Color {
        switch part {
        case .data: Color(gray: 0.45)
        case .encoder, .discriminator: Palette.okabeIto[0]
        case .decoder, .generator: Palette.okabeIto[1]
        case .code: Palette.okabeIto[2]
        case .sampling: Palette.okabeIto[3]
        case .classifier: Palette.okabeIto[4]
        }
    }
}
