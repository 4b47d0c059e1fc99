import Graphics

extension Formula {
    /// The formula as a standalone SVG document written directly (no Cairo): each glyph outline once in
    /// `<defs>`, placed with `<use>`; ids start with `idPrefix` so many formulas can share one HTML page.
    /// Sizes are in points (`unit: "pt"`) or CSS pixels (`unit: "px"`, 1pt = 1px as Graphics' SVG).
    public func svg(idPrefix: String = "f", padding: Double = 1, unit: String = "pt") -> String {
        let w = box.width + 2 * padding
        let h = box.height + box.depth + 2 * padding
        let ox = padding
        let oy = padding + box.height
        var defined: Set<UInt32> = []
        var defs = ""
        var body = ""
        defs.reserveCapacity(4096)
        body.reserveCapacity(1024)
        let k = 1 / font.unitsPerEm
        for g in box.glyphs {
            if defined.insert(g.glyph).inserted {
                defs += "<path id=\"\(idPrefix)-g\(g.glyph)\" d=\"\(font.outlinePath(g.glyph))\"/>"
            }
            let s = Self.fraction(g.size * k)
            body += "<use href=\"#\(idPrefix)-g\(g.glyph)\" transform=\"translate(\(SVGNumber.format(ox + g.x)) "
            body += "\(SVGNumber.format(oy + g.y))) scale(\(s))\""
            if g.color != .black { body += " fill=\"\(g.color.cssHex)\"" }
            body += "/>"
        }
        for r in box.rules {
            body += "<rect x=\"\(SVGNumber.format(ox + r.x))\" y=\"\(SVGNumber.format(oy + r.y))\" "
            body += "width=\"\(SVGNumber.format(r.width))\" height=\"\(SVGNumber.format(r.height))\""
            if r.color != .black { body += " fill=\"\(r.color.cssHex)\"" }
            body += "/>"
        }
        let ws = SVGNumber.format(w)
        let hs = SVGNumber.format(h)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(ws)\(unit)\" height=\"\(hs)\(unit)\" "
            + "viewBox=\"0 0 \(ws) \(hs)\" role=\"img\" aria-label=\"\(MathMLWriter.escape(tex))\">"
            + "<defs>\(defs)</defs><g>\(body)</g></svg>"
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
