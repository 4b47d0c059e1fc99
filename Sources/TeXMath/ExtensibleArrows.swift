import Graphics

/// `\xrightarrow[below]{above}` and the other arrows that grow under and over their labels, set as
/// amsmath's `\ext@arrow` sets them: the arrow is as wide as the wider label with padding (at least
/// its natural width), a relation whose labels are limits in script style.
struct ExtensibleArrow: Sendable {
    /// The arrow character; the font's horizontal variants and assembly make it grow.
    var arrow: Unicode.Scalar
    /// Space (mu, script style) added left and right of a label when measuring the arrow's width.
    var widthPadding: (left: Double, right: Double)
    /// Space (mu, script style) set left and right of each label, so it sits off the arrow head.
    var labelPadding: (left: Double, right: Double)
    /// The width (em) of amsmath's arrow fill with no label: its two end pieces less 14mu of overlap.
    var naturalWidth = 1.0

    /// The commands, with the padding amsmath and mathtools give each (`\ext@arrow` arguments).
    static let commands: [String: ExtensibleArrow] = {
        let right = (left: 5.0, right: 9.0)
        let left = (left: 9.0, right: 5.0)
        let both = (left: 9.0, right: 9.0)
        let towardsRight = (left: 0.0, right: 3.0)
        let towardsLeft = (left: 3.0, right: 0.0)
        let towardsBoth = (left: 3.0, right: 3.0)
        func arrow(
            _ c: Unicode.Scalar, _ w: (left: Double, right: Double), _ l: (left: Double, right: Double),
            natural: Double = 1
        ) -> ExtensibleArrow {
            ExtensibleArrow(arrow: c, widthPadding: w, labelPadding: l, naturalWidth: natural)
        }
        return [
            "xrightarrow": arrow("\u{2192}", right, towardsRight),
            "xleftarrow": arrow("\u{2190}", left, towardsLeft),
            // Two arrow heads (1em each) less the 14mu they overlap.
            "xleftrightarrow": arrow("\u{2194}", both, towardsBoth, natural: 2 - 14.0 / 18),
            "xRightarrow": arrow("\u{21D2}", right, towardsRight),
            "xLeftarrow": arrow("\u{21D0}", left, towardsLeft),
            "xLeftrightarrow": arrow("\u{21D4}", both, towardsBoth, natural: 2 - 14.0 / 18),
            // mathtools' \mapstofill@ (measured with LuaLaTeX: 1.472em).
            "xmapsto": arrow("\u{21A6}", right, towardsRight, natural: 1.472),
            // The hook adds its width to the fill (measured with LuaLaTeX: 1.111em).
            "xhookrightarrow": arrow("\u{21AA}", right, towardsRight, natural: 1.111),
            "xhookleftarrow": arrow("\u{21A9}", left, towardsLeft, natural: 1.111),
            "xrightharpoonup": arrow("\u{21C0}", right, towardsRight),
            "xrightharpoondown": arrow("\u{21C1}", right, towardsRight),
            "xleftharpoonup": arrow("\u{21BC}", left, towardsLeft),
            "xleftharpoondown": arrow("\u{21BD}", left, towardsLeft),
            "xrightleftharpoons": arrow("\u{21CC}", both, towardsBoth),
            "xleftrightharpoons": arrow("\u{21CB}", both, towardsBoth),
        ]
    }()
}

extension Typesetter {
    /// The arrow stretched under/over its labels, with the labels as limits (rule 13a). An empty
    /// label (`\xleftarrow[x]{}`) is left out, as amsmath's `\@ifnotempty` does.
    func extensibleArrow(_ x: ExtensibleArrow, over: MathList, under: MathList, _ style: Style) throws -> Box {
        let labelStyle = style.sup
        let mu = size(labelStyle) / 18
        let padding = (x.widthPadding.left + x.widthPadding.right) * mu
        let overWidth = over.isEmpty ? 0 : try list(over, labelStyle).width + padding
        let underWidth = under.isEmpty ? 0 : try list(under, style.sub).width + padding
        // amsmath sets the arrow in display style, so it keeps its size in scripts.
        let arrowStyle = style.with(.display, cramped: style.cramped)
        let width = max(overWidth, underWidth, x.naturalWidth * size(arrowStyle))
        let arrow = try arrowGlyph(x.arrow, width: width, arrowStyle)
        func padded(_ label: MathList) -> MathList? {
            if label.isEmpty { return nil }
            return [Atom(.ord, .space(x.labelPadding.left, mu: true))] + label
                + [Atom(.ord, .space(x.labelPadding.right, mu: true))]
        }
        return try limits(base: arrow, sup: padded(over), sub: padded(under), style)
    }

    /// The arrow exactly `width` wide, as amsmath's fill makes it: the character itself when it is
    /// that wide, else the font's assembly at that width, else the narrowest variant at least as wide;
    /// centred in a box of the width.
    private func arrowGlyph(_ c: Unicode.Scalar, width: Double, _ style: Style) throws -> Box {
        var glyph = try self.glyph(c, style)
        let tolerance = 1e-6 * size(style)
        if glyph.width < width - tolerance, let gid = font.glyph(for: c) {
            let k = size(style) / upem
            let parts = font.assembly(gid, vertical: false)
            let assembled =
                parts.contains(where: \.isExtender)
                ? assemble(parts, target: width / k, vertical: false, text: String(c), style) : nil
            if let assembled, abs(assembled.width - width) <= tolerance {
                glyph = assembled
            } else {
                glyph = try stretchedHorizontal(c, atLeast: width, style)
            }
        }
        let boxWidth = max(width, glyph.width)
        var out = Box(width: boxWidth, height: glyph.height, depth: glyph.depth)
        out.place(glyph, dx: (boxWidth - glyph.width) / 2, dy: 0)
        return out
    }
}
