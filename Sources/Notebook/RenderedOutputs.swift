import Foundation
import Graphics
import Publish

/// The HTML page and PDF handout a build wrote, kept under `.lectern-cache/<notebook>/` with the key
/// of what made them, so that a rebuild that would render the same document again copies them
/// instead of rendering (on a warm build the writers are most of the work).
///
/// The key covers everything the bytes can depend on: the resolved document with every figure's
/// drawing operations, the output's settings, `SOURCE_DATE_EPOCH`, every piece of code in the
/// process (each executable file mapped, by path, size, modification time and inode: Lectern and the
/// Cairo, Pango, HarfBuzz and zlib it links) and the fonts (fontconfig's caches, the math font).
/// Where one of those cannot be read there is no key, and the writers run.
public struct RenderedOutputs: Sendable {
    let directory: String
    /// The digest of the document with everything else the bytes depend on; nil renders every time.
    let documentKey: String?

    /// For `document` of notebook `notebook`; `nil` as the cache directory keeps nothing (`--no-cache`).
    public init(cacheDirectory: String?, notebook: String, document: Document) {
        directory = "\(cacheDirectory ?? "")/\(notebook)"
        guard cacheDirectory != nil, let code = ProcessCode.identity else {
            documentKey = nil
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        documentKey = (try? encoder.encode(document)).map { json in
            Hashing.sha256([Self.format, Reproducible.environmentEpoch ?? "", code, Hashing.sha256(json)])
        }
    }

    /// Reads which code the process runs before it starts threads that may load more: the libraries a
    /// process loads later (name services, say) depend on timing, and would change the key from run to run.
    public static func identifyCode() { _ = ProcessCode.identity }

    /// The opening words of every stored output: files of another layout are rendered again, never misread.
    static let format = "lectern-rendered-1 "

    /// Output `name` (`vae.pdf`) written with `settings` (`"pdf a4"`): the stored bytes and warnings when
    /// they were made from the same document the same way, else `render()`'s, which are then stored.
    public func output(
        _ name: String, settings: String, render: () throws -> (bytes: [UInt8], warnings: [String])
    ) rethrows -> (bytes: [UInt8], warnings: [String]) {
        guard let documentKey else { return try render() }
        let key = Hashing.sha256([documentKey, settings])
        if let stored = load(name, key: key) { return stored }
        let made = try render()
        store(name, key: key, made)
        return made
    }

    /// A stored output is a line of JSON (its key and warnings) and the bytes, behind a checksum.
    private func load(_ name: String, key: String) -> (bytes: [UInt8], warnings: [String])? {
        guard case .found(let body) = ChecksummedFile.read(path(name), format: Self.format),
            let newline = body.firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(Header.self, from: body[..<newline]), header.key == key
        else { return nil }
        return ([UInt8](body[(newline + 1)...]), header.warnings)
    }

    /// A failure to store only costs the next build a render.
    private func store(_ name: String, key: String, _ made: (bytes: [UInt8], warnings: [String])) {
        guard let header = try? JSONEncoder().encode(Header(key: key, warnings: made.warnings)) else { return }
        try? ChecksummedFile.write(
            Array(header) + [UInt8(ascii: "\n")] + made.bytes, format: Self.format, to: path(name))
    }

    private func path(_ name: String) -> String { "\(directory)/\(name).rendered" }

    private struct Header: Codable {
        let key: String
        let warnings: [String]
    }
}

/// What code and fonts this process renders with, as one string; nil where it cannot tell. The code
/// is the executable and the libraries mapped when this is first read (see `identifyCode`).
enum ProcessCode {
    static let identity: String? = {
        // Executable mappings: `start-end r-xp offset dev inode path`.
        // Read to the end: procfs reports a size of 0, and a single read returns only the first page.
        guard let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile(),
            let maps = String(data: data, encoding: .utf8)
        else { return nil }
        var files = Set<String>()
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1].contains("x") else { continue }
            let path = fields[5].trimmingCharacters(in: .whitespaces)
            if path.hasPrefix("/") { files.insert(path) }
        }
        guard !files.isEmpty else { return nil }
        let fontCaches = ["/var/cache/fontconfig", NSHomeDirectory() + "/.cache/fontconfig"].flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).map { "\(directory)/\($0)" }
        }
        var stamps: [String] = []
        for file in files.sorted() + fontCaches.sorted() + [FontFile.latinModernMathPath] {
            guard let stamp = FileStamp(path: file) else { return nil }
            stamps.append("\(file) \(stamp)")
        }
        return stamps.joined(separator: "\n")
    }()
}
