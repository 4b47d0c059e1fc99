import Graphics

/// A drawable as an `<svg>` element ready to sit inside HTML: no XML declaration, no namespace
/// URLs (HTML parsers put inline SVG in the SVG namespace by themselves), ids prefixed so that
/// many pictures can share one page.
enum InlineSVG {
    /// - Parameters:
    ///   - width, height: the width and height attributes (e.g. "12.5em"); without a height the
    ///     browser keeps the viewBox's aspect ratio.
    ///   - attributes: extra attributes for the `<svg>` tag, already escaped.
    static func render(
        _ drawable: any Drawable, idPrefix: String, width: String, height: String?,
        attributes: String
    ) throws -> String {
        let bytes = try Surface.render(drawable, as: .svg, idPrefix: idPrefix)
        // Graphics has already renamed every id `<idPrefix>-<n>` in order of appearance.
        let svg = String(decoding: bytes, as: UTF8.self)
        guard let start = svg.utf8Range(of: "<svg"),
            let tagEnd = svg[start.upperBound...].firstIndex(of: ">")
        else { throw GraphicsError("Cairo wrote SVG without an <svg> element") }
        let body = svg[svg.index(after: tagEnd)...]
        let w = fmt(drawable.width)
        let h = fmt(drawable.height)
        var out = "<svg viewBox=\"0 0 \(w) \(h)\" width=\"\(width)\""
        if let height { out += " height=\"\(height)\"" }
        if !attributes.isEmpty { out += " " + attributes }
        out += ">"
        out += body.trimmingSuffixNewlines()
        // Graphics has already kept pixel images sharp (image-rendering on every <image>).
        return out
    }
}

extension Substring {
    func trimmingSuffixNewlines() -> Substring {
        var s = self
        while let l = s.last, l == "\n" || l == " " { s.removeLast() }
        return s
    }
}
