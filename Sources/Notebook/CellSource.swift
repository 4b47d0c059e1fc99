import Foundation

/// A notebook source file as one build reads it: its bytes and its tokens.
struct SourceFile: Sendable {
    let path: String
    let bytes: [UInt8]
    let tokens: [SourceToken]

    /// Nil when the file cannot be read (a notebook run away from its sources). Every cell of a
    /// notebook reads the same file, so a file is read and tokenized once while it stays unchanged.
    init?(path: String) {
        guard let file = SourceFileMemo.shared.file(at: path) else { return nil }
        self = file
    }

    init(path: String, text: String) {
        self.path = path
        bytes = Array(text.utf8)
        tokens = SwiftTokenizer.tokens(of: text)
    }

    /// Token indices inside the braces of the first closure that opens after `line` and `column`:
    /// the trailing closure of the cell created there.
    func closureBody(after line: Int, _ column: Int) -> Range<Int>? {
        guard
            let open = tokens.firstIndex(where: {
                ($0.line > line || ($0.line == line && $0.column >= column)) && $0.isSymbol("{")
            })
        else { return nil }
        let close = TopLevelDeclarations.closing(tokens, from: open)
        guard tokens[close].isSymbol("}"), close > open else { return nil }
        return (open + 1)..<close
    }

    func text(from start: Int, to end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
}

/// The code of a Run or Plot cell, found from the file and line the cell was created at.
///
/// Its text is shown when a cell echoes its code; its tokens — without comments or layout — name
/// the cell and go into its cache key.
enum CellSource {
    /// The body of the closure of the cell created at `line` and `column`, as written but dedented.
    static func body(in file: SourceFile, line: Int, column: Int = 1) -> String? {
        guard let body = file.closureBody(after: line, column) else { return nil }
        return dedent(file.text(from: file.tokens[body.lowerBound - 1].end, to: file.tokens[body.upperBound].start))
    }

    /// The body's tokens separated by single spaces: the same for code that differs only in comments,
    /// spaces and line breaks.
    static func code(in file: SourceFile, line: Int, column: Int = 1) -> String? {
        file.closureBody(after: line, column).map { file.tokens[$0].map(\.text).joined(separator: " ") }
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

/// The files `SourceFile(path:)` has read, each with the stamp it had then. A file that has not settled
/// is not kept: a second save of the same size within the file system's timestamp granularity would
/// otherwise go unseen by `lectern watch`.
private final class SourceFileMemo: @unchecked Sendable {
    static let shared = SourceFileMemo()
    private let lock = NSLock()
    private var files: [String: (stamp: FileStamp, file: SourceFile)] = [:]

    func file(at path: String) -> SourceFile? {
        guard let stamp = FileStamp(path: path) else { return nil }
        if let known = lock.withLock({ files[path] }), known.stamp == stamp { return known.file }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let file = SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
        if stamp.hasSettled { lock.withLock { files[path] = (stamp, file) } }
        return file
    }
}
