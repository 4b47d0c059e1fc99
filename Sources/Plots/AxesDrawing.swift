import Graphics

extension Axes {
    /// Paints the panel as `layout` placed it: grid, marks (clipped to the frame), frame, ticks, text.
    func draw(on canvas: Canvas, layout: AxesLayout) {
        let frame = layout.frame
        if grid {
            for tick in layout.xTicks where tick.major {
                let px = layout.x(tick.value)
                canvas.move(to: Point(px, frame.minY))
                canvas.line(to: Point(px, frame.maxY))
            }
            for tick in layout.yTicks where tick.major {
                let py = layout.y(tick.value)
                canvas.move(to: Point(frame.minX, py))
                canvas.line(to: Point(frame.maxX, py))
            }
            canvas.stroke(Style.gridColor, width: 0.5)
        }
        canvas.withSavedState {
            canvas.clip(to: frame)
            for mark in marks { draw(mark, on: canvas, layout: layout) }
        }
        canvas.addRect(frame)
        canvas.stroke(Style.ink, width: Style.frameWidth)
        for tick in layout.xTicks {
            let px = layout.x(tick.value)
            canvas.move(to: Point(px, frame.maxY))
            canvas.line(to: Point(px, frame.maxY + (tick.major ? Style.tickLength : Style.minorTickLength)))
        }
        for tick in layout.yTicks {
            let py = layout.y(tick.value)
            canvas.move(to: Point(frame.minX, py))
            canvas.line(to: Point(frame.minX - (tick.major ? Style.tickLength : Style.minorTickLength), py))
        }
        canvas.stroke(Style.ink, width: Style.frameWidth)
        if let bar = layout.colorBar, let spec = colorBar {
            drawColorBar(spec, rect: bar.rect, ticks: bar.ticks, scale: bar.scale, on: canvas)
        }
        layout.legend?.draw(on: canvas)
        for text in layout.texts { text.draw(on: canvas) }
    }

    private func drawColorBar(_ spec: ColorBar, rect: Rect, ticks: [Tick], scale: Scale, on canvas: Canvas) {
        // A vector gradient through the colormap's own stops (it interpolates linearly between them,
        // as the colormap does), so the PDF stays vector and the bar shows no bands.
        let count = spec.colormap.stops.count
        let stops = spec.colormap.stops.enumerated().map { (offset: Double($0) / Double(count - 1), color: $1) }
        canvas.fillLinearGradient(rect, from: Point(rect.minX, rect.maxY), to: Point(rect.minX, rect.minY), stops: stops)
        canvas.addRect(rect)
        canvas.stroke(Style.ink, width: Style.frameWidth)
        for tick in ticks where tick.major {
            let py = rect.maxY - scale.fraction(tick.value) * rect.height
            canvas.move(to: Point(rect.maxX, py))
            canvas.line(to: Point(rect.maxX + Style.tickLength, py))
        }
        canvas.stroke(Style.ink, width: Style.frameWidth)
    }

    private func draw(_ mark: Mark, on canvas: Canvas, layout: AxesLayout) {
        switch mark {
        case .line(let m):
            var open = false
            for (a, b) in zip(m.x, m.y) {
                let p = Point(layout.x(a), layout.y(b))
                if p.x.isFinite && p.y.isFinite {
                    open ? canvas.line(to: p) : canvas.move(to: p)
                    open = true
                } else {
                    open = false
                }
            }
            canvas.stroke(m.color, width: m.width, dash: m.dash, cap: .round, join: .round)
        case .points(let m):
            drawPoints(m, on: canvas, layout: layout)
        case .image(let m):
            let x0 = layout.x(m.x.lowerBound)
            let x1 = layout.x(m.x.upperBound)
            let y0 = layout.y(m.y.upperBound)
            let y1 = layout.y(m.y.lowerBound)
            canvas.draw(m.image, in: Rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0)))
        case .arrows(let m):
            let n = min(m.x0.count, m.y0.count, m.x1.count, m.y1.count)
            for i in 0..<n {
                drawArrow(from: Point(layout.x(m.x0[i]), layout.y(m.y0[i])),
                          to: Point(layout.x(m.x1[i]), layout.y(m.y1[i])), mark: m, on: canvas)
            }
        case .cells(let m):
            drawCells(m, on: canvas, layout: layout)
        case .bars(let m):
            for i in m.heights.indices where i + 1 < m.edges.count && m.heights[i] != 0 {
                let x0 = layout.x(m.edges[i])
                let x1 = layout.x(m.edges[i + 1])
                let base = layout.yScale.kind == .log ? layout.frame.maxY + 1 : layout.y(0)
                let top = layout.y(m.heights[i])
                guard top.isFinite, x0.isFinite, x1.isFinite else { continue }
                canvas.addRect(Rect(x: x0, y: min(top, base), width: x1 - x0, height: abs(base - top)))
            }
            canvas.fill(m.color, preserve: true)
            canvas.stroke(Color(gray: 1, alpha: 0.7), width: 0.3)
        }
    }

    /// Dots, batched so ten thousand of them stay small in SVG and PDF and quick to draw.
    ///
    /// Points of one colour are drawn together as glyphs of a round dot (`Canvas.drawDots`; in SVG as
    /// round-capped strokes, which are shorter there), in eight
    /// chunks per colour that alternate between colours, so no class lies wholly on top of another and
    /// translucent dots still darken where the data is dense.
    private func drawPoints(_ m: PointMark, on canvas: Canvas, layout: AxesLayout) {
        guard !m.colors.isEmpty else { return }
        let n = min(m.x.count, m.y.count)
        let visible = layout.frame.insetBy(dx: -m.radius, dy: -m.radius)
        var groups: [Color: [Point]] = [:]
        var order: [Color] = []
        for i in 0..<n {
            let p = Point(layout.x(m.x[i]), layout.y(m.y[i]))
            guard p.x.isFinite, p.y.isFinite, p.x >= visible.minX, p.x <= visible.maxX, p.y >= visible.minY,
                p.y <= visible.maxY
            else { continue }
            let color = m.colors.count == 1 ? m.colors[0] : m.colors[i % m.colors.count]
            if groups[color] == nil { order.append(color) }
            groups[color, default: []].append(p)
        }
        let opaque = order.allSatisfy { $0.alpha >= 1 }
        let chunks = opaque && order.count == 1 ? 1 : 8
        for chunk in 0..<chunks {
            for color in order {
                guard let points = groups[color], chunk < points.count else { continue }
                canvas.drawRoundDots(
                    stride(from: chunk, to: points.count, by: chunks).map { points[$0] }, radius: m.radius, color: color)
            }
        }
    }

    private func drawCells(_ m: CellMark, on canvas: Canvas, layout: AxesLayout) {
        guard m.rows > 0, m.columns > 0 else { return }
        let x0 = layout.x(m.x.lowerBound)
        let x1 = layout.x(m.x.upperBound)
        let y0 = layout.y(m.y.upperBound)
        let y1 = layout.y(m.y.lowerBound)
        let w = (x1 - x0) / Double(m.columns)
        let h = (y1 - y0) / Double(m.rows)
        for r in 0..<m.rows {
            for c in 0..<m.columns where r * m.columns + c < m.colors.count {
                // A quarter point of overlap hides the seams anti-aliasing leaves between cells.
                let rect = Rect(x: x0 + Double(c) * w, y: y0 + Double(r) * h, width: w + (c + 1 < m.columns ? 0.25 : 0),
                                height: h + (r + 1 < m.rows ? 0.25 : 0))
                canvas.fillRect(rect, m.colors[r * m.columns + c])
            }
        }
        guard m.annotations.count == m.rows * m.columns else { return }
        let font = Style.tickFont.sized(min(8, max(5, h * 0.45)))
        for r in 0..<m.rows {
            for c in 0..<m.columns {
                let i = r * m.columns + c
                guard i < m.colors.count, !m.annotations[i].isEmpty else { continue }
                let color = m.colors[i]
                // Black or white by WCAG contrast: at least 4.5:1 on any cell colour.
                let label = PlotLabel(m.annotations[i], font: font, color: color.readableText)
                guard label.width < w - 1 else { continue }
                label.draw(on: canvas, topLeft: Point(x0 + (Double(c) + 0.5) * w - label.width / 2,
                                                      y0 + (Double(r) + 0.5) * h - label.height / 2))
            }
        }
    }

    private func drawArrow(from a: Point, to b: Point, mark m: ArrowMark, on canvas: Canvas) {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length.isFinite, length > 0.5 else { return }
        let ux = dx / length
        let uy = dy / length
        // Short arrows get a smaller head so the shaft still shows.
        let head = min(m.head, length * 0.5)
        let halfWidth = head * 0.45
        let base = Point(b.x - ux * head, b.y - uy * head)
        canvas.move(to: a)
        canvas.line(to: Point(base.x + ux * 0.5, base.y + uy * 0.5))
        canvas.stroke(m.color, width: m.width, cap: .round)
        canvas.move(to: b)
        canvas.line(to: Point(base.x - uy * halfWidth, base.y + ux * halfWidth))
        canvas.line(to: Point(base.x + uy * halfWidth, base.y - ux * halfWidth))
        canvas.closePath()
        canvas.fill(m.color)
    }
}
