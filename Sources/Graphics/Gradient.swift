import CCairo

extension Canvas {
    /// Fills `rect` with colours changing linearly from `start` to `end` through `stops` (offset in
    /// 0...1, colour): a true gradient in PDF and SVG (colour bars), with no seams between strips.
    public func fillLinearGradient(
        _ rect: Rect, from start: Point, to end: Point, stops: [(offset: Double, color: Color)]
    ) {
        if recorded(
            .linearGradient(
                rect, from: start, to: end, stops: stops.map { GradientStop(offset: $0.offset, color: $0.color) }))
        {
            return
        }
        guard let pattern = cairo_pattern_create_linear(start.x, start.y, end.x, end.y) else { return }
        defer { cairo_pattern_destroy(pattern) }
        for stop in stops {
            let c = stop.color
            cairo_pattern_add_color_stop_rgba(pattern, min(max(stop.offset, 0), 1), c.red, c.green, c.blue, c.alpha)
        }
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_set_source(cr, pattern)
        cairo_fill(cr)
    }
}
