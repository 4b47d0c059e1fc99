import Graphics

/// Growing glyphs: delimiters, radical signs, braces and wide accents — first the font's size variants,
/// then glyph assembly from its pieces (OpenType MATH `MathVariants`).
extension Typesetter {
    /// TeX's `\delimiterfactor` and `\delimitershortfall` (901 and 5pt at 10pt): rule 19.
    static let delimiterFactor = 901.0
    static let delimiterShortfall = 0.5

    /// The least total size rule 19 asks of a delimiter around material of this height and depth.
    func requiredDelimiterSize(height: Double, depth: Double, _ style: Style) -> Double {
        let a = axis(style)
        let delta = max(height - a, depth + a)
        return max(delta * Self.delimiterFactor / 500, 2 * delta - Self.delimiterShortfall * size(style))
    }

    /// A delimiter of at least `total` height plus depth, centred on the math axis; nil is `.` (empty).
    func delimiter(_ c: Unicode.Scalar?, atLeast total: Double, _ style: Style) throws -> Box {
        guard let c else { return .kern(nullDelimiterSpace(style)) }
        let box = try stretchedVertical(c, atLeast: total, style)
        let shift = (box.height - box.depth) / 2 - axis(style)
        var out = box.raised(-shift)
        out.isCharacter = false
        return out
    }

    /// A vertically stretchy glyph at least `total` tall (height + depth), on its own baseline.
    func stretchedVertical(_ c: Unicode.Scalar, atLeast total: Double, _ style: Style) throws -> Box {
        guard let gid = font.glyph(for: c) else { return try glyph(c, style) }
        let k = size(style) / upem
        let target = total / k
        let variants = font.variants(gid, vertical: true)
        if let v = variants.first(where: { $0.advance >= target }) {
            return glyphBox(v.glyph, style, text: String(c))
        }
        let parts = font.assembly(gid, vertical: true)
        if parts.contains(where: \.isExtender) {
            return assemble(parts, target: target, vertical: true, text: String(c), style)
        }
        return glyphBox(variants.last?.glyph ?? gid, style, text: String(c))
    }

    /// A horizontally stretchy glyph at least `width` wide (braces, wide accents, arrows).
    func stretchedHorizontal(_ c: Unicode.Scalar, atLeast width: Double, _ style: Style) throws -> Box {
        guard let gid = font.glyph(for: c) else { return try glyph(c, style) }
        let k = size(style) / upem
        let target = width / k
        let variants = font.variants(gid, vertical: false)
        if let v = variants.first(where: { $0.advance >= target }) {
            return glyphBox(v.glyph, style, text: String(c))
        }
        let parts = font.assembly(gid, vertical: false)
        if parts.contains(where: \.isExtender) {
            return assemble(parts, target: target, vertical: false, text: String(c), style)
        }
        return glyphBox(variants.last?.glyph ?? gid, style, text: String(c))
    }

    /// A wide accent or brace over (or under) a base `width` wide, chosen as LuaTeX chooses it: the
    /// widest variant that is not wider than the base; the assembly, at the base's width, only when
    /// every variant is narrower; the smallest variant when even that is wider.
    func wideAccentGlyph(_ c: Unicode.Scalar, fitting width: Double, _ style: Style) throws -> Box {
        guard let gid = font.glyph(for: c) else { return try glyph(c, style) }
        let k = size(style) / upem
        let target = width / k
        let variants = font.variants(gid, vertical: false)
        guard let widest = variants.last, widest.advance < target else {
            let fitting = variants.last(where: { $0.advance <= target }) ?? variants.first
            return glyphBox(fitting?.glyph ?? gid, style, text: String(c))
        }
        let parts = font.assembly(gid, vertical: false)
        if parts.contains(where: \.isExtender) {
            return assemble(parts, target: target, vertical: false, text: String(c), style)
        }
        return glyphBox(widest.glyph, style, text: String(c))
    }

    /// Glyph assembly: repeat the extenders as few times as reach `target` (font units) with the least
    /// connector overlap, then spread the overlaps evenly, within what each pair of connectors allows.
    func assemble(_ parts: [MathGlyphPart], target: Double, vertical: Bool, text: String, _ style: Style) -> Box {
        let minOverlap = font.minConnectorOverlap(vertical: vertical)
        var sequence: [MathGlyphPart] = []
        for repeats in 1...64 {
            sequence = parts.flatMap { $0.isExtender ? Array(repeating: $0, count: repeats) : [$0] }
            let longest = sequence.reduce(0) { $0 + $1.fullAdvance } - Double(sequence.count - 1) * minOverlap
            if longest >= target { break }
        }
        let sum = sequence.reduce(0) { $0 + $1.fullAdvance }
        let joints = max(sequence.count - 1, 1)
        let wanted = (sum - target) / Double(joints)
        let k = size(style) / upem
        var out = Box()
        var offset = 0.0
        var first = true
        for (i, part) in sequence.enumerated() {
            if i > 0 {
                let allowed = min(sequence[i - 1].endConnector, part.startConnector)
                offset -= min(max(wanted, minOverlap), max(allowed, minOverlap))
            }
            let m = font.metrics(part.glyph)
            // Only the first piece carries the character, so copied text reads as one symbol.
            let piece = PlacedGlyph(
                glyph: part.glyph, x: 0, y: 0, size: size(style), text: first ? text : "", color: style.color)
            first = false
            if vertical {
                var g = piece
                g.y = -(offset - m.yMin) * k
                out.glyphs.append(g)
                out.width = max(out.width, m.advance * k)
            } else {
                var g = piece
                g.x = offset * k
                out.glyphs.append(g)
                out.height = max(out.height, m.yMax * k)
                out.depth = max(out.depth, -m.yMin * k)
            }
            offset += part.fullAdvance
        }
        if vertical {
            out.height = offset * k
        } else {
            out.width = offset * k
        }
        return out
    }

    /// `\left ... \middle ... \right`: every delimiter sized by rule 19 to the tallest piece.
    func fenced(_ pieces: [MathList], _ delimiters: [Unicode.Scalar?], _ style: Style) throws -> Box {
        let boxes = try pieces.map { try list($0, style) }
        let height = boxes.map(\.height).max() ?? 0
        let depth = boxes.map(\.depth).max() ?? 0
        let total = requiredDelimiterSize(height: height, depth: depth, style)
        var out = Box()
        for (i, d) in delimiters.enumerated() {
            out.append(try delimiter(d, atLeast: total, style))
            if i < boxes.count { out.append(boxes[i]) }
        }
        out.isCharacter = false
        out.italic = 0
        return out
    }

    /// `\big` ... `\Bigg`: the delimiter plain TeX makes around an invisible box 8.5, 11.5, 14.5, 17.5pt tall.
    func bigDelimiter(_ c: Unicode.Scalar?, size bigSize: Int, _ style: Style) throws -> Box {
        let heights = [0.85, 1.15, 1.45, 1.75]
        let h = heights[min(max(bigSize, 1), 4) - 1] * size(style)
        let total = requiredDelimiterSize(height: h, depth: 0, style)
        return try delimiter(c, atLeast: total, style)
    }
}
