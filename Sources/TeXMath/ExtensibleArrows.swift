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

    /// The commands, with the padding amsmath and mathtools give each (`\ext@arrow` arguments).
    static let commands: [String: ExtensibleArrow] = {
        let right = (left: 5.0, right: 9.0)
        let left = (left: 9.0, right: 5.0)
        let both = (left: 9.0, right: 9.0)
        let towardsRight = (left: 0.0, right: 3.0)
        let towardsLeft = (left: 3.0, right: 0.0)
        let towardsBoth = (left: 3.0, right: 3.0)
        func arrow(_ c: Unicode.Scalar, _ w: (left: Double, right: Double), _ l: (left: Double, right: Double))
            -> ExtensibleArrow
        {
            ExtensibleArrow(arrow: c, widthPadding: w, labelPadding: l)
        }
        return [
            "xrightarrow": arrow("\u{2192}", right, towardsRight),
            "xleftarrow": arrow("\u{2190}", left, towardsLeft),
            "xleftrightarrow": arrow("\u{2194}", both, towardsBoth),
            "xRightarrow": arrow("\u{21D2}", right, towardsRight),
            "xLeftarrow": arrow("\u{21D0}", left, towardsLeft),
            "xLeftrightarrow": arrow("\u{21D4}", both, towardsBoth),
            "xmapsto": arrow("\u{21A6}", right, towardsRight),
            "xhookrightarrow": arrow("\u{21AA}", right, towardsRight),
            "xhookleftarrow": arrow("\u{21A9}", left, towardsLeft),
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
        var arrow = try stretchedHorizontal(x.arrow, atLeast: max(overWidth, underWidth), arrowStyle)
        arrow.isCharacter = false
        arrow.italic = 0
        func padded(_ label: MathList) -> MathList? {
            if label.isEmpty { return nil }
            return [Atom(.ord, .space(x.labelPadding.left, mu: true))] + label
                + [Atom(.ord, .space(x.labelPadding.right, mu: true))]
        }
        return try limits(base: arrow, sup: padded(over), sub: padded(under), style)
    }
}
