import Foundation
import Notebook
import Tensors

// The notebooks of `SideBySideCellsTests`, in a directory of their own: the code their cells reach is
// read from this directory alone, as a lecturer's notebooks are read from theirs.

/// What the side-by-side fixture's cells did, in order, from any thread: the first cell waits at a gate
/// that the second opens when it starts, so whether they overlapped shows without measuring time.
final class CellJournal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    private var secondStarted = DispatchSemaphore(value: 0)
    private var patience: Double = 0

    /// Empties the journal; the first cell waits up to `patience` seconds for the second to start.
    func reset(patience: Double) {
        lock.withLock {
            entries = []
            secondStarted = DispatchSemaphore(value: 0)
            self.patience = patience
        }
    }

    func note(_ entry: String) { lock.withLock { entries.append(entry) } }
    var all: [String] { lock.withLock { entries } }

    func openGate() {
        let gate: DispatchSemaphore = lock.withLock { secondStarted }
        gate.signal()
    }

    /// Whether the second cell started while the first waited.
    func waitAtGate() -> Bool {
        let gate: DispatchSemaphore = lock.withLock { secondStarted }
        let seconds: Double = lock.withLock { patience }
        return gate.wait(timeout: DispatchTime.now() + seconds) == .success
    }
}

let sideBySideJournal = CellJournal()

/// Sums a seeded stream: enough work to tell two cells' results apart, the same bits on every run.
private func seededSum(_ ctx: RunContext, _ count: Int) -> Double {
    var stream = ctx.random("values")
    return (0..<count).reduce(0.0) { sum, _ in sum + Double(stream.uniform()) }
}

let firstOfTwo = Run("First independent cell") { ctx in
    sideBySideJournal.note("first started")
    sideBySideJournal.note(sideBySideJournal.waitAtGate() ? "first saw second" : "first alone")
    let sum = seededSum(ctx, 20_000)
    sideBySideJournal.note("first ended")
    return sum
}

let secondOfTwo = Run("Second independent cell") { ctx in
    sideBySideJournal.note("second started")
    sideBySideJournal.openGate()
    let sum = seededSum(ctx, 30_000)
    sideBySideJournal.note("second ended")
    return sum
}

let bothOfTwo = Run("Cell that reads both") { ctx in
    sideBySideJournal.note("third started")
    ctx.print("first \(try ctx[firstOfTwo]), second \(try ctx[secondOfTwo])")
}

let sideBySideNotebook = Notebook(id: "side-by-side", title: "Side by side", seed: 11) {
    Markdown("Two cells that do not read each other's results, and one that reads both.")
    firstOfTwo
    secondOfTwo
    bothOfTwo
}

/// A result read under its cell's id, by a key made in place: the reading of the code cannot see it.
let answerCell = Run("Store an answer", id: "stored-answer") { _ in 42 }
let answerReader = Run("Read the answer by its name") { ctx in
    ctx.print("answer", try ctx.require(StateKey<Int>("stored-answer")))
}
let hiddenDependencyNotebook = Notebook(id: "hidden-dependency", title: "Hidden", seed: 5) {
    answerCell
    answerReader
}
