import Foundation

// LibraryHasher OUTPUT PACKAGE-DIRECTORY MODEL-CORE-SOURCE… --drawing DRAWING-SOURCE…
//
// Writes OUTPUT, a Swift file declaring `LibraryCode.digest` (of the model core's sources) and
// `LibraryCode.drawingDigest` (of the drawing code's): each FNV-1a (64 bits) over each source
// file's path relative to the package, a zero byte, its length, a zero byte and its bytes, the
// files in order of their relative paths. Relative paths keep the digest the same in every checkout.
// A plain hash written here keeps this build tool free of libraries; it guards against accidental
// change, not against an adversary.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(
        Data("usage: LibraryHasher OUTPUT PACKAGE-DIRECTORY SOURCE... --drawing SOURCE...\n".utf8))
    exit(2)
}
let output = arguments[1]
let root = arguments[2].hasSuffix("/") ? arguments[2] : arguments[2] + "/"

/// FNV-1a over every file as described above, the files in order of their relative paths.
func digest(of files: [(relative: String, path: String)]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
    }
    for file in files.sorted(by: { $0.relative < $1.relative }) {
        guard let contents = FileManager.default.contents(atPath: file.path) else {
            FileHandle.standardError.write(Data("LibraryHasher: cannot read \(file.path)\n".utf8))
            exit(1)
        }
        mix(file.relative.utf8)
        mix([0])
        mix(String(contents.count).utf8)
        mix([0])
        mix(contents)
    }
    return hash
}

func relative(_ paths: ArraySlice<String>) -> [(relative: String, path: String)] {
    paths.map { path in (relative: path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path, path: path) }
}
func hex(_ hash: UInt64) -> String {
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
let sources = arguments.dropFirst(3)
let split = sources.firstIndex(of: "--drawing") ?? sources.endIndex
let modelCore = relative(sources[..<split])
let drawing = relative(sources[split...].dropFirst())
let source = """
    // Written by LibraryHasher during the build; do not edit.

    /// The library code a notebook's cached results and figures depend on.
    enum LibraryCode {
        /// FNV-1a (64 bits) of the \(modelCore.count) source files of `Tensors` and `ModelCore`.
        static let digest = "\(hex(digest(of: modelCore)))"
        /// FNV-1a (64 bits) of the \(drawing.count) source files of `Graphics`, `TeXMath`, `Plots` and
        /// `ModelDiagrams`.
        static let drawingDigest = "\(hex(digest(of: drawing)))"
    }

    """
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("LibraryHasher: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
