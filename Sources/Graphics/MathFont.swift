import CCairo
import CFreeType
import CHarfBuzz
import Foundation

/// The constants of an OpenType MATH table, in HarfBuzz's order (`hb_ot_math_constant_t`).
public enum MathConstant: Int, CaseIterable, Sendable {
    case scriptPercentScaleDown, scriptScriptPercentScaleDown, delimitedSubFormulaMinHeight
    case displayOperatorMinHeight, mathLeading, axisHeight, accentBaseHeight, flattenedAccentBaseHeight
    case subscriptShiftDown, subscriptTopMax, subscriptBaselineDropMin, superscriptShiftUp
    case superscriptShiftUpCramped, superscriptBottomMin, superscriptBaselineDropMax, subSuperscriptGapMin
    case superscriptBottomMaxWithSubscript, spaceAfterScript, upperLimitGapMin, upperLimitBaselineRiseMin
    case lowerLimitGapMin, lowerLimitBaselineDropMin, stackTopShiftUp, stackTopDisplayStyleShiftUp
    case stackBottomShiftDown, stackBottomDisplayStyleShiftDown, stackGapMin, stackDisplayStyleGapMin
    case stretchStackTopShiftUp, stretchStackBottomShiftDown, stretchStackGapAboveMin, stretchStackGapBelowMin
    case fractionNumeratorShiftUp, fractionNumeratorDisplayStyleShiftUp, fractionDenominatorShiftDown
    case fractionDenominatorDisplayStyleShiftDown, fractionNumeratorGapMin, fractionNumDisplayStyleGapMin
    case fractionRuleThickness, fractionDenominatorGapMin, fractionDenomDisplayStyleGapMin
    case skewedFractionHorizontalGap, skewedFractionVerticalGap, overbarVerticalGap, overbarRuleThickness
    case overbarExtraAscender, underbarVerticalGap, underbarRuleThickness, underbarExtraDescender
    case radicalVerticalGap, radicalDisplayStyleVerticalGap, radicalRuleThickness, radicalExtraAscender
    case radicalKernBeforeDegree, radicalKernAfterDegree, radicalDegreeBottomRaisePercent
}

/// Metrics of one glyph in font units, y measured upwards from the baseline.
public struct MathGlyphMetrics: Sendable, Equatable {
    public var advance: Double
    /// Left and right ink edges.
    public var xMin: Double
    public var xMax: Double
    /// Top of the ink (height) and bottom (negative below the baseline).
    public var yMax: Double
    public var yMin: Double
    /// The MATH table's italic correction, 0 when the font gives none.
    public var italicCorrection: Double
    /// Where an accent above attaches (the MATH table's value, or half the advance).
    public var topAccentAttachment: Double
}

/// A corner of a glyph for the MATH table's cut-in kerning of scripts.
public enum MathKernCorner: UInt32, Sendable { case topRight = 0, topLeft, bottomRight, bottomLeft }

/// One size variant of a stretchy glyph: the glyph and its advance along the stretch direction.
public struct MathGlyphVariant: Sendable, Equatable {
    public var glyph: UInt32
    public var advance: Double
}

/// One piece of a glyph assembly (a brace's end, middle or extender), from the MATH table.
public struct MathGlyphPart: Sendable, Equatable {
    public var glyph: UInt32
    public var startConnector: Double
    public var endConnector: Double
    public var fullAdvance: Double
    public var isExtender: Bool
}

/// A glyph placed relative to a formula's origin (baseline-left, y down), ready to draw.
public struct PlacedGlyph: Sendable, Codable, Equatable {
    public var glyph: UInt32
    public var x: Double
    public var y: Double
    /// Font size in points.
    public var size: Double
    /// The characters this glyph stands for, so PDF text stays copyable (may be empty for pieces).
    public var text: String
    public var color: Color

    public init(glyph: UInt32, x: Double, y: Double, size: Double, text: String, color: Color) {
        self.glyph = glyph
        self.x = x
        self.y = y
        self.size = size
        self.text = text
        self.color = color
    }
}

/// An OpenType math font read through HarfBuzz (MATH table, metrics) and drawn through FreeType + Cairo.
///
/// Immutable once loaded except for a glyph-metrics cache behind a lock, so one instance serves all threads.
public final class MathFont: @unchecked Sendable {
    /// The font file shipped by Debian's `fonts-lmodern`.
    public static let latinModernPath = "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"

    public let path: String
    /// Font units per em (1000 for Latin Modern Math).
    public let unitsPerEm: Double
    private let constants: [Double]
    private let hbFont: OpaquePointer
    private let hbFace: OpaquePointer
    private let ftLibrary: FT_Library
    private let ftFace: FT_Face
    private let cairoFace: OpaquePointer
    private let sstyLookups: [UInt32]
    private let flacLookups: [UInt32]
    private let lock = NSLock()
    private var metricsCache: [UInt32: MathGlyphMetrics] = [:]
    private var glyphCache: [UInt32: UInt32] = [:]
    private var outlineCache: [UInt32: String] = [:]

    nonisolated(unsafe) private static var shared: MathFont?
    private static let sharedLock = NSLock()

    /// Latin Modern Math, loaded once per process.
    public static func latinModern() throws -> MathFont {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let shared { return shared }
        let font = try MathFont(path: latinModernPath)
        shared = font
        return font
    }

    /// The font at `path`: Latin Modern Math's one instance for its path, otherwise a new one (how a
    /// recorded figure finds the font its formulas were set in).
    public static func opened(path: String) throws -> MathFont {
        path == latinModernPath ? try latinModern() : try MathFont(path: path)
    }

    public init(path: String) throws {
        self.path = path
        guard let blob = hb_blob_create_from_file(path), hb_blob_get_length(blob) > 0 else {
            throw GraphicsError("cannot read the math font \(path) (install fonts-lmodern)")
        }
        defer { hb_blob_destroy(blob) }
        guard let face = hb_face_create(blob, 0), hb_ot_math_has_data(face) != 0 else {
            throw GraphicsError("the font \(path) has no OpenType MATH table")
        }
        hbFace = face
        unitsPerEm = Double(hb_face_get_upem(face))
        guard let font = hb_font_create(face) else { throw GraphicsError("HarfBuzz cannot open \(path)") }
        hb_font_set_scale(font, Int32(unitsPerEm), Int32(unitsPerEm))
        hb_font_make_immutable(font)
        hbFont = font
        constants = MathConstant.allCases.map {
            Double(hb_ot_math_get_constant(font, hb_ot_math_constant_t(rawValue: UInt32($0.rawValue))))
        }
        sstyLookups = Self.lookups(of: "ssty", in: face)
        flacLookups = Self.lookups(of: "flac", in: face)

        var lib: FT_Library?
        guard FT_Init_FreeType(&lib) == 0, let lib else { throw GraphicsError("FreeType failed to start") }
        var ft: FT_Face?
        guard FT_New_Face(lib, path, 0, &ft) == 0, let ft else {
            FT_Done_FreeType(lib)
            throw GraphicsError("FreeType cannot open \(path)")
        }
        ftLibrary = lib
        ftFace = ft
        // Cairo does not own the FreeType face: it stays alive as long as this object.
        cairoFace = cairo_ft_font_face_create_for_ft_face(ft, 0)
    }

    deinit {
        cairo_font_face_destroy(cairoFace)
        FT_Done_Face(ftFace)
        FT_Done_FreeType(ftLibrary)
        hb_font_destroy(hbFont)
        hb_face_destroy(hbFace)
    }

    private static func lookups(of feature: String, in face: OpaquePointer) -> [UInt32] {
        let bytes = Array(feature.utf8)
        guard bytes.count == 4 else { return [] }
        let tag = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let gsub: UInt32 = 0x4753_5542  // 'GSUB'
        let set = hb_set_create()
        defer { hb_set_destroy(set) }
        var features: [hb_tag_t] = [tag, 0]
        hb_ot_layout_collect_lookups(face, gsub, nil, nil, &features, set)
        var result: [UInt32] = []
        var index = UInt32.max  // HB_SET_VALUE_INVALID starts the iteration
        while hb_set_next(set, &index) != 0 { result.append(index) }
        return result
    }

    /// A MATH constant in font units (percentages stay percentages).
    public func constant(_ c: MathConstant) -> Double { constants[c.rawValue] }

    /// The font's glyph for a character, nil if it has none.
    public func glyph(for scalar: Unicode.Scalar) -> UInt32? {
        lock.lock()
        if let g = glyphCache[scalar.value] {
            lock.unlock()
            return g == 0 ? nil : g
        }
        lock.unlock()
        var g: hb_codepoint_t = 0
        let found = hb_font_get_nominal_glyph(hbFont, scalar.value, &g) != 0
        lock.lock()
        glyphCache[scalar.value] = found ? g : 0
        lock.unlock()
        return found && g != 0 ? g : nil
    }

    /// The script-size form (`ssty` level 1 for script, 2 for scriptscript) of a glyph, or the glyph itself.
    public func scriptVariant(_ glyph: UInt32, level: Int) -> UInt32 {
        guard level > 0 else { return glyph }
        for lookup in sstyLookups {
            var count: UInt32 = 2
            var alternates: [hb_codepoint_t] = [0, 0]
            let total = hb_ot_layout_lookup_get_glyph_alternates(hbFace, lookup, glyph, 0, &count, &alternates)
            if total > 0, count > 0 {
                return alternates[min(level, Int(count)) - 1]
            }
        }
        return glyph
    }

    /// The flattened form (`flac`) of an accent, for bases taller than `flattenedAccentBaseHeight`.
    public func flattenedAccent(_ glyph: UInt32) -> UInt32 {
        for lookup in flacLookups {
            var count: UInt32 = 1
            var alternate: hb_codepoint_t = 0
            if hb_ot_layout_lookup_get_glyph_alternates(hbFace, lookup, glyph, 0, &count, &alternate) > 0, count > 0 {
                return alternate
            }
        }
        return glyph
    }

    /// Advance, ink box, italic correction and accent attachment of a glyph, in font units.
    public func metrics(_ glyph: UInt32) -> MathGlyphMetrics {
        lock.lock()
        if let m = metricsCache[glyph] {
            lock.unlock()
            return m
        }
        lock.unlock()
        var e = hb_glyph_extents_t()
        _ = hb_font_get_glyph_extents(hbFont, glyph, &e)
        let advance = Double(hb_font_get_glyph_h_advance(hbFont, glyph))
        let m = MathGlyphMetrics(
            advance: advance, xMin: Double(e.x_bearing), xMax: Double(e.x_bearing + e.width),
            yMax: Double(e.y_bearing), yMin: Double(e.y_bearing + e.height),
            italicCorrection: Double(hb_ot_math_get_glyph_italics_correction(hbFont, glyph)),
            topAccentAttachment: Double(hb_ot_math_get_glyph_top_accent_attachment(hbFont, glyph)))
        lock.lock()
        metricsCache[glyph] = m
        lock.unlock()
        return m
    }

    /// The MATH table's kern at a corner of a glyph for a correction height (font units; 0 when none).
    public func kerning(_ glyph: UInt32, corner: MathKernCorner, height: Double) -> Double {
        Double(
            hb_ot_math_get_glyph_kerning(
                hbFont, glyph, hb_ot_math_kern_t(rawValue: corner.rawValue), hb_position_t(height.rounded())))
    }

    /// Larger forms of a glyph, smallest first (the glyph itself included), vertical or horizontal.
    public func variants(_ glyph: UInt32, vertical: Bool) -> [MathGlyphVariant] {
        let direction = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR
        var count: UInt32 = 32
        var buffer = [hb_ot_math_glyph_variant_t](repeating: .init(), count: 32)
        _ = hb_ot_math_get_glyph_variants(hbFont, glyph, direction, 0, &count, &buffer)
        return buffer.prefix(Int(count)).map { MathGlyphVariant(glyph: $0.glyph, advance: Double($0.advance)) }
    }

    /// The pieces to build an arbitrarily large form of a glyph, in drawing order (bottom-up or left-right).
    public func assembly(_ glyph: UInt32, vertical: Bool) -> [MathGlyphPart] {
        let direction = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR
        var count: UInt32 = 16
        var parts = [hb_ot_math_glyph_part_t](repeating: .init(), count: 16)
        var italic: hb_position_t = 0
        _ = hb_ot_math_get_glyph_assembly(hbFont, glyph, direction, 0, &count, &parts, &italic)
        return parts.prefix(Int(count)).map {
            MathGlyphPart(
                glyph: $0.glyph, startConnector: Double($0.start_connector_length),
                endConnector: Double($0.end_connector_length), fullAdvance: Double($0.full_advance),
                isExtender: ($0.flags.rawValue & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER.rawValue) != 0)
        }
    }

    /// The least overlap between two assembly pieces, in font units.
    public func minConnectorOverlap(vertical: Bool) -> Double {
        Double(hb_ot_math_get_min_connector_overlap(hbFont, vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR))
    }

    /// The outline of a glyph as SVG path data in font units, y pointing down (for hand-written SVG).
    public func outlinePath(_ glyph: UInt32) -> String {
        lock.lock()
        if let p = outlineCache[glyph] {
            lock.unlock()
            return p
        }
        lock.unlock()
        let sink = PathSink()
        let funcs = hb_draw_funcs_create()
        hb_draw_funcs_set_move_to_func(funcs, { _, data, _, x, y, _ in
            PathSink.from(data)?.add("M", [x, y])
        }, nil, nil)
        hb_draw_funcs_set_line_to_func(funcs, { _, data, _, x, y, _ in
            PathSink.from(data)?.add("L", [x, y])
        }, nil, nil)
        hb_draw_funcs_set_quadratic_to_func(funcs, { _, data, _, cx, cy, x, y, _ in
            PathSink.from(data)?.add("Q", [cx, cy, x, y])
        }, nil, nil)
        hb_draw_funcs_set_cubic_to_func(funcs, { _, data, _, c1x, c1y, c2x, c2y, x, y, _ in
            PathSink.from(data)?.add("C", [c1x, c1y, c2x, c2y, x, y])
        }, nil, nil)
        hb_draw_funcs_set_close_path_func(funcs, { _, data, _, _ in
            PathSink.from(data)?.path += "Z"
        }, nil, nil)
        withExtendedLifetime(sink) {
            hb_font_get_glyph_shape(hbFont, glyph, funcs, Unmanaged.passUnretained(sink).toOpaque())
        }
        hb_draw_funcs_destroy(funcs)
        lock.lock()
        outlineCache[glyph] = sink.path
        lock.unlock()
        return sink.path
    }

    /// Paints glyphs with `cairo_show_text_glyphs`, one cluster per glyph, so PDF text copies as the source.
    func show(_ glyphs: [PlacedGlyph], on cr: OpaquePointer, at origin: Point) {
        guard !glyphs.isEmpty else { return }
        cairo_save(cr)
        defer { cairo_restore(cr) }
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_font_face(cr, cairoFace)
        var start = 0
        while start < glyphs.count {
            // One run per size and colour: Cairo draws a run with one font size and one source.
            var end = start + 1
            while end < glyphs.count, glyphs[end].size == glyphs[start].size, glyphs[end].color == glyphs[start].color {
                end += 1
            }
            let run = glyphs[start..<end]
            let first = glyphs[start]
            let c = first.color
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
            cairo_set_font_size(cr, first.size)
            var text = ""
            var cairoGlyphs: [cairo_glyph_t] = []
            var clusters: [cairo_text_cluster_t] = []
            cairoGlyphs.reserveCapacity(run.count)
            clusters.reserveCapacity(run.count)
            for g in run {
                text += g.text
                cairoGlyphs.append(cairo_glyph_t(index: UInt(g.glyph), x: origin.x + g.x, y: origin.y + g.y))
                clusters.append(cairo_text_cluster_t(num_bytes: Int32(g.text.utf8.count), num_glyphs: 1))
            }
            cairo_show_text_glyphs(
                cr, text, Int32(text.utf8.count), cairoGlyphs, Int32(cairoGlyphs.count), clusters,
                Int32(clusters.count), cairo_text_cluster_flags_t(0))
            start = end
        }
    }
}

/// Collects SVG path commands from HarfBuzz's draw callbacks.
private final class PathSink {
    var path = ""

    static func from(_ data: UnsafeMutableRawPointer?) -> PathSink? {
        // The pointer is the sink passed to hb_font_get_glyph_shape, alive for the whole call.
        data.map { Unmanaged<PathSink>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Appends a command; y is negated so the path reads in SVG's downward y.
    func add(_ command: String, _ coordinates: [Float]) {
        path += command
        for (i, v) in coordinates.enumerated() {
            if i > 0 { path += " " }
            path += SVGNumber.format(Double(i % 2 == 1 ? -v : v))
        }
    }
}

/// Short decimal numbers for SVG: integers without a point, others with up to two decimals.
public enum SVGNumber {
    public static func format(_ v: Double) -> String {
        let scaled = (v * 100).rounded()
        if scaled == 0 { return "0" }
        let negative = scaled < 0
        let a = Int(abs(scaled))
        var s = negative ? "-" : ""
        s += String(a / 100)
        let frac = a % 100
        if frac != 0 {
            s += frac % 10 == 0 ? "." + String(frac / 10) : (frac < 10 ? ".0" + String(frac) : "." + String(frac))
        }
        return s
    }
}

extension Canvas {
    /// Draws math glyphs of `font` placed relative to `origin` (the formula's baseline-left point).
    public func drawGlyphs(_ glyphs: [PlacedGlyph], font: MathFont, at origin: Point) {
        if recorded(.glyphs(glyphs, fontPath: font.path, origin: origin)) { return }
        font.show(glyphs, on: cr, at: origin)
    }
}
