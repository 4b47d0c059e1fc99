import Graphics

/// Painting a laid-out diagram: frames at the back, then arrows, shapes and text on top.
extension DiagramLayout {
    static let lineColor = Color(gray: 0.25)
    static let frameColor = Color(gray: 0.5)
    static let arrowHead = 5.0

    func draw(on canvas: Canvas) {
        for frame in frames {
            canvas.newPath()
            canvas.addRect(frame.rect)
            canvas.stroke(frame.color ?? Self.frameColor, width: 0.7, dash: [3, 2])
        }
        for edge in edges { Self.draw(edge, on: canvas) }
        for node in nodes { Self.draw(node, on: canvas) }
        for text in texts { text.placed.draw(on: canvas) }
    }

    /// A pale tint of `color` for filling shapes outlined in it.
    static func tint(_ color: Color, _ strength: Double = 0.22) -> Color {
        Color(
            red: 1 - (1 - color.red) * strength, green: 1 - (1 - color.green) * strength,
            blue: 1 - (1 - color.blue) * strength)
    }

    static func draw(_ placed: PlacedNode, on canvas: Canvas) {
        let r = placed.shape
        let stroke = placed.node.color ?? Style.ink
        let fill = placed.node.color.map { tint($0) } ?? .white
        func paint() {
            canvas.fill(fill, preserve: true)
            canvas.stroke(stroke, width: 0.9, join: .round)
        }
        canvas.newPath()
        switch placed.node.shape {
        case .box:
            canvas.addRect(r)
            paint()
        case .roundedBox:
            addRoundedRect(r, radius: min(5, r.height / 3), on: canvas)
            paint()
        case .circle:
            canvas.addCircle(center: r.center, radius: r.width / 2)
            paint()
        case .trapezoid(let narrowing):
            // The narrow side is half the full height, centred.
            let inset = r.height / 4
            let left = narrowing == .left ? inset : 0
            let right = narrowing == .right ? inset : 0
            canvas.addPolyline([
                Point(r.minX, r.minY + left), Point(r.maxX, r.minY + right), Point(r.maxX, r.maxY - right),
                Point(r.minX, r.maxY - left),
            ])
            canvas.closePath()
            paint()
        case .image(let image):
            canvas.draw(image, in: r)
            canvas.addRect(r)
            canvas.stroke(stroke, width: 0.6)
        case .featureMaps(let sheets):
            // Back sheets up and to the right, the front one at the bottom left.
            let count = max(sheets, 1)
            let offset = sheetOffset * Double(count - 1)
            let sheet = Size(r.width - offset, r.height - offset)
            for k in stride(from: count - 1, through: 0, by: -1) {
                let shift = sheetOffset * Double(k)
                canvas.newPath()
                canvas.addRect(
                    Rect(
                        x: r.minX + shift, y: r.maxY - sheet.height - shift, width: sheet.width,
                        height: sheet.height))
                paint()
            }
        }
    }

    static func addRoundedRect(_ r: Rect, radius: Double, on canvas: Canvas) {
        let k = radius * 0.5523  // control distance of a quarter circle as a cubic
        canvas.move(to: Point(r.minX + radius, r.minY))
        canvas.line(to: Point(r.maxX - radius, r.minY))
        canvas.curve(
            to: Point(r.maxX, r.minY + radius), control1: Point(r.maxX - radius + k, r.minY),
            control2: Point(r.maxX, r.minY + radius - k))
        canvas.line(to: Point(r.maxX, r.maxY - radius))
        canvas.curve(
            to: Point(r.maxX - radius, r.maxY), control1: Point(r.maxX, r.maxY - radius + k),
            control2: Point(r.maxX - radius + k, r.maxY))
        canvas.line(to: Point(r.minX + radius, r.maxY))
        canvas.curve(
            to: Point(r.minX, r.maxY - radius), control1: Point(r.minX + radius - k, r.maxY),
            control2: Point(r.minX, r.maxY - radius + k))
        canvas.line(to: Point(r.minX, r.minY + radius))
        canvas.curve(
            to: Point(r.minX + radius, r.minY), control1: Point(r.minX, r.minY + radius - k),
            control2: Point(r.minX + radius - k, r.minY))
        canvas.closePath()
    }

    static func draw(_ placed: PlacedEdge, on canvas: Canvas) {
        let dash: [Double] = placed.edge.dashed ? [3, 2] : []
        let head = placed.edge.arrow ? arrowHead : 0
        canvas.newPath()
        let tip: Point
        let from: Point
        switch placed.path {
        case .polyline(let points):
            guard points.count >= 2 else { return }
            tip = points[points.count - 1]
            from = points[points.count - 2]
            let end = pulledBack(tip, from: from, by: head * 0.8)
            canvas.addPolyline(Array(points.dropLast()) + [end])
        case .curve(let a, let c1, let c2, let b):
            tip = b
            from = c2
            canvas.move(to: a)
            canvas.curve(to: pulledBack(b, from: c2, by: head * 0.8), control1: c1, control2: c2)
        }
        canvas.stroke(lineColor, width: 0.9, dash: dash, join: .round)
        guard placed.edge.arrow else { return }
        let back = pulledBack(tip, from: from, by: head)
        let dx = (tip.x - back.x) / head
        let dy = (tip.y - back.y) / head
        let half = head * 0.42
        canvas.newPath()
        canvas.addPolyline([
            tip, Point(back.x - dy * half, back.y + dx * half), Point(back.x + dy * half, back.y - dx * half),
        ])
        canvas.closePath()
        canvas.fill(lineColor)
    }

    /// The point `distance` back from `tip` towards `from`.
    static func pulledBack(_ tip: Point, from: Point, by distance: Double) -> Point {
        let length = Self.length(from, tip)
        guard length > 0 else { return tip }
        let t = min(distance / length, 1)
        return Point(tip.x + (from.x - tip.x) * t, tip.y + (from.y - tip.y) * t)
    }
}
