import Graphics

/// The style a sub-formula is set in (TeXbook ch. 17): level, cramped, and the current colour.
struct Style: Sendable {
    var level: StyleLevel
    var cramped: Bool
    var color: Color = .black

    var isScript: Bool { level >= .script }

    /// The style of a superscript (rule 18a: D,T -> S; S,SS -> SS), crampedness kept.
    var sup: Style { with(level <= .text ? .script : .scriptScript, cramped: cramped) }
    /// The style of a subscript: as a superscript, always cramped.
    var sub: Style { with(sup.level, cramped: true) }
    /// Numerator style (rule 15: D -> T, T -> S, S/SS -> SS).
    var numerator: Style {
        with(level == .display ? .text : (level == .text ? .script : .scriptScript), cramped: cramped)
    }
    /// Denominator style: as the numerator, cramped.
    var denominator: Style { with(numerator.level, cramped: true) }
    var crampedStyle: Style { with(level, cramped: true) }

    func with(_ level: StyleLevel, cramped: Bool) -> Style { Style(level: level, cramped: cramped, color: color) }
}

/// Lays out atoms into boxes by the rules of TeXbook Appendix G, with constants from the font's MATH table.
final class Typesetter {
    let font: MathFont
    let fontSize: Double
    let upem: Double
    private let scaleDown: [Double]

    init(font: MathFont, fontSize: Double) {
        self.font = font
        self.fontSize = fontSize
        upem = font.unitsPerEm
        scaleDown = [
            1, 1, font.constant(.scriptPercentScaleDown) / 100, font.constant(.scriptScriptPercentScaleDown) / 100,
        ]
    }

    // MARK: Units

    /// The em of a style in points (script styles are scaled down by the MATH percentages).
    func size(_ style: Style) -> Double { fontSize * scaleDown[style.level.rawValue] }

    /// A MATH constant in points at the size of `style`.
    func c(_ constant: MathConstant, _ style: Style) -> Double { font.constant(constant) * size(style) / upem }

    func axis(_ style: Style) -> Double { c(.axisHeight, style) }

    /// TeX's `\nulldelimiterspace` (1.2pt at 10pt), which the MATH table lacks.
    func nullDelimiterSpace(_ style: Style) -> Double { 0.12 * size(style) }

    /// Default rule thickness (fraction bar) for rules the MATH table does not size.
    func ruleThickness(_ style: Style) -> Double { c(.fractionRuleThickness, style) }

    // MARK: Glyphs

    /// A character of the math font as a character box (ssty forms in script styles).
    func glyph(_ c: Unicode.Scalar, _ style: Style, text: String? = nil) throws -> Box {
        guard var gid = font.glyph(for: c) ?? Alphabets.fallback(for: c).flatMap({ font.glyph(for: $0) }) else {
            throw LayoutError(
                "Latin Modern Math has no glyph for '\(c)' (U+\(String(c.value, radix: 16, uppercase: true)))")
        }
        if style.isScript { gid = font.scriptVariant(gid, level: style.level == .script ? 1 : 2) }
        return glyphBox(gid, style, text: text ?? String(c))
    }

    /// A glyph by id as a character box: ink height and depth, advance width, italic correction.
    func glyphBox(_ gid: UInt32, _ style: Style, text: String) -> Box {
        let m = font.metrics(gid)
        let k = size(style) / upem
        var b = Box(width: m.advance * k, height: max(m.yMax * k, 0), depth: max(-m.yMin * k, 0))
        b.glyphs = [PlacedGlyph(glyph: gid, x: 0, y: 0, size: size(style), text: text, color: style.color)]
        b.italic = m.italicCorrection * k
        b.isCharacter = true
        b.topAccent = m.topAccentAttachment * k
        return b
    }

    /// Upright (or bold/italic) text set in the math font's Latin letters, spaces as interword glue.
    func text(_ s: String, _ alphabet: MathAlphabet, _ style: Style) throws -> Box {
        var b = Box()
        for c in s.unicodeScalars {
            if c == " " {
                b.append(.kern(Parser.interwordSpace * size(style)))
                continue
            }
            let mapped = alphabet == .roman ? c : Alphabets.map(c, alphabet)
            var g = try glyph(mapped, style, text: String(c))
            g.isCharacter = false
            b.append(g)
        }
        b.italic = 0
        return b
    }

    // MARK: Lists

    /// Spacing between atom classes (TeXbook p. 170): 0 none, 1 thin, 2 medium, 3 thick; negative = not in scripts.
    static let spacing: [[Int]] = [
        [0, 1, -2, -3, 0, 0, 0, -1],  // ord
        [1, 1, 0, -3, 0, 0, 0, -1],  // op
        [-2, -2, 0, 0, -2, 0, 0, -2],  // bin
        [-3, -3, 0, 0, -3, 0, 0, -3],  // rel
        [0, 0, 0, 0, 0, 0, 0, 0],  // open
        [0, 1, -2, -3, 0, 0, 0, -1],  // close
        [-1, -1, 0, -1, -1, -1, -1, -1],  // punct
        [-1, 1, -2, -3, -1, 0, -1, -1],  // inner
    ]

    /// Space in points between two atom classes in `style` (3, 4, 5 mu for thin, medium, thick).
    func space(between left: AtomClass, _ right: AtomClass, _ style: Style) -> Double {
        let code = Self.spacing[left.rawValue][right.rawValue]
        if code == 0 || (code < 0 && style.isScript) { return 0 }
        let mu = size(style) / 18
        return Double(abs(code) + 2) * mu
    }

    /// Classes after the Bin-to-Ord rules 5 and 6 of Appendix G.
    static func effectiveClasses(_ list: MathList) -> [AtomClass?] {
        var classes: [AtomClass?] = list.map { atom in
            switch atom.nucleus {
            case .space, .style: return nil
            default: return atom.cls
            }
        }
        var previous: Int? = nil
        for i in classes.indices {
            guard let cls = classes[i] else { continue }
            if cls == .bin {
                let p = previous.flatMap { classes[$0] }
                if p == nil || p == .bin || p == .op || p == .rel || p == .open || p == .punct { classes[i] = .ord }
            }
            if cls == .rel || cls == .close || cls == .punct, let p = previous, classes[p] == .bin {
                classes[p] = .ord
            }
            previous = i
        }
        if let p = previous, classes[p] == .bin { classes[p] = .ord }
        return classes
    }

    /// An hlist from a math list (Appendix G's two passes: atoms to boxes, then spacing between them).
    ///
    /// `keepCharacter`: a lone character stays a character box (an accent attaches to its attachment point).
    func list(_ list: MathList, _ startStyle: Style, keepCharacter: Bool = false) throws -> Box {
        if keepCharacter, list.count == 1, let only = list.first, only.isPlainSymbol, only.cls != .op {
            return try nucleus(only, startStyle)
        }
        var style = startStyle
        let classes = Self.effectiveClasses(list)
        var result = Box()
        var previousClass: AtomClass? = nil
        for (i, atom) in list.enumerated() {
            if case .style(let level) = atom.nucleus {
                style = style.with(level, cramped: style.cramped)
                continue
            }
            if case .space(let amount, let mu) = atom.nucleus {
                result.append(.kern(amount * (mu ? size(style) / 18 : size(style))))
                continue
            }
            let cls = classes[i] ?? atom.cls
            if let previousClass {
                result.append(.kern(space(between: previousClass, cls, style)))
            }
            result.append(try self.atom(atom, cls: cls, style))
            previousClass = cls
        }
        result.italic = 0
        return result
    }

    // MARK: Atoms

    /// One atom with its scripts (rules 8-18).
    func atom(_ atom: Atom, cls: AtomClass, _ style: Style) throws -> Box {
        do {
            if case .accent(let c, let body, let stretchy) = atom.nucleus, body.count == 1, body[0].isPlainSymbol,
                atom.sub != nil || atom.sup != nil
            {
                return try accentWithScripts(
                    c, character: body[0], stretchy: stretchy, sup: atom.sup, sub: atom.sub, style)
            }
            var base = try nucleus(atom, style)
            if cls == .op || atom.cls == .op {
                let useLimits = atom.limits == .limits || (atom.limits == .auto && style.level == .display)
                if useLimits && (atom.sub != nil || atom.sup != nil) {
                    return try limits(base: base, sup: atom.sup, sub: atom.sub, style)
                }
                if atom.sub == nil && atom.sup == nil {
                    // OpenType math (as LuaTeX and MathML Core): an operator's italic correction only
                    // places its scripts; it does not widen a bare operator.
                    base.isCharacter = false
                    return base
                }
                return try scripts(base: base, sup: atom.sup, sub: atom.sub, style)
            }
            if atom.sub == nil && atom.sup == nil {
                if base.isCharacter {
                    // Rule 17: a character without subscript gets its italic correction.
                    base.width += base.italic
                }
                return base
            }
            return try scripts(base: base, sup: atom.sup, sub: atom.sub, style)
        } catch let e as LayoutError {
            throw e.at(e.span ?? atom.span)
        }
    }

    /// The nucleus of an atom as a box, before scripts.
    func nucleus(_ atom: Atom, _ style: Style) throws -> Box {
        switch atom.nucleus {
        case .symbol(let c):
            if atom.cls == .op { return try largeOperator(c, style) }
            return try glyph(c, style)
        case .text(let s, let alphabet):
            return try text(s, alphabet, style)
        case .list(let l):
            var b = try list(l, style)
            if !(l.count == 1 && l[0].isPlainSymbol) { b.isCharacter = false }
            return b
        case .fraction(let f):
            return try fraction(f, style)
        case .radical(let body, let index):
            return try radical(body, index: index, style)
        case .accent(let c, let body, let stretchy):
            return try accent(c, body: body, stretchy: stretchy, style)
        case .overline(let body):
            return try overline(body, style)
        case .underline(let body):
            return try underline(body, style)
        case .brace(let body, let over):
            return try brace(body, over: over, style)
        case .fenced(let pieces, let delimiters):
            return try fenced(pieces, delimiters, style)
        case .bigDelimiter(let c, let size):
            return try bigDelimiter(c, size: size, style)
        case .overUnder(let base, let over, let under):
            let b = try list(base, style)
            return try limits(base: b, sup: over, sub: under, style)
        case .extensibleArrow(let arrow, let over, let under):
            return try extensibleArrow(arrow, over: over, under: under, style)
        case .space(let amount, let mu):
            return .kern(amount * (mu ? size(style) / 18 : size(style)))
        case .style:
            return Box()
        case .color(let color, let body):
            var s = style
            s.color = color
            return try list(body, s)
        case .boxed(let body):
            return try boxed(body, style)
        case .array(let array):
            return try self.array(array, style)
        case .negated(let body):
            return try negated(body, style)
        case .phantom(let body, let horizontal, let vertical):
            let b = try list(body, style)
            return Box(width: horizontal ? b.width : 0, height: vertical ? b.height : 0, depth: vertical ? b.depth : 0)
        }
    }

    /// Rule 13: a large operator, enlarged in display style to the MATH display minimum, centred on the axis.
    func largeOperator(_ c: Unicode.Scalar, _ style: Style) throws -> Box {
        var box = try glyph(c, style)
        if style.level == .display, let gid = font.glyph(for: c) {
            let minHeight = font.constant(.displayOperatorMinHeight)
            let variants = font.variants(gid, vertical: true)
            if let v = variants.first(where: { $0.advance >= minHeight }) ?? variants.last {
                box = glyphBox(v.glyph, style, text: String(c))
            }
        }
        let shift = (box.height - box.depth) / 2 - axis(style)
        var centred = box.raised(-shift)
        centred.isLargeOperator = true
        centred.topAccent = box.topAccent
        return centred
    }

    /// `\not` over something without a ready-made negated character: a slash across it.
    func negated(_ body: MathList, _ style: Style) throws -> Box {
        var b = try list(body, style)
        let slash = try glyph("/", style)
        let dy = ((b.height - b.depth) - (slash.height - slash.depth)) / 2
        b.place(slash, dx: (b.width - slash.width) / 2, dy: -dy)
        return b
    }

    /// `\boxed`: a frame with TeX's `\fboxsep` (3pt) and `\fboxrule` (0.4pt) at 10pt.
    func boxed(_ body: MathList, _ startStyle: Style) throws -> Box {
        let style = startStyle.with(startStyle.level == .display ? .display : .text, cramped: startStyle.cramped)
        let b = try list(body, style)
        let pad = 0.3 * size(style)
        let rule = 0.04 * size(style)
        var out = Box(width: b.width + 2 * (pad + rule), height: b.height + pad + rule, depth: b.depth + pad + rule)
        out.place(b, dx: pad + rule, dy: 0)
        let top = out.height
        out.addRule(x: 0, top: top, width: out.width, thickness: rule, color: style.color)
        out.addRule(x: 0, top: -out.depth + rule, width: out.width, thickness: rule, color: style.color)
        out.rules.append(RuleItem(x: 0, y: -top, width: rule, height: top + out.depth, color: style.color))
        out.rules.append(
            RuleItem(x: out.width - rule, y: -top, width: rule, height: top + out.depth, color: style.color))
        return out
    }
}

/// A layout failure (a character the font lacks), tied to the source span of the atom it happened in.
struct LayoutError: Error {
    let message: String
    var span: Range<Int>?
    init(_ message: String, span: Range<Int>? = nil) {
        self.message = message
        self.span = span
    }
    func at(_ span: Range<Int>) -> LayoutError { LayoutError(message, span: span) }
}
