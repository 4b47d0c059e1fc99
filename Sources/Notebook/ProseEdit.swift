/// Which text argument of a cell a string literal is.
enum CellTextRole: String, Sendable, Equatable {
    case markdown, math, calloutTitle, calloutText, plotCaption
}

/// A cell's text written as a plain literal argument: `Markdown("…")`, `Math(#"…"#, label: …)`,
/// `Callout(.note, title: "…", "…")`, the caption of `Plot("…", …) { … }`.
struct CellTextLiteral: Sendable {
    /// Index of the literal's token.
    let token: Int
    /// Where the call that makes the cell starts: the cell's `#line` and `#column`.
    let line: Int
    let column: Int
    let role: CellTextRole

    /// The text literals of a file, by token index. Only the exact shapes above count: a literal
    /// that is part of an expression, an argument of another call, a label, an id, or the text of
    /// a cell with a closure (computed prose) is code.
    static func find(in tokens: [SourceToken]) -> [Int: CellTextLiteral] {
        var found: [Int: CellTextLiteral] = [:]
        func isString(_ k: Int) -> Bool { k < tokens.count && tokens[k].kind == .string }
        func isSymbol(_ k: Int, _ symbols: String...) -> Bool {
            k < tokens.count && tokens[k].kind == .symbol && symbols.contains(tokens[k].text)
        }
        for (k, call) in tokens.enumerated() where call.kind == .word {
            guard ["Markdown", "Math", "Callout", "Plot"].contains(call.text), k == 0 || !isSymbol(k - 1, "."),
                isSymbol(k + 1, "(")
            else { continue }
            let close = TopLevelDeclarations.closing(tokens, from: k + 1)
            let trailingClosure = isSymbol(close + 1, "{")
            func add(_ token: Int, _ role: CellTextRole) {
                found[token] = CellTextLiteral(token: token, line: call.line, column: call.column, role: role)
            }
            switch call.text {
            case "Markdown", "Math":
                if !trailingClosure, isString(k + 2), isSymbol(k + 3, ")", ",") {
                    add(k + 2, call.text == "Markdown" ? .markdown : .math)
                }
            case "Plot":
                if trailingClosure, isString(k + 2), isSymbol(k + 3, ")", ",") { add(k + 2, .plotCaption) }
            default:
                // Callout(.note, title: "…", "…") or Callout(.note, "…")
                guard !trailingClosure, isSymbol(k + 2, "."), k + 3 < tokens.count, tokens[k + 3].kind == .word,
                    isSymbol(k + 4, ",")
                else { continue }
                var j = k + 5
                if j + 3 < tokens.count, tokens[j].text == "title", isSymbol(j + 1, ":"), isString(j + 2),
                    isSymbol(j + 3, ",")
                {
                    add(j + 2, .calloutTitle)
                    j += 4
                }
                if isString(j), j + 1 == close { add(j, .calloutText) }
            }
        }
        return found
    }
}

/// How a notebook file differs from the text a `lectern` binary was compiled from, when it differs
/// only in the values of cells' text literals: which texts changed, and where every token of the
/// compiled text is now (prose that gained lines moves the cells below it).
struct ProseEdit: Sendable {
    struct TextChange: Sendable {
        /// Where the cell's call started in the compiled file.
        let line: Int
        let column: Int
        let role: CellTextRole
        let old: String
        let new: String
    }

    struct Position: Hashable, Sendable {
        let line: Int
        let column: Int
    }

    let changes: [TextChange]
    /// Every token's position, compiled → now.
    private let positions: [Position: Position]
    /// Lines whose tokens all moved to one line, compiled → now.
    private let lines: [Int: Int]

    /// Where a cell written at `line` (and `column`, when the cell records it) of the compiled file
    /// is now; nil when no token starts there or the line's tokens went to different lines.
    func relocated(line: Int, column: Int?) -> Position? {
        if let column { return positions[Position(line: line, column: column)] }
        return lines[line].map { Position(line: $0, column: 1) }
    }

    /// The result of comparing a compiled file with its current text.
    enum Comparison: Sendable {
        case unchanged
        case proseOnly(ProseEdit)
        /// Something a compile must see, and where.
        case code(String)
    }

    /// Compares the text `lectern` was compiled from with the file's current text; `name` is used in
    /// the reasons (`VAE.swift:120`).
    /// Calls that make cells, to tell when a line holds more than one.
    private static let cellKinds: Set<String> = [
        "Markdown", "Math", "Callout", "Plot", "Run", "DataTable", "Claim",
    ]

    static func compare(compiled: String, current: String, name: String) -> Comparison {
        guard compiled != current else { return .unchanged }
        let old = SwiftTokenizer.tokens(of: compiled)
        let new = SwiftTokenizer.tokens(of: current)
        let literals = CellTextLiteral.find(in: old)
        var changes: [TextChange] = []
        for (k, (before, after)) in zip(old, new).enumerated() where before.text != after.text {
            guard before.kind == .string, after.kind == .string, let literal = literals[k] else {
                return .code("code changed at \(name):\(after.line)")
            }
            guard let oldText = SwiftStringLiteral.value(of: before.text),
                let newText = SwiftStringLiteral.value(of: after.text)
            else {
                return .code("the text at \(name):\(after.line) is not a plain literal (an interpolation, say)")
            }
            changes.append(
                TextChange(line: literal.line, column: literal.column, role: literal.role, old: oldText, new: newText))
        }
        guard old.count == new.count else {
            let line = (new.count > old.count ? new[old.count] : new.last)?.line ?? 1
            return .code("code changed at \(name):\(line)")
        }
        // A cell without a column (Markdown, Math, Callout) is found by its line alone: the line of
        // the call that makes it, which must be the only call of a cell on its line.
        var calls: Set<Int> = []
        var callsByLine: [Int: Int] = [:]
        for (k, token) in old.enumerated() where token.kind == .word && cellKinds.contains(token.text) {
            let next = k + 1 < old.count ? old[k + 1] : nil
            if k > 0, old[k - 1].isSymbol(".") { continue }
            if next?.isSymbol("(") == true || next?.isSymbol("{") == true {
                calls.insert(k)
                callsByLine[token.line, default: 0] += 1
            }
        }
        for change in changes where callsByLine[change.line, default: 0] > 1 {
            return .code("several cells start on \(name):\(change.line)")
        }
        var positions: [Position: Position] = [:]
        // Where the calls of cells on each line went; for a line without one, where all its tokens went.
        var callLines: [Int: Set<Int>] = [:]
        var tokenLines: [Int: Set<Int>] = [:]
        for (k, (before, after)) in zip(old, new).enumerated() {
            positions[Position(line: before.line, column: before.column)] = Position(
                line: after.line, column: after.column)
            tokenLines[before.line, default: []].insert(after.line)
            if calls.contains(k) { callLines[before.line, default: []].insert(after.line) }
        }
        let lines = tokenLines.merging(callLines) { _, calls in calls }.compactMapValues {
            $0.count == 1 ? $0.first : nil
        }
        // With no text changed (comments, layout) the cells may still have moved, and echoed code changed.
        return .proseOnly(
            ProseEdit(changes: changes, positions: positions, lines: lines))
    }
}
