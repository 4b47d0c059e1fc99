import Graphics

/// Where everything of one `Axes` goes inside its cell of a figure.
struct AxesLayout {
    var frame: Rect
    var margins: Insets
    var xScale: Scale
    var yScale: Scale
    var xTicks: [Tick]
    var yTicks: [Tick]
    /// Every piece of text: tick labels, axis labels, title, exponents, colour bar and legend text.
    var texts: [PlacedLabel]
    var legend: LegendLayout?
    var colorBar: (rect: Rect, ticks: [Tick], scale: Scale)?

    func x(_ v: Double) -> Double { frame.minX + xScale.fraction(v) * frame.width }
    func y(_ v: Double) -> Double { frame.maxY - yScale.fraction(v) * frame.height }
}

extension Axes {
    /// Lays the panel out in `cell`, keeping at least `minimum` margins around the frame and growing
    /// them until every label fits inside the cell.
    func layout(in cell: Rect, minimum: Insets = .zero) -> AxesLayout {
        var margins = minimum.union(Insets(top: 8, left: 30, bottom: 24, right: 8))
        var result = layoutPass(cell, margins)
        for _ in 0..<4 {
            let needed = result.needed.union(minimum)
            if margins.covers(needed) && needed.covers(margins) { break }
            margins = needed
            result = layoutPass(cell, margins)
        }
        return result.layout
    }

    /// The margins this panel needs on its own in `cell`.
    func neededMargins(in cell: Rect) -> Insets { layout(in: cell).margins }

    private func layoutPass(_ cell: Rect, _ margins: Insets) -> (layout: AxesLayout, needed: Insets) {
        let frame = Rect(
            x: cell.minX + margins.left, y: cell.minY + margins.top,
            width: max(cell.width - margins.left - margins.right, 10),
            height: max(cell.height - margins.top - margins.bottom, 10))
        let (xScale, yScale) = scales(for: frame)

        var texts: [PlacedLabel] = []
        // x ticks, fewer until their labels do not touch (the legibility term of the algorithm).
        var xTicks: [Tick] = []
        var xExponent: Int?
        var xLabels: [PlacedLabel] = []
        let xTickTop = frame.maxY + Style.tickLength + Style.tickPad
        if x.showsTicks {
            var target = min(max(Int(frame.width / 50), 2), 9)
            while true {
                (xTicks, xExponent) = ticks(x, xScale, target: target)
                xLabels = xTicks.filter(\.major).map { tick in
                    let label = PlotLabel(tick.label, font: Style.tickFont, color: Style.ink)
                    let px = frame.minX + xScale.fraction(tick.value) * frame.width
                    return PlacedLabel(label: label, rect: Rect(x: px - label.width / 2, y: xTickTop,
                                                                width: label.width, height: label.height))
                }
                if target <= 2 || !crowded(xLabels.map(\.rect), gap: 6) { break }
                target -= 1
            }
            if x.ticks != nil && crowded(xLabels.map(\.rect), gap: 3) {
                // Hand-placed labels keep their number: turn them to read upwards instead.
                xLabels = xLabels.map { placed in
                    let w = placed.label.width
                    let h = placed.label.height
                    return PlacedLabel(label: placed.label,
                                       rect: Rect(x: placed.rect.center.x - h / 2, y: xTickTop, width: h, height: w),
                                       vertical: true)
                }
            }
            texts += xLabels
        }
        var bottom = xLabels.map(\.rect.maxY).max() ?? frame.maxY + Style.tickLength
        if let e = xExponent {
            let label = PlotLabel("×" + TickFormat.powerOfTen(e), font: Style.tickFont, color: Style.ink)
            texts.append(PlacedLabel(label: label, rect: Rect(x: frame.maxX - label.width, y: bottom + 1,
                                                              width: label.width, height: label.height)))
            bottom += 1 + label.height
        }
        if !x.label.isEmpty {
            let label = PlotLabel(x.label, font: Style.labelFont)
            let top = (xLabels.map(\.rect.maxY).max() ?? frame.maxY + Style.tickLength) + Style.labelPad
            texts.append(PlacedLabel(label: label, rect: Rect(x: frame.center.x - label.width / 2, y: top,
                                                              width: label.width, height: label.height)))
        }

        // y ticks.
        var yTicks: [Tick] = []
        var yExponent: Int?
        var yLabelsLeft = frame.minX - Style.tickLength
        if y.showsTicks {
            let target = min(max(Int(frame.height / 32), 2), 8)
            (yTicks, yExponent) = ticks(y, yScale, target: target)
            for tick in yTicks where tick.major {
                let label = PlotLabel(tick.label, font: Style.tickFont, color: Style.ink)
                let py = frame.maxY - yScale.fraction(tick.value) * frame.height
                let rect = Rect(x: frame.minX - Style.tickLength - Style.tickPad - label.width,
                                y: py - label.height / 2, width: label.width, height: label.height)
                texts.append(PlacedLabel(label: label, rect: rect))
                yLabelsLeft = min(yLabelsLeft, rect.minX)
            }
        }
        var top = frame.minY
        if let e = yExponent {
            let label = PlotLabel("×" + TickFormat.powerOfTen(e), font: Style.tickFont, color: Style.ink)
            let rect = Rect(x: frame.minX, y: frame.minY - 2 - label.height, width: label.width, height: label.height)
            texts.append(PlacedLabel(label: label, rect: rect))
            top = rect.minY
        }
        if !y.label.isEmpty {
            let label = PlotLabel(y.label, font: Style.labelFont)
            let h = label.height
            let rect = Rect(x: yLabelsLeft - Style.labelPad - h, y: frame.center.y - label.width / 2,
                            width: h, height: label.width)
            texts.append(PlacedLabel(label: label, rect: rect, vertical: true))
        }
        if !title.isEmpty {
            let label = PlotLabel(title, font: Style.titleFont)
            let rect = Rect(x: frame.center.x - label.width / 2, y: top - Style.titlePad - label.height,
                            width: label.width, height: label.height)
            texts.append(PlacedLabel(label: label, rect: rect))
        }

        // Colour bar, then an outside legend, to the right of the frame.
        var right = frame.maxX
        var colorBarPart: (rect: Rect, ticks: [Tick], scale: Scale)?
        if let bar = colorBar {
            let rect = Rect(x: frame.maxX + 10, y: frame.minY, width: 10, height: frame.height)
            let scale = Scale(kind: .linear, lo: bar.range.lowerBound, hi: bar.range.upperBound)
            let barTicks = scale.ticks(target: min(max(Int(frame.height / 32), 2), 8))
            var labelsRight = rect.maxX
            for tick in barTicks.ticks where tick.major {
                let label = PlotLabel(tick.label, font: Style.tickFont, color: Style.ink)
                let py = rect.maxY - scale.fraction(tick.value) * rect.height
                let r = Rect(x: rect.maxX + Style.tickLength + Style.tickPad, y: py - label.height / 2,
                             width: label.width, height: label.height)
                texts.append(PlacedLabel(label: label, rect: r))
                labelsRight = max(labelsRight, r.maxX)
            }
            if let e = barTicks.exponent {
                let label = PlotLabel("×" + TickFormat.powerOfTen(e), font: Style.tickFont, color: Style.ink)
                let r = Rect(x: rect.minX, y: rect.minY - 3 - label.height, width: label.width, height: label.height)
                texts.append(PlacedLabel(label: label, rect: r))
                labelsRight = max(labelsRight, r.maxX)
            }
            if !bar.label.isEmpty {
                let label = PlotLabel(bar.label, font: Style.labelFont)
                let h = label.height
                let r = Rect(x: labelsRight + Style.labelPad, y: rect.center.y - label.width / 2,
                             width: h, height: label.width)
                texts.append(PlacedLabel(label: label, rect: r, vertical: true))
                labelsRight = r.maxX
            }
            colorBarPart = (rect, barTicks.ticks, scale)
            right = labelsRight
        }

        var legendLayout: LegendLayout?
        if !legend.isEmpty && legendPlacement != .none {
            let box = LegendLayout.measure(legend)
            var placed: Rect?
            if legendPlacement == .best && colorBar == nil {
                let samples = dataSamples(frame: frame, xScale: xScale, yScale: yScale)
                placed = LegendLayout.bestInside(size: box, frame: frame, samples: samples)
            }
            let rect = placed ?? Rect(x: right + 8, y: frame.minY, width: box.width, height: box.height)
            legendLayout = LegendLayout(entries: legend, rect: rect)
            texts += legendLayout?.labels ?? []
            if placed == nil { right = rect.maxX }
        }

        // The margins all of that needs, measured from the frame to the cell's edge.
        var extent = frame
        for t in texts { extent = extent.union(t.rect) }
        if let l = legendLayout { extent = extent.union(l.rect) }
        extent = extent.union(Rect(x: frame.minX, y: frame.minY, width: right - frame.minX, height: frame.height))
        // Tick marks stick out of the frame too.
        extent = extent.union(frame.insetBy(dx: -Style.tickLength, dy: -Style.tickLength))
        let needed = Insets(
            top: frame.minY - extent.minY + Style.outerPad, left: frame.minX - extent.minX + Style.outerPad,
            bottom: extent.maxY - frame.maxY + Style.outerPad, right: extent.maxX - frame.maxX + Style.outerPad)
        let layout = AxesLayout(
            frame: frame, margins: margins, xScale: xScale, yScale: yScale, xTicks: xTicks, yTicks: yTicks,
            texts: texts, legend: legendLayout, colorBar: colorBarPart)
        return (layout, needed)
    }

    /// True when two neighbouring boxes come closer than `gap`.
    private func crowded(_ rects: [Rect], gap: Double) -> Bool {
        let sorted = rects.sorted { $0.minX < $1.minX }
        return zip(sorted, sorted.dropFirst()).contains { $0.maxX + gap > $1.minX }
    }

    private func ticks(_ axis: Axis, _ scale: Scale, target: Int) -> ([Tick], Int?) {
        if let hand = axis.ticks {
            let lo = min(scale.lo, scale.hi)
            let hi = max(scale.lo, scale.hi)
            let span = hi - lo
            return (hand.filter { $0.value >= lo - 1e-9 * span && $0.value <= hi + 1e-9 * span }
                .map { Tick(value: $0.value, label: $0.label.isEmpty ? " " : $0.label) }, nil)
        }
        var result = scale.ticks(target: target)
        if axis.integer && axis.scale == .linear {
            // Fewer ticks until every one is whole; a span under two units falls back to each integer.
            var t = target
            while result.ticks.contains(where: { $0.value != $0.value.rounded() }) && t > 2 {
                t -= 1
                result = scale.ticks(target: t)
            }
            if result.ticks.contains(where: { $0.value != $0.value.rounded() }) {
                let lo = Int(min(scale.lo, scale.hi).rounded(.up))
                let hi = Int(max(scale.lo, scale.hi).rounded(.down))
                let values = lo <= hi ? (lo...hi).map(Double.init) : []
                result = (values.map { Tick(value: $0, label: TickFormat.single($0)) }, nil)
            }
        }
        return result
    }

    /// The data limits of both axes for a frame of this size.
    func scales(for frame: Rect) -> (Scale, Scale) {
        func limits(_ axis: Axis, _ values: [Double], _ sticky: [Double]) -> (Double, Double) {
            var (lo, hi) = Scale.limits(of: values, kind: axis.scale, padding: axis.padding)
            if let fixed = axis.limits, fixed.upperBound > fixed.lowerBound, fixed.lowerBound.isFinite,
                fixed.upperBound.isFinite
            {
                (lo, hi) = (fixed.lowerBound, fixed.upperBound)
                if axis.scale == .log && lo <= 0 { lo = hi / 10 }
                return hi > 0 || axis.scale == .linear ? (lo, hi) : (1, 10)
            }
            // Stop at an image edge or a bar's zero rather than padding past it.
            let finite = values.filter(\.isFinite)
            if let dmin = finite.min(), let dmax = finite.max() {
                if sticky.contains(where: { abs($0 - dmin) < 1e-12 }) && lo < dmin { lo = dmin }
                if sticky.contains(where: { abs($0 - dmax) < 1e-12 }) && hi > dmax { hi = dmax }
            }
            if axis.scale == .log && lo <= 0 { lo = hi / 10 }
            return (lo, hi)
        }
        let xv = marks.flatMap(\.xValues)
        let yv = marks.flatMap(\.yValues)
        var (x0, x1) = limits(x, xv, marks.flatMap(\.stickyX))
        var (y0, y1) = limits(y, yv, marks.flatMap(\.stickyY))
        if equalAspect && x.scale == .linear && y.scale == .linear && x.limits == nil && y.limits == nil {
            // Grow the tighter axis so one unit spans the same length on both.
            let ux = (x1 - x0) / frame.width
            let uy = (y1 - y0) / frame.height
            if ux > uy {
                let grow = (ux * frame.height - (y1 - y0)) / 2
                y0 -= grow
                y1 += grow
            } else {
                let grow = (uy * frame.width - (x1 - x0)) / 2
                x0 -= grow
                x1 += grow
            }
        }
        return (Scale(kind: x.scale, lo: x0, hi: x1), Scale(kind: y.scale, lo: y0, hi: y1))
    }

    /// Points in canvas space standing for the data: the legend should cover as few as it can.
    func dataSamples(frame: Rect, xScale: Scale, yScale: Scale) -> [Point] {
        func px(_ v: Double) -> Double { frame.minX + xScale.fraction(v) * frame.width }
        func py(_ v: Double) -> Double { frame.maxY - yScale.fraction(v) * frame.height }
        var samples: [Point] = []
        for mark in marks {
            switch mark {
            case .line(let m):
                var previous: Point?
                for (a, b) in zip(m.x, m.y) {
                    let p = Point(px(a), py(b))
                    guard p.x.isFinite && p.y.isFinite else {
                        previous = nil
                        continue
                    }
                    if let q = previous {
                        // Sample the segment every few points so a line crossing a corner counts.
                        let length = ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
                        let steps = min(Int(length / 3), 200)
                        for s in 0..<steps {
                            let t = Double(s) / Double(steps)
                            samples.append(Point(q.x + (p.x - q.x) * t, q.y + (p.y - q.y) * t))
                        }
                    }
                    samples.append(p)
                    previous = p
                }
            case .points(let m):
                for (a, b) in zip(m.x, m.y) { samples.append(Point(px(a), py(b))) }
            case .arrows(let m):
                for i in m.x0.indices where i < m.y0.count && i < m.x1.count && i < m.y1.count {
                    samples.append(Point(px(m.x0[i]), py(m.y0[i])))
                    samples.append(Point(px(m.x1[i]), py(m.y1[i])))
                }
            case .cells(let m):
                let r = Rect(x: px(m.x.lowerBound), y: py(m.y.upperBound),
                             width: px(m.x.upperBound) - px(m.x.lowerBound),
                             height: py(m.y.lowerBound) - py(m.y.upperBound))
                samples += grid(r, step: 4)
            case .image(let m):
                let r = Rect(x: px(m.x.lowerBound), y: py(m.y.upperBound),
                             width: px(m.x.upperBound) - px(m.x.lowerBound),
                             height: py(m.y.lowerBound) - py(m.y.upperBound))
                samples += grid(r, step: 4)
            case .bars(let m):
                for i in m.heights.indices where i + 1 < m.edges.count {
                    let r = Rect(x: px(m.edges[i]), y: py(max(m.heights[i], 0)),
                                 width: px(m.edges[i + 1]) - px(m.edges[i]),
                                 height: py(min(m.heights[i], 0)) - py(max(m.heights[i], 0)))
                    samples += grid(r, step: 4)
                }
            }
        }
        return samples
    }

    private func grid(_ r: Rect, step: Double) -> [Point] {
        guard r.width.isFinite, r.height.isFinite, r.width > 0, r.height > 0 else { return [] }
        var out: [Point] = []
        var yy = r.minY
        while yy <= r.maxY {
            var xx = r.minX
            while xx <= r.maxX {
                out.append(Point(xx, yy))
                xx += step
            }
            yy += step
        }
        return out
    }
}
