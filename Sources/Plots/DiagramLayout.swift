import Foundation
import Graphics

/// Where every shape, arrow, frame and text of a diagram goes, measured from its top-left corner.
///
/// Columns are as wide as their widest node or caption and rows as tall as their tallest; the gap
/// between two columns widens to hold the labels of the arrows crossing it, the gap between two rows
/// to hold group titles, so text never lands on text or on a shape.
struct DiagramLayout {
    struct PlacedNode {
        var node: DiagramNode
        var shape: Rect
        /// The shape and its caption together.
        var extent: Rect
    }

    enum Path {
        case polyline([Point])
        case curve(from: Point, control1: Point, control2: Point, to: Point)
    }

    struct PlacedEdge {
        var edge: DiagramEdge
        var path: Path
    }

    struct Frame {
        var rect: Rect
        var color: Color?
    }

    /// A text and, for a label inside a shape, the index of that node (it may overlap its own shape).
    struct Text {
        var placed: PlacedLabel
        var insideNode: Int?
    }

    var nodes: [PlacedNode] = []
    var edges: [PlacedEdge] = []
    var frames: [Frame] = []
    var texts: [Text] = []
    var size = Size(0, 0)

    static let captionGap = 3.0
    static let minColumnGap = 26.0
    static let minRowGap = 22.0
    static let framePad = 6.0
    static let laneGap = 10.0
    static let edgeLabelPad = 3.0
    static let outerPad = 3.0

    init(title: String, nodes: [DiagramNode], edges: [DiagramEdge], groups: [DiagramGroup]) {
        let labels = nodes.map { node -> PlotLabel? in
            if case .image = node.shape { return nil }
            return node.label.isEmpty ? nil : PlotLabel(node.label, font: Style.labelFont)
        }
        let captions = nodes.map { node -> [PlotLabel] in
            var lines = node.caption.isEmpty ? [] : node.caption.split(separator: "\n").map(String.init)
            if case .image = node.shape, !node.label.isEmpty { lines.insert(node.label, at: 0) }
            return lines.map { PlotLabel($0, font: Style.tickFont) }
        }
        let shapes = nodes.indices.map { Self.shapeSize(nodes[$0], label: labels[$0]) }
        let captionSizes = captions.map { lines in
            Size(lines.map(\.width).max() ?? 0, lines.map(\.height).reduce(0, +) + Double(max(lines.count - 1, 0)))
        }
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        var groupOf: [Int: Int] = [:]
        for (g, group) in groups.enumerated() {
            for member in group.members { if let i = index[member], groupOf[i] == nil { groupOf[i] = g } }
        }

        // Columns: widths and the gaps between them.
        let columnKey = nodes.map { Int($0.column.rounded()) }
        let rowKey = nodes.map { Int($0.row.rounded()) }
        var widths: [Int: Double] = [:]
        var above: [Int: Double] = [:]
        var below: [Int: Double] = [:]
        for i in nodes.indices {
            widths[columnKey[i], default: 0] = max(widths[columnKey[i]] ?? 0, shapes[i].width, captionSizes[i].width)
            above[rowKey[i], default: 0] = max(above[rowKey[i]] ?? 0, shapes[i].height / 2)
            let captionHeight = captionSizes[i].height > 0 ? Self.captionGap + captionSizes[i].height : 0
            below[rowKey[i], default: 0] = max(below[rowKey[i]] ?? 0, shapes[i].height / 2 + captionHeight)
        }
        let columns = widths.keys.sorted()
        let rows = above.keys.sorted()
        let edgeLabels = edges.map { $0.label.isEmpty ? nil : PlotLabel($0.label, font: Style.legendFont) }
        var columnGaps = [Double](repeating: Self.minColumnGap, count: max(columns.count - 1, 0))
        for (e, edge) in edges.enumerated() {
            guard let label = edgeLabels[e], let a = index[edge.from], let b = index[edge.to] else { continue }
            let lo = min(columnKey[a], columnKey[b])
            let hi = max(columnKey[a], columnKey[b])
            guard lo != hi, let gap = columns.firstIndex(of: lo), columns[gap + 1] == hi else { continue }
            // Two frames meeting in the gap take room of their own.
            let frames = groupOf[a] != groupOf[b] ? 2 * Self.framePad + 2 : 0
            columnGaps[gap] = max(columnGaps[gap], label.width + 2 * Self.edgeLabelPad + 8 + frames)
        }
        let titleLabels = groups.map { $0.title.isEmpty ? nil : PlotLabel($0.title, font: Style.legendFont) }
        var rowGaps = [Double](repeating: Self.minRowGap, count: max(rows.count - 1, 0))
        for (g, group) in groups.enumerated() {
            let keys = group.members.compactMap { index[$0] }.map { rowKey[$0] }
            guard let top = keys.min(), let bottom = keys.max() else { continue }
            if let t = rows.firstIndex(of: top), t > 0 {
                rowGaps[t - 1] += Self.framePad + (titleLabels[g]?.height ?? 0) + 2
            }
            if let b = rows.firstIndex(of: bottom), b < rows.count - 1 { rowGaps[b] += Self.framePad }
        }
        let xs = Self.centres(columns.map { widths[$0] ?? 0 }, gaps: columnGaps)
        let ys = Self.centres(
            rows.map { (above[$0] ?? 0) + (below[$0] ?? 0) }, gaps: rowGaps, offsets: rows.map { above[$0] ?? 0 })

        // Nodes, their labels and captions.
        for i in nodes.indices {
            let centre = Point(
                Self.position(nodes[i].column, keys: columns, centres: xs),
                Self.position(nodes[i].row, keys: rows, centres: ys))
            let shape = Rect(
                x: centre.x - shapes[i].width / 2, y: centre.y - shapes[i].height / 2, width: shapes[i].width,
                height: shapes[i].height)
            var extent = shape
            if let label = labels[i] {
                let inner = Self.labelCentre(nodes[i].shape, in: shape)
                texts.append(
                    Text(
                        placed: PlacedLabel(
                            label: label,
                            rect: Rect(
                                x: inner.x - label.width / 2, y: inner.y - label.height / 2, width: label.width,
                                height: label.height)), insideNode: i))
            }
            var y = shape.maxY + Self.captionGap
            for line in captions[i] {
                let rect = Rect(x: centre.x - line.width / 2, y: y, width: line.width, height: line.height)
                texts.append(Text(placed: PlacedLabel(label: line, rect: rect), insideNode: nil))
                extent = extent.union(rect)
                y += line.height + 1
            }
            self.nodes.append(PlacedNode(node: nodes[i], shape: shape, extent: extent))
        }

        // Group frames, titles above them.
        for (g, group) in groups.enumerated() {
            let members = group.members.compactMap { index[$0] }.map { self.nodes[$0].extent }
            guard let first = members.first else { continue }
            let rect = members.dropFirst().reduce(first) { $0.union($1) }.insetBy(
                dx: -Self.framePad, dy: -Self.framePad)
            frames.append(Frame(rect: rect, color: group.color))
            if let title = titleLabels[g] {
                texts.append(
                    Text(
                        placed: PlacedLabel(
                            label: title,
                            rect: Rect(
                                x: rect.minX, y: rect.minY - title.height - 2, width: title.width, height: title.height)
                        ),
                        insideNode: nil))
            }
        }

        // Arrows, then their labels where they touch nothing.
        var lanes: [(span: ClosedRange<Double>, y: Double, below: Bool)] = []
        for (e, edge) in edges.enumerated() {
            guard let a = index[edge.from], let b = index[edge.to] else { continue }
            let path: Path
            switch edge.route {
            case .straight: path = .polyline(Self.straight(self.nodes[a], self.nodes[b]))
            case .elbow: path = .polyline(Self.elbow(self.nodes[a], self.nodes[b]))
            case .curved(let bend): path = Self.curve(self.nodes[a], self.nodes[b], bend: bend)
            case .below, .above:
                let isBelow = edge.route == .below
                let from = self.nodes[a].extent
                let to = self.nodes[b].extent
                let span = min(from.center.x, to.center.x)...max(from.center.x, to.center.x)
                let obstacles = self.nodes.map(\.extent) + frames.map(\.rect)
                let inSpan = obstacles.filter { $0.maxX >= span.lowerBound && $0.minX <= span.upperBound }
                let labelHeight = edgeLabels[e].map { $0.height + Self.edgeLabelPad } ?? 0
                var y: Double
                if isBelow {
                    y = (inSpan.map(\.maxY).max() ?? from.maxY) + Self.laneGap
                    for lane in lanes where lane.below && lane.span.overlaps(span) {
                        y = max(y, lane.y + Self.laneGap + labelHeight)
                    }
                } else {
                    y = (inSpan.map(\.minY).min() ?? from.minY) - Self.laneGap - labelHeight
                    for lane in lanes where !lane.below && lane.span.overlaps(span) {
                        y = min(y, lane.y - Self.laneGap - labelHeight)
                    }
                }
                lanes.append((span, y, isBelow))
                path = .polyline([
                    Point(from.center.x, isBelow ? from.maxY : from.minY), Point(from.center.x, y),
                    Point(to.center.x, y), Point(to.center.x, isBelow ? to.maxY : to.minY),
                ])
            }
            self.edges.append(PlacedEdge(edge: edge, path: path))
        }
        for (e, placedEdge) in self.edges.enumerated() {
            guard let label = edgeLabels[e] else { continue }
            let occupied = texts.map(\.placed.rect) + self.nodes.map(\.shape) + frames.flatMap { Self.borders($0.rect) }
            let candidates = Self.labelCandidates(placedEdge, size: label.size)
            let rect = candidates.first { c in !occupied.contains { $0.intersects(c) } } ?? candidates[0]
            texts.append(Text(placed: PlacedLabel(label: label, rect: rect), insideNode: nil))
        }

        // Everything moved so the picture starts at the padding, the title centred on top.
        var bounds = self.nodes.map(\.extent) + frames.map(\.rect) + texts.map(\.placed.rect)
        bounds += self.edges.map { Self.bounds(of: $0.path) }
        let box = bounds.dropFirst().reduce(bounds.first ?? Rect(x: 0, y: 0, width: 0, height: 0)) { $0.union($1) }
        let titleLabel = title.isEmpty ? nil : PlotLabel(title, font: Style.figureTitleFont)
        let titleHeight = titleLabel.map { $0.height + 6 } ?? 0
        let width = max(box.width, titleLabel?.width ?? 0) + 2 * Self.outerPad
        let dx = Self.outerPad - box.minX + (width - 2 * Self.outerPad - box.width) / 2
        let dy = Self.outerPad + titleHeight - box.minY
        move(dx: dx, dy: dy)
        if let titleLabel {
            texts.append(
                Text(
                    placed: PlacedLabel(
                        label: titleLabel,
                        rect: Rect(
                            x: (width - titleLabel.width) / 2, y: Self.outerPad, width: titleLabel.width,
                            height: titleLabel.height)), insideNode: nil))
        }
        size = Size(width, box.height + titleHeight + 2 * Self.outerPad)
    }

    // MARK: Measuring

    /// The size of a node's shape: big enough for its label, at least its minimum size.
    static func shapeSize(_ node: DiagramNode, label: PlotLabel?) -> Size {
        let w = label?.width ?? 0
        let h = label?.height ?? 0
        // With a minimum size (a layer block) the shape is that size unless the label needs more.
        let least = node.minimumSize
        var size: Size
        switch node.shape {
        case .box, .roundedBox: size = Size(max(w + 12, least?.width ?? 24), max(h + 8, least?.height ?? 18))
        case .circle:
            let d = max((w * w + h * h).squareRoot() + 4, least?.width ?? 16, least?.height ?? 16)
            size = Size(d, d)
        case .trapezoid:
            // The label sits in the middle, where the shape is three quarters of its full height.
            size = Size(max(w + 16, least?.width ?? 36), max((h + 6) / 0.75, least?.height ?? 36))
        case .image: size = least ?? Size(28, 28)
        case .featureMaps(let sheets):
            let offset = Self.sheetOffset * Double(max(sheets, 1) - 1)
            size = Size(
                max(w + 8 + offset, least?.width ?? 14 + offset), max(h + 6 + offset, least?.height ?? 14 + offset))
        }
        return size
    }

    static let sheetOffset = 3.0

    /// Where the label of a shape is centred: the front sheet of a stack, the middle of anything else.
    static func labelCentre(_ shape: DiagramNode.Shape, in rect: Rect) -> Point {
        guard case .featureMaps(let sheets) = shape else { return rect.center }
        let offset = sheetOffset * Double(max(sheets, 1) - 1)
        return Point(rect.center.x - offset / 2, rect.center.y + offset / 2)
    }

    /// Centres of consecutive bands of `extents` separated by `gaps`; `offsets` is where in its band the
    /// centre line lies (the middle by default).
    static func centres(_ extents: [Double], gaps: [Double], offsets: [Double]? = nil) -> [Double] {
        var result: [Double] = []
        var start = 0.0
        for (i, extent) in extents.enumerated() {
            result.append(start + (offsets?[i] ?? extent / 2))
            start += extent + (i < gaps.count ? gaps[i] : 0)
        }
        return result
    }

    /// The coordinate of grid position `value`: a band's centre, or between two bands for fractions.
    static func position(_ value: Double, keys: [Int], centres: [Double]) -> Double {
        guard let first = keys.first, let last = keys.last else { return 0 }
        let pitch = 60.0
        if value <= Double(first) { return centres[0] - (Double(first) - value) * pitch }
        if value >= Double(last) { return centres[centres.count - 1] + (value - Double(last)) * pitch }
        let upper = keys.firstIndex { Double($0) >= value } ?? keys.count - 1
        let lower = max(upper - 1, 0)
        if Double(keys[upper]) == value || upper == lower { return centres[upper] }
        let t = (value - Double(keys[lower])) / Double(keys[upper] - keys[lower])
        return centres[lower] + t * (centres[upper] - centres[lower])
    }

    // MARK: Routing

    /// Where the ray from a shape's centre in direction `d` leaves the shape, or its caption when it
    /// leaves downwards through the caption (an arrow never crosses a node's text).
    static func boundary(_ node: PlacedNode, towards d: Point) -> Point {
        let c = node.shape.center
        let length = (d.x * d.x + d.y * d.y).squareRoot()
        guard length > 0 else { return c }
        func exit(_ r: Rect) -> Double {
            min(
                d.x == 0 ? .infinity : (d.x > 0 ? r.maxX - c.x : c.x - r.minX) / abs(d.x),
                d.y == 0 ? .infinity : (d.y > 0 ? r.maxY - c.y : c.y - r.minY) / abs(d.y))
        }
        let t: Double
        if case .circle = node.node.shape { t = node.shape.width / 2 / length } else { t = exit(node.shape) }
        let throughCaption = exit(node.extent)
        if d.y > 0, node.extent.maxY > node.shape.maxY + 0.5, c.y + d.y * throughCaption >= node.extent.maxY - 0.01 {
            return Point(c.x + d.x * throughCaption, c.y + d.y * throughCaption)
        }
        return Point(c.x + d.x * t, c.y + d.y * t)
    }

    static func straight(_ a: PlacedNode, _ b: PlacedNode) -> [Point] {
        let d = Point(b.shape.center.x - a.shape.center.x, b.shape.center.y - a.shape.center.y)
        return [boundary(a, towards: d), boundary(b, towards: Point(-d.x, -d.y))]
    }

    /// Horizontal out of `a`, vertical into `b`; straight when they share a row or a column.
    static func elbow(_ a: PlacedNode, _ b: PlacedNode) -> [Point] {
        let dx = b.shape.center.x - a.shape.center.x
        let dy = b.shape.center.y - a.shape.center.y
        guard abs(dx) > 1, abs(dy) > 1 else { return straight(a, b) }
        let start = Point(dx > 0 ? a.shape.maxX : a.shape.minX, a.shape.center.y)
        let corner = Point(b.shape.center.x, a.shape.center.y)
        let end = Point(b.shape.center.x, dy > 0 ? b.shape.minY : b.shape.maxY)
        return [start, corner, end]
    }

    static func curve(_ a: PlacedNode, _ b: PlacedNode, bend: Double) -> Path {
        let p = a.shape.center
        let q = b.shape.center
        let d = Point(q.x - p.x, q.y - p.y)
        // A cubic's middle lies 3/4 of the way to its control points' offset.
        let normal = Point(d.y / 0.75 * bend, -d.x / 0.75 * bend)
        let c1 = Point(p.x + d.x / 3 + normal.x, p.y + d.y / 3 + normal.y)
        let c2 = Point(p.x + 2 * d.x / 3 + normal.x, p.y + 2 * d.y / 3 + normal.y)
        let start = boundary(a, towards: Point(c1.x - p.x, c1.y - p.y))
        let end = boundary(b, towards: Point(c2.x - q.x, c2.y - q.y))
        return .curve(from: start, control1: c1, control2: c2, to: end)
    }

    // MARK: Edge labels

    /// Places to try for an edge's label, best first: beside the middle of its longest straight piece
    /// (above or below a horizontal one, right or left of a vertical one), then further along.
    static func labelCandidates(_ edge: PlacedEdge, size: Size) -> [Rect] {
        let pad = edgeLabelPad
        func around(_ p: Point, horizontal: Bool, preferBelow: Bool) -> [Rect] {
            let above = Rect(
                x: p.x - size.width / 2, y: p.y - pad - size.height, width: size.width, height: size.height)
            let under = Rect(x: p.x - size.width / 2, y: p.y + pad, width: size.width, height: size.height)
            let right = Rect(x: p.x + pad, y: p.y - size.height / 2, width: size.width, height: size.height)
            let left = Rect(x: p.x - pad - size.width, y: p.y - size.height / 2, width: size.width, height: size.height)
            if horizontal { return preferBelow ? [under, above] : [above, under] }
            return [right, left]
        }
        switch edge.path {
        case .curve(let a, let c1, let c2, let b):
            let mid = Point((a.x + 3 * c1.x + 3 * c2.x + b.x) / 8, (a.y + 3 * c1.y + 3 * c2.y + b.y) / 8)
            let chordMid = Point((a.x + b.x) / 2, (a.y + b.y) / 2)
            let horizontal = abs(b.x - a.x) >= abs(b.y - a.y)
            let outward = horizontal ? mid.y > chordMid.y : mid.x < chordMid.x
            var result = around(mid, horizontal: horizontal, preferBelow: outward)
            if !horizontal && outward { result.reverse() }
            return result
        case .polyline(let points):
            var pieces: [(Point, Point)] = zip(points, points.dropFirst()).map { ($0, $1) }
            pieces.sort { length($0.0, $0.1) > length($1.0, $1.1) }
            let preferBelow = edge.edge.route == .below
            var result: [Rect] = []
            for fraction in [0.5, 0.3, 0.7] {
                for (p, q) in pieces {
                    let at = Point(p.x + (q.x - p.x) * fraction, p.y + (q.y - p.y) * fraction)
                    result += around(at, horizontal: abs(q.x - p.x) >= abs(q.y - p.y), preferBelow: preferBelow)
                }
            }
            return result
        }
    }

    /// The four sides of a frame as thin rectangles, so labels keep off the dashed lines.
    static func borders(_ r: Rect) -> [Rect] {
        [
            Rect(x: r.minX - 1, y: r.minY - 1, width: r.width + 2, height: 2),
            Rect(x: r.minX - 1, y: r.maxY - 1, width: r.width + 2, height: 2),
            Rect(x: r.minX - 1, y: r.minY - 1, width: 2, height: r.height + 2),
            Rect(x: r.maxX - 1, y: r.minY - 1, width: 2, height: r.height + 2),
        ]
    }

    static func length(_ p: Point, _ q: Point) -> Double {
        ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
    }

    static func bounds(of path: Path) -> Rect {
        let points: [Point]
        switch path {
        case .polyline(let p): points = p
        case .curve(let a, let c1, let c2, let b): points = [a, c1, c2, b]
        }
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        let x0 = xs.min() ?? 0
        let y0 = ys.min() ?? 0
        return Rect(x: x0, y: y0, width: (xs.max() ?? 0) - x0, height: (ys.max() ?? 0) - y0)
    }

    // MARK: Moving

    mutating func move(dx: Double, dy: Double) {
        func shift(_ p: Point) -> Point { Point(p.x + dx, p.y + dy) }
        for i in nodes.indices {
            nodes[i].shape = nodes[i].shape.offsetBy(dx: dx, dy: dy)
            nodes[i].extent = nodes[i].extent.offsetBy(dx: dx, dy: dy)
        }
        for i in frames.indices { frames[i].rect = frames[i].rect.offsetBy(dx: dx, dy: dy) }
        for i in texts.indices { texts[i].placed.rect = texts[i].placed.rect.offsetBy(dx: dx, dy: dy) }
        for i in edges.indices {
            switch edges[i].path {
            case .polyline(let points): edges[i].path = .polyline(points.map(shift))
            case .curve(let a, let c1, let c2, let b):
                edges[i].path = .curve(from: shift(a), control1: shift(c1), control2: shift(c2), to: shift(b))
            }
        }
    }
}
