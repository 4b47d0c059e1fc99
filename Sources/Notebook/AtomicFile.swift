import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files whole or not at all: a temporary file beside the target, flushed, then renamed over it.
/// A build that fails or is killed midway leaves the previous file untouched; the hidden temporary a
/// killed build leaves behind is removed by the next write of the same file.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let folder = directory.isEmpty ? "." : directory
        removeTemporariesOfEndedProcesses(of: name, in: folder)
        let temporary = folder + "/\(temporaryPrefix(name))\(getpid()).tmp"
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

    private static func temporaryPrefix(_ name: String) -> String { ".\(name)." }

    /// Deletes `.<name>.<pid>.tmp` files whose process has ended: what a killed build left while
    /// writing. A running process's temporary (another build writing the same file) is left alone.
    private static func removeTemporariesOfEndedProcesses(of name: String, in folder: String) {
        removeTemporariesOfEndedProcesses(in: folder) { $0.hasPrefix(temporaryPrefix(name)) }
    }

    /// Deletes every temporary in `folder` that a killed process left; returns how many.
    @discardableResult
    public static func removeTemporariesOfEndedProcesses(
        in folder: String, where matches: (String) -> Bool = { _ in true }
    ) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var removed = 0
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") && matches(entry) {
            let pid = entry.dropLast(".tmp".count).split(separator: ".").last ?? ""
            guard let pid = pid_t(pid), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(folder + "/" + entry) == 0 { removed += 1 }
        }
        return removed
    }

    private static func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
