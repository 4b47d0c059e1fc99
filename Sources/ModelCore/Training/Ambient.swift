import Foundation

/// The run a notebook cell's code executes in: its seed and where training progress goes.
///
/// The notebook engine runs each cell inside `Ambient.$run.withValue(AmbientRun(...))`. Model initialisers,
/// `fit` and the random probes called without an explicit `rng:` then draw from a stream derived from the cell's
/// seed, and `fit` called without `progress:` reports to the cell's progress sink. Outside a run (scripts,
/// tests) the library's fixed default streams are used, as before.
public struct AmbientRun: Sendable {
    /// The seed every ambient stream of this run derives from.
    public let seed: UInt64
    /// Where `fit` reports when no `progress:` is passed.
    public let progress: (@Sendable (TrainingProgress) -> Void)?
    private let counters = StreamCounters()

    /// A run whose streams derive from `seed` and whose training reports to `progress`.
    public init(seed: UInt64, progress: (@Sendable (TrainingProgress) -> Void)? = nil) {
        self.seed = seed
        self.progress = progress
    }

    /// The next stream for `purpose`: the first call gives the stream named "purpose#1" under the seed, the
    /// second "purpose#2", and so on, so two models built in one cell start from different weights while a
    /// rerun of the cell (a new run with the same seed) gets the same streams in the same order.
    public func stream(_ purpose: String) -> RandomStream {
        RandomStream(seed: seed, name: "\(purpose)#\(counters.next(purpose))")
    }
}

/// The ambient run of the current task, if any (a task-local value: child tasks inherit it).
public enum Ambient {
    /// The run the current code executes in; nil outside a notebook cell.
    @TaskLocal public static var run: AmbientRun?

    /// `explicit` when given, else the ambient run's next stream for `purpose`, else `fallback` (the fixed
    /// stream used before ambient runs existed, so results outside notebooks do not change).
    static func stream(_ explicit: RandomStream?, _ purpose: String, fallback: @autoclosure () -> RandomStream)
        -> RandomStream
    {
        if let explicit { return explicit }
        if let run { return run.stream(purpose) }
        return fallback()
    }

    /// `explicit` when given, else the ambient run's progress sink.
    static func progress(_ explicit: ((TrainingProgress) -> Void)?) -> ((TrainingProgress) -> Void)? {
        if let explicit { return explicit }
        return run?.progress
    }
}

/// How many streams each purpose has handed out in one run; a lock makes concurrent model builds safe.
private final class StreamCounters: @unchecked Sendable {
    private var counts: [String: Int] = [:]
    private let lock = NSLock()

    func next(_ purpose: String) -> Int {
        lock.withLock {
            let n = (counts[purpose] ?? 0) + 1
            counts[purpose] = n
            return n
        }
    }
}
