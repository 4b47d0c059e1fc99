import Foundation

/// A cache file whose first line names its layout and holds the SHA-256 of the rest: a damaged file,
/// or one of another layout, is noticed and its contents recomputed, never trusted.
enum ChecksummedFile {
    enum Reading {
        case missing
        /// Why the file cannot be used.
        case corrupt(String)
        /// What follows the first line, checked.
        case found(Data)
    }

    /// `format` is the first line's opening words (`lectern-cache-3 `).
    static func read(_ path: String, format: String) -> Reading {
        guard let data = FileManager.default.contents(atPath: path) else { return .missing }
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")) else { return .corrupt("no checksum line") }
        let stored = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
        let body = data[(newline + 1)...]
        guard stored.hasPrefix(format) else { return .corrupt("written by another version of Lectern") }
        guard stored == format + "sha256:" + Hashing.sha256(body) else { return .corrupt("checksum mismatch") }
        return .found(body)
    }

    /// Writes atomically, creating the directory.
    static func write(_ body: some DataProtocol, format: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(Array("\(format)sha256:\(Hashing.sha256(body))\n".utf8) + body, to: path)
    }
}
