/// Presentation MathML of a parsed formula, for screen readers (the page shows the typeset SVG).
enum MathMLWriter {
    static func document(_ atoms: MathList, tag: MathList?, tex: String, display: Bool) -> String {
        var body = row(atoms)
        if let tag { body = "<mrow>\(body)<mspace width=\"2em\"/><mo>(</mo>\(row(tag))<mo>)</mo></mrow>" }
        return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"\(display ? "block" : "inline")\">"
            + "<semantics>\(body)<annotation encoding=\"application/x-tex\">\(escape(tex))</annotation></semantics></math>"
    }

    /// Text for XML content or an attribute: markup characters escaped, and characters XML forbids
    /// (controls a comment or `\\[...]` of the source may carry) shown as their control pictures.
    static func escape(_ s: String) -> String {
        if !s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 < 32 || $0 == 0xEF }) {
            return s
        }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            case "\u{FFFE}", "\u{FFFF}": out.unicodeScalars.append("\u{FFFD}")
            default:
                // U+2400 + c is the picture of control character c (␀ for NUL, ␛ for ESC).
                out.unicodeScalars.append(c.value < 32 ? Unicode.Scalar(0x2400 + c.value) ?? "\u{FFFD}" : c)
            }
        }
        return out
    }

    static func row(_ list: MathList) -> String {
        let parts = list.map(atom)
        return parts.count == 1 ? parts[0] : "<mrow>" + parts.joined() + "</mrow>"
    }

    static func atom(_ a: Atom) -> String {
        let base = nucleus(a)
        let useLimits: Bool
        switch a.nucleus {
        case .brace, .overUnder: useLimits = true
        default: useLimits = a.cls == .op && a.limits != .noLimits
        }
        switch (a.sub, a.sup) {
        case (nil, nil): return base
        case (let sub?, nil):
            return useLimits ? "<munder>\(base)\(row(sub))</munder>" : "<msub>\(base)\(row(sub))</msub>"
        case (nil, let sup?): return useLimits ? "<mover>\(base)\(row(sup))</mover>" : "<msup>\(base)\(row(sup))</msup>"
        case (let sub?, let sup?):
            return useLimits
                ? "<munderover>\(base)\(row(sub))\(row(sup))</munderover>"
                : "<msubsup>\(base)\(row(sub))\(row(sup))</msubsup>"
        }
    }

    static func symbol(_ c: Unicode.Scalar, _ cls: AtomClass) -> String {
        let text = escape(String(c))
        if cls != .ord { return "<mo>\(text)</mo>" }
        if c.properties.numericType != nil { return "<mn>\(text)</mn>" }
        // Upright letters (\mathrm, capital Greek) must say so: a one-letter <mi> is italic by default.
        if c.properties.isAlphabetic, !(0x1D400...0x1D7FF).contains(c.value), !(0x2100...0x214F).contains(c.value) {
            return "<mi mathvariant=\"normal\">\(text)</mi>"
        }
        return "<mi>\(text)</mi>"
    }

    static func nucleus(_ a: Atom) -> String {
        switch a.nucleus {
        case .symbol(let c): return symbol(c, a.cls)
        case .text(let s, _): return a.cls == .op ? "<mi>\(escape(s))</mi>" : "<mtext>\(escape(s))</mtext>"
        case .list(let l): return row(l)
        case .fraction(let f):
            let frac =
                "<mfrac\(f.hasRule ? "" : " linethickness=\"0\"")>\(row(f.numerator))\(row(f.denominator))</mfrac>"
            if let l = f.left, let r = f.right {
                return "<mrow><mo>\(escape(String(l)))</mo>\(frac)<mo>\(escape(String(r)))</mo></mrow>"
            }
            return frac
        case .radical(let body, let index):
            if let index { return "<mroot>\(row(body))\(row(index))</mroot>" }
            return "<msqrt>\(row(body))</msqrt>"
        case .accent(let c, let body, let stretchy):
            return "<mover accent=\"true\">\(row(body))<mo stretchy=\"\(stretchy)\">\(escape(String(c)))</mo></mover>"
        case .overline(let body): return "<mover accent=\"true\">\(row(body))<mo>&#x203E;</mo></mover>"
        case .underline(let body): return "<munder accentunder=\"true\">\(row(body))<mo>_</mo></munder>"
        case .brace(let body, let over):
            return over
                ? "<mover>\(row(body))<mo>&#x23DE;</mo></mover>" : "<munder>\(row(body))<mo>&#x23DF;</mo></munder>"
        case .fenced(let pieces, let delimiters):
            var out = "<mrow>"
            for (i, d) in delimiters.enumerated() {
                if let d { out += "<mo fence=\"true\">\(escape(String(d)))</mo>" }
                if i < pieces.count { out += row(pieces[i]) }
            }
            return out + "</mrow>"
        case .bigDelimiter(let c, _): return c.map { "<mo>\(escape(String($0)))</mo>" } ?? "<mrow/>"
        case .overUnder(let base, let over, let under):
            if let over { return "<mover>\(row(base))\(row(over))</mover>" }
            return "<munder>\(row(base))\(row(under ?? []))</munder>"
        case .extensibleArrow(let x, let over, let under):
            let arrow = "<mo stretchy=\"true\">\(escape(String(x.arrow)))</mo>"
            switch (over.isEmpty, under.isEmpty) {
            case (false, false): return "<munderover>\(arrow)\(row(under))\(row(over))</munderover>"
            case (false, true): return "<mover>\(arrow)\(row(over))</mover>"
            case (true, false): return "<munder>\(arrow)\(row(under))</munder>"
            case (true, true): return arrow
            }
        case .space(let amount, let mu):
            let em = mu ? amount / 18 : amount
            return "<mspace width=\"\(em)em\"/>"
        case .style: return ""
        case .color(_, let body): return row(body)
        case .boxed(let body): return "<menclose notation=\"box\">\(row(body))</menclose>"
        case .array(let array):
            let rows = array.rows.map { r in "<mtr>" + r.map { "<mtd>\(row($0))</mtd>" }.joined() + "</mtr>" }
            return "<mtable>" + rows.joined() + "</mtable>"
        case .negated(let body): return "<menclose notation=\"updiagonalstrike\">\(row(body))</menclose>"
        case .phantom(let body, _, _): return "<mphantom>\(row(body))</mphantom>"
        }
    }
}
