import Graphics

/// Fractions (rule 15), radicals (rule 11), accents (rule 12), over/underlines (rules 9-10) and braces.
extension Typesetter {
    /// Rule 15 with the MATH table: numerator and denominator shifted from the axis, keeping the minimum
    /// gaps to the bar; without a bar (`\binom`) the stack constants apply. Null delimiters pad both sides.
    func fraction(_ f: Fraction, _ outer: Style) throws -> Box {
        var style = outer
        if let forced = f.style { style = style.with(forced, cramped: style.cramped) }
        let display = style.level == .display
        var num = try list(f.numerator, style.numerator)
        if f.numeratorStrut {
            num.height = max(num.height, 0.84 * size(style.numerator))
            num.depth = max(num.depth, 0.36 * size(style.numerator))
        }
        let den = try list(f.denominator, style.denominator)
        let a = axis(style)
        var u: Double
        var v: Double
        var thickness = 0.0
        if f.hasRule {
            thickness = c(.fractionRuleThickness, style)
            u = c(display ? .fractionNumeratorDisplayStyleShiftUp : .fractionNumeratorShiftUp, style)
            v = c(display ? .fractionDenominatorDisplayStyleShiftDown : .fractionDenominatorShiftDown, style)
            let numGap = c(display ? .fractionNumDisplayStyleGapMin : .fractionNumeratorGapMin, style)
            let denGap = c(display ? .fractionDenomDisplayStyleGapMin : .fractionDenominatorGapMin, style)
            let aboveBar = (u - num.depth) - (a + thickness / 2)
            if aboveBar < numGap { u += numGap - aboveBar }
            let belowBar = (a - thickness / 2) - (den.height - v)
            if belowBar < denGap { v += denGap - belowBar }
        } else {
            u = c(display ? .stackTopDisplayStyleShiftUp : .stackTopShiftUp, style)
            v = c(display ? .stackBottomDisplayStyleShiftDown : .stackBottomShiftDown, style)
            let minGap = c(display ? .stackDisplayStyleGapMin : .stackGapMin, style)
            let gap = (u - num.depth) - (den.height - v)
            if gap < minGap {
                u += (minGap - gap) / 2
                v += (minGap - gap) / 2
            }
        }
        let width = max(num.width, den.width)
        var stack = Box(width: width, height: u + num.height, depth: v + den.depth)
        stack.place(num, dx: (width - num.width) / 2, dy: -u)
        stack.place(den, dx: (width - den.width) / 2, dy: v)
        if f.hasRule {
            stack.addRule(x: 0, top: a + thickness / 2, width: width, thickness: thickness, color: style.color)
        }
        // Rule 15e: delimiters around the stack (\binom), else null delimiter space.
        var out = Box()
        // LuaTeX's \Umathfractiondelsize for an OpenType font (2.4em in display style, 1.01em
        // otherwise; cmsy10's \delim1 is 2.39em, which picks a smaller parenthesis).
        let delimiterSize = display ? 2.40 : 1.01
        if let left = f.left {
            out.append(try delimiter(left, atLeast: delimiterSize * size(style), style))
        } else {
            out.append(.kern(nullDelimiterSpace(style)))
        }
        out.append(stack)
        if let right = f.right {
            out.append(try delimiter(right, atLeast: delimiterSize * size(style), style))
        } else {
            out.append(.kern(nullDelimiterSpace(style)))
        }
        return out
    }

    /// Rule 11 with the MATH table: the surd grows to cover the body plus gap and rule, the extra
    /// length is shared equally above and below; an index sits in scriptscript style over the hook.
    func radical(_ body: MathList, index: MathList?, _ style: Style) throws -> Box {
        let inner = try list(body, style.crampedStyle)
        let thickness = c(.radicalRuleThickness, style)
        var gap = c(style.level == .display ? .radicalDisplayStyleVerticalGap : .radicalVerticalGap, style)
        let needed = inner.height + inner.depth + gap + thickness
        var surd = try stretchedVertical("\u{221A}", atLeast: needed, style)
        let surdTotal = surd.height + surd.depth
        if surdTotal > needed { gap += (surdTotal - needed) / 2 }
        // Place the surd so its top is the top of the rule.
        let ruleTop = inner.height + gap + thickness
        surd = surd.raised(ruleTop - surd.height)
        var out = Box()
        if let index {
            let degree = try list(index, style.with(.scriptScript, cramped: false))
            let kernBefore = c(.radicalKernBeforeDegree, style)
            let kernAfter = c(.radicalKernAfterDegree, style)
            let raise = font.constant(.radicalDegreeBottomRaisePercent) / 100 * (surd.height + surd.depth) - surd.depth
            out.append(.kern(kernBefore))
            out.append(degree, raise: raise + degree.depth)
            out.append(.kern(kernAfter))
            if out.width < 0 { out.width = 0 }
        }
        out.append(surd)
        let ruleX = out.width
        out.append(inner)
        out.addRule(x: ruleX, top: ruleTop, width: inner.width, thickness: thickness, color: style.color)
        out.height = max(out.height, ruleTop + c(.radicalExtraAscender, style))
        return out
    }

    /// Rule 12 with the MATH table: the accent's attachment point over the base's, raised by the base's
    /// height above the accent base height; wide accents take the first variant at least as wide as the base.
    func accent(_ accent: Unicode.Scalar, body: MathList, stretchy: Bool, _ style: Style) throws -> Box {
        let base = try list(body, style.crampedStyle, keepCharacter: true)
        return try self.accent(accent, over: base, attachTo: base, stretchy: stretchy, style)
    }

    /// Rule 12 when an accented character has scripts: TeX attaches the scripts to the character first,
    /// then sets the accent by the character alone, so the scripts sit as on a plain letter.
    func accentWithScripts(
        _ accent: Unicode.Scalar, character: Atom, stretchy: Bool, sup: MathList?, sub: MathList?,
        _ style: Style
    ) throws -> Box {
        let char = try nucleus(character, style)
        let withScripts = try scripts(base: char, sup: sup, sub: sub, style)
        return try self.accent(accent, over: withScripts, attachTo: char, stretchy: stretchy, style)
    }

    /// Sets `accent` over `base`, positioned by `attachTo` (the base itself, or its character before scripts).
    private func accent(_ accent: Unicode.Scalar, over base: Box, attachTo char: Box, stretchy: Bool, _ style: Style)
        throws -> Box
    {
        var mark: Box
        if stretchy {
            mark = try wideAccentGlyph(accent, fitting: char.width, style)
        } else {
            mark = try glyph(accent, style)
            // OpenType: over a tall base (a capital) the font's flattened accent form is used.
            if char.height > c(.flattenedAccentBaseHeight, style), let g = mark.glyphs.first {
                let flat = font.flattenedAccent(g.glyph)
                if flat != g.glyph { mark = glyphBox(flat, style, text: g.text) }
            }
        }
        var out = base
        out.isCharacter = false
        let k = size(style) / upem
        let attach = char.isCharacter ? (char.topAccent ?? char.width / 2) : char.width / 2
        let markCenter: Double
        if let g = mark.glyphs.first, mark.glyphs.count == 1 {
            let m = font.metrics(g.glyph)
            markCenter = (m.xMin + m.xMax) / 2 * k
        } else {
            markCenter = mark.width / 2
        }
        let lift = max(0, char.height - c(.accentBaseHeight, style))
        out.place(mark, dx: attach - markCenter, dy: -lift)
        out.height = max(base.height, mark.height + lift)
        out.italic = base.italic
        return out
    }

    /// Rule 9: `\overline`, a rule a gap above the cramped body, with extra space above.
    func overline(_ body: MathList, _ style: Style) throws -> Box {
        let inner = try list(body, style.crampedStyle)
        let thickness = c(.overbarRuleThickness, style)
        let top = inner.height + c(.overbarVerticalGap, style) + thickness
        var out = Box(width: inner.width, height: top + c(.overbarExtraAscender, style), depth: inner.depth)
        out.place(inner, dx: 0, dy: 0)
        out.addRule(x: 0, top: top, width: inner.width, thickness: thickness, color: style.color)
        return out
    }

    /// Rule 10: `\underline`, a rule a gap below the body, with extra space below.
    func underline(_ body: MathList, _ style: Style) throws -> Box {
        let inner = try list(body, style)
        let thickness = c(.underbarRuleThickness, style)
        let top = -(inner.depth + c(.underbarVerticalGap, style))
        var out = Box(
            width: inner.width, height: inner.height,
            depth: -top + thickness + c(.underbarExtraDescender, style))
        out.place(inner, dx: 0, dy: 0)
        out.addRule(x: 0, top: top, width: inner.width, thickness: thickness, color: style.color)
        return out
    }

    /// `\overbrace` / `\underbrace`, set as unicode-math sets them in LuaTeX: a wide accent over (or
    /// under) the cramped body, the widest brace no wider than the body. Over: raised as rule 12
    /// raises accents; under: the brace, drawn below the baseline, moves down by the body's depth.
    func brace(_ body: MathList, over: Bool, _ style: Style) throws -> Box {
        let inner = try list(body, style.crampedStyle)
        let brace = try wideAccentGlyph(over ? "\u{23DE}" : "\u{23DF}", fitting: inner.width, style)
        let width = max(inner.width, brace.width)
        var out = Box(width: width, height: inner.height, depth: inner.depth)
        out.place(inner, dx: (width - inner.width) / 2, dy: 0)
        if over {
            let lift = max(0, inner.height - c(.accentBaseHeight, style))
            out.place(brace, dx: (width - brace.width) / 2, dy: -lift)
            out.height = max(inner.height, lift + brace.height)
        } else {
            out.place(brace, dx: (width - brace.width) / 2, dy: inner.depth)
            out.depth = max(inner.depth, inner.depth + brace.depth)
        }
        return out
    }
}
