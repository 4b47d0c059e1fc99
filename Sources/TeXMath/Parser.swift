import Graphics

/// Reads LaTeX math source into a math list of atoms, reporting errors with their source position.
struct Parser {
    private let scalars: [Unicode.Scalar]
    /// UTF-8 offset of each scalar, plus the end offset.
    private let offsets: [Int]
    private let utf8: [UInt8]
    private var pos = 0
    private var alphabet: MathAlphabet = .normal
    /// How many lists, arguments and texts are open. Every recursive parse counts here, in this one
    /// parser, so one limit keeps absurd nesting from exhausting the stack (and the typesetter's).
    private var nesting = 0
    /// Set by `\hline` in a cell, read by the environment parser to draw a rule above that row.
    private var sawHorizontalLine = false
    static let maximumNesting = 120
    private var tag: MathList?
    /// Whether the formula is display math: amsmath's `\pmod` leaves 18mu before it there, 8mu inline.
    var displayMode = false

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
        utf8 = Array(source.utf8)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var o = 0
        for s in scalars {
            offsets.append(o)
            o += s.value < 0x80 ? 1 : (s.value < 0x800 ? 2 : (s.value < 0x10000 ? 3 : 4))
        }
        offsets.append(o)
        self.offsets = offsets
    }

    /// Parses the whole formula; `\tag` is returned apart. A top-level `\\` does nothing, as in LaTeX's
    /// display math (KaTeX agrees); use `aligned` or `gathered` for several lines.
    mutating func parseFormula() throws -> (MathList, tag: MathList?) {
        var atoms: MathList = []
        while true {
            let (list, stop) = try parseList(.top)
            atoms.append(contentsOf: list)
            if stop == .end { break }
        }
        return (atoms, tag)
    }

    // MARK: Errors and positions

    func error(_ message: String, from start: Int, to end: Int? = nil) -> TeXError {
        let s = min(max(start, 0), scalars.count)
        let e = min(max(end ?? (s + 1), s), scalars.count)
        return TeXError(message: message, column: s + 1, span: offsets[s]..<offsets[max(e, s)])
    }

    func span(from start: Int) -> Range<Int> { offsets[min(start, scalars.count)]..<offsets[pos] }

    // MARK: Lists

    /// Where a list is: `bracket` is the index of `\sqrt[n]`, `textMath` is `$...$` inside `\text{...}`.
    enum Context { case top, group, fenced, cell, substack, bracket, textMath }
    enum Stop: Equatable { case end, close, right, middle, ampersand, newline, endEnvironment, bracket, dollar }

    /// One level deeper; the caller undoes it with `defer { nesting -= 1 }`.
    private mutating func enterLevel(openedAt: Int) throws {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw error("formula nested more than \(Self.maximumNesting) levels deep", from: openedAt)
        }
    }

    /// Parses atoms until a stop that `context` allows; errors name stops that it does not.
    mutating func parseList(_ context: Context, openedAt: Int = 0) throws -> (MathList, Stop) {
        defer { nesting -= 1 }
        try enterLevel(openedAt: openedAt)
        var list: MathList = []
        while true {
            skipSpaces()
            let start = pos
            guard pos < scalars.count else {
                switch context {
                case .top: return (list, .end)
                case .group: throw error("missing '}' to close the '{' opened here", from: openedAt)
                case .fenced: throw error("\\left without a matching \\right", from: openedAt, to: openedAt + 5)
                case .cell: throw error("environment not closed with \\end", from: openedAt)
                case .substack: throw error("missing '}' to close the '{' opened here", from: openedAt)
                case .bracket: throw error("missing ']' for the '[' opened here", from: openedAt)
                case .textMath: throw error("missing '$' to close the math opened here", from: openedAt)
                }
            }
            let c = scalars[pos]
            switch c {
            case "]" where context == .bracket:
                pos += 1
                return (list, .bracket)
            case "$" where context == .textMath:
                pos += 1
                return (list, .dollar)
            case "}":
                pos += 1
                if context == .group || context == .substack { return (list, .close) }
                throw error("unbalanced '}' with no '{' before it", from: start)
            case "&":
                pos += 1
                if context == .cell { return (list, .ampersand) }
                throw error("'&' outside an environment (use it inside aligned, cases, matrix...)", from: start)
            case "^", "_":
                pos += 1
                try attachScript(to: &list, superscript: c == "^", at: start)
            case "'":
                pos += 1
                try attachPrimes(to: &list, at: start)
            case "%":
                while pos < scalars.count, scalars[pos] != "\n" { pos += 1 }
            case "\\":
                let (name, nameEnd) = peekCommand()
                switch name {
                case "\\":
                    pos = nameEnd
                    try skipOptionalBracket()
                    if context == .cell || context == .top || context == .substack { return (list, .newline) }
                    throw error("'\\\\' (new line) outside an environment", from: start, to: nameEnd)
                case "right":
                    pos = nameEnd
                    if context == .fenced { return (list, .right) }
                    throw error("\\right without a matching \\left", from: start, to: nameEnd)
                case "middle":
                    pos = nameEnd
                    if context == .fenced { return (list, .middle) }
                    throw error("\\middle outside \\left ... \\right", from: start, to: nameEnd)
                case "end":
                    if context == .cell { return (list, .endEnvironment) }
                    throw error("\\end without a matching \\begin", from: start, to: nameEnd)
                case "color":
                    // A colour switch: everything after it in the current group takes the colour.
                    pos = nameEnd
                    let color = try parseColor(command: start)
                    let (rest, stop) = try parseList(context, openedAt: openedAt)
                    list.append(Atom(.ord, .color(color, rest), span: span(from: start)))
                    return (list, stop)
                case "over", "atop", "choose":
                    // Plain TeX's infix fractions: what came before in the group over what follows.
                    pos = nameEnd
                    let (rest, stop) = try parseList(context, openedAt: openedAt)
                    let choose = name == "choose"
                    let f = Fraction(
                        numerator: list, denominator: rest, hasRule: name == "over", style: nil,
                        left: choose ? "(" : nil, right: choose ? ")" : nil)
                    return ([Atom(.inner, .fraction(f), span: span(from: start))], stop)
                case "rm", "bf", "it", "cal", "sf", "tt", "mit":
                    pos = nameEnd
                    alphabet = Self.switchAlphabets[name] ?? .normal
                case "hline":
                    pos = nameEnd
                    guard context == .cell else { throw error("\\hline outside an array", from: start, to: nameEnd) }
                    sawHorizontalLine = true
                case "limits", "nolimits", "displaylimits":
                    pos = nameEnd
                    guard var last = list.popLast(), last.cls == .op else {
                        throw error("\\\(name) must follow an operator", from: start, to: nameEnd)
                    }
                    last.limits = name == "limits" ? .limits : (name == "nolimits" ? .noLimits : .auto)
                    list.append(last)
                case "not":
                    pos = nameEnd
                    list.append(try parseNegation(at: start))
                case "tag", "tag*":
                    pos = nameEnd
                    let body = try parseTextArgument(of: "\\tag", at: start, alphabet: .roman)
                    tag = [body]
                default:
                    list.append(contentsOf: try parseCommandAtoms(at: start))
                }
            default:
                list.append(try parseAtom())
            }
        }
    }

    static let switchAlphabets: [String: MathAlphabet] = [
        "rm": .roman, "bf": .bold, "it": .italic, "cal": .script, "sf": .sansSerif, "tt": .monospace, "mit": .normal,
    ]

    private mutating func skipSpaces() {
        while pos < scalars.count,
            scalars[pos] == " " || scalars[pos] == "\n" || scalars[pos] == "\t"
                || scalars[pos] == "\r"
        {
            pos += 1
        }
    }

    private mutating func skipOptionalBracket() throws {
        // `\\[4pt]`: the extra row space is accepted and ignored. A missing `]` is an error, so no
        // part of the source is searched twice.
        var p = pos
        while p < scalars.count, scalars[p] == " " { p += 1 }
        guard p < scalars.count, scalars[p] == "[" else { return }
        guard let close = scalars[p...].firstIndex(of: "]") else {
            throw error("missing ']' for the '[' opened here", from: p)
        }
        pos = close + 1
    }

    /// The command name at `pos` (which is a backslash) and the index after it.
    private func peekCommand() -> (String, Int) {
        var p = pos + 1
        guard p < scalars.count else { return ("", p) }
        if !Self.isLetter(scalars[p]) {
            return (String(scalars[p]), p + 1)
        }
        let first = p
        while p < scalars.count, Self.isLetter(scalars[p]) { p += 1 }
        // Letters are ASCII, one byte each: decode the name straight from the UTF-8 bytes.
        var name = String(decoding: utf8[offsets[first]..<offsets[p]], as: UTF8.self)
        if name == "operatorname" || name == "tag", p < scalars.count, scalars[p] == "*" {
            name += "*"
            p += 1
        }
        return (name, p)
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }

    // MARK: Atoms

    /// One atom from a source character or a `{group}`.
    private mutating func parseAtom() throws -> Atom {
        let start = pos
        let c = scalars[pos]
        pos += 1
        switch c {
        case "{":
            let list = try parseGroup(openedAt: start)
            return Self.groupAtom(list, span: span(from: start))
        case "~":
            return Atom(.ord, .space(Self.interwordSpace, mu: false), span: span(from: start))
        case "$", "#":
            throw error("unexpected '\(c)' in math", from: start)
        default:
            if c.value < 32 || c.value == 127 {
                throw error(
                    "unexpected control character U+\(String(c.value, radix: 16, uppercase: true))", from: start)
            }
            return Atom(Symbols.classOf(c), .symbol(mathCharacter(c)), span: span(from: start))
        }
    }

    /// The interword space of the text font (`\ ` and `~`): 1/3 em for Latin Modern.
    static let interwordSpace = 1.0 / 3.0

    /// A source character as it is drawn in the current alphabet.
    private func mathCharacter(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c {
        case "-": return "\u{2212}"
        case "*": return "\u{2217}"
        default: return Alphabets.map(c, alphabet)
        }
    }

    /// `{...}` after its brace; the alphabet switched inside (`{\rm x}`) ends with the group.
    private mutating func parseGroup(openedAt: Int) throws -> MathList {
        let saved = alphabet
        defer { alphabet = saved }
        return try parseList(.group, openedAt: openedAt).0
    }

    /// TeX turns `{x}` holding one plain character into that character (TeXbook §1186).
    static func groupAtom(_ list: MathList, span: Range<Int>) -> Atom {
        if list.count == 1, list[0].isPlainSymbol, list[0].cls == .ord {
            var a = list[0]
            a.span = span
            return a
        }
        return Atom(.ord, .list(list), span: span)
    }

    /// A required argument: a group, one command or one character.
    mutating func parseArgument(of command: String, at start: Int) throws -> MathList {
        defer { nesting -= 1 }
        try enterLevel(openedAt: start)
        skipSpaces()
        guard pos < scalars.count else { throw error("missing argument for \(command)", from: start, to: pos) }
        let c = scalars[pos]
        switch c {
        case "{":
            let open = pos
            pos += 1
            return try parseGroup(openedAt: open)
        case "}", "&", "^", "_":
            throw error("missing argument for \(command)", from: start, to: pos)
        case "\\":
            let (name, end) = peekCommand()
            if ["right", "middle", "end", "\\"].contains(name) {
                throw error("missing argument for \(command)", from: start, to: end)
            }
            return try parseCommandAtoms(at: pos)
        default:
            return [try parseAtom()]
        }
    }

    private mutating func attachScript(to list: inout MathList, superscript: Bool, at start: Int) throws {
        let name = superscript ? "'^' (superscript)" : "'_' (subscript)"
        var base = list.popLast() ?? Atom(.ord, .list([]), span: offsets[start]..<offsets[start])
        if case .space = base.nucleus { list.append(base); base = Atom(.ord, .list([])) }
        if case .style = base.nucleus { list.append(base); base = Atom(.ord, .list([])) }
        let script = try parseArgument(of: name, at: start)
        if superscript {
            if base.sup != nil { throw error("double superscript: use braces, x^{a^b}", from: start) }
            base.sup = script
        } else {
            if base.sub != nil { throw error("double subscript: use braces, x_{a_b}", from: start) }
            base.sub = script
        }
        list.append(base)
    }

    /// `x'` is `x^{\prime}`; primes merge with a following superscript (`x'^2`).
    private mutating func attachPrimes(to list: inout MathList, at start: Int) throws {
        var count = 1
        while pos < scalars.count, scalars[pos] == "'" {
            count += 1
            pos += 1
        }
        var base = list.popLast() ?? Atom(.ord, .list([]))
        if base.sup != nil { throw error("double superscript (a prime after a superscript)", from: start) }
        var sup = MathList(repeating: Atom(.ord, .symbol("\u{2032}")), count: count)
        skipSpaces()
        if pos < scalars.count, scalars[pos] == "^" {
            let caret = pos
            pos += 1
            sup.append(contentsOf: try parseArgument(of: "'^' (superscript)", at: caret))
        }
        base.sup = sup
        list.append(base)
    }

    // MARK: Commands

    /// The atoms one command makes (usually one); `pos` is at its backslash.
    mutating func parseCommandAtoms(at start: Int) throws -> MathList {
        let (name, end) = peekCommand()
        pos = end
        let here = { [offsets] (p: Int) in offsets[start]..<offsets[p] }
        if name.isEmpty { throw error("a lone backslash at the end", from: start) }

        if let kind = Self.commandKinds[name] {
            let span = here(pos)
            switch kind {
            case .greekLower(let i): return [Atom(.ord, .symbol(Alphabets.greekLower(i, alphabet)), span: span)]
            case .greekUpper(let i): return [Atom(.ord, .symbol(Alphabets.greekUpper(i, alphabet)), span: span)]
            case .greekUpperItalic(let i): return [Atom(.ord, .symbol(Alphabets.greekUpper(i, .italic)), span: span)]
            case .symbol(let c, let cls):
                var ch = c
                if name == "partial", alphabet == .boldItalic || alphabet == .bold { ch = "\u{1D74F}" }
                return [Atom(cls, .symbol(ch), span: span)]
            case .largeOperator(let c, let limits):
                var a = Atom(.op, .symbol(c), span: span)
                a.limits = limits ? .auto : .noLimits
                return [a]
            case .function(let limits):
                var a = Atom(.op, .text(name, .roman), span: span)
                a.limits = limits ? .auto : .noLimits
                return [a]
            case .accent(let accent, let stretchy):
                let body = try parseArgument(of: "\\" + name, at: start)
                return [Atom(.ord, .accent(accent, body: body, stretchy: stretchy), span: here(pos))]
            case .space(let amount, let mu):
                return [Atom(.ord, .space(amount, mu: mu), span: span)]
            case .font(let font):
                let saved = alphabet
                alphabet = font
                defer { alphabet = saved }
                let body = try parseArgument(of: "\\" + name, at: start)
                return [Self.groupAtom(body, span: here(pos))]
            case .atomClass(let cls):
                let body = try parseArgument(of: "\\" + name, at: start)
                var a = Self.groupAtom(body, span: here(pos))
                a.cls = cls
                if cls == .op { a.limits = .noLimits }
                return [a]
            case .style(let level):
                return [Atom(.ord, .style(level), span: span)]
            }
        }
        if let arrow = ExtensibleArrow.commands[name] {
            var under: MathList = []
            skipSpaces()
            if pos < scalars.count, scalars[pos] == "[" { under = try parseBracketed() }
            let over = try parseArgument(of: "\\" + name, at: start)
            return [Atom(.rel, .extensibleArrow(arrow, over: over, under: under), span: here(pos))]
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom":
            let num = try parseArgument(of: "\\" + name, at: start)
            let den = try parseArgument(of: "\\" + name, at: start)
            let style: StyleLevel? =
                name.hasPrefix("d") || name == "cfrac" ? .display : (name.hasPrefix("t") ? .text : nil)
            let binom = name.hasSuffix("binom")
            var f = Fraction(
                numerator: num, denominator: den, hasRule: !binom, style: style, left: binom ? "(" : nil,
                right: binom ? ")" : nil)
            if name == "cfrac" {
                // amsmath: {{\displaystyle\frac{\strut#2}{#3}}\kern-\nulldelimiterspace}, an Ord.
                f.numeratorStrut = true
                let body = [Atom(.inner, .fraction(f)), Atom(.ord, .space(-0.12, mu: false))]
                return [Atom(.ord, .list(body), span: here(pos))]
            }
            return [Atom(.inner, .fraction(f), span: here(pos))]
        case "sqrt":
            var index: MathList?
            skipSpaces()
            if pos < scalars.count, scalars[pos] == "[" {
                index = try parseBracketed()
            }
            let body = try parseArgument(of: "\\sqrt", at: start)
            return [Atom(.ord, .radical(body: body, index: index), span: here(pos))]
        case "overline", "underline":
            let body = try parseArgument(of: "\\" + name, at: start)
            return [Atom(.ord, name == "overline" ? .overline(body) : .underline(body), span: here(pos))]
        case "overbrace", "underbrace":
            let body = try parseArgument(of: "\\" + name, at: start)
            var a = Atom(.op, .brace(body, over: name == "overbrace"), span: here(pos))
            a.limits = .limits
            return [a]
        case "overset", "underset", "stackrel":
            let annotation = try parseArgument(of: "\\" + name, at: start)
            let base = try parseArgument(of: "\\" + name, at: start)
            // amsmath's \binrel@ keeps the base's class when it is a relation or binary operator;
            // otherwise the result is the \mathop it builds.
            var cls: AtomClass = name == "stackrel" ? .rel : .op
            if base.count == 1, base[0].cls == .rel || base[0].cls == .bin { cls = base[0].cls }
            let nucleus: Nucleus =
                name == "underset"
                ? .overUnder(base: base, over: nil, under: annotation)
                : .overUnder(base: base, over: annotation, under: nil)
            return [Atom(cls, nucleus, span: here(pos))]
        case "operatorname", "operatorname*", "mathop":
            let saved = alphabet
            alphabet = name == "mathop" ? alphabet : .roman
            defer { alphabet = saved }
            let body = try parseArgument(of: "\\" + name, at: start)
            var a: Atom
            if name != "mathop",
                body.allSatisfy({ if case .symbol = $0.nucleus { $0.sub == nil && $0.sup == nil } else { false } })
            {
                // Operator names are upright text, so `-` stays a hyphen and letters are not spaced.
                let text = body.compactMap { if case .symbol(let c) = $0.nucleus { String(c) } else { nil } }.joined()
                a = Atom(.op, .text(text.replacingOccurrences(of: "\u{2212}", with: "-"), .roman), span: here(pos))
            } else {
                a = Atom(.op, .list(body), span: here(pos))
            }
            if body.count == 1, case .symbol = body[0].nucleus, name == "mathop" { a.nucleus = body[0].nucleus }
            a.limits = name == "operatorname*" || name == "mathop" ? .auto : .noLimits
            return [a]
        case "text", "textrm", "textnormal", "mbox", "hbox", "textbf", "textit", "texttt", "textsf", "textup",
            "mathnormal":
            if name == "mathnormal" {
                let body = try parseArgument(of: "\\" + name, at: start)
                return [Self.groupAtom(body, span: here(pos))]
            }
            let alphabet: MathAlphabet =
                switch name {
                case "textbf": .bold
                case "textit": .italic
                case "texttt": .monospace
                case "textsf": .sansSerif
                default: .roman
                }
            return [try parseTextArgument(of: "\\" + name, at: start, alphabet: alphabet)]
        case "left":
            return [try parseFenced(at: start)]
        case "big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl", "bigr", "Bigr", "biggr", "Biggr",
            "bigm", "Bigm", "biggm", "Biggm":
            let size = name.hasPrefix("bigg") ? 3 : (name.hasPrefix("Bigg") ? 4 : (name.hasPrefix("Big") ? 2 : 1))
            let delimiter = try parseDelimiter(after: "\\" + name, at: start)
            var cls: AtomClass = .ord
            if name.hasSuffix("l") {
                cls = .open
            } else if name.hasSuffix("r") {
                cls = .close
            } else if name.hasSuffix("m") {
                cls = .rel
            }
            return [Atom(cls, .bigDelimiter(delimiter, size: size), span: here(pos))]
        case "textcolor":
            let color = try parseColor(command: start)
            let body = try parseArgument(of: "\\textcolor", at: start)
            return [Atom(.ord, .color(color, body), span: here(pos))]
        case "boxed", "fbox":
            let body = try parseArgument(of: "\\" + name, at: start)
            return [Atom(.ord, .boxed(body), span: here(pos))]
        case "phantom", "hphantom", "vphantom":
            let body = try parseArgument(of: "\\" + name, at: start)
            return [
                Atom(
                    .ord, .phantom(body, horizontal: name != "vphantom", vertical: name != "hphantom"), span: here(pos))
            ]
        case "begin":
            return [try parseEnvironment(at: start)]
        case "substack":
            // amsmath's \substack{a \\ b}: centred lines in the current (script) style, under a \sum.
            skipSpaces()
            guard pos < scalars.count, scalars[pos] == "{" else {
                throw error("missing argument for \\substack", from: start, to: pos)
            }
            let open = pos
            pos += 1
            var lines: [[MathList]] = []
            while true {
                let (line, stop) = try parseList(.substack, openedAt: open)
                lines.append([line])
                if stop == .close { break }
            }
            let array = MathArray(kind: .gathered, rows: lines, alignments: [.center], name: "substack")
            return [Atom(.ord, .array(array), span: here(pos))]
        case "iff", "implies", "impliedby":
            let arrow: Unicode.Scalar = name == "iff" ? "\u{27FA}" : (name == "implies" ? "\u{27F9}" : "\u{27F8}")
            let thick = Atom(.ord, .space(5, mu: true))
            return [thick, Atom(.rel, .symbol(arrow), span: here(pos)), thick]
        case "hspace", "hspace*", "kern", "mkern", "hskip", "mskip":
            return [try parseExplicitSpace(name, at: start)]
        case "bmod":
            return [Atom(.bin, .text("mod", .roman), span: here(pos))]
        case "pmod":
            let body = try parseArgument(of: "\\pmod", at: start)
            return [
                Atom(.ord, .space(displayMode ? 18 : 8, mu: true)), Atom(.open, .symbol("(")),
                Atom(.ord, .text("mod", .roman)),
                Atom(.ord, .space(6, mu: true)), Self.groupAtom(body, span: here(pos)), Atom(.close, .symbol(")")),
            ]
        default:
            throw error("unknown command \\\(name)", from: start, to: end)
        }
    }

    /// What a simple command stands for; one table so each command costs one lookup.
    enum CommandKind {
        case greekLower(Int), greekUpper(Int), greekUpperItalic(Int)
        case symbol(Unicode.Scalar, AtomClass)
        case largeOperator(Unicode.Scalar, limits: Bool)
        case function(limits: Bool)
        case accent(Unicode.Scalar, stretchy: Bool)
        case space(Double, mu: Bool)
        case font(MathAlphabet)
        case atomClass(AtomClass)
        case style(StyleLevel)
    }

    static let commandKinds: [String: CommandKind] = {
        var table: [String: CommandKind] = [:]
        for (name, level) in styleCommands { table[name] = .style(level) }
        for (name, cls) in classCommands { table[name] = .atomClass(cls) }
        for (name, font) in fontCommands { table[name] = .font(font) }
        for (name, s) in spaces { table[name] = .space(s.0, mu: s.1) }
        for (name, a) in Symbols.accents { table[name] = .accent(a.0, stretchy: a.1) }
        for (name, limits) in Symbols.functions { table[name] = .function(limits: limits) }
        for (name, op) in Symbols.largeOperators { table[name] = .largeOperator(op.0, limits: op.1) }
        for (name, sym) in Symbols.commands { table[name] = .symbol(sym.0, sym.1) }
        for (name, i) in Symbols.greekUpperIndex {
            table[name] = .greekUpper(i)
            table["var" + name] = .greekUpperItalic(i)
        }
        for (name, i) in Symbols.greekLowerIndex { table[name] = .greekLower(i) }
        return table
    }()

    static let spaces: [String: (Double, Bool)] = [
        ",": (3, true), "thinspace": (3, true), ":": (4, true), ">": (4, true), "medspace": (4, true),
        ";": (5, true), "thickspace": (5, true), "!": (-3, true), "negthinspace": (-3, true),
        "negmedspace": (-4, true), "negthickspace": (-5, true), "quad": (1, false), "qquad": (2, false),
        " ": (interwordSpace, false), "enspace": (0.5, false), "space": (interwordSpace, false),
        "nobreakspace": (interwordSpace, false),
    ]

    static let fontCommands: [String: MathAlphabet] = [
        "mathbf": .bold, "boldsymbol": .boldItalic, "bm": .boldItalic, "pmb": .boldItalic, "mathit": .italic,
        "mathrm": .roman, "mathsf": .sansSerif, "mathtt": .monospace, "mathcal": .script, "mathscr": .script,
        "mathbb": .doubleStruck, "mathfrak": .fraktur, "mathup": .roman, "mathbfit": .boldItalic,
    ]

    static let classCommands: [String: AtomClass] = [
        "mathord": .ord, "mathbin": .bin, "mathrel": .rel, "mathopen": .open, "mathclose": .close,
        "mathpunct": .punct, "mathinner": .inner,
    ]

    static let styleCommands: [String: StyleLevel] = [
        "displaystyle": .display, "textstyle": .text, "scriptstyle": .script, "scriptscriptstyle": .scriptScript,
    ]

    /// `[...]` (the index of `\sqrt[n]`), at its bracket: parsed in place up to the `]` outside
    /// braces, with the same nesting count; an alphabet switched inside ends with it.
    private mutating func parseBracketed() throws -> MathList {
        let saved = alphabet
        defer { alphabet = saved }
        let open = pos
        pos += 1
        return try parseList(.bracket, openedAt: open).0
    }

    /// The delimiter after `\left`, `\right`, `\middle`, `\big`: nil for `.`.
    private mutating func parseDelimiter(after command: String, at start: Int) throws -> Unicode.Scalar? {
        skipSpaces()
        guard pos < scalars.count else { throw error("missing delimiter after \(command)", from: start, to: pos) }
        let c = scalars[pos]
        if c == "." {
            pos += 1
            return nil
        }
        if c == "\\" {
            let (name, end) = peekCommand()
            if let d = Symbols.delimiterCommands[name] {
                pos = end
                return d
            }
            throw error("\\\(name) is not a delimiter (after \(command))", from: pos, to: end)
        }
        if Symbols.delimiterCharacters.contains(c) {
            pos += 1
            return c == "<" ? "\u{27E8}" : (c == ">" ? "\u{27E9}" : c)
        }
        throw error("'\(c)' is not a delimiter (after \(command))", from: pos)
    }

    /// `\left( ... \middle| ... \right)`.
    private mutating func parseFenced(at start: Int) throws -> Atom {
        var delimiters = [try parseDelimiter(after: "\\left", at: start)]
        var pieces: [MathList] = []
        while true {
            let (piece, stop) = try parseList(.fenced, openedAt: start)
            pieces.append(piece)
            delimiters.append(try parseDelimiter(after: stop == .right ? "\\right" : "\\middle", at: pos - 1))
            if stop == .right { break }
        }
        return Atom(.inner, .fenced(pieces: pieces, delimiters: delimiters), span: span(from: start))
    }

    /// `\not=` becomes `≠`; other negations overlay a slash.
    private mutating func parseNegation(at start: Int) throws -> Atom {
        var arg = try parseArgument(of: "\\not", at: start)
        guard !arg.isEmpty else { throw error("missing argument for \\not", from: start) }
        if arg.count == 1, case .symbol(let c) = arg[0].nucleus, let negated = Symbols.negations[c] {
            arg[0].nucleus = .symbol(negated)
            arg[0].span = span(from: start)
            return arg[0]
        }
        return Atom(arg.first?.cls ?? .rel, .negated(arg), span: span(from: start))
    }

    /// `\color{red}` or `\color{#ff8800}`.
    private mutating func parseColor(command start: Int) throws -> Color {
        skipSpaces()
        guard pos < scalars.count, scalars[pos] == "{" else {
            throw error("missing colour name in braces", from: start, to: pos)
        }
        let open = pos
        guard let close = scalars[pos...].firstIndex(of: "}") else {
            throw error("missing '}' to close the '{' opened here", from: open)
        }
        let name = String(String.UnicodeScalarView(scalars[(open + 1)..<close])).trimmingSpaces()
        pos = close + 1
        if let hex = Symbols.colors[name.lowercased()] { return Color(hex: hex) }
        let digits = name.hasPrefix("#") ? String(name.dropFirst()) : name
        if digits.count == 6, let v = UInt32(digits, radix: 16) { return Color(hex: v) }
        throw error("unknown colour '\(name)'", from: open + 1, to: close)
    }

    /// The largest explicit space, in em either way: far more than a formula needs, and small enough
    /// that no sum of spaces can overflow a size or a coordinate.
    static let maximumSpace = 100.0

    /// `\hspace{1em}`, `\kern3pt`, `\mkern4mu`: lengths in em, ex, pt or mu, finite and at most
    /// `maximumSpace` em long.
    private mutating func parseExplicitSpace(_ name: String, at start: Int) throws -> Atom {
        skipSpaces()
        var text = ""
        let lengthStart = pos < scalars.count && scalars[pos] == "{" ? pos + 1 : pos
        if pos < scalars.count, scalars[pos] == "{" {
            guard let close = scalars[pos...].firstIndex(of: "}") else {
                throw error("missing '}' to close the '{' opened here", from: pos)
            }
            text = String(String.UnicodeScalarView(scalars[(pos + 1)..<close]))
            pos = close + 1
        } else {
            while pos < scalars.count, "-+.0123456789 ".unicodeScalars.contains(scalars[pos]) {
                text.unicodeScalars.append(scalars[pos])
                pos += 1
            }
            while pos < scalars.count, Self.isLetter(scalars[pos]), text.count < 40 {
                text.unicodeScalars.append(scalars[pos])
                pos += 1
                if text.hasSuffix("em") || text.hasSuffix("ex") || text.hasSuffix("pt") || text.hasSuffix("mu") {
                    break
                }
            }
        }
        let t = text.trimmingSpaces()
        let units: [(String, Double, Bool)] = [
            ("em", 1, false), ("ex", 0.43, false), ("pt", 0.1, false), ("mu", 1, true),
        ]
        for (unit, factor, mu) in units where t.hasSuffix(unit) {
            if let v = Double(String(t.dropLast(2)).trimmingSpaces()) {
                let amount = v * factor
                guard amount.isFinite, abs(mu ? amount / 18 : amount) <= Self.maximumSpace else {
                    throw error(
                        "the length '\(t)' of \\\(name) is not a number within ±\(Int(Self.maximumSpace))em",
                        from: lengthStart, to: lengthStart + t.unicodeScalars.count)
                }
                return Atom(.ord, .space(amount, mu: mu), span: span(from: start))
            }
        }
        throw error("cannot read the length '\(t)' of \\\(name) (use em, ex, pt or mu)", from: start, to: pos)
    }

    // MARK: Text

    /// `\text{...}`: characters kept as they are, spaces kept, `$...$` switching back to math.
    private mutating func parseTextArgument(of command: String, at start: Int, alphabet textAlphabet: MathAlphabet)
        throws -> Atom
    {
        defer { nesting -= 1 }
        try enterLevel(openedAt: start)
        skipSpaces()
        guard pos < scalars.count else { throw error("missing argument for \(command)", from: start, to: pos) }
        if scalars[pos] != "{" {
            let c = scalars[pos]
            pos += 1
            return Atom(.ord, .text(String(c), textAlphabet), span: span(from: start))
        }
        let open = pos
        pos += 1
        var pieces: MathList = []
        var text = ""
        var depth = 0
        func flush() {
            if !text.isEmpty { pieces.append(Atom(.ord, .text(text, textAlphabet))) }
            text = ""
        }
        while true {
            guard pos < scalars.count else { throw error("missing '}' to close the '{' opened here", from: open) }
            let c = scalars[pos]
            if c == "}" {
                if depth == 0 { pos += 1; break }
                depth -= 1
                pos += 1
            } else if c == "{" {
                depth += 1
                pos += 1
            } else if c == "\\" {
                let (name, end) = peekCommand()
                pos = end
                switch name {
                case "{", "}", "$", "%", "&", "#", "_": text += name
                case " ", ",", ";", "quad", "qquad", ":":
                    flush()
                    let (amount, mu) = Self.spaces[name] ?? (Self.interwordSpace, false)
                    pieces.append(Atom(.ord, .space(amount, mu: mu)))
                case "textbf", "textit", "textrm", "text", "emph":
                    flush()
                    let inner: MathAlphabet =
                        name == "textbf" ? .bold : (name == "textrm" || name == "text" ? .roman : .italic)
                    pieces.append(try parseTextArgument(of: "\\" + name, at: pos, alphabet: inner))
                case "ldots", "dots": text += "\u{2026}"
                case "textendash": text += "\u{2013}"
                default:
                    throw error("unknown command \\\(name) in text", from: end - name.unicodeScalars.count - 1, to: end)
                }
            } else if c == "$" {
                // Math inside text, parsed in place up to its closing `$` in the normal alphabet.
                flush()
                let mathStart = pos
                pos += 1
                let saved = alphabet
                alphabet = .normal
                defer { alphabet = saved }
                pieces.append(Atom(.ord, .list(try parseList(.textMath, openedAt: mathStart).0)))
            } else {
                if c.value < 32 || c.value == 127 {
                    throw error(
                        "unexpected control character U+\(String(c.value, radix: 16, uppercase: true))", from: pos)
                }
                text.unicodeScalars.append(c == "~" ? " " : c)
                pos += 1
            }
        }
        flush()
        if pieces.count == 1 {
            pieces[0].span = span(from: start)
            return pieces[0]
        }
        return Atom(.ord, .list(pieces), span: span(from: start))
    }

    // MARK: Environments

    static let environments: Set<String> = [
        "aligned", "align", "align*", "alignedat", "gathered", "gather", "gather*", "equation", "equation*",
        "split", "cases", "dcases", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
        "array",
    ]

    private mutating func readName(at start: Int) throws -> String {
        skipSpaces()
        guard pos < scalars.count, scalars[pos] == "{", let close = scalars[pos...].firstIndex(of: "}") else {
            throw error("missing environment name in braces", from: start, to: pos)
        }
        let name = String(String.UnicodeScalarView(scalars[(pos + 1)..<close])).trimmingSpaces()
        pos = close + 1
        return name
    }

    /// `\begin{name} cells & ... \\ ... \end{name}`.
    private mutating func parseEnvironment(at start: Int) throws -> Atom {
        let name = try readName(at: start)
        guard Self.environments.contains(name) else {
            throw error("unknown environment '\(name)'", from: start, to: pos)
        }
        var alignments: [ColumnAlignment] = []
        var rules: Set<Int> = []
        if name == "array" {
            skipSpaces()
            let specStart = pos
            guard pos < scalars.count, scalars[pos] == "{", let close = scalars[pos...].firstIndex(of: "}") else {
                throw error("missing column specification for array", from: start, to: pos)
            }
            for c in scalars[(pos + 1)..<close] {
                switch c {
                case "l": alignments.append(.left)
                case "c": alignments.append(.center)
                case "r": alignments.append(.right)
                case "|": rules.insert(alignments.count - 1)
                case " ": break
                default: throw error("unknown column type '\(c)' in array", from: specStart, to: close + 1)
                }
            }
            pos = close + 1
        } else if name == "alignedat" {
            _ = try readName(at: start)
        }
        var rows: [[MathList]] = []
        var row: [MathList] = []
        var lines: Set<Int> = []
        let savedAlphabet = alphabet
        while true {
            sawHorizontalLine = false
            let (cell, stop) = try parseList(.cell, openedAt: start)
            if sawHorizontalLine { lines.insert(rows.count) }
            row.append(cell)
            if stop == .ampersand { continue }
            rows.append(row)
            row = []
            if stop == .endEnvironment {
                let endAt = pos
                pos = peekCommand().1
                let endName = try readName(at: endAt)
                guard endName == name else {
                    throw error("\\end{\(endName)} does not match \\begin{\(name)}", from: endAt, to: pos)
                }
                break
            }
        }
        alphabet = savedAlphabet
        // A trailing `\\` leaves an empty last row, which LaTeX does not show.
        if rows.count > 1, let last = rows.last, last.count == 1, last[0].isEmpty { rows.removeLast() }
        let columns = rows.map(\.count).max() ?? 0
        let kind: MathArray.Kind
        switch name {
        case "aligned", "align", "align*", "alignedat", "split":
            kind = .aligned
            alignments = (0..<columns).map { $0 % 2 == 0 ? .right : .left }
        case "gathered", "gather", "gather*", "equation", "equation*":
            kind = .gathered
            alignments = [.center]
        case "cases", "dcases":
            kind = .cases
            alignments = [.left, .left]
        case "array":
            kind = .array
        default:
            kind = .matrix
            alignments = [.center]
        }
        var array = MathArray(kind: kind, rows: rows, alignments: alignments, verticalRules: rules, name: name)
        array.horizontalRules = lines.filter { $0 <= rows.count }
        let body = Atom(.ord, .array(array), span: span(from: start))
        let fences: [String: (Unicode.Scalar?, Unicode.Scalar?)] = [
            "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"), "vmatrix": ("|", "|"),
            "Vmatrix": ("\u{2016}", "\u{2016}"), "cases": ("{", nil), "dcases": ("{", nil),
        ]
        if let (l, r) = fences[name] {
            return Atom(.inner, .fenced(pieces: [[body]], delimiters: [l, r]), span: span(from: start))
        }
        return body
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
