import Graphics

/// A filled rectangle of a formula (fraction bar, radical overbar, box frame), relative to the box origin.
struct RuleItem: Sendable {
    var x: Double
    /// Top edge, y growing downwards from the baseline.
    var y: Double
    var width: Double
    var height: Double
    var color: Color
}

/// TeX's box: width, height above and depth below the baseline, with its ink flattened into glyphs
/// and rules positioned relative to the left end of the baseline (y downwards). Sizes in points.
struct Box: Sendable {
    var width: Double = 0
    var height: Double = 0
    var depth: Double = 0
    var glyphs: [PlacedGlyph] = []
    var rules: [RuleItem] = []
    /// Italic correction of the last character (TeX's δ), for script placement.
    var italic: Double = 0
    /// True for a single character (TeX's "character box"): scripts then ignore the baseline drops.
    var isCharacter = false
    /// True for a large operator symbol: scripts use its italic correction but also the baseline drops.
    var isLargeOperator = false
    /// Horizontal position where an accent above attaches.
    var topAccent: Double?

    static func kern(_ width: Double) -> Box { Box(width: width) }

    /// The box at `factor` times its size: positions, glyph sizes and rules alike.
    func scaled(by factor: Double) -> Box {
        var out = self
        out.width *= factor
        out.height *= factor
        out.depth *= factor
        out.italic *= factor
        out.topAccent = topAccent.map { $0 * factor }
        for i in out.glyphs.indices {
            out.glyphs[i].x *= factor
            out.glyphs[i].y *= factor
            out.glyphs[i].size *= factor
        }
        for i in out.rules.indices {
            out.rules[i].x *= factor
            out.rules[i].y *= factor
            out.rules[i].width *= factor
            out.rules[i].height *= factor
        }
        return out
    }

    /// Adds `other` with its origin at (dx, dy) relative to this box's origin, without changing the size.
    mutating func place(_ other: Box, dx: Double, dy: Double) {
        if dx == 0 && dy == 0 {
            glyphs.append(contentsOf: other.glyphs)
            rules.append(contentsOf: other.rules)
            return
        }
        // No reserveCapacity here: reserving the exact count on every call defeats the array's
        // geometric growth and makes a long formula quadratic.
        for var g in other.glyphs {
            g.x += dx
            g.y += dy
            glyphs.append(g)
        }
        for var r in other.rules {
            r.x += dx
            r.y += dy
            rules.append(r)
        }
    }

    /// Appends `other` to the right, raised by `raise` (positive = up), growing height/depth.
    mutating func append(_ other: Box, raise: Double = 0) {
        place(other, dx: width, dy: -raise)
        width += other.width
        height = max(height, other.height + raise)
        depth = max(depth, other.depth - raise)
        isCharacter = false
        italic = other.italic
    }

    mutating func addRule(x: Double, top: Double, width: Double, thickness: Double, color: Color = .black) {
        rules.append(RuleItem(x: x, y: -top, width: width, height: thickness, color: color))
    }

    /// This box moved up by `amount`.
    func raised(_ amount: Double) -> Box {
        var b = Box(width: width, height: height + amount, depth: depth - amount)
        b.place(self, dx: 0, dy: -amount)
        b.italic = italic
        return b
    }

    /// This box inside a wider box, centred.
    func centered(in newWidth: Double) -> Box {
        guard newWidth > width else { return self }
        var b = Box(width: newWidth, height: height, depth: depth)
        b.place(self, dx: (newWidth - width) / 2, dy: 0)
        return b
    }

    /// Every glyph and rule repainted in `color`.
    func colored(_ color: Color) -> Box {
        var b = self
        for i in b.glyphs.indices { b.glyphs[i].color = color }
        for i in b.rules.indices { b.rules[i].color = color }
        return b
    }
}
