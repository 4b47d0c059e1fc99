import CCairo
import CPango
import Foundation

/// A text face and size. Families are the Latin Modern ones of `fonts-lmodern` by default.
public struct Font: Hashable, Sendable, Codable {
    public enum Weight: String, Sendable, Codable { case regular, bold }

    public var family: String
    public var size: Double
    public var weight: Weight
    public var italic: Bool

    public init(family: String, size: Double, weight: Weight = .regular, italic: Bool = false) {
        self.family = family
        self.size = size
        self.weight = weight
        self.italic = italic
    }

    public static func roman(_ size: Double) -> Font { Font(family: "LM Roman 10", size: size) }
    public static func sans(_ size: Double) -> Font { Font(family: "LM Sans 10", size: size) }
    public static func mono(_ size: Double) -> Font { Font(family: "LM Mono 10", size: size) }

    public func bold() -> Font { var f = self; f.weight = .bold; return f }
    public func italicized() -> Font { var f = self; f.italic = true; return f }
    public func sized(_ size: Double) -> Font { var f = self; f.size = size; return f }

    /// A Pango description; `from_string` would read "LM Roman 10" as family "LM" at 10 pt.
    func makeDescription() -> OpaquePointer {
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, family)
        pango_font_description_set_size(d, Int32((size * Double(PANGO_SCALE)).rounded()))
        pango_font_description_set_weight(d, weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return d
    }
}

public enum TextAlignment: String, Sendable, Codable {
    case left, center, right, justify

    func apply(to layout: OpaquePointer) {
        switch self {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .justify:
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
            pango_layout_set_justify(layout, 1)
        }
    }
}

/// A paragraph of text laid out by Pango: measured once, drawn on any canvas.
///
/// Layout happens at 72 dpi with hinting and position rounding off, so the same text has the same
/// metrics in PDF, SVG and PNG.
public final class TextLayout: Drawable, @unchecked Sendable {
    let layout: OpaquePointer
    /// What the layout was made from: a recorded figure lays its text out again from it.
    public let recipe: TextRecipe
    public let color: Color
    /// Width and height of the laid-out text in points.
    public let extent: Size
    /// Distance from the top of the layout to the first line's baseline.
    public let baseline: Double
    public let lineCount: Int

    /// - Parameters:
    ///   - markup: the text is Pango markup (`<b>`, `<i>`, `<tt>`); escape author text with `escapeMarkup`.
    ///   - width: wrap at this many points; `nil` keeps one line.
    public init(
        _ text: String, font: Font, color: Color = .black, width: Double? = nil,
        alignment: TextAlignment = .left, markup: Bool = false, lineSpacing: Double? = nil
    ) {
        recipe = TextRecipe(
            text: text, font: font, color: color, width: width, alignment: alignment, markup: markup,
            lineSpacing: lineSpacing)
        PangoText.layoutLock.lock()
        defer { PangoText.layoutLock.unlock() }
        let context = PangoText.makeContext()
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        layout = pango_layout_new(context)!
        let desc = font.makeDescription()
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        alignment.apply(to: layout)
        if let lineSpacing { pango_layout_set_line_spacing(layout, Float(lineSpacing)) }
        if markup {
            pango_layout_set_markup(layout, text, -1)
        } else {
            pango_layout_set_text(layout, text, -1)
        }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        extent = Size(Double(logical.width) / scale, Double(logical.height) / scale)
        baseline = Double(pango_layout_get_baseline(layout)) / scale
        lineCount = Int(pango_layout_get_line_count(layout))
        self.color = color
    }

    /// The layout `recipe` describes.
    public convenience init(_ recipe: TextRecipe) {
        self.init(
            recipe.text, font: recipe.font, color: recipe.color, width: recipe.width, alignment: recipe.alignment,
            markup: recipe.markup, lineSpacing: recipe.lineSpacing)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    public var width: Double { extent.width }
    public var ascent: Double { baseline }
    public var descent: Double { extent.height - baseline }

    /// The family Pango actually chose for the first character (fonts fall back silently).
    public var resolvedFamily: String {
        PangoText.layoutLock.lock()
        defer { PangoText.layoutLock.unlock() }
        let context = pango_layout_get_context(layout)
        let desc = pango_layout_get_font_description(layout)
        guard let font = pango_context_load_font(context, desc) else { return "" }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        let described = pango_font_describe(font)!
        defer { pango_font_description_free(described) }
        return String(cString: pango_font_description_get_family(described))
    }

    /// Draws with the top-left corner of the layout at `topLeft`.
    public func draw(on canvas: Canvas, topLeft: Point) {
        if canvas.recorded(.text(recipe, topLeft: topLeft)) { return }
        canvas.setSource(color)
        cairo_move_to(canvas.cr, topLeft.x, topLeft.y)
        pango_cairo_show_layout(canvas.cr, layout)
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        draw(on: canvas, topLeft: Point(origin.x, origin.y - baseline))
    }

    /// Baselines of every line, measured from the top of the layout.
    public var lineBaselines: [Double] {
        var result: [Double] = []
        let iter = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iter) }
        repeat {
            result.append(Double(pango_layout_iter_get_baseline(iter)) / Double(PANGO_SCALE))
        } while pango_layout_iter_next_line(iter) != 0
        return result
    }

    /// `text` with `<`, `>`, `&` and quotes escaped for Pango markup.
    public static func escapeMarkup(_ text: String) -> String {
        guard let escaped = g_markup_escape_text(text, -1) else { return "" }
        defer { g_free(escaped) }
        return String(cString: escaped)
    }
}

/// Everything a `TextLayout` is made from, as data.
public struct TextRecipe: Codable, Equatable, Sendable {
    public var text: String
    public var font: Font
    public var color: Color
    public var width: Double?
    public var alignment: TextAlignment
    public var markup: Bool
    public var lineSpacing: Double?
}

enum PangoText {
    /// Held while a layout is made. Pango 1.50 justifies a line that ends in an inserted hyphen without
    /// counting the hyphen when another thread shapes text at the same moment, so the line runs past the
    /// measure; making layouts one at a time keeps every figure and page the same bytes (a Run cell may
    /// draw on its own thread while the notebook draws a Plot cell).
    static let layoutLock = NSRecursiveLock()

    /// A context with the settings that make PDF, SVG and PNG agree: 72 dpi, no hinting, no rounding.
    static func makeContext() -> OpaquePointer {
        let fontMap = pango_cairo_font_map_get_default()
        let context = pango_font_map_create_context(fontMap)!
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        return context
    }
}
