import CCairo
import CPango

/// A paragraph of Pango markup with drawables (inline formulas) set on the text baseline, laid out
/// once and drawn line by line, so that a page writer can split it across pages.
///
/// Each drawable stands in the markup as one U+E000 (a private-use character: Pango treats it as a
/// letter, so lines break only at spaces around it). Pango shape attributes reserve its box and grow
/// its line; a shape renderer draws it. Pango 1.50 leaves a justified line one space short when it
/// wraps at an attribute change; `fixJustification` corrects that after layout.
///
/// A recording canvas keeps the paragraph as its `ParagraphRecipe`, the drawables recorded as display
/// lists, so a figure's labels are laid out again, the same way, when the figure is replayed.
public final class RichParagraph: @unchecked Sendable {
    /// One laid-out line, in points from the top-left of the paragraph.
    public struct Line: Sendable, Equatable {
        public var top: Double
        public var height: Double
        public var baseline: Double
        public var x: Double
        /// Width of the line's text (for a left-aligned paragraph, its natural width).
        public var width: Double
    }

    /// The character that stands for one inline drawable in the markup.
    public static let placeholder: Character = "\u{E000}"

    let layout: OpaquePointer
    private let registry: ShapeRegistry
    private let markup: String
    private let font: Font
    private let wrapWidth: Double?
    private let alignment: TextAlignment
    private let hasStrut: Bool
    public let lines: [Line]
    /// The wrap width, or the natural width of a paragraph that does not wrap.
    public var width: Double { wrapWidth ?? naturalWidth }
    /// The widest line: the natural width of a left-aligned paragraph.
    public var naturalWidth: Double { lines.map(\.width).max() ?? 0 }
    /// Bottom of the last line.
    public var height: Double { lines.last.map { $0.top + $0.height } ?? 0 }

    /// - Parameters:
    ///   - markup: Pango markup; author text must be escaped with `TextLayout.escapeMarkup`.
    ///   - inline: the drawables, in the order of the placeholders in the text.
    ///   - width: wrap width in points; `nil` keeps each line of the markup whole.
    ///   - strut: give every line at least the font's ascent and descent, as prose wants; a label
    ///     that is only a small formula is better as tall as the formula.
    public init(
        markup: String, inline: [any Drawable], font: Font, width: Double?, alignment: TextAlignment = .justify,
        color: Color = .black, strut: Bool = true
    ) throws {
        PangoText.layoutLock.lock()
        defer { PangoText.layoutLock.unlock() }
        var attrs: OpaquePointer? = nil
        var text: UnsafeMutablePointer<CChar>? = nil
        var error: UnsafeMutablePointer<GError>? = nil
        guard pango_parse_markup(markup, -1, 0, &attrs, &text, nil, &error) != 0, let attrs, let text else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw GraphicsError("Pango could not read the paragraph markup: \(message)")
        }
        defer {
            g_free(text)
            pango_attr_list_unref(attrs)
        }
        registry = ShapeRegistry(drawables: inline, color: color)
        let context = PangoText.makeContext()
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        pango_cairo_context_set_shape_renderer(
            context, drawShape, Unmanaged.passUnretained(registry).toOpaque(), nil)
        layout = pango_layout_new(context)!
        let desc = font.makeDescription()
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            // Words break at their boundaries; one longer than the line (a URL, a hash) breaks anywhere
            // rather than running off the page.
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        alignment.apply(to: layout)
        // One shape attribute on each placeholder, in order.
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self),
            count: strlen(text))
        var next = 0
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xEE, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80, next < inline.count {
                let d = inline[next]
                // Pango units, with sizes a broken drawable might report (NaN, huge) kept representable.
                func units(_ points: Double) -> Int32 {
                    guard points.isFinite else { return 0 }
                    return Int32((min(max(points, -100_000), 100_000) * Double(PANGO_SCALE)).rounded())
                }
                var rect = PangoRectangle(
                    x: 0, y: units(-d.ascent), width: units(d.width), height: units(d.ascent + d.descent))
                let a = pango_attr_shape_new_with_data(
                    &rect, &rect, UnsafeMutableRawPointer(bitPattern: next + 1),
                    nil, nil)!
                a.pointee.start_index = UInt32(i)
                a.pointee.end_index = UInt32(i + 3)
                pango_attr_list_insert(attrs, a)
                next += 1
                i += 3
            } else {
                i += 1
            }
        }
        pango_layout_set_text(layout, text, -1)
        pango_layout_set_attributes(layout, attrs)
        if let width, alignment == .justify { Self.fixJustification(layout, width: width) }
        let measured = Self.measureLines(layout)
        lines = strut ? Self.withStrut(measured, Self.strut(layout, font: font)) : measured
        self.markup = markup
        self.font = font
        self.wrapWidth = width
        self.alignment = alignment
        self.hasStrut = strut
    }

    /// The paragraph `recipe` describes.
    public convenience init(_ recipe: ParagraphRecipe) throws {
        try self.init(
            markup: recipe.markup, inline: recipe.inline, font: recipe.font, width: recipe.width,
            alignment: recipe.alignment, color: recipe.color, strut: recipe.strut)
    }

    /// What the paragraph was made from, its drawables recorded.
    public var recipe: ParagraphRecipe {
        ParagraphRecipe(
            markup: markup, inline: registry.drawables.map { DisplayList(recording: $0) }, font: font,
            width: wrapWidth, alignment: alignment, color: registry.color, strut: hasStrut)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Draws lines `range` with the top of the first of them at `topLeft`.
    public func draw(on canvas: Canvas, topLeft: Point, lines range: Range<Int>) {
        if canvas.recorded(.paragraph(recipe, topLeft: topLeft, lines: range)) { return }
        guard let first = range.first, lines.indices.contains(first) else { return }
        let offset = lines[first].top
        registry.kind = canvas.kind
        canvas.setSource(registry.color)
        for i in range where lines.indices.contains(i) {
            guard let line = pango_layout_get_line_readonly(layout, Int32(i)) else { continue }
            cairo_move_to(canvas.cr, topLeft.x + lines[i].x, topLeft.y + lines[i].baseline - offset)
            pango_cairo_show_layout_line(canvas.cr, line)
        }
    }

    /// Rectangles covering bytes `range` of the paragraph's text (not markup), one per line touched,
    /// as (line index, rectangle relative to the paragraph's top-left): where a link goes.
    public func rects(forTextBytes range: Range<Int>) -> [(line: Int, rect: Rect)] {
        var result: [(Int, Rect)] = []
        for i in lines.indices {
            guard let line = pango_layout_get_line_readonly(layout, Int32(i)) else { continue }
            let start = Int(line.pointee.start_index)
            let end = start + Int(line.pointee.length)
            let lo = max(start, range.lowerBound)
            let hi = min(end, range.upperBound)
            guard lo < hi else { continue }
            var x0: Int32 = 0
            var x1: Int32 = 0
            pango_layout_line_index_to_x(line, Int32(lo), 0, &x0)
            pango_layout_line_index_to_x(line, Int32(hi), 0, &x1)
            if hi == end { pango_layout_line_index_to_x(line, Int32(hi - 1), 1, &x1) }
            let a = Double(min(x0, x1)) / Double(PANGO_SCALE)
            let b = Double(max(x0, x1)) / Double(PANGO_SCALE)
            let l = lines[i]
            result.append((i, Rect(x: l.x + a, y: l.top, width: b - a, height: l.height)))
        }
        return result
    }

    /// Struts already measured, by font: Pango measures a font's metrics by shaping sample text, which
    /// costs more than laying out a short label. Read and written under `PangoText.layoutLock`.
    nonisolated(unsafe) private static var struts: [Font: (ascent: Double, descent: Double)] = [:]

    /// Ascent and descent of the paragraph's font: the least room any line takes.
    private static func strut(_ layout: OpaquePointer, font: Font) -> (ascent: Double, descent: Double) {
        if let known = struts[font] { return known }
        let desc = font.makeDescription()
        defer { pango_font_description_free(desc) }
        guard let metrics = pango_context_get_metrics(pango_layout_get_context(layout), desc, nil) else {
            return (0, 0)
        }
        defer { pango_font_metrics_unref(metrics) }
        let scale = Double(PANGO_SCALE)
        let strut = (
            ascent: Double(pango_font_metrics_get_ascent(metrics)) / scale,
            descent: Double(pango_font_metrics_get_descent(metrics)) / scale
        )
        struts[font] = strut
        return strut
    }

    /// A line holding only a small formula is as tall as the formula alone; TeX's strut gives every
    /// line at least the height of the text font. Lines are restacked with that minimum.
    private static func withStrut(_ lines: [Line], _ strut: (ascent: Double, descent: Double)) -> [Line] {
        var result: [Line] = []
        var top = lines.first?.top ?? 0
        for line in lines {
            let ascent = max(line.baseline - line.top, strut.ascent)
            let descent = max(line.top + line.height - line.baseline, strut.descent)
            var l = line
            l.top = top
            l.baseline = top + ascent
            l.height = ascent + descent
            result.append(l)
            top += l.height
        }
        return result
    }

    private static func measureLines(_ layout: OpaquePointer) -> [Line] {
        var result: [Line] = []
        let iter = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            let baseline = Double(pango_layout_iter_get_baseline(iter)) / scale
            result.append(
                Line(
                    top: Double(logical.y) / scale, height: Double(logical.height) / scale,
                    baseline: baseline, x: Double(logical.x) / scale, width: Double(logical.width) / scale))
        } while pango_layout_iter_next_line(iter) != 0
        return result
    }

    /// Pango 1.50 leaves a justified line one space short when it wraps where an attribute changes
    /// (a formula, an italic word). Widen the line's inner spaces by the shortfall.
    private static func fixJustification(_ layout: OpaquePointer, width: Double) {
        guard let textPointer = pango_layout_get_text(layout) else { return }
        let target = Int32((width * Double(PANGO_SCALE)).rounded())
        let count = Int(pango_layout_get_line_count(layout))
        // Non-readonly access: Pango drops its cached extents because we may change glyphs.
        var lineList: [UnsafeMutablePointer<PangoLayoutLine>] = []
        for i in 0..<count {
            if let line = pango_layout_get_line(layout, Int32(i)) { lineList.append(line) }
        }
        for (i, line) in lineList.enumerated() {
            // The last line of a paragraph is not justified.
            if i + 1 == lineList.count || lineList[i + 1].pointee.is_paragraph_start != 0 { continue }
            var logical = PangoRectangle()
            pango_layout_line_get_extents(line, nil, &logical)
            let short = target - logical.width
            guard short > 0 else { continue }
            let lineEnd = Int(line.pointee.start_index + line.pointee.length)
            // Inner spaces: space glyphs that are not trailing at the line end.
            var spaces: [(glyphs: UnsafeMutablePointer<PangoGlyphString>, index: Int)] = []
            var trailing: [(glyphs: UnsafeMutablePointer<PangoGlyphString>, index: Int)] = []
            var node = line.pointee.runs
            while let n = node {
                if let run = n.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
                    let item = run.pointee.item, let glyphs = run.pointee.glyphs
                {
                    let offset = Int(item.pointee.offset)
                    for g in 0..<Int(glyphs.pointee.num_glyphs) {
                        let byte = offset + Int(glyphs.pointee.log_clusters[g])
                        if UInt8(bitPattern: textPointer[byte]) == 0x20 {
                            if byte >= lineEnd - 1 && isOnlySpacesAfter(textPointer, byte, lineEnd) {
                                trailing.append((glyphs, g))
                            } else {
                                spaces.append((glyphs, g))
                            }
                        }
                    }
                }
                node = n.pointee.next
            }
            _ = trailing
            // A shortfall over 30 pt is not this bug (a line with one huge word); leave such lines alone.
            guard !spaces.isEmpty, short < 3 * 10 * Int32(PANGO_SCALE) else { continue }
            let each = short / Int32(spaces.count)
            var rest = short - each * Int32(spaces.count)
            for s in spaces {
                var add = each
                if rest > 0 {
                    add += 1
                    rest -= 1
                }
                s.glyphs.pointee.glyphs[s.index].geometry.width += add
            }
        }
    }

    private static func isOnlySpacesAfter(_ text: UnsafePointer<CChar>, _ byte: Int, _ end: Int) -> Bool {
        var i = byte
        while i < end {
            if UInt8(bitPattern: text[i]) != 0x20 { return false }
            i += 1
        }
        return true
    }
}

/// Everything a `RichParagraph` is made from, as data: how a figure keeps a label with inline math.
public struct ParagraphRecipe: Codable, Equatable, Sendable {
    public var markup: String
    /// The inline drawables, recorded, in the order of the placeholders.
    public var inline: [DisplayList]
    public var font: Font
    public var width: Double?
    public var alignment: TextAlignment
    public var color: Color
    public var strut: Bool

    /// The paragraph's words without markup, each drawable's own texts in its place.
    public var text: String {
        var plain: UnsafeMutablePointer<CChar>? = nil
        guard pango_parse_markup(markup, -1, 0, nil, &plain, nil, nil) != 0, let plain else { return markup }
        defer { g_free(plain) }
        var drawables = inline.makeIterator()
        return String(cString: plain).map { character -> String in
            guard character == RichParagraph.placeholder else { return String(character) }
            return drawables.next()?.texts.joined() ?? ""
        }.joined()
    }
}

/// The drawables of one paragraph, reached from Pango's shape renderer through its user-data pointer.
final class ShapeRegistry: @unchecked Sendable {
    let drawables: [any Drawable]
    let color: Color
    var kind: SurfaceKind = .pdf
    init(drawables: [any Drawable], color: Color) {
        self.drawables = drawables
        self.color = color
    }
}

/// Pango calls this with the current point at the shape's left end on the baseline.
private let drawShape: PangoCairoShapeRendererFunc = { cr, attr, doPath, data in
    guard let cr, let attr, let data, doPath == 0, let tag = attr.pointee.data else { return }
    let registry = Unmanaged<ShapeRegistry>.fromOpaque(data).takeUnretainedValue()
    let index = Int(bitPattern: tag) - 1
    guard registry.drawables.indices.contains(index) else { return }
    var x = 0.0
    var y = 0.0
    cairo_get_current_point(cr, &x, &y)
    cairo_save(cr)
    registry.drawables[index].draw(on: Canvas(cr: cr, kind: registry.kind), at: Point(x, y))
    cairo_restore(cr)
}
