import Graphics

/// One panel of 2-D codes: a title and each point's class.
public struct CodePanel: Sendable {
    public var title: String
    public var x: [Double]
    public var y: [Double]
    public var labels: [Int]
    public var xLabel: String
    public var yLabel: String

    /// - Parameter codes: `n × 2` numbers, row-major (code 1, code 2 of each point in turn).
    public init<T: BinaryFloatingPoint>(
        _ title: String = "", codes: [T], labels: [Int], xLabel: String = "code 1", yLabel: String = "code 2"
    ) throws {
        let (x, y) = try pairs(codes, "CodePanel \"\(title)\" codes")
        guard labels.count == x.count else {
            throw PlotError("CodePanel \"\(title)\": \(x.count) codes but \(labels.count) labels")
        }
        self.title = title
        self.x = x
        self.y = y
        self.labels = labels
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

/// 2-D codes coloured by class, one panel or several side by side (PCA beside an auto-encoder), with
/// the class names in a legend on the right. Points are translucent so dense regions read darker.
public struct CodeScatter: Drawable {
    public let figure: PlotFigure

    public init(
        _ panels: [CodePanel], classNames: [String], title: String = "", palette: Palette = .okabeIto,
        alpha: Double = 0.55, radius: Double = 1.5, equalAspect: Bool = false, contours: Bool = false,
        size: Size? = nil
    ) throws {
        guard !panels.isEmpty else { throw PlotError("CodeScatter: no panels") }
        let classCount = max(classNames.count, (panels.flatMap(\.labels).max() ?? -1) + 1)
        if let bad = panels.flatMap(\.labels).first(where: { $0 < 0 }) {
            throw PlotError("CodeScatter: class label \(bad) is negative")
        }
        let colors = (0..<classCount).map { palette[$0].withAlpha(alpha) }
        let axes = panels.map { panel in
            var marks: [Mark] = [.points(PointMark(x: panel.x, y: panel.y, colors: panel.labels.map { colors[$0] },
                                                   radius: radius))]
            if contours { marks += Self.densityContours(panel, classCount: classCount, palette: palette) }
            return Axes(title: panel.title, x: Axis(panel.xLabel), y: Axis(panel.yLabel), marks: marks,
                        equalAspect: equalAspect)
        }
        let legend = (0..<classCount).map { c in
            LegendEntry(c < classNames.count ? classNames[c] : "class \(c)", swatch: .dot(palette[c]))
        }
        let defaultSize = Size(Double(panels.count) * 250 + 90, 250)
        figure = PlotFigure(axes, size: size ?? defaultSize, title: title, legend: legend)
    }

    /// Per class, the line around the densest region holding half its points, in the class colour.
    static func densityContours(_ panel: CodePanel, classCount: Int, palette: Palette) -> [Mark] {
        let fx = panel.x.filter(\.isFinite)
        let fy = panel.y.filter(\.isFinite)
        guard let x0 = fx.min(), let x1 = fx.max(), let y0 = fy.min(), let y1 = fy.max() else { return [] }
        let padX = (x1 - x0) * 0.1
        let padY = (y1 - y0) * 0.1
        return (0..<classCount).compactMap { c in
            let members = panel.labels.indices.filter { panel.labels[$0] == c }
            let line = Contours.density(x: members.map { panel.x[$0] }, y: members.map { panel.y[$0] },
                                        bounds: (x0 - padX, x1 + padX, y0 - padY, y1 + padY), mass: 0.5)
            guard !line.x.isEmpty else { return nil }
            return .line(LineMark(x: line.x, y: line.y, color: palette[c], width: 1.2))
        }
    }

    /// One panel of `n × 2` codes.
    public init<T: BinaryFloatingPoint>(
        codes: [T], labels: [Int], classNames: [String], title: String = "", palette: Palette = .okabeIto,
        alpha: Double = 0.55, radius: Double = 1.5, size: Size? = nil
    ) throws {
        try self.init([CodePanel(title, codes: codes, labels: labels)], classNames: classNames, palette: palette,
                      alpha: alpha, radius: radius, size: size)
    }

    public var width: Double { figure.width }
    public var ascent: Double { figure.ascent }
    public var descent: Double { 0 }
    public func draw(on canvas: Canvas, at origin: Point) { figure.draw(on: canvas, at: origin) }
}
