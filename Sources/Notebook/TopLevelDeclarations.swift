/// One top-level piece of a notebook source file — a constant, a function, a type, an extension, a
/// notebook, an import or a statement — with the names it declares, so that a cell's cache key can
/// take in exactly the declarations its code can reach.
///
/// The reading is deliberately coarse and errs on one side only: when in doubt a declaration is
/// reached by more cells (they re-run more often), never by fewer (a cached result never goes stale).
struct TopLevelDeclaration: Sendable {
    /// The file's path relative to the notebook directory: `VAE.swift`.
    let file: String
    let lines: ClosedRange<Int>
    /// Names a cell's code can reach it by: `walkEnds`, `path`, the members of a `StateKey` extension.
    let names: Set<String>
    /// `private` and `fileprivate` declarations are visible in their own file only.
    let isFilePrivate: Bool
    /// A `var` or a `nonisolated(unsafe)` value: two cells that reach it may share what one of them
    /// changes, so they never train at the same time.
    let isMutable: Bool
    /// Imports, statements, operators and conformances act without being named: every cell sees them.
    let reachedByEveryCell: Bool
    /// What can change a cell's results, as text: its tokens without comments or spaces, and for a
    /// notebook only the code between its cells (loops and conditions), not the cells or their prose.
    let content: String
    /// Words its content uses: the names it can reach in turn.
    let words: Set<String>
}

enum TopLevelDeclarations {
    static func parse(_ tokens: [SourceToken], file: String) -> [TopLevelDeclaration] {
        split(tokens).map { declaration(Array(tokens[$0]), file: file) }
    }

    /// A new declaration starts at a line's first token, at nesting depth 0, unless the previous line
    /// ends with an operator (the expression goes on) or the line opens with `else`.
    private static func split(_ tokens: [SourceToken]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var depth = 0
        for (k, token) in tokens.enumerated() {
            if depth == 0, k > start, token.startsLine, opensDeclaration(token), !continuesExpression(tokens[k - 1]) {
                ranges.append(start..<k)
                start = k
            }
            if token.kind == .symbol, ["(", "[", "{"].contains(token.text) { depth += 1 }
            if token.kind == .symbol, [")", "]", "}"].contains(token.text) { depth = max(0, depth - 1) }
        }
        if start < tokens.count { ranges.append(start..<tokens.count) }
        return ranges
    }

    private static func opensDeclaration(_ token: SourceToken) -> Bool {
        (token.kind == .word && !["else", "where", "catch"].contains(token.text)) || token.isSymbol("@")
            || token.isSymbol("#")
    }

    static func continuesExpression(_ previous: SourceToken) -> Bool {
        previous.kind == .symbol && ![")", "]", "}"].contains(previous.text)
    }

    private static let modifiers: Set<String> = [
        "public", "internal", "package", "private", "fileprivate", "open", "final", "static", "nonisolated",
        "lazy", "indirect", "dynamic",
    ]

    private static func declaration(_ tokens: [SourceToken], file: String) -> TopLevelDeclaration {
        var k = 0
        var isFilePrivate = false
        var isUnsafe = false
        while k < tokens.count {
            if tokens[k].isSymbol("@") {
                k += 2
            } else if tokens[k].kind == .word, modifiers.contains(tokens[k].text) {
                if ["private", "fileprivate"].contains(tokens[k].text) { isFilePrivate = true }
                if tokens[k].text == "nonisolated" { isUnsafe = true }
                k += 1
            } else {
                break
            }
            if k < tokens.count, tokens[k].isSymbol("(") { k = closing(tokens, from: k) + 1 }
        }
        let keyword = k < tokens.count ? tokens[k].text : ""
        let next = k + 1 < tokens.count ? tokens[k + 1] : nil
        var names: Set<String> = []
        var everyCell = false
        var content = tokens[...]
        switch keyword {
        case "let", "var":
            names = boundNames(tokens, after: k)
            if let body = notebookBody(tokens, after: k) { content = NotebookBuilderCode.between(tokens, body) }
        case "func":
            if let next, next.kind == .word { names = [next.text] } else { everyCell = true }
        case "struct", "class", "enum", "actor", "protocol", "typealias", "extension":
            let (members, unnamed, initialiser) = memberNames(tokens)
            names = members
            // An extension is reached through its members (`.codes` of `extension StateKey`), and
            // through its type only when it adds an initialiser: `StateKey` alone reaches no key.
            if let next, next.kind == .word, keyword != "extension" || initialiser { names.insert(next.text) }
            // A conformance changes behaviour without being named (`extension Tensor: CustomStringConvertible`).
            everyCell = unnamed || (keyword == "extension" && conformance(tokens, after: k))
        case "LecternCLI":
            // `LecternCLI.main(notebooks: […])` runs the notebooks and nothing after it: which
            // notebooks it lists changes no result, so adding one re-runs nothing.
            everyCell = false
        default:
            everyCell = true  // imports, statements, operators
        }
        let first = tokens.first?.line ?? 0
        return TopLevelDeclaration(
            file: file, lines: first...(tokens.last?.line ?? first), names: names, isFilePrivate: isFilePrivate,
            isMutable: keyword == "var" || isUnsafe, reachedByEveryCell: everyCell,
            content: content.map(\.text).joined(separator: " "),
            words: words(in: content))
    }

    /// The names a `let` or `var` binds: `x`, `(a, b)`, `x = 1, y = 2`.
    private static func boundNames(_ tokens: [SourceToken], after k: Int) -> Set<String> {
        var names: Set<String> = []
        guard k + 1 < tokens.count else { return names }
        if tokens[k + 1].isSymbol("(") {
            let end = closing(tokens, from: k + 1)
            var j = k + 2
            while j < end {
                if tokens[j].kind == .word { names.insert(tokens[j].text) }
                if tokens[j].isSymbol(":") {  // skip a type annotation
                    while j < end, !tokens[j].isSymbol(",") { j += 1 }
                }
                j += 1
            }
        } else if tokens[k + 1].kind == .word {
            names.insert(tokens[k + 1].text)
        }
        // Further bindings at depth 0: `, y = 2`.
        var depth = 0
        for j in (k + 1)..<tokens.count {
            let token = tokens[j]
            if token.kind == .symbol, ["(", "[", "{"].contains(token.text) { depth += 1 }
            if token.kind == .symbol, [")", "]", "}"].contains(token.text) { depth -= 1 }
            if depth == 0, token.isSymbol(","), j + 2 < tokens.count, tokens[j + 1].kind == .word,
                tokens[j + 2].isSymbol("=") || tokens[j + 2].isSymbol(":")
            {
                names.insert(tokens[j + 1].text)
            }
        }
        return names
    }

    /// Names declared directly inside a type or extension's braces, whether some member has no name
    /// a cell would write (an operator, a subscript), and whether one is an initialiser.
    private static func memberNames(_ tokens: [SourceToken]) -> (Set<String>, unnamed: Bool, initialiser: Bool) {
        var names: Set<String> = []
        var unnamed = false
        var initialiser = false
        var depth = 0
        for (j, token) in tokens.enumerated() {
            if token.isSymbol("{") { depth += 1 }
            if token.isSymbol("}") { depth -= 1 }
            guard depth == 1, token.kind == .word else { continue }
            let next = j + 1 < tokens.count ? tokens[j + 1] : nil
            switch token.text {
            case "let", "var", "func", "struct", "class", "enum", "typealias", "actor", "protocol":
                if let next, next.kind == .word { names.insert(next.text) } else { unnamed = true }
            case "case":
                // `case a, b(Int)`: every word on the line.
                for other in tokens[(j + 1)...] where other.line == token.line && other.kind == .word {
                    names.insert(other.text)
                }
            case "subscript": unnamed = true
            case "init": initialiser = true
            default: break
            }
        }
        return (names, unnamed, initialiser)
    }

    /// Whether `extension T: P` declares a conformance before its body.
    private static func conformance(_ tokens: [SourceToken], after k: Int) -> Bool {
        for token in tokens[(k + 1)...] {
            if token.isSymbol("{") || (token.kind == .word && token.text == "where") { return false }
            if token.isSymbol(":") { return true }
        }
        return false
    }

    /// For `let name = Notebook(…) { cells }`, the indices just inside the braces of the cells.
    private static func notebookBody(_ tokens: [SourceToken], after k: Int) -> Range<Int>? {
        guard let equals = tokens[k...].firstIndex(where: { $0.isSymbol("=") }), equals + 2 < tokens.count,
            tokens[equals + 1].text == "Notebook", tokens[equals + 2].isSymbol("(")
        else { return nil }
        let open = closing(tokens, from: equals + 2) + 1
        guard open < tokens.count, tokens[open].isSymbol("{") else { return nil }
        return (open + 1)..<closing(tokens, from: open)
    }

    /// Every word a declaration's code uses, including those in string interpolations (and, to err on
    /// the safe side, the other words of its strings).
    static func words(in tokens: some Sequence<SourceToken>) -> Set<String> {
        var words: Set<String> = []
        for token in tokens {
            switch token.kind {
            case .word: words.insert(token.text)
            case .string:
                let pieces = token.text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
                words.formUnion(pieces.map(String.init))
            default: break
            }
        }
        return words
    }

    /// The index of the bracket that closes the one at `open`, or the last index when none does.
    static func closing(_ tokens: [SourceToken], from open: Int) -> Int {
        var depth = 0
        for j in open..<tokens.count where tokens[j].kind == .symbol {
            if ["(", "[", "{"].contains(tokens[j].text) { depth += 1 }
            if [")", "]", "}"].contains(tokens[j].text) {
                depth -= 1
                if depth == 0 { return j }
            }
        }
        return tokens.count - 1
    }
}

/// The code of a notebook's builder between its cells.
///
/// In a result builder every statement that is an expression is a cell: `Markdown(…)`, `Run(…) {…}`.
/// What remains — `for` and `if` around cells, local constants — can change what a cell computes
/// (a loop variable it captures), so it belongs to the key of every cell of the notebook; the cells
/// themselves, with their titles and prose, do not.
enum NotebookBuilderCode {
    static func between(_ tokens: [SourceToken], _ body: Range<Int>) -> ArraySlice<SourceToken> {
        var kept: [SourceToken] = []
        var k = body.lowerBound
        var atStatementStart = true
        var statementWord: String?
        while k < body.upperBound {
            let token = tokens[k]
            if k > body.lowerBound, token.startsLine, !TopLevelDeclarations.continuesExpression(tokens[k - 1]) {
                atStatementStart = true
            }
            if atStatementStart {
                atStatementStart = false
                if isCell(tokens, at: k, before: body.upperBound) {
                    var end = TopLevelDeclarations.closing(tokens, from: k + 1)
                    if end + 1 < body.upperBound, tokens[end + 1].isSymbol("{") {
                        end = TopLevelDeclarations.closing(tokens, from: end + 1)
                    }
                    k = end + 1
                    continue
                }
                statementWord = token.kind == .word ? token.text : nil
            }
            let opensBuilderBlock =
                token.isSymbol("{") && ["if", "else", "for", "while", "switch"].contains(statementWord ?? "")
            if token.isSymbol("(") || token.isSymbol("[") || (token.isSymbol("{") && !opensBuilderBlock) {
                // Arguments, arrays and closures are kept whole: they hold no cells.
                let end = TopLevelDeclarations.closing(tokens, from: k)
                kept += tokens[k...end]
                k = end + 1
                continue
            }
            kept.append(token)
            k += 1
            if opensBuilderBlock || token.isSymbol("}") || token.isSymbol(";")
                || (token.isSymbol(":") && ["case", "default"].contains(statementWord ?? ""))
            {
                atStatementStart = true
            }
        }
        return kept[...]
    }

    /// A statement `Name(` … : a cell's initialiser.
    private static func isCell(_ tokens: [SourceToken], at k: Int, before end: Int) -> Bool {
        tokens[k].kind == .word && tokens[k].text.first?.isUppercase == true && k + 1 < end
            && tokens[k + 1].isSymbol("(")
    }
}
