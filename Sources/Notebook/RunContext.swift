import Foundation
import ModelCore
import Tensors

/// What a Run or Plot cell works with: shared state, its own seed, and a place to print.
public final class RunContext: @unchecked Sendable {
    /// The seed of this cell's random stream: derived from the notebook's seed and the cell's id,
    /// so inserting a cell elsewhere changes nothing here.
    public let seed: UInt64
    public let cellID: String
    /// What the lecturer calls the cell (its title), for progress bars.
    private let title: String
    private var state: NotebookState
    private(set) var printed: String = ""
    /// Names this cell read, in first-read order: its dependencies.
    private(set) var reads: [String] = []
    /// Names this cell stored, in first-write order.
    private(set) var writes: [String] = []
    private let lock = NSLock()

    private let progressSink: ProgressSink?

    init(seed: UInt64, cellID: String, title: String, state: NotebookState, progress: ProgressSink? = nil) {
        self.seed = seed
        self.cellID = cellID
        self.title = title
        self.state = state
        self.progressSink = progress
    }

    /// A random stream of this cell, named so that adding another stream changes none of the others.
    public func random(_ name: String = "default") -> RandomStream { RandomStream(seed: seed, name: name) }

    /// Hand this to a model's `fit(progress:)`: the terminal shows epoch, loss, samples/s and ETA.
    public var progress: @Sendable (TrainingProgress) -> Void {
        let sink = progressSink
        let title = title
        return { sink?(title, $0) }
    }

    /// Reads or writes a value shared with the other cells.
    public subscript<V>(key: StateKey<V>) -> V? {
        get {
            lock.withLock {
                note(key.name, in: &reads)
                return state[key]
            }
        }
        set {
            lock.withLock {
                note(key.name, in: &writes)
                state[key] = newValue
            }
        }
    }

    /// The value an earlier cell stored, or an error saying none did.
    public func require<V>(_ key: StateKey<V>) throws -> V {
        try lock.withLock {
            note(key.name, in: &reads)
            return try state.require(key)
        }
    }

    /// The result a Run cell returned, typed: `try ctx[trained].history`. An error when the cell has not
    /// run before this one (it is not in the notebook above, or it failed).
    public subscript<V>(cell: Run<V>) -> V {
        get throws {
            try lock.withLock {
                note(cell.resultName, in: &reads)
                return try state.require(StateKey<V>(cell.resultName), producer: cell)
            }
        }
    }

    /// Keeps what the cell's closure returned for the cells after it.
    func storeResult<V: Sendable>(_ value: V, name: String) {
        lock.withLock {
            note(name, in: &writes)
            state[StateKey<V>(name)] = value
        }
    }

    /// Prints into the document, under the cell.
    public func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        let line = items.map { String(describing: $0) }.joined(separator: separator) + terminator
        lock.withLock { printed += line }
    }

    var finalState: NotebookState { lock.withLock { state } }

    private func note(_ name: String, in list: inout [String]) {
        if !list.contains(name) { list.append(name) }
    }
}

/// Receives training progress of a cell, by the cell's title.
public typealias ProgressSink = @Sendable (String, TrainingProgress) -> Void

/// Mixes a notebook seed and a cell id into one 64-bit seed (FNV-1a, then SplitMix64's finaliser).
func deriveSeed(_ seed: UInt64, _ name: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
    for byte in name.utf8 {
        h ^= UInt64(byte)
        h &*= 0x0000_0100_0000_01B3
    }
    h ^= h >> 30
    h &*= 0xBF58_476D_1CE4_E5B9
    h ^= h >> 27
    h &*= 0x94D0_49BB_1331_11EB
    h ^= h >> 31
    return h
}
