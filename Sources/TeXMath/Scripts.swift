/// Sub- and superscripts (Appendix G rule 18) and limits (rule 13a), with the OpenType MATH constants.
extension Typesetter {
    /// Rule 18: scripts beside the base. A character base ignores the baseline drops (18a) and puts
    /// the superscript after its italic correction, the subscript before it (18f).
    func scripts(base: Box, sup: MathList?, sub: MathList?, _ style: Style) throws -> Box {
        let supStyle = style.sup
        let subStyle = style.sub
        let supBox = try sup.map { try list($0, supStyle) }
        let subBox = try sub.map { try list($0, subStyle) }
        let isChar = base.isCharacter
        let delta = isChar || base.isLargeOperator ? base.italic : 0

        // 18a: starting shifts from the base's own height and depth (the drops are script-size constants).
        var u = isChar ? 0 : base.height - c(.superscriptBaselineDropMax, supStyle)
        var v = isChar ? 0 : base.depth + c(.subscriptBaselineDropMin, subStyle)

        if let supBox {
            // 18c: at least the (cramped) shift up, and the superscript's bottom not too low.
            let shiftUp = style.cramped ? c(.superscriptShiftUpCramped, style) : c(.superscriptShiftUp, style)
            u = max(u, shiftUp, supBox.depth + c(.superscriptBottomMin, style))
        }
        if let subBox {
            if supBox == nil {
                // 18b: subscript alone: at least the shift down, and its top not too high.
                v = max(v, c(.subscriptShiftDown, style), subBox.height - c(.subscriptTopMax, style))
            } else {
                v = max(v, c(.subscriptShiftDown, style))
            }
        }
        if let supBox, let subBox {
            // 18e: keep a minimum gap between the two; lift the superscript as far as the MATH table allows.
            let gap = (u - supBox.depth) - (subBox.height - v)
            let minGap = c(.subSuperscriptGapMin, style)
            if gap < minGap {
                v += minGap - gap
                let lift = c(.superscriptBottomMaxWithSubscript, style) - (u - supBox.depth)
                if lift > 0 {
                    u += lift
                    v -= lift
                }
            }
        }

        var out = base
        out.isCharacter = false
        out.topAccent = nil
        let start = base.width
        var scriptsWidth = 0.0
        let supKern = supBox.map { cutIn(base: base, script: $0, superscript: true, shift: u, style) } ?? 0
        let subKern = subBox.map { cutIn(base: base, script: $0, superscript: false, shift: v, style) } ?? 0
        if let supBox {
            out.place(supBox, dx: start + delta + supKern, dy: -u)
            out.height = max(out.height, supBox.height + u)
            out.depth = max(out.depth, supBox.depth - u)
            scriptsWidth = max(scriptsWidth, delta + supKern + supBox.width)
        }
        if let subBox {
            out.place(subBox, dx: start + subKern, dy: v)
            out.height = max(out.height, subBox.height - v)
            out.depth = max(out.depth, subBox.depth + v)
            scriptsWidth = max(scriptsWidth, subKern + subBox.width)
        }
        // TeX's \scriptspace after the scripts.
        out.width = start + scriptsWidth + c(.spaceAfterScript, style)
        out.italic = 0
        return out
    }

    /// OpenType's cut-in kerning (MathKernInfo) between a character base and a script: the kerns of the
    /// facing corners are summed at two correction heights and the larger (safer) sum is used.
    func cutIn(base: Box, script: Box, superscript: Bool, shift: Double, _ style: Style) -> Double {
        guard base.isCharacter || base.isLargeOperator, let baseGlyph = base.glyphs.last?.glyph else { return 0 }
        let k = size(style) / upem
        let scriptGlyph = script.isCharacter ? script.glyphs.first?.glyph : nil
        let scriptK = script.glyphs.first.map { $0.size / upem } ?? k
        func kern(at height: Double) -> Double {
            // Heights in points relative to the base's baseline.
            var total =
                font.kerning(
                    baseGlyph, corner: superscript ? .topRight : .bottomRight, height: height / k) * k
            if let scriptGlyph {
                let local = superscript ? height - shift : height + shift
                total +=
                    font.kerning(
                        scriptGlyph, corner: superscript ? .bottomLeft : .topLeft, height: local / scriptK) * scriptK
            }
            return total
        }
        if superscript {
            return max(kern(at: shift - script.depth), kern(at: base.height))
        }
        return max(kern(at: script.height - shift), kern(at: -base.depth))
    }

    /// Rule 13a: limits centred above and below an operator (or `\underset`, `\overbrace` bases);
    /// the superscript moves right and the subscript left by half the italic correction.
    func limits(base: Box, sup: MathList?, sub: MathList?, _ style: Style) throws -> Box {
        let supBox = try sup.map { try list($0, style.sup) }
        let subBox = try sub.map { try list($0, style.sub) }
        let delta = base.isCharacter || base.isLargeOperator ? base.italic : 0
        let width = max(base.width, supBox?.width ?? 0, subBox?.width ?? 0)
        var out = Box(width: width, height: base.height, depth: base.depth)
        let baseX = (width - base.width) / 2
        out.place(base, dx: baseX, dy: 0)
        if let supBox {
            let rise = max(c(.upperLimitGapMin, style) + supBox.depth, c(.upperLimitBaselineRiseMin, style))
            let baseline = base.height + rise
            out.place(supBox, dx: (width - supBox.width) / 2 + delta / 2, dy: -baseline)
            out.height = baseline + supBox.height
        }
        if let subBox {
            let drop = max(c(.lowerLimitGapMin, style) + subBox.height, c(.lowerLimitBaselineDropMin, style))
            let baseline = base.depth + drop
            out.place(subBox, dx: (width - subBox.width) / 2 - delta / 2, dy: baseline)
            out.depth = baseline + subBox.depth
        }
        return out
    }
}
