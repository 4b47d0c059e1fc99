import Graphics

/// A legend box: swatches and names in one column.
struct LegendLayout {
    var entries: [LegendEntry]
    var rect: Rect

    static let pad = 4.0
    static let swatchWidth = 16.0
    static let swatchGap = 5.0
    static let rowGap = 2.0

    static func labels(_ entries: [LegendEntry]) -> [PlotLabel] {
        entries.map { PlotLabel($0.label, font: Style.legendFont) }
    }

    /// The size of the box holding `entries`.
    static func measure(_ entries: [LegendEntry]) -> Size {
        let labels = labels(entries)
        let width = (labels.map(\.width).max() ?? 0) + swatchWidth + swatchGap + 2 * pad
        let height = labels.map(\.height).reduce(0, +) + Double(max(labels.count - 1, 0)) * rowGap + 2 * pad
        return Size(width, height)
    }

    /// The inside corner or edge covering the fewest `samples`, or `nil` when every one covers some.
    static func bestInside(size: Size, frame: Rect, samples: [Point]) -> Rect? {
        let inset = 5.0
        guard size.width + 2 * inset < frame.width, size.height + 2 * inset < frame.height else { return nil }
        let left = frame.minX + inset
        let right = frame.maxX - inset - size.width
        let midX = frame.center.x - size.width / 2
        let top = frame.minY + inset
        let bottom = frame.maxY - inset - size.height
        let midY = frame.center.y - size.height / 2
        // matplotlib's order of preference for ties.
        let candidates = [
            (right, top), (left, top), (left, bottom), (right, bottom), (right, midY), (left, midY),
            (midX, bottom), (midX, top),
        ].map { Rect(x: $0.0, y: $0.1, width: size.width, height: size.height) }
        var best: (Rect, Int)?
        for c in candidates {
            let zone = c.insetBy(dx: -3, dy: -3)
            let covered = samples.reduce(0) { count, p in
                count + (p.x >= zone.minX && p.x <= zone.maxX && p.y >= zone.minY && p.y <= zone.maxY ? 1 : 0)
            }
            if covered < best?.1 ?? Int.max { best = (c, covered) }
            if covered == 0 { break }
        }
        guard let found = best, found.1 == 0 else { return nil }
        return found.0
    }

    /// The placed names, for drawing and for the overlap checks.
    var labels: [PlacedLabel] {
        var y = rect.minY + Self.pad
        var out: [PlacedLabel] = []
        for label in Self.labels(entries) {
            let x = rect.minX + Self.pad + Self.swatchWidth + Self.swatchGap
            out.append(PlacedLabel(label: label, rect: Rect(x: x, y: y, width: label.width, height: label.height)))
            y += label.height + Self.rowGap
        }
        return out
    }

    /// Draws the box and the swatches; the names are drawn with the other text of the figure.
    func draw(on canvas: Canvas) {
        canvas.addRect(rect)
        canvas.fill(Color(gray: 1, alpha: 0.85), preserve: true)
        canvas.stroke(Color(gray: 0.8), width: 0.6)
        for (entry, placed) in zip(entries, labels) {
            let cy = placed.rect.center.y
            let x0 = rect.minX + Self.pad
            switch entry.swatch {
            case .line(let color, let width, let dash):
                canvas.move(to: Point(x0, cy))
                canvas.line(to: Point(x0 + Self.swatchWidth, cy))
                canvas.stroke(color.withAlpha(1), width: width, dash: dash)
            case .dot(let color):
                canvas.addCircle(center: Point(x0 + Self.swatchWidth / 2, cy), radius: 3)
                canvas.fill(color.withAlpha(1))
            case .patch(let color):
                canvas.fillRect(Rect(x: x0 + 2, y: cy - 4, width: Self.swatchWidth - 4, height: 8), color)
            }
        }
    }
}
