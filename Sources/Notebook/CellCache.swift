import Foundation
import Graphics

/// What a Run cell's results (or a Plot cell's figure) depend on, recorded with them so a later build can tell whether they
/// still hold.
struct CacheEntry: Codable, Equatable {
    struct Dependency: Codable, Equatable {
        /// A state name the cell read.
        let name: String
        /// The cache key of the cell that had stored it.
        let producerKey: String
    }
    struct DataFile: Codable, Equatable {
        let path: String
        let size: Int
        let sha256: String
    }

    /// Hash of the cell's code (without comments or layout), id and seed.
    let fingerprint: String
    /// Hash of the model core's sources (`Tensors` and `ModelCore`) the cell ran with.
    let libraryCode: String
    /// For a Plot cell, hash of the drawing code's sources (`Graphics`, `TeXMath`, `Plots`,
    /// `ModelDiagrams`) its figure was drawn with; nil for a Run cell.
    let drawingCode: String?
    /// The BLAS library, kernel and thread count the cell ran with.
    let arithmetic: String
    /// The notebook code outside the cell that the cell can see, per file.
    let sources: [SourceDigest]
    let dependencies: [Dependency]
    let dataFiles: [DataFile]
    /// The cell's own key: all of the above hashed together.
    let key: String
    let printed: String
    /// Each stored name with its encoded value, in the order the cell stored them.
    let writes: [String]
    let values: [Data]
    /// A Plot cell's figure (absent from the entries of Run cells, and of entries written before
    /// figures were cached).
    var figure: DisplayList? = nil
}

/// One file per cell under `.lectern-cache/<notebook>/`, guarded by a checksum so a damaged entry
/// is noticed and recomputed, never trusted.
struct CellCache {
    let directory: String

    enum Lookup {
        case missing
        case corrupt(String)
        case found(CacheEntry)
    }

    /// The first words of every entry: entries of another layout are recomputed, never misread.
    static let format = "lectern-cache-3 "

    func path(notebook: String, cell: String) -> String { "\(directory)/\(notebook)/\(cell).entry" }

    /// Where the digests of the data files a notebook's cells opened are remembered.
    func dataDigestsPath(notebook: String) -> String { "\(directory)/\(notebook)/data-digests.json" }

    /// The ids of the cells that have an entry.
    func cells(notebook: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(notebook)")) ?? []
        return names.filter { $0.hasSuffix(".entry") }.map { String($0.dropLast(".entry".count)) }
    }

    /// Deletes the entries of cells the notebook no longer has: an edited cell is a new cell, and the
    /// results of its old code would otherwise stay forever.
    func prune(notebook: String, keeping ids: Set<String>) {
        for cell in cells(notebook: notebook) where !ids.contains(cell) {
            try? FileManager.default.removeItem(atPath: path(notebook: notebook, cell: cell))
        }
    }

    func load(notebook: String, cell: String) -> Lookup {
        switch ChecksummedFile.read(path(notebook: notebook, cell: cell), format: Self.format) {
        case .missing: return .missing
        case .corrupt(let reason): return .corrupt(reason)
        case .found(let body):
            do {
                return .found(try BlobCoding.decode(CacheEntry.self, from: body))
            } catch {
                return .corrupt("unreadable entry")
            }
        }
    }

    func store(_ entry: CacheEntry, notebook: String, cell: String) throws {
        try ChecksummedFile.write(
            BlobCoding.encode(entry), format: Self.format, to: path(notebook: notebook, cell: cell))
    }
}

enum Hashing {
    static func sha256(_ data: some DataProtocol) -> String {
        let hasher = SHA256Hasher()
        hasher.update(data)
        return hex(hasher.finalize())
    }

    static func sha256(_ parts: [String]) -> String {
        // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
        sha256(Data(parts.map { "\($0.utf8.count):\($0)" }.joined().utf8))
    }

    /// Hash of a file's contents, read in pieces.
    static func sha256(file path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let hasher = SHA256Hasher()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hex(hasher.finalize())
    }

    /// A digest libcrypto could not compute becomes a value no other hash shares: whatever it keys is
    /// recomputed, never wrongly reused, and the build goes on.
    private static func hex(_ digest: [UInt8]?) -> String {
        guard let digest else { return "unhashed-\(UUID().uuidString)" }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
