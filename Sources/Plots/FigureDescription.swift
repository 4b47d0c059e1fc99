import Graphics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A figure that can say in words what it shows, made from its own data: the text alternative a
/// screen reader speaks for it in the HTML page, and what a tagged PDF can carry as its /Alt.
///
/// The description names the kind of figure, then per panel the axes with their labels and the range
/// of the data along them, the series (legend entries) and classes, the marks drawn; for pictures the
/// grid's size and labels; for a diagram its nodes and arrows. It leaves out the caption, which the
/// writers add (`Figure.textAlternative` in Publish).
public protocol Describable {
    /// Plain sentences, no markup; formulas in labels keep their TeX without the dollars.
    var figureDescription: String { get }
}

/// The description of any drawing: its own when it is `Describable`, nil otherwise.
public func figureDescription(of drawable: any Drawable) -> String? {
    (drawable as? any Describable)?.figureDescription
}

// MARK: Plots of axes

extension PlotFigure: Describable {
    public var figureDescription: String { describe(kind: "Plot") }

    /// "`kind`" with the title, then each panel's axes and marks, then the shared legend.
    func describe(kind: String) -> String {
        var sentences: [String]
        if panels.count == 1, title.isEmpty {
            // One panel: its title is the figure's, its axes and marks follow the kind.
            let panel = panels[0].describe()
            sentences = [Describe.titled(kind, panels[0].title) + (panel.isEmpty ? "" : ": " + panel)]
        } else {
            sentences = [Describe.titled(kind, title)]
            if panels.count > 1 { sentences[0] += " in \(panels.count) panels" }
            for (i, panel) in panels.enumerated() {
                var head = panels.count > 1 ? "Panel \(i + 1)" : ""
                if !panel.title.isEmpty { head += (head.isEmpty ? "" : ", ") + Describe.quoted(panel.title) }
                let body = panel.describe()
                sentences.append(head.isEmpty ? Describe.capitalized(body) : head + (body.isEmpty ? "" : ": " + body))
            }
        }
        if !legend.isEmpty {
            sentences.append(
                "\(Describe.count(legend.count, "class", "classes")): " + Describe.list(legend.map(\.label)))
        }
        return Describe.join(sentences)
    }
}

extension Axes {
    /// "x axis “epoch” from 1 to 30, y axis “loss” (log scale) from 0.08 to 0.62; 2 lines; key: train,
    /// validation" (the title is the caller's to place).
    func describe() -> String {
        let xValues = marks.flatMap(\.xValues)
        let yValues = marks.flatMap(\.yValues)
        let axes = [Describe.axis("x", x, xValues), Describe.axis("y", y, yValues)].compactMap { $0 }
        var parts: [String] = []
        if !axes.isEmpty { parts.append(axes.joined(separator: ", ")) }
        let marksText = Describe.marks(marks)
        if !marksText.isEmpty { parts.append(marksText) }
        if !legend.isEmpty { parts.append("key: " + Describe.list(legend.map(\.label))) }
        if let bar = colorBar {
            var text = "colour scale"
            if !bar.label.isEmpty { text += " " + Describe.quoted(bar.label) }
            text += " from \(Describe.number(bar.range.lowerBound)) to \(Describe.number(bar.range.upperBound))"
            parts.append(text)
        }
        return parts.joined(separator: "; ")
    }
}

extension LinePlot: Describable {
    public var figureDescription: String { figure.describe(kind: "Line plot") }
}

extension LossPlot: Describable {
    public var figureDescription: String { figure.describe(kind: "Loss curves") }
}

extension Scatter2D: Describable {
    public var figureDescription: String { figure.describe(kind: "Scatter plot") }
}

extension CodeScatter: Describable {
    public var figureDescription: String { figure.describe(kind: "Scatter plot of codes") }
}

extension Histogram: Describable {
    public var figureDescription: String {
        var kind = "Histogram"
        if let lo = edges.first, let hi = edges.last {
            kind +=
                " of \(Describe.count(edges.count - 1, "bin", "bins")) from \(Describe.number(lo)) to \(Describe.number(hi))"
        }
        return figure.describe(kind: kind)
    }
}

extension Heatmap: Describable {
    public var figureDescription: String { figure.describe(kind: "Heatmap") }
}

extension VectorField: Describable {
    public var figureDescription: String { figure.describe(kind: "Vector field") }
}

extension LatentManifold: Describable {
    public var figureDescription: String {
        let kind = "Latent manifold: a \(xGrid.count) × \(yGrid.count) grid of decoded images"
        return figure.describe(kind: kind)
    }
}

// MARK: Pictures

extension ImageGrid: Describable {
    public var figureDescription: String { describe(kind: "Image grid") }

    /// "`kind`: 20 images of 28 × 28 pixels in 2 rows of 10; rows: original, reconstruction."
    func describe(kind: String) -> String {
        let rows = columns > 0 ? (images.count + columns - 1) / columns : 0
        var text = Describe.titled(kind, title) + ": " + Describe.count(images.count, "image", "images")
        if let first = images.first { text += " of \(first.width) × \(first.height) pixels" }
        text += " in \(Describe.count(rows, "row", "rows")) of \(columns)"
        var sentences = [text]
        if rows > 0, rowLabels.contains(where: { !$0.isEmpty }) {
            sentences.append("Rows: " + Describe.list(rowLabels))
        }
        if columnLabels.contains(where: { !$0.isEmpty }) {
            sentences.append("Columns: " + Describe.list(columnLabels))
        }
        if !highlightedColumns.isEmpty {
            let framed = highlightedColumns.sorted().map { String($0 + 1) }
            sentences.append("Framed columns: " + Describe.list(framed))
        }
        return Describe.join(sentences)
    }
}

extension InterpolationStrip: Describable {
    public var figureDescription: String { grid.describe(kind: "Interpolation") }
}

extension Reconstructions: Describable {
    public var figureDescription: String { grid.describe(kind: "Originals and their reconstructions") }
}

// MARK: Diagrams

extension Diagram: Describable {
    public var figureDescription: String { describe(kind: "Diagram") }

    /// "`kind` of 5 nodes: x, encoder, z, decoder, x̂. Arrows: x to encoder, …"
    func describe(kind: String) -> String {
        let names = nodes.map { Self.name($0, withCaption: true) }
        var sentences = [
            Describe.titled(kind, title) + " of \(Describe.count(nodes.count, "node", "nodes")): "
                + Describe.list(names, limit: 40)
        ]
        // Arrows name their ends briefly; the node list above has the captions.
        let byID = Dictionary(nodes.map { ($0.id, Self.name($0, withCaption: false)) }, uniquingKeysWith: { a, _ in a })
        if !edges.isEmpty {
            let arrows = edges.map { edge in
                var text = "\(byID[edge.from] ?? edge.from) to \(byID[edge.to] ?? edge.to)"
                if !edge.label.isEmpty { text += " (\(Describe.plain(edge.label)))" }
                return text
            }
            sentences.append((edges.allSatisfy(\.arrow) ? "Arrows: " : "Links: ") + Describe.list(arrows, limit: 40))
        }
        for group in groups {
            let members = group.members.map { byID[$0] ?? $0 }
            sentences.append("Group \(Describe.quoted(group.title)): " + Describe.list(members))
        }
        return Describe.join(sentences)
    }

    /// A node as a reader would name it: its label, else its caption's first line, else its id; with
    /// `withCaption`, a labelled node's caption lines follow in brackets.
    static func name(_ node: DiagramNode, withCaption: Bool) -> String {
        var name = Describe.plain(node.label)
        let caption = node.caption.split(separator: "\n").map { Describe.plain(String($0)) }
        if name.isEmpty { name = caption.first ?? "" }
        if name.isEmpty { name = node.id }
        if withCaption, !node.label.isEmpty, !caption.isEmpty { name += " (" + caption.joined(separator: ", ") + ")" }
        if case .image = node.shape, node.label.isEmpty, node.caption.isEmpty { name = "an image" }
        return name
    }
}

extension NetworkDiagram: Describable {
    public var figureDescription: String { diagram.describe(kind: "Network architecture") }
}

// MARK: 3-D views

extension Scatter3D: Describable {
    public var figureDescription: String {
        var text = Describe.titled("3-D scatter plot", title) + " of \(Describe.count(points.count, "point", "points"))"
        let axes = (0..<3).map { i -> String in
            let name = axisNames.indices.contains(i) ? Describe.plain(axisNames[i]) : ["x", "y", "z"][i]
            let values = points.map { $0[i] }
            guard let lo = values.min(), let hi = values.max() else { return name }
            return "\(name) from \(Describe.number(lo)) to \(Describe.number(hi))"
        }
        text += "; " + axes.joined(separator: ", ")
        var sentences = [text]
        if !legend.isEmpty {
            sentences.append(
                "\(Describe.count(legend.count, "class", "classes")): " + Describe.list(legend.map(\.label)))
        }
        return Describe.join(sentences)
    }
}

extension Surface3D: Describable {
    public var figureDescription: String {
        let kind = look == .wireframe ? "3-D wireframe surface" : "3-D surface"
        let axes = (0..<3).map { i -> String in
            let name = axisNames.indices.contains(i) ? Describe.plain(axisNames[i]) : ["x", "y", "z"][i]
            return "\(name) from \(Describe.number(lower[i])) to \(Describe.number(upper[i]))"
        }
        let dots = pieces.reduce(0) { n, piece in if case .dot = piece { n + 1 } else { n } }
        var text = Describe.titled(kind, title) + " over " + axes.joined(separator: ", ")
        if dots > 0 { text += ", with " + Describe.count(dots, "point", "points") + " on it" }
        return Describe.join([text])
    }
}

extension PlotLabel: Describable {
    public var figureDescription: String { Describe.plain(text) }
}

// MARK: Wording

/// The small pieces every description is made of.
enum Describe {
    /// Labels longer than this are cut with "…" and a count of the rest: a screen reader reads it all.
    static let listLimit = 12

    static func titled(_ kind: String, _ title: String) -> String {
        title.isEmpty ? kind : "\(kind) \(quoted(title))"
    }

    static func quoted(_ text: String) -> String { "“" + plain(text) + "”" }

    /// A label as plain text: `$…$` keeps its TeX without the dollars, runs of white space become one.
    static func plain(_ text: String) -> String {
        text.filter { $0 != "$" }.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .joined(separator: " ")
    }

    /// Items separated by commas, or by semicolons when an item has a comma of its own.
    static func list(_ items: [String], limit: Int = listLimit) -> String {
        let shown = items.prefix(limit).map { plain($0) }.map { $0.isEmpty ? "(unnamed)" : $0 }
        var text = shown.joined(separator: shown.contains { $0.contains(",") } ? "; " : ", ")
        if items.count > limit { text += " and \(items.count - limit) more" }
        return text
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    static func join(_ sentences: [String]) -> String {
        sentences.filter { !$0.isEmpty }.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// "x axis “epoch” from 1 to 30", or the hand-placed tick labels; nil for an axis with nothing on it.
    static func axis(_ name: String, _ axis: Axis, _ values: [Double]) -> String? {
        var text = "\(name) axis"
        if !axis.label.isEmpty { text += " " + quoted(axis.label) }
        if axis.scale == .log { text += " (log scale)" }
        if let ticks = axis.ticks, !ticks.isEmpty {
            return text + " marked " + list(ticks.map(\.label))
        }
        if let limits = axis.limits {
            return text + " from \(number(limits.lowerBound)) to \(number(limits.upperBound))"
        }
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return axis.label.isEmpty ? nil : text }
        return text + " from \(number(lo)) to \(number(hi))"
    }

    /// What the marks draw, counted by kind: "2 lines, 500 points, an image".
    static func marks(_ marks: [Mark]) -> String {
        var lines = 0, points = 0, images = 0, arrows = 0, bars = 0
        var cells: [String] = []
        for mark in marks {
            switch mark {
            case .line: lines += 1
            case .points(let m): points += m.x.count
            case .image: images += 1
            case .arrows(let m): arrows += m.x0.count
            case .bars(let m): bars += m.heights.count
            case .cells(let m): cells.append("a \(m.rows) × \(m.columns) grid of cells")
            }
        }
        var parts: [String] = []
        if lines > 0 { parts.append(count(lines, "line", "lines")) }
        if points > 0 { parts.append(count(points, "point", "points")) }
        if images > 0 { parts.append(images == 1 ? "an image" : "\(images) images") }
        if arrows > 0 { parts.append(count(arrows, "arrow", "arrows")) }
        if bars > 0 { parts.append(count(bars, "bar", "bars")) }
        return (parts + cells).joined(separator: ", ")
    }

    /// Three significant digits, as a reader would say it: 0.0812, 12.3, 1500, 2.5e-05 as 2.5×10⁻⁵.
    static func number(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return TickFormat.single(v) }
        let magnitude = abs(v)
        var exponent = Int(log10(magnitude).rounded(.down))
        if exponent >= 6 || exponent <= -4 {
            var mantissa = TickFormat.scaleByPowerOfTen(v, -exponent)
            // log10 of an exact power of ten may land just below it (1e-4 as 10×10⁻⁵).
            if abs(mantissa) >= 9.995 {
                exponent += 1
                mantissa = TickFormat.scaleByPowerOfTen(v, -exponent)
            }
            let digits = TickFormat.fixed(mantissa, decimals: 2)
            return trimmed(digits) + "×" + TickFormat.powerOfTen(exponent)
        }
        return trimmed(TickFormat.fixed(v, decimals: max(0, 2 - exponent)))
    }

    /// "0.500" as "0.5", "12.0" as "12".
    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var s = Substring(text)
        while s.hasSuffix("0") { s = s.dropLast() }
        if s.hasSuffix(".") { s = s.dropLast() }
        return String(s)
    }
}
