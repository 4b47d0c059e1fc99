import Foundation

/// A file's size, modification time and inode: changes whenever the file is written or replaced.
struct FileStamp: Equatable, Sendable, CustomStringConvertible {
    let size: Int
    let seconds: Int
    let nanoseconds: Int
    let inode: UInt64

    /// Nil when the file does not exist or cannot be read.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        size = Int(status.st_size)
        seconds = Int(status.st_mtim.tv_sec)
        nanoseconds = Int(status.st_mtim.tv_nsec)
        inode = UInt64(status.st_ino)
    }

    /// The modification time in seconds since 1970.
    var modified: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// A file modified this recently may change again within the file system's timestamp granularity
    /// without its stamp changing, so what was read from it is used but not remembered.
    static let settlingSeconds = 2.0

    /// Whether the file was last modified long enough ago that its stamp tells a change.
    var hasSettled: Bool { Date().timeIntervalSince1970 - modified > Self.settlingSeconds }

    var description: String { "\(size) \(seconds).\(nanoseconds) \(inode)" }
}
