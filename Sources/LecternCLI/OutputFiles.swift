import Foundation
import Notebook

/// The output directory and the files in it.
enum OutputFiles {
    /// Creates `path` if needed and checks that files can be written in it.
    static func prepareDirectory(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            var info = stat()
            if stat(built, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw CommandFailure("cannot use output directory '\(path)': '\(built)' is not a directory")
                }
            } else if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw CommandFailure("cannot create output directory '\(path)': \(String(cString: strerror(errno)))")
            }
        }
        guard access(path, W_OK) == 0 else {
            throw CommandFailure("output directory '\(path)' is not writable")
        }
        AtomicFile.removeTemporariesOfEndedProcesses(in: path)
    }

    /// Writes `bytes` to `path` atomically and returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) throws -> String {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw CommandFailure("\(error)")
        }
        return path
    }
}
