import Foundation

/// The text of a cell as the lecturer wrote it, found from the file and line the cell was created at.
///
/// It is shown when a cell echoes its code and hashed into the cell's cache key, so that editing a
/// cell re-runs it and editing anything else does not.
enum CellSource {
    private static let cache = FileCache()

    /// The body of the closure that starts on `line` of `file`, dedented; nil when the file is gone.
    static func body(file: String, line: Int) -> String? {
        guard let lines = cache.lines(of: file), line >= 1, line <= lines.count else { return nil }
        let text = lines[(line - 1)...].joined(separator: "\n")
        guard let range = closureBody(in: text) else { return nil }
        return dedent(String(text[range]))
    }

    /// The characters between the first top-level `{` and its matching `}`, skipping string literals.
    static func closureBody(in text: String) -> Range<String.Index>? {
        var depth = 0
        var start: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" || c == "#" {
                if let end = endOfStringLiteral(in: text, at: i) {
                    i = end
                    continue
                }
            }
            if c == "/", text[i...].hasPrefix("//") {
                i = text[i...].firstIndex(of: "\n") ?? text.endIndex
                continue
            }
            if c == "{" {
                depth += 1
                if depth == 1 { start = text.index(after: i) }
            } else if c == "}" {
                depth -= 1
                if depth == 0, let start { return start..<i }
                if depth < 0 { return nil }
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// If a string literal (plain, multi-line or raw `#"…"#`) opens at `i`, the index just past it.
    private static func endOfStringLiteral(in text: String, at i: String.Index) -> String.Index? {
        var j = i
        var hashes = 0
        while j < text.endIndex, text[j] == "#" {
            hashes += 1
            j = text.index(after: j)
        }
        guard j < text.endIndex, text[j] == "\"" else { return nil }
        let multiLine = text[j...].hasPrefix("\"\"\"")
        let quote = multiLine ? "\"\"\"" : "\""
        let closing = quote + String(repeating: "#", count: hashes)
        var k = text.index(j, offsetBy: quote.count)
        while k < text.endIndex {
            if hashes == 0, text[k] == "\\" {
                k = text.index(k, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                continue
            }
            if text[k...].hasPrefix(closing) { return text.index(k, offsetBy: closing.count) }
            if !multiLine, text[k] == "\n" { return k }
            k = text.index(after: k)
        }
        return text.endIndex
    }

    /// Removes blank first and last lines and the indentation all lines share.
    static func dedent(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The first line may hold the closure's parameters: `ctx in`.
        if let first = lines.first, first.trimmingCharacters(in: .whitespaces).hasSuffix(" in") {
            lines.removeFirst()
        }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n")
    }
}

/// Notebook files read once per process.
private final class FileCache: @unchecked Sendable {
    private var files: [String: [String]?] = [:]
    private let lock = NSLock()

    func lines(of path: String) -> [String]? {
        lock.withLock {
            if let cached = files[path] { return cached }
            let lines = (try? String(contentsOfFile: path, encoding: .utf8))?
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            files[path] = lines
            return lines
        }
    }
}
