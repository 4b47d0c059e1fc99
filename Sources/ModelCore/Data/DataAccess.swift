import Foundation

/// Tells whoever is listening which data files a computation opened, so a notebook's cache can
/// re-run a cell when one of them changes.
public enum DataAccess {
    /// Collects the paths of the files opened while it is installed.
    public final class Recorder: @unchecked Sendable {
        private var opened: [String] = []
        private let lock = NSLock()
        public init() {}
        func record(_ path: String) { lock.withLock { if !opened.contains(path) { opened.append(path) } } }
        /// The files opened so far, in the order first opened.
        public var paths: [String] { lock.withLock { opened } }
    }

    @TaskLocal public static var recorder: Recorder?

    /// Notes that `path` was read.
    static func record(_ path: String) { recorder?.record(path) }
}
