import Graphics

/// Points in three dimensions seen by an orthographic camera: drawn far to near so nearer points
/// cover farther ones, fading towards white with distance (the depth cue), inside an axes box.
/// Colour by class (a legend names them) or by a fourth value (viridis), as in the notes' figures of
/// 4-D points on a flat and on a curved surface.
public struct Scatter3D: Drawable {
    let points: [SIMD3<Double>]
    let colors: [Color]
    let legend: [LegendEntry]
    public let camera: Camera3D
    public let title: String
    public let axisNames: [String]
    public let depthCue: Bool
    public let radius: Double
    public let size: Size

    /// - Parameters:
    ///   - points: `n × 3` row-major coordinates; rows with a non-finite coordinate are left out.
    ///   - classes: a class per point (colours from `palette`, names from `classNames`), or empty.
    ///   - values: a number per point coloured by viridis, or empty.
    public init<T: BinaryFloatingPoint>(
        points: [T], classes: [Int] = [], classNames: [String] = [], values: [T] = [], palette: Palette = .okabeIto,
        camera: Camera3D = Camera3D(), title: String = "", axisNames: [String] = ["$x$", "$y$", "$z$"],
        depthCue: Bool = true, radius: Double = 2, size: Size = Size(320, 280)
    ) throws {
        guard points.count % 3 == 0 else {
            throw PlotError("Scatter3D: expected n × 3 numbers (x, y, z rows), got \(points.count)")
        }
        let n = points.count / 3
        guard classes.isEmpty || classes.count == n else {
            throw PlotError("Scatter3D: \(n) points but \(classes.count) classes")
        }
        guard values.isEmpty || values.count == n else {
            throw PlotError("Scatter3D: \(n) points but \(values.count) values")
        }
        if let bad = classes.first(where: { $0 < 0 }) { throw PlotError("Scatter3D: class \(bad) is negative") }
        guard radius > 0, radius <= 100 else { throw PlotError("Scatter3D: a point radius of \(radius) points") }
        let finiteValues = values.map { Double($0) }.filter(\.isFinite)
        let (vmin, vmax) = (finiteValues.min() ?? 0, finiteValues.max() ?? 1)
        var kept: [SIMD3<Double>] = []
        var colors: [Color] = []
        for i in 0..<n {
            let p = SIMD3(Double(points[3 * i]), Double(points[3 * i + 1]), Double(points[3 * i + 2]))
            guard p.x.isFinite, p.y.isFinite, p.z.isFinite else { continue }
            kept.append(p)
            if !values.isEmpty {
                // 32 steps of viridis: indistinguishable from a smooth map, and far fewer colours to draw.
                let t = vmax > vmin ? (Double(values[i]) - vmin) / (vmax - vmin) : 0.5
                colors.append(Colormap.viridis.color(at: t.isFinite ? (t * 31).rounded() / 31 : 0))
            } else {
                colors.append(palette[classes.isEmpty ? 0 : classes[i]])
            }
        }
        self.points = kept
        self.colors = colors
        let used = Set(classes).sorted()
        legend =
            classNames.isEmpty
            ? []
            : used.map { c in
                LegendEntry(c < classNames.count ? classNames[c] : "class \(c)", swatch: .dot(palette[c]))
            }
        self.camera = camera
        self.title = title
        self.axisNames = axisNames
        self.depthCue = depthCue
        self.radius = radius
        self.size = size
    }

    public var width: Double { size.width }
    public var ascent: Double { size.height }
    public var descent: Double { 0 }

    /// The title and legend, and the cube fitted into the rest.
    func layout() -> (frame: Frame3D, view: View3D) {
        let frame = Frame3D(size: size, title: title, legend: legend)
        let lower = points.dropFirst().reduce(points.first ?? SIMD3(0, 0, 0)) { pointwiseMin($0, $1) }
        let upper = points.dropFirst().reduce(points.first ?? SIMD3(0, 0, 0)) { pointwiseMax($0, $1) }
        return (frame, View3D(lower: lower, upper: upper, camera: camera, in: frame.plot))
    }

    /// Indices of `depths` from the farthest to the nearest (ties keep their order).
    static func depthOrder(_ depths: [Double]) -> [Int] {
        depths.indices.sorted { depths[$0] < depths[$1] || (depths[$0] == depths[$1] && $0 < $1) }
    }

    /// Dots in drawing order grouped into as few one-colour batches as keep every overlap the right
    /// way round: a dot joins the latest batch of its colour unless a dot it overlaps went into a later
    /// batch. Each batch is then one text operation instead of one per dot.
    static func batches(_ points: [Point], colors: [Color], radius: Double) -> [(color: Color, points: [Point])] {
        var batches: [(color: Color, points: [Point])] = []
        var latest: [Color: Int] = [:]
        // Dots by grid cell of one diameter, with the batch each went into.
        let cell = max(2 * radius, 1e-9)
        var grid: [SIMD2<Int>: [(point: Point, batch: Int)]] = [:]
        for (p, color) in zip(points, colors) {
            let key = SIMD2(Int((p.x / cell).rounded(.down)), Int((p.y / cell).rounded(.down)))
            var below = -1
            for dx in -1...1 {
                for dy in -1...1 {
                    for other in grid[key &+ SIMD2(dx, dy)] ?? [] {
                        let (ex, ey) = (other.point.x - p.x, other.point.y - p.y)
                        if ex * ex + ey * ey < cell * cell { below = max(below, other.batch) }
                    }
                }
            }
            let batch: Int
            if let open = latest[color], open >= below {
                batch = open
                batches[open].points.append(p)
            } else {
                batch = batches.count
                batches.append((color, [p]))
                latest[color] = batch
            }
            grid[key, default: []].append((p, batch))
        }
        return batches
    }

    /// `color` faded towards white by up to 55 % for the farthest points, in eight steps so that
    /// consecutive points often share a colour and are drawn together.
    static func cue(_ color: Color, nearness: Double) -> Color {
        let level = (min(max(nearness, 0), 1) * 7).rounded() / 7
        let fade = 0.55 * (1 - level)
        return Color(
            red: color.red + (1 - color.red) * fade, green: color.green + (1 - color.green) * fade,
            blue: color.blue + (1 - color.blue) * fade)
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - size.height)
            let (frame, view) = layout()
            view.drawBox(on: canvas, names: axisNames)
            let placed = points.map { view.place($0) }
            let depths = placed.map(\.depth)
            let (near, far) = (depths.max() ?? 0, depths.min() ?? 0)
            let order = Self.depthOrder(depths)
            let shades = order.map { i in
                depthCue ? Self.cue(colors[i], nearness: near > far ? (depths[i] - far) / (near - far) : 1) : colors[i]
            }
            for batch in Self.batches(order.map { placed[$0].point }, colors: shades, radius: radius) {
                canvas.drawDots(batch.points, radius: radius, color: batch.color)
            }
            frame.drawText(on: canvas)
        }
    }
}

/// The title on top, an optional legend on the right and the rectangle left for the cube.
struct Frame3D {
    var plot: Rect
    var texts: [PlacedLabel] = []
    var legend: LegendLayout?

    init(size: Size, title: String, legend entries: [LegendEntry]) {
        var area = Rect(x: 0, y: 0, width: size.width, height: size.height).insetBy(
            dx: Style.outerPad, dy: Style.outerPad)
        if !title.isEmpty {
            let label = PlotLabel(title, font: Style.titleFont)
            texts.append(
                PlacedLabel(
                    label: label,
                    rect: Rect(
                        x: size.width / 2 - label.width / 2, y: area.minY, width: label.width, height: label.height)))
            area = Rect(
                x: area.minX, y: area.minY + label.height + Style.titlePad, width: area.width,
                height: area.height - label.height - Style.titlePad)
        }
        if !entries.isEmpty {
            let box = LegendLayout.measure(entries)
            let layout = LegendLayout(
                entries: entries,
                rect: Rect(
                    x: area.maxX - box.width, y: area.center.y - box.height / 2, width: box.width, height: box.height))
            legend = layout
            texts += layout.labels
            area = Rect(x: area.minX, y: area.minY, width: area.width - box.width - 4, height: area.height)
        }
        plot = area.insetBy(dx: View3D.margin, dy: View3D.margin * 0.75)
    }

    func drawText(on canvas: Canvas) {
        legend?.draw(on: canvas)
        for text in texts { text.draw(on: canvas) }
    }
}
