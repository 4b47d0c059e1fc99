/// A piece of Swift source: a word (identifier or keyword), a number, a string literal or a symbol.
///
/// Comments and spaces are not tokens, so a cache key built from tokens ignores them: reformatting
/// a notebook or editing a comment re-runs nothing.
struct SourceToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case word, number, string, symbol }

    let kind: Kind
    let text: String
    /// 1-based line of the token's first character.
    let line: Int
    /// 1-based column of its first byte, as `#column` counts.
    let column: Int
    /// Byte offsets of the token in the file's UTF-8.
    let start: Int
    let end: Int
    /// No other token precedes it on its line.
    let startsLine: Bool

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

/// Cuts Swift source into tokens, skipping comments and finding the end of every string literal
/// (plain, multi-line, raw `#"…"#`, with interpolations that hold strings of their own).
struct SwiftTokenizer {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private var lineHasToken = false
    private var tokens: [SourceToken] = []

    static func tokens(of text: String) -> [SourceToken] {
        var tokenizer = SwiftTokenizer(bytes: Array(text.utf8))
        tokenizer.run()
        return tokenizer.tokens
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func run() {
        while let c = byte(i) {
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                i += 1
                lineStart = i
                lineHasToken = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "/") where byte(i + 1) == UInt8(ascii: "/"):
                while let c = byte(i), c != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where byte(i + 1) == UInt8(ascii: "*"):
                skipBlockComment()
            case _ where startsString(at: i):
                emit(.string, from: i, line: line) { $0.skipString() }
            case _ where Self.isWordStart(c):
                emit(.word, from: i, line: line) { me in
                    while let c = me.byte(me.i), Self.isWordStart(c) || Self.isDigit(c) { me.i += 1 }
                }
            case UInt8(ascii: "`"):
                // A keyword used as a name, `default`: the name without its backticks.
                let start = i
                i += 1
                while let c = byte(i), c != UInt8(ascii: "`"), c != UInt8(ascii: "\n") { i += 1 }
                append(.word, String(decoding: bytes[(start + 1)..<i], as: UTF8.self), start: start, line: line)
                if byte(i) == UInt8(ascii: "`") { i += 1 }
            case _ where Self.isDigit(c):
                emit(.number, from: i, line: line) { me in
                    while let c = me.byte(me.i), Self.isWordStart(c) || Self.isDigit(c) || c == UInt8(ascii: ".") {
                        // `1...3` is a number, a range operator and a number.
                        if c == UInt8(ascii: "."), me.byte(me.i + 1).map(Self.isDigit) != true { break }
                        me.i += 1
                    }
                }
            case _ where Self.isOperator(c):
                emit(.symbol, from: i, line: line) { me in
                    // An operator ends where a comment begins: `x =// note`.
                    while let c = me.byte(me.i), Self.isOperator(c),
                        !(c == UInt8(ascii: "/") && me.byte(me.i + 1).map { "/*".utf8.contains($0) } == true)
                    {
                        me.i += 1
                    }
                }
            default:
                emit(.symbol, from: i, line: line) { $0.i += 1 }
            }
        }
    }

    private mutating func emit(
        _ kind: SourceToken.Kind, from start: Int, line: Int, _ advance: (inout SwiftTokenizer) -> Void
    ) {
        advance(&self)
        append(kind, String(decoding: bytes[start..<i], as: UTF8.self), start: start, line: line)
    }

    private mutating func append(_ kind: SourceToken.Kind, _ text: String, start: Int, line: Int) {
        tokens.append(
            SourceToken(
                kind: kind, text: text, line: line, column: start - lineStart + 1, start: start, end: i,
                startsLine: !lineHasToken))
        lineHasToken = true
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while let c = byte(i) {
            if c == UInt8(ascii: "/"), byte(i + 1) == UInt8(ascii: "*") {
                depth += 1
                i += 2
            } else if c == UInt8(ascii: "*"), byte(i + 1) == UInt8(ascii: "/") {
                depth -= 1
                i += 2
                if depth == 0 { return }
            } else {
                if c == UInt8(ascii: "\n") { line += 1 }
                i += 1
            }
        }
    }

    private func startsString(at start: Int) -> Bool {
        var j = start
        while byte(j) == UInt8(ascii: "#") { j += 1 }
        return byte(j) == UInt8(ascii: "\"")
    }

    /// Moves past the string literal that opens at `i`, counting the lines it spans.
    private mutating func skipString() {
        var hashes = 0
        while byte(i) == UInt8(ascii: "#") {
            hashes += 1
            i += 1
        }
        let multiLine = byte(i + 1) == UInt8(ascii: "\"") && byte(i + 2) == UInt8(ascii: "\"")
        i += multiLine ? 3 : 1
        let quotes = multiLine ? 3 : 1
        while let c = byte(i) {
            if c == UInt8(ascii: "\\"), hashesFollow(i + 1, count: hashes) {
                i += 1 + hashes
                if byte(i) == UInt8(ascii: "(") {
                    skipInterpolation()
                } else if let escaped = byte(i) {
                    if escaped == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                continue
            }
            if c == UInt8(ascii: "\""), (0..<quotes).allSatisfy({ byte(i + $0) == UInt8(ascii: "\"") }),
                hashesFollow(i + quotes, count: hashes)
            {
                i += quotes + hashes
                return
            }
            if c == UInt8(ascii: "\n") {
                if !multiLine { return }  // an unterminated literal ends with its line
                line += 1
            }
            i += 1
        }
    }

    private func hashesFollow(_ start: Int, count: Int) -> Bool {
        (0..<count).allSatisfy { byte(start + $0) == UInt8(ascii: "#") }
    }

    /// Moves past `(…)` of an interpolation, which may hold strings with parentheses of their own.
    private mutating func skipInterpolation() {
        var depth = 0
        while let c = byte(i) {
            if c == UInt8(ascii: "\""), startsString(at: i) {
                skipString()
                continue
            }
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 {
                    i += 1
                    return
                }
            }
            if c == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
    }

    private static func isWordStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") || c >= 0x80
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isOperator(_ c: UInt8) -> Bool { "/=-+!*%<>&|^~?.".utf8.contains(c) }
}
