import CCairo

/// The filled-circle glyph (U+25CF) of a font, measured once: drawing ten thousand dots as glyphs of
/// one font is a single text operation in PDF and SVG (one glyph definition, then positions), where
/// ten thousand circle paths would each go through Cairo's path machinery.
final class DotGlyph: @unchecked Sendable {
    let face: OpaquePointer
    let index: UInt
    /// Centre and diameter of the glyph's ink at font size 1.
    let centerX: Double
    let centerY: Double
    let diameter: Double

    private init?(family: String) {
        guard let face = cairo_toy_font_face_create(family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        else { return nil }
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        defer { cairo_font_options_destroy(options) }
        guard let scaled = cairo_scaled_font_create(face, &identity, &identity, options) else {
            cairo_font_face_destroy(face)
            return nil
        }
        defer { cairo_scaled_font_destroy(scaled) }
        var glyphs: UnsafeMutablePointer<cairo_glyph_t>?
        var count: Int32 = 0
        let status = cairo_scaled_font_text_to_glyphs(scaled, 0, 0, "\u{25CF}", -1, &glyphs, &count, nil, nil, nil)
        defer { if glyphs != nil { cairo_glyph_free(glyphs) } }
        guard status == CAIRO_STATUS_SUCCESS, count == 1, let glyph = glyphs?.pointee, glyph.index != 0 else {
            cairo_font_face_destroy(face)
            return nil
        }
        var g = glyph
        var extents = cairo_text_extents_t()
        cairo_scaled_font_glyph_extents(scaled, &g, 1, &extents)
        guard extents.width > 0.1, abs(extents.width - extents.height) < 0.05 * extents.width else {
            cairo_font_face_destroy(face)
            return nil
        }
        self.face = face
        index = glyph.index
        centerX = extents.x_bearing + extents.width / 2
        centerY = extents.y_bearing + extents.height / 2
        diameter = (extents.width + extents.height) / 2
    }

    deinit { cairo_font_face_destroy(face) }

    /// The first font of the list that has a round U+25CF, or `nil` (dots are then drawn as paths).
    static let shared: DotGlyph? = ["Latin Modern Math", "DejaVu Sans"].lazy.compactMap { DotGlyph(family: $0) }.first
}

extension Canvas {
    /// Filled dots of `radius` at `points` in `color`, fast in every format (see `DotGlyph`).
    public func drawDots(_ points: [Point], radius: Double, color: Color) {
        if recorded(.dots(points, radius: radius, color: color)) { return }
        guard !points.isEmpty, radius > 0 else { return }
        guard let dot = DotGlyph.shared else {
            for p in points { addCircle(center: p, radius: radius) }
            fill(color)
            return
        }
        cairo_save(cr)
        defer { cairo_restore(cr) }
        let size = 2 * radius / dot.diameter
        cairo_set_font_face(cr, dot.face)
        cairo_set_font_size(cr, size)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        var glyphs = points.map {
            cairo_glyph_t(index: dot.index, x: $0.x - dot.centerX * size, y: $0.y - dot.centerY * size)
        }
        setSource(color)
        cairo_show_glyphs(cr, &glyphs, Int32(glyphs.count))
    }
}

extension Canvas {
    /// Round dots of `radius` at `points`, each as short as the surface allows: in SVG a round-capped
    /// stroke a hair long (a move and a line), elsewhere glyphs of one font (`drawDots`). The choice is
    /// made where the dots are drawn, so a recorded figure makes it again on each surface.
    public func drawRoundDots(_ points: [Point], radius: Double, color: Color) {
        if recorded(.roundDots(points, radius: radius, color: color)) { return }
        guard kind == .svg else {
            drawDots(points, radius: radius, color: color)
            return
        }
        for p in points {
            move(to: p)
            line(to: Point(p.x + 0.01, p.y))
        }
        stroke(color, width: 2 * radius, cap: .round)
    }
}
