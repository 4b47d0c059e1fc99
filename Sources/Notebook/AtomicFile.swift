import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files whole or not at all: a temporary file beside the target, flushed, then renamed over it.
/// A build that fails or is killed midway leaves the previous file untouched.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("cannot write '\(temporary)'") }
        let array = Array(bytes)
        var written = 0
        while written < array.count {
            let n = array.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, array.count - written) }
            if n <= 0 {
                let error = failure("cannot write '\(path)'")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot write '\(path)'")
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
