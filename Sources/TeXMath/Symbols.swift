/// The command tables: which character and atom class each control sequence stands for.
enum Symbols {
    /// Symbols by command name: character and class (relations, operators, arrows, dots, misc).
    static let commands: [String: (Unicode.Scalar, AtomClass)] = [
        // Relations
        "leq": ("\u{2264}", .rel), "le": ("\u{2264}", .rel), "geq": ("\u{2265}", .rel), "ge": ("\u{2265}", .rel),
        "neq": ("\u{2260}", .rel), "ne": ("\u{2260}", .rel), "equiv": ("\u{2261}", .rel),
        "approx": ("\u{2248}", .rel), "sim": ("\u{223C}", .rel), "simeq": ("\u{2243}", .rel),
        "cong": ("\u{2245}", .rel), "propto": ("\u{221D}", .rel), "ll": ("\u{226A}", .rel), "gg": ("\u{226B}", .rel),
        "subset": ("\u{2282}", .rel), "supset": ("\u{2283}", .rel), "subseteq": ("\u{2286}", .rel),
        "supseteq": ("\u{2287}", .rel), "in": ("\u{2208}", .rel), "notin": ("\u{2209}", .rel),
        "ni": ("\u{220B}", .rel), "owns": ("\u{220B}", .rel), "mid": ("\u{2223}", .rel),
        "parallel": ("\u{2225}", .rel), "perp": ("\u{27C2}", .rel), "vdash": ("\u{22A2}", .rel),
        "dashv": ("\u{22A3}", .rel), "models": ("\u{22A8}", .rel), "prec": ("\u{227A}", .rel),
        "succ": ("\u{227B}", .rel), "preceq": ("\u{2AAF}", .rel), "succeq": ("\u{2AB0}", .rel),
        "asymp": ("\u{224D}", .rel), "doteq": ("\u{2250}", .rel), "coloneqq": ("\u{2254}", .rel),
        "triangleq": ("\u{225C}", .rel), "sqsubseteq": ("\u{2291}", .rel), "sqsupseteq": ("\u{2292}", .rel),
        "leqslant": ("\u{2A7D}", .rel), "geqslant": ("\u{2A7E}", .rel), "lesssim": ("\u{2272}", .rel),
        "gtrsim": ("\u{2273}", .rel), "nsim": ("\u{2241}", .rel), "smile": ("\u{2323}", .rel),
        "frown": ("\u{2322}", .rel), "bowtie": ("\u{22C8}", .rel), "nleq": ("\u{2270}", .rel),
        "ngeq": ("\u{2271}", .rel), "nsubseteq": ("\u{2288}", .rel), "approxeq": ("\u{224A}", .rel),
        "sqsubset": ("\u{228F}", .rel), "sqsupset": ("\u{2290}", .rel), "vDash": ("\u{22A8}", .rel),
        "lessgtr": ("\u{2276}", .rel), "eqsim": ("\u{2242}", .rel),
        // Arrows
        "rightarrow": ("\u{2192}", .rel), "to": ("\u{2192}", .rel), "leftarrow": ("\u{2190}", .rel),
        "gets": ("\u{2190}", .rel), "leftrightarrow": ("\u{2194}", .rel), "Rightarrow": ("\u{21D2}", .rel),
        "Leftarrow": ("\u{21D0}", .rel), "Leftrightarrow": ("\u{21D4}", .rel),
        "longrightarrow": ("\u{27F6}", .rel), "longleftarrow": ("\u{27F5}", .rel),
        "longleftrightarrow": ("\u{27F7}", .rel), "Longrightarrow": ("\u{27F9}", .rel),
        "Longleftarrow": ("\u{27F8}", .rel), "Longleftrightarrow": ("\u{27FA}", .rel),
        "mapsto": ("\u{21A6}", .rel), "longmapsto": ("\u{27FC}", .rel), "uparrow": ("\u{2191}", .rel),
        "downarrow": ("\u{2193}", .rel), "updownarrow": ("\u{2195}", .rel), "Uparrow": ("\u{21D1}", .rel),
        "Downarrow": ("\u{21D3}", .rel), "Updownarrow": ("\u{21D5}", .rel), "nearrow": ("\u{2197}", .rel),
        "searrow": ("\u{2198}", .rel), "swarrow": ("\u{2199}", .rel), "nwarrow": ("\u{2196}", .rel),
        "hookrightarrow": ("\u{21AA}", .rel), "hookleftarrow": ("\u{21A9}", .rel),
        "rightharpoonup": ("\u{21C0}", .rel), "leftharpoonup": ("\u{21BC}", .rel),
        "rightharpoondown": ("\u{21C1}", .rel), "leftharpoondown": ("\u{21BD}", .rel),
        "rightleftharpoons": ("\u{21CC}", .rel), "leadsto": ("\u{21DD}", .rel),
        "rightrightarrows": ("\u{21C9}", .rel), "leftleftarrows": ("\u{21C7}", .rel),
        "twoheadrightarrow": ("\u{21A0}", .rel),
        // Binary operators
        "pm": ("\u{00B1}", .bin), "mp": ("\u{2213}", .bin), "times": ("\u{00D7}", .bin), "div": ("\u{00F7}", .bin),
        "cdot": ("\u{22C5}", .bin), "ast": ("\u{2217}", .bin), "star": ("\u{22C6}", .bin),
        "circ": ("\u{2218}", .bin), "bullet": ("\u{2219}", .bin), "oplus": ("\u{2295}", .bin),
        "ominus": ("\u{2296}", .bin), "otimes": ("\u{2297}", .bin), "oslash": ("\u{2298}", .bin),
        "odot": ("\u{2299}", .bin), "cup": ("\u{222A}", .bin), "cap": ("\u{2229}", .bin),
        "setminus": ("\u{2216}", .bin), "wedge": ("\u{2227}", .bin), "land": ("\u{2227}", .bin),
        "vee": ("\u{2228}", .bin), "lor": ("\u{2228}", .bin), "sqcup": ("\u{2294}", .bin),
        "sqcap": ("\u{2293}", .bin), "uplus": ("\u{228E}", .bin), "amalg": ("\u{2A3F}", .bin),
        "dagger": ("\u{2020}", .bin), "ddagger": ("\u{2021}", .bin), "diamond": ("\u{22C4}", .bin),
        "triangleleft": ("\u{25C1}", .bin), "triangleright": ("\u{25B7}", .bin),
        "bigtriangleup": ("\u{25B3}", .bin), "bigtriangledown": ("\u{25BD}", .bin), "wr": ("\u{2240}", .bin),
        "bigcirc": ("\u{25EF}", .bin), "circledast": ("\u{229B}", .bin), "boxplus": ("\u{229E}", .bin),
        "boxtimes": ("\u{22A0}", .bin),
        // Ordinary symbols
        "infty": ("\u{221E}", .ord), "partial": ("\u{1D715}", .ord), "nabla": ("\u{2207}", .ord),
        "forall": ("\u{2200}", .ord), "exists": ("\u{2203}", .ord), "nexists": ("\u{2204}", .ord),
        "emptyset": ("\u{2205}", .ord), "varnothing": ("\u{2205}", .ord), "neg": ("\u{00AC}", .ord),
        "lnot": ("\u{00AC}", .ord), "ell": ("\u{2113}", .ord), "hbar": ("\u{210F}", .ord),
        "imath": ("\u{1D6A4}", .ord), "jmath": ("\u{1D6A5}", .ord), "Re": ("\u{211C}", .ord),
        "Im": ("\u{2111}", .ord), "wp": ("\u{2118}", .ord), "aleph": ("\u{2135}", .ord),
        "angle": ("\u{2220}", .ord), "top": ("\u{22A4}", .ord), "bot": ("\u{22A5}", .ord),
        "prime": ("\u{2032}", .ord), "backslash": ("\\", .ord), "vdots": ("\u{22EE}", .ord),
        "triangle": ("\u{25B3}", .ord), "square": ("\u{25A1}", .ord), "Box": ("\u{25A1}", .ord),
        "clubsuit": ("\u{2663}", .ord), "diamondsuit": ("\u{2662}", .ord), "heartsuit": ("\u{2661}", .ord),
        "spadesuit": ("\u{2660}", .ord), "flat": ("\u{266D}", .ord), "sharp": ("\u{266F}", .ord),
        "natural": ("\u{266E}", .ord), "checkmark": ("\u{2713}", .ord), "surd": ("\u{221A}", .ord),
        "degree": ("\u{00B0}", .ord), "dag": ("\u{2020}", .ord), "ddag": ("\u{2021}", .ord),
        "S": ("\u{00A7}", .ord), "P": ("\u{00B6}", .ord), "mho": ("\u{2127}", .ord), "eth": ("\u{00F0}", .ord),
        "complement": ("\u{2201}", .ord), "blacksquare": ("\u{25A0}", .ord),
        "ldots": ("\u{2026}", .inner), "dots": ("\u{2026}", .inner), "dotsc": ("\u{2026}", .inner),
        "dotsb": ("\u{22EF}", .inner), "cdots": ("\u{22EF}", .inner), "ddots": ("\u{22F1}", .inner),
        // Punctuation and delimiters that are not growing
        "colon": (":", .punct), "ldotp": (".", .punct), "cdotp": ("\u{22C5}", .punct),
        "vert": ("|", .ord), "Vert": ("\u{2016}", .ord), "|": ("\u{2016}", .ord),
        "lvert": ("|", .open), "rvert": ("|", .close), "lVert": ("\u{2016}", .open), "rVert": ("\u{2016}", .close),
        "{": ("{", .open), "}": ("}", .close), "lbrace": ("{", .open), "rbrace": ("}", .close),
        "lbrack": ("[", .open), "rbrack": ("]", .close), "langle": ("\u{27E8}", .open),
        "rangle": ("\u{27E9}", .close), "lfloor": ("\u{230A}", .open), "rfloor": ("\u{230B}", .close),
        "lceil": ("\u{2308}", .open), "rceil": ("\u{2309}", .close),
        "_": ("_", .ord), "%": ("%", .ord), "$": ("$", .ord), "#": ("#", .ord), "&": ("&", .ord),
    ]

    /// Large operators: character and whether limits go above/below in display style.
    static let largeOperators: [String: (Unicode.Scalar, Bool)] = [
        "sum": ("\u{2211}", true), "prod": ("\u{220F}", true), "coprod": ("\u{2210}", true),
        "int": ("\u{222B}", false), "iint": ("\u{222C}", false), "iiint": ("\u{222D}", false),
        "oint": ("\u{222E}", false), "oiint": ("\u{222F}", false), "bigcup": ("\u{22C3}", true),
        "bigcap": ("\u{22C2}", true), "bigoplus": ("\u{2A01}", true), "bigotimes": ("\u{2A02}", true),
        "bigodot": ("\u{2A00}", true), "biguplus": ("\u{2A04}", true), "bigvee": ("\u{22C1}", true),
        "bigwedge": ("\u{22C0}", true), "bigsqcup": ("\u{2A06}", true),
    ]

    /// Named operators (`\log`, `\max`): set upright, class Op; true = limits in display style.
    static let functions: [String: Bool] = [
        "arccos": false, "arcsin": false, "arctan": false, "arg": false, "cos": false, "cosh": false,
        "cot": false, "coth": false, "csc": false, "deg": false, "dim": false, "exp": false, "hom": false,
        "ker": false, "lg": false, "ln": false, "log": false, "sec": false, "sin": false, "sinh": false,
        "tan": false, "tanh": false, "det": true, "gcd": true, "inf": true, "lim": true, "liminf": true,
        "limsup": true, "max": true, "min": true, "Pr": true, "sup": true, "argmin": true, "argmax": true,
        "tr": false, "Tr": false, "rank": false, "diag": false, "sgn": false, "erf": false, "softmax": false,
    ]

    /// Greek lowercase names in Unicode order (index = offset in math alphanumeric blocks).
    static let greekLower = [
        "alpha", "beta", "gamma", "delta", "varepsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "varphi", "chi", "psi", "omega",
        // The symbol variants that follow omega in the math alphanumeric blocks.
        "partial", "epsilon", "vartheta", "varkappa", "phi", "varrho", "varpi",
    ]
    static let greekUpper = [
        "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu",
        "Nu", "Xi", "Omicron", "Pi", "Rho", "(capital theta symbol)", "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi",
        "Omega",
    ]
    static let greekLowerIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: greekLower.enumerated().filter { $0.element != "partial" }.map { ($0.element, $0.offset) }
    )
    static let greekUpperIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: greekUpper.enumerated().map { ($0.element, $0.offset) })

    /// Accents: combining character and whether it stretches to the body's width.
    static let accents: [String: (Unicode.Scalar, Bool)] = [
        "hat": ("\u{0302}", false), "widehat": ("\u{0302}", true), "tilde": ("\u{0303}", false),
        "widetilde": ("\u{0303}", true), "bar": ("\u{0304}", false), "vec": ("\u{20D7}", false),
        "dot": ("\u{0307}", false), "ddot": ("\u{0308}", false), "dddot": ("\u{20DB}", false),
        "check": ("\u{030C}", false), "widecheck": ("\u{030C}", true), "breve": ("\u{0306}", false),
        "acute": ("\u{0301}", false), "grave": ("\u{0300}", false), "mathring": ("\u{030A}", false),
        // unicode-math's wide accents: the combining arrows, which the font makes for sitting over a base.
        "overrightarrow": ("\u{20D7}", true), "overleftarrow": ("\u{20D6}", true),
        "overleftrightarrow": ("\u{20E1}", true),
    ]

    /// Delimiters after `\left`, `\right`, `\big`: command names (characters are handled directly).
    static let delimiterCommands: [String: Unicode.Scalar] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "\u{27E8}", "rangle": "\u{27E9}",
        "lfloor": "\u{230A}", "rfloor": "\u{230B}", "lceil": "\u{2308}", "rceil": "\u{2309}", "|": "\u{2016}",
        "vert": "|", "Vert": "\u{2016}", "lvert": "|", "rvert": "|", "lVert": "\u{2016}", "rVert": "\u{2016}",
        "uparrow": "\u{2191}", "downarrow": "\u{2193}", "updownarrow": "\u{2195}", "Uparrow": "\u{21D1}",
        "Downarrow": "\u{21D3}", "Updownarrow": "\u{21D5}", "backslash": "\\", "lbrack": "[", "rbrack": "]",
        "lgroup": "\u{27EE}", "rgroup": "\u{27EF}", "lmoustache": "\u{23B0}", "rmoustache": "\u{23B1}",
        "mid": "\u{2223}",
    ]
    static let delimiterCharacters: Set<Unicode.Scalar> = ["(", ")", "[", "]", "|", "/", "<", ">"]

    /// `\not` followed by these gives the ready-made negated character.
    static let negations: [Unicode.Scalar: Unicode.Scalar] = [
        "=": "\u{2260}", "<": "\u{226E}", ">": "\u{226F}", "\u{2208}": "\u{2209}", "\u{2282}": "\u{2284}",
        "\u{2283}": "\u{2285}", "\u{2286}": "\u{2288}", "\u{2287}": "\u{2289}", "\u{2261}": "\u{2262}",
        "\u{223C}": "\u{2241}", "\u{2248}": "\u{2249}", "\u{2264}": "\u{2270}", "\u{2265}": "\u{2271}",
        "\u{2223}": "\u{2224}", "\u{2225}": "\u{2226}", "\u{220B}": "\u{220C}", "\u{2203}": "\u{2204}",
        "\u{2243}": "\u{2244}", "\u{2245}": "\u{2247}", "\u{227A}": "\u{2280}", "\u{227B}": "\u{2281}",
    ]

    /// Named colours of `\color` (the LaTeX `xcolor` base set).
    static let colors: [String: UInt32] = [
        "black": 0x000000, "white": 0xFFFFFF, "red": 0xFF0000, "green": 0x00FF00, "blue": 0x0000FF,
        "cyan": 0x00FFFF, "magenta": 0xFF00FF, "yellow": 0xFFFF00, "gray": 0x808080, "grey": 0x808080,
        "darkgray": 0x404040, "lightgray": 0xBFBFBF, "brown": 0xBF8040, "lime": 0xBFFF00, "olive": 0x808000,
        "orange": 0xFF8000, "pink": 0xFFBFBF, "purple": 0xBF0040, "teal": 0x008080, "violet": 0x800080,
    ]

    /// Character class of a plain source character in math mode.
    static func classOf(_ c: Unicode.Scalar) -> AtomClass {
        switch c {
        case "+", "-", "*", "\u{2212}", "\u{00B1}", "\u{00D7}", "\u{22C5}": return .bin
        case "=", "<", ">", ":", "\u{2264}", "\u{2265}", "\u{2260}", "\u{2192}", "\u{2208}": return .rel
        case ",", ";": return .punct
        case "(", "[", "\u{27E8}": return .open
        case ")", "]", "!", "?", "\u{27E9}": return .close
        default: return .ord
        }
    }
}

/// Maps letters, digits and Greek to Unicode math alphanumerics for each alphabet.
enum Alphabets {
    private static func scalar(_ v: UInt32) -> Unicode.Scalar { Unicode.Scalar(v) ?? "?" }

    /// The math character for a Latin letter or digit in `alphabet` (letters default to italic).
    static func map(_ c: Unicode.Scalar, _ alphabet: MathAlphabet) -> Unicode.Scalar {
        let v = c.value
        let upper = v >= 65 && v <= 90
        let lower = v >= 97 && v <= 122
        let digit = v >= 48 && v <= 57
        guard upper || lower || digit else { return c }
        let i = upper ? v - 65 : (lower ? v - 97 : v - 48)
        func letters(_ capital: UInt32, _ small: UInt32, digits: UInt32?, exceptions: [Unicode.Scalar: UInt32] = [:])
            -> Unicode.Scalar
        {
            if let e = exceptions[c] { return scalar(e) }
            if digit { return digits.map { scalar($0 + i) } ?? c }
            return scalar((upper ? capital : small) + i)
        }
        switch alphabet {
        case .roman: return c
        case .normal, .italic:
            return letters(0x1D434, 0x1D44E, digits: nil, exceptions: ["h": 0x210E])
        case .bold: return letters(0x1D400, 0x1D41A, digits: 0x1D7CE)
        case .boldItalic: return letters(0x1D468, 0x1D482, digits: 0x1D7CE)
        case .script:
            return letters(
                0x1D49C, 0x1D4B6, digits: nil,
                exceptions: [
                    "B": 0x212C, "E": 0x2130, "F": 0x2131, "H": 0x210B, "I": 0x2110, "L": 0x2112, "M": 0x2133,
                    "R": 0x211B, "e": 0x212F, "g": 0x210A, "o": 0x2134,
                ])
        case .fraktur:
            return letters(
                0x1D504, 0x1D51E, digits: nil,
                exceptions: ["C": 0x212D, "H": 0x210C, "I": 0x2111, "R": 0x211C, "Z": 0x2128])
        case .doubleStruck:
            return letters(
                0x1D538, 0x1D552, digits: 0x1D7D8,
                exceptions: ["C": 0x2102, "H": 0x210D, "N": 0x2115, "P": 0x2119, "Q": 0x211A, "R": 0x211D, "Z": 0x2124])
        case .sansSerif: return letters(0x1D5A0, 0x1D5BA, digits: 0x1D7E2)
        case .monospace: return letters(0x1D670, 0x1D68A, digits: 0x1D7F6)
        }
    }

    /// The plain math italic letter behind a styled Latin letter the font lacks (LM Math has no lowercase
    /// script, so `\mathcal{p}` falls back to 𝑝).
    static func fallback(for c: Unicode.Scalar) -> Unicode.Scalar? {
        guard c.value >= 0x1D400, c.value < 0x1D6A4 else { return nil }
        let i = (c.value - 0x1D400) % 52
        let letter = i < 26 ? 65 + i : 97 + (i - 26)
        return Unicode.Scalar(letter).map { map($0, .italic) }
    }

    /// A lowercase Greek letter (index into `Symbols.greekLower`) in `alphabet` (default italic).
    static func greekLower(_ index: Int, _ alphabet: MathAlphabet) -> Unicode.Scalar {
        let i = UInt32(index)
        switch alphabet {
        case .roman, .sansSerif, .monospace:
            let upright: [UInt32] = [0x2202, 0x03F5, 0x03D1, 0x03F0, 0x03D5, 0x03F1, 0x03D6]
            return index < 25 ? scalar(0x03B1 + i) : scalar(upright[index - 25])
        case .bold: return scalar(0x1D6C2 + i)
        case .boldItalic: return scalar(0x1D736 + i)
        default: return scalar(0x1D6FC + i)
        }
    }

    /// An uppercase Greek letter (index into `Symbols.greekUpper`): upright by default, as in TeX.
    static func greekUpper(_ index: Int, _ alphabet: MathAlphabet) -> Unicode.Scalar {
        let i = UInt32(index)
        switch alphabet {
        case .bold: return scalar(0x1D6A8 + i)
        case .boldItalic: return scalar(0x1D71C + i)
        case .italic: return scalar(0x1D6E2 + i)
        default: return index == 17 ? scalar(0x03F4) : scalar(0x0391 + i)
        }
    }
}
