import Foundation

// LibraryHasher OUTPUT PACKAGE-DIRECTORY SOURCE…
//
// Writes OUTPUT, a Swift file declaring `LibraryCode.digest`: FNV-1a (64 bits) over each source
// file's path relative to the package, a zero byte, its length, a zero byte and its bytes, the
// files in order of their relative paths. Relative paths keep the digest the same in every checkout.
// A plain hash written here keeps this build tool free of libraries; it guards against accidental
// change, not against an adversary.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: LibraryHasher OUTPUT PACKAGE-DIRECTORY SOURCE...\n".utf8))
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

let files = arguments.dropFirst(3).map { path in
    (relative: path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path, path: path)
}
let hash = digest(of: files)
let hex = String(hash, radix: 16)
let source = """
    // Written by LibraryHasher during the build; do not edit.

    /// The model core's code as a cell's results depend on it.
    enum LibraryCode {
        /// FNV-1a (64 bits) of the \(files.count) source files of `Tensors` and `ModelCore`.
        static let digest = "\(String(repeating: "0", count: 16 - hex.count) + hex)"
    }

    """
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("LibraryHasher: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
