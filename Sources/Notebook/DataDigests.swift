import Foundation

/// SHA-256 digests of the data files cells opened, remembered in the cache directory by
/// (path, size, modification time, inode) so that a warm build reads no data file: 26 MB of
/// Fashion-MNIST are hashed once, then again only when the file is touched, replaced or changed.
final class DataDigests {
    private struct Record: Codable, Equatable {
        let size: Int
        let modified: Double
        let inode: UInt64
        let sha256: String
    }

    private let file: String?
    private var records: [String: Record]
    private var changed = false
    /// How many files this build read to hash them.
    private(set) var filesHashed = 0

    /// Remembers in `file` (one per notebook, so that notebooks built at once never share it); nil
    /// remembers nothing.
    init(file: String?) {
        self.file = file
        let data = file.flatMap { FileManager.default.contents(atPath: $0) }
        records = data.flatMap { try? JSONDecoder().decode([String: Record].self, from: $0) } ?? [:]
    }

    /// The digest of the file's contents; nil when it cannot be read.
    func sha256(of path: String) -> String? {
        guard let stamp = FileStamp(path: path) else { return nil }
        if let record = records[path], record.size == stamp.size, record.modified == stamp.modified,
            record.inode == stamp.inode
        {
            return record.sha256
        }
        filesHashed += 1
        guard let digest = Hashing.sha256(file: path) else { return nil }
        if stamp.hasSettled {
            records[path] = Record(size: stamp.size, modified: stamp.modified, inode: stamp.inode, sha256: digest)
            changed = true
        }
        return digest
    }

    /// Writes what was learnt; a failure only costs hashing again next time.
    func save() {
        guard changed, let file, let data = try? JSONEncoder().encode(records) else { return }
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: file)
        changed = false
    }
}
