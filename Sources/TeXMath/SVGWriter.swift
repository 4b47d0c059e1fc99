import Graphics

extension Formula {
    /// The formula as a standalone SVG document written directly (no Cairo): each glyph outline once in
    /// `<defs>`, placed with `<use>`; ids start with `idPrefix` so many formulas can share one HTML page.
    /// Sizes are in points (`unit: "pt"`) or CSS pixels (`unit: "px"`, 1pt = 1px as Graphics' SVG).
    public func svg(idPrefix: String = "f", padding: Double = 1, unit: String = "pt") -> String {
        var w = SVGBytes()
        let width = box.width + 2 * padding
        let height = box.height + box.depth + 2 * padding
        w.text("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        w.number(width)
        w.text(unit)
        w.text("\" height=\"")
        w.number(height)
        w.text(unit)
        w.text("\" viewBox=\"0 0 ")
        w.number(width)
        w.text(" ")
        w.number(height)
        w.text("\" role=\"img\" aria-label=\"")
        w.text(MathMLWriter.escape(tex))
        w.text("\">")
        writeContent(into: &w, idPrefix: idPrefix, padding: padding)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The formula as an `<svg>` element to sit inside HTML: no namespace declaration (HTML parsers add
    /// it), the viewBox is the formula's box in points, `width`/`height` are CSS values chosen by the
    /// page (e.g. "3.2em"), `attributes` are extra, already escaped attributes of the tag.
    public func inlineSVG(idPrefix: String, width: String, height: String, attributes: String = "") -> String {
        var w = SVGBytes()
        w.text("<svg viewBox=\"0 0 ")
        w.number(box.width)
        w.text(" ")
        w.number(box.height + box.depth)
        w.text("\" width=\"")
        w.text(width)
        w.text("\" height=\"")
        w.text(height)
        w.text("\"")
        if !attributes.isEmpty {
            w.text(" ")
            w.text(attributes)
        }
        w.text(">")
        writeContent(into: &w, idPrefix: idPrefix, padding: 0)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// `<defs>` with each glyph outline once, then a `<use>` per glyph and a `<rect>` per rule, and `</svg>`.
    private func writeContent(into w: inout SVGBytes, idPrefix: String, padding: Double) {
        let ox = padding
        let oy = padding + box.height
        w.text("<defs>")
        var defined: Set<UInt32> = []
        for g in box.glyphs where defined.insert(g.glyph).inserted {
            w.text("<path id=\"")
            w.text(idPrefix)
            w.text("-g")
            w.integer(Int(g.glyph))
            w.text("\" d=\"")
            w.text(font.outlinePath(g.glyph))
            w.text("\"/>")
        }
        w.text("</defs><g>")
        // Glyph sizes repeat (text, script, scriptscript): format each scale once.
        var scales: [Double: String] = [:]
        for g in box.glyphs {
            w.text("<use href=\"#")
            w.text(idPrefix)
            w.text("-g")
            w.integer(Int(g.glyph))
            w.text("\" transform=\"translate(")
            w.number(ox + g.x)
            w.text(" ")
            w.number(oy + g.y)
            w.text(") scale(")
            if let s = scales[g.size] {
                w.text(s)
            } else {
                let s = Self.fraction(g.size / font.unitsPerEm)
                scales[g.size] = s
                w.text(s)
            }
            w.text(")\"")
            if g.color != .black {
                w.text(" fill=\"")
                w.text(g.color.cssHex)
                w.text("\"")
            }
            w.text("/>")
        }
        for r in box.rules {
            w.text("<rect x=\"")
            w.number(ox + r.x)
            w.text("\" y=\"")
            w.number(oy + r.y)
            w.text("\" width=\"")
            w.number(r.width)
            w.text("\" height=\"")
            w.number(r.height)
            w.text("\"")
            if r.color != .black {
                w.text(" fill=\"")
                w.text(r.color.cssHex)
                w.text("\"")
            }
            w.text("/>")
        }
        w.text("</g></svg>")
    }

    /// A small positive number (a glyph scale such as 0.007) with up to six decimals.
    static func fraction(_ v: Double) -> String {
        let micro = Int((v * 1_000_000).rounded())
        var digits = String(micro % 1_000_000)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return String(micro / 1_000_000) + (digits.isEmpty ? "" : "." + digits)
    }
}

/// A byte buffer for SVG text: appending bytes is much cheaper than growing a String by interpolation.
struct SVGBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(8192) }

    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func integer(_ v: Int) {
        if v < 0 {
            bytes.append(UInt8(ascii: "-"))
            integer(-v)
            return
        }
        if v >= 10 { integer(v / 10) }
        bytes.append(UInt8(48 + v % 10))
    }

    /// Up to two decimals, no trailing zeros (0.01pt is far below what any output can show).
    mutating func number(_ v: Double) {
        let scaled = Int((v * 100).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let a = abs(scaled)
        integer(a / 100)
        let frac = a % 100
        if frac != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(48 + frac / 10))
            if frac % 10 != 0 { bytes.append(UInt8(48 + frac % 10)) }
        }
    }
}
