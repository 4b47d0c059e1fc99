import Graphics

/// Panels in a grid, an optional title on top and an optional shared legend on the right.
///
/// Each panel's margins come from its measured text; panels in one column share left and right
/// margins and panels in one row share top and bottom ones, so their frames line up.
public struct PlotFigure: Drawable {
    public var panels: [Axes]
    public var columns: Int
    public var size: Size
    public var title: String
    /// A legend for all panels, drawn to the right of the grid (class names of a code scatter).
    public var legend: [LegendEntry]

    public init(
        _ panels: [Axes], columns: Int? = nil, size: Size = Size(360, 240), title: String = "",
        legend: [LegendEntry] = []
    ) {
        self.panels = panels
        self.columns = max(1, min(columns ?? panels.count, max(panels.count, 1)))
        self.size = size
        self.title = title
        self.legend = legend
    }

    public var width: Double { size.width }
    public var ascent: Double { size.height }
    public var descent: Double { 0 }

    static let panelGap = 10.0

    /// Where every panel, text and legend goes, with the figure's top-left corner at (0, 0).
    func layout() -> FigureLayout {
        var area = Rect(x: 0, y: 0, width: size.width, height: size.height).insetBy(dx: Style.outerPad, dy: Style.outerPad)
        var texts: [PlacedLabel] = []
        if !title.isEmpty {
            let label = PlotLabel(title, font: Style.figureTitleFont)
            texts.append(PlacedLabel(label: label, rect: Rect(x: size.width / 2 - label.width / 2, y: area.minY,
                                                              width: label.width, height: label.height)))
            area = Rect(x: area.minX, y: area.minY + label.height + 4, width: area.width,
                        height: area.height - label.height - 4)
        }
        var legendLayout: LegendLayout?
        if !legend.isEmpty {
            let box = LegendLayout.measure(legend)
            let rect = Rect(x: area.maxX - box.width, y: area.center.y - box.height / 2, width: box.width,
                            height: box.height)
            legendLayout = LegendLayout(entries: legend, rect: rect)
            texts += legendLayout?.labels ?? []
            area = Rect(x: area.minX, y: area.minY, width: area.width - box.width - 6, height: area.height)
        }
        let rows = (panels.count + columns - 1) / columns
        let cellWidth = (area.width - Double(columns - 1) * Self.panelGap) / Double(columns)
        let cellHeight = (area.height - Double(max(rows - 1, 0)) * Self.panelGap) / Double(max(rows, 1))
        func cell(_ i: Int) -> Rect {
            Rect(x: area.minX + Double(i % columns) * (cellWidth + Self.panelGap),
                 y: area.minY + Double(i / columns) * (cellHeight + Self.panelGap), width: cellWidth, height: cellHeight)
        }
        let own = panels.indices.map { panels[$0].neededMargins(in: cell($0)) }
        var aligned = own
        for i in panels.indices {
            for j in panels.indices {
                if i % columns == j % columns {
                    aligned[i].left = max(aligned[i].left, own[j].left)
                    aligned[i].right = max(aligned[i].right, own[j].right)
                }
                if i / columns == j / columns {
                    aligned[i].top = max(aligned[i].top, own[j].top)
                    aligned[i].bottom = max(aligned[i].bottom, own[j].bottom)
                }
            }
        }
        let layouts = panels.indices.map { panels[$0].layout(in: cell($0), minimum: aligned[$0]) }
        return FigureLayout(panels: layouts, texts: texts, legend: legendLayout)
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        let placed = layout()
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - size.height)
            for (panel, layout) in zip(panels, placed.panels) { panel.draw(on: canvas, layout: layout) }
            placed.legend?.draw(on: canvas)
            for text in placed.texts { text.draw(on: canvas) }
        }
    }
}

/// A figure laid out: each panel's layout, the figure's own text, the shared legend.
struct FigureLayout {
    var panels: [AxesLayout]
    var texts: [PlacedLabel]
    var legend: LegendLayout?

    /// Every text box of the figure, for checks that nothing overlaps or leaves the canvas.
    var allTexts: [PlacedLabel] { texts + panels.flatMap(\.texts) }
}
