import Foundation
import Graphics

/// The architecture of a network drawn as the notes draw it: dense layers as blocks whose height
/// follows the log of their width (so a bottleneck is visibly narrow), convolutional layers as stacks
/// of feature maps, operations as circles, each labelled with its size and activation, the parts in
/// their own colours and frames. `ModelDiagrams` builds one from a model, so the figure follows the model.
public struct NetworkDiagram: Drawable {
    public let architecture: NetworkArchitecture
    public let diagram: Diagram

    public init(_ architecture: NetworkArchitecture, title: String = "") throws {
        guard !architecture.blocks.isEmpty else { throw PlotError("NetworkDiagram: the network has no layers") }
        for block in architecture.blocks {
            switch block.shape {
            case .units(let n) where n < 1:
                throw PlotError("NetworkDiagram: block \"\(block.id)\" has \(n) units; a layer needs at least one")
            case .featureMaps(let c, let h, let w) where c < 1 || h < 1 || w < 1:
                throw PlotError("NetworkDiagram: block \"\(block.id)\" has feature maps \(c) × \(h) × \(w)")
            default: break
            }
        }
        self.architecture = architecture
        diagram = try Diagram(
            title: title, nodes: architecture.blocks.map(Self.node),
            edges: architecture.links.map { DiagramEdge($0.from, $0.to, label: $0.label, route: $0.route) },
            groups: architecture.frames.map {
                DiagramGroup($0.title, members: $0.members, color: NetworkArchitecture.color(of: $0.part))
            })
    }

    /// Height in points of a block of `units`: logarithmic, 10 pt for one unit, 64 pt for ten thousand.
    static func blockHeight(_ units: Double) -> Double {
        min(10 + 13.5 * log10(max(units, 1)), 80)
    }

    static let blockWidth = 12.0

    /// `784`, `10,000`: sizes as a reader counts them.
    static func count(_ n: Int) -> String {
        let digits = String(n)
        guard n >= 10_000 else { return digits }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func node(_ block: NetworkArchitecture.Block) -> DiagramNode {
        let color = NetworkArchitecture.color(of: block.part)
        let lines: [String]
        var node: DiagramNode
        switch block.shape {
        case .units(let n):
            lines = [block.name, count(n), block.detail]
            node = DiagramNode(
                block.id, shape: .box, row: block.row, column: block.column,
                minimumSize: Size(blockWidth, blockHeight(Double(n))), color: color)
        case .featureMaps(let c, let h, let w):
            // As many sheets as the channel count has binary digits, at most six.
            let sheets = min(max(Int(log2(Double(c))), 1), 6)
            let side = blockHeight(Double(h) * Double(w))
            let aspect = Double(w) / Double(h)
            let offset = DiagramLayout.sheetOffset * Double(sheets - 1)
            let size = Size(side * min(aspect, 1) * 0.7 + offset, side / max(aspect, 1) * 0.7 + offset)
            lines = [block.name, "\(h)×\(w)×\(c)", block.detail]
            node = DiagramNode(
                block.id, shape: .featureMaps(sheets: sheets), row: block.row, column: block.column,
                minimumSize: size, color: color)
        case .operation:
            lines = [block.detail]
            node = DiagramNode(block.id, block.name, shape: .circle, row: block.row, column: block.column, color: color)
        }
        node.caption = lines.filter { !$0.isEmpty }.joined(separator: "\n")
        return node
    }

    public var width: Double { diagram.width }
    public var ascent: Double { diagram.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { diagram.draw(on: canvas, at: origin) }
}
