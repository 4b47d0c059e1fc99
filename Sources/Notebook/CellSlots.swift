import Foundation

/// The cores a build may keep busy, shared by the notebooks it builds side by side: a notebook trains
/// a later, independent Run cell beside the current one only while a core is free.
///
/// Within one process the slots are a count. Across the worker processes of `lectern build` they are
/// files in one directory that each process locks (`flock`): every worker holds one for the notebook it
/// builds, and one more for each cell it trains beside it; a lock goes away with its process, so a
/// crashed worker frees its cores.
public final class CellSlots: @unchecked Sendable {
    private enum Kind {
        case counted
        case lockFiles([String])
    }

    private let kind: Kind
    private let lock = NSLock()
    /// Counted slots still free, or lock files this process holds (by index) with their descriptors.
    private var free: Int
    private var held: [Int: Int32] = [:]

    /// `count` cores in one process, one of them taken by the cell the notebook is at.
    public init(count: Int) {
        kind = .counted
        free = max(0, count - 1)
    }

    /// The slots of a build whose workers share `directory` (made by `create(count:in:)`).
    public init(directory: String) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("core-") }.sorted().map { directory + "/" + $0 }
        kind = .lockFiles(files)
        free = 0
    }

    /// Makes the lock files of `count` cores in a new directory and returns its path.
    public static func create(count: Int) throws -> String {
        let directory = NSTemporaryDirectory() + "lectern-cores-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for k in 0..<max(1, count) {
            guard FileManager.default.createFile(atPath: directory + "/core-\(k)", contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
        return directory
    }

    /// Takes the core of the notebook this process builds, waiting while every core is busy.
    public func takeNotebookCore() {
        guard case .lockFiles(let files) = kind, !files.isEmpty else { return }
        while tryTake() == nil { usleep(20_000) }
    }

    /// A free core for one more cell, or nil; give it back with `release`.
    func tryTake() -> Int? {
        lock.withLock {
            switch kind {
            case .counted:
                guard free > 0 else { return nil }
                free -= 1
                return 0
            case .lockFiles(let files):
                for (index, path) in files.enumerated() where held[index] == nil {
                    let descriptor = open(path, O_RDONLY)
                    guard descriptor >= 0 else { continue }
                    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                        held[index] = descriptor
                        return index
                    }
                    close(descriptor)
                }
                return nil
            }
        }
    }

    func release(_ slot: Int) {
        lock.withLock {
            switch kind {
            case .counted: free += 1
            case .lockFiles:
                guard let descriptor = held.removeValue(forKey: slot) else { return }
                flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
    }
}
