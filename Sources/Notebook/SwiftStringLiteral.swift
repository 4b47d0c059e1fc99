/// The value of a Swift string literal, read from its source text the way the compiler reads it, so
/// that `lectern watch` can show edited prose without compiling the notebook.
///
/// Only plain literals have a value here: one that interpolates (`\(…)`), uses an escape the compiler
/// would reject, has carriage returns or breaks the indentation rules of multi-line literals gives
/// nil, and the caller compiles instead. Erring that way costs a compile, never a wrong page.
enum SwiftStringLiteral {
    static func value(of literal: String) -> String? {
        let bytes = Array(literal.utf8)
        guard !bytes.contains(UInt8(ascii: "\r")) else { return nil }
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: "#") { start += 1 }
        let hashes = start
        let quote = UInt8(ascii: "\"")
        let multiLine = bytes.count >= start + 3 && bytes[start..<(start + 3)].allSatisfy { $0 == quote }
        let quotes = multiLine ? 3 : 1
        let delimiter = Array(repeating: quote, count: quotes) + Array(repeating: UInt8(ascii: "#"), count: hashes)
        guard start < bytes.count, bytes[start] == quote, bytes.count >= hashes + quotes + delimiter.count,
            Array(bytes.suffix(delimiter.count)) == delimiter
        else { return nil }
        let body = Array(bytes[(start + quotes)..<(bytes.count - delimiter.count)])
        if multiLine {
            guard let lines = multiLineContent(body) else { return nil }
            return unescaped(lines, hashes: hashes, multiLine: true)
        }
        guard !body.contains(UInt8(ascii: "\n")) else { return nil }
        return unescaped(body, hashes: hashes, multiLine: false)
    }

    /// The lines between the opening and closing delimiters with the closing line's indentation
    /// removed from each: the compiler's rule, which rejects a non-empty line that lacks it.
    private static func multiLineContent(_ body: [UInt8]) -> [UInt8]? {
        let newline = UInt8(ascii: "\n")
        guard body.first == newline else { return nil }  // the content starts on the next line
        var lines = body.dropFirst().split(separator: newline, omittingEmptySubsequences: false).map(Array.init)
        guard let indentation = lines.popLast(),
            indentation.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else { return nil }
        var content: [[UInt8]] = []
        for line in lines {
            if line.isEmpty {
                content.append([])
            } else if line.starts(with: indentation) {
                content.append(Array(line.dropFirst(indentation.count)))
            } else {
                return nil
            }
        }
        return Array(content.joined(separator: [newline]))
    }

    private static func unescaped(_ body: [UInt8], hashes: Int, multiLine: Bool) -> String? {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            guard c == UInt8(ascii: "\\"), body.count > i + hashes,
                body[(i + 1)..<(i + 1 + hashes)].allSatisfy({ $0 == UInt8(ascii: "#") })
            else {
                out.append(c)
                i += 1
                continue
            }
            i += 1 + hashes
            guard i < body.count else { return nil }
            switch body[i] {
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "'"): out.append(UInt8(ascii: "'"))
            case UInt8(ascii: "\n") where multiLine: break  // a line continuation
            case UInt8(ascii: "u"):
                guard let (scalar, end) = unicodeScalar(body, from: i + 1) else { return nil }
                out += Array(String(Character(scalar)).utf8)
                i = end
                continue
            default: return nil  // `\(` interpolates; anything else does not compile
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `{1F600}` at `start`: the scalar and the index after the closing brace.
    private static func unicodeScalar(_ body: [UInt8], from start: Int) -> (Unicode.Scalar, Int)? {
        guard start < body.count, body[start] == UInt8(ascii: "{"),
            let close = body[start...].firstIndex(of: UInt8(ascii: "}")), (1...8).contains(close - start - 1),
            body[(start + 1)..<close].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
            let value = UInt32(String(decoding: body[(start + 1)..<close], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        return (scalar, close + 1)
    }
}
