import Foundation
import Publish
import Tensors
import Testing

@testable import Notebook

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

@Suite(.serialized)
struct SideBySideCellsTests {
    private func build(_ notebook: Notebook, cores: Int?, patience: Double) -> (NotebookRun, [String]) {
        sideBySideJournal.reset(patience: patience)
        var options = EngineOptions()
        options.cellSlots = cores.map { CellSlots(count: $0) }
        let run = Engine.run(notebook, options: options)
        return (run, sideBySideJournal.all)
    }

    @Test func independentCellsOverlapAndTheDependentOneWaitsForBoth() throws {
        let (run, journal) = build(sideBySideNotebook, cores: 2, patience: 60)
        #expect(!run.failed)
        #expect(journal.contains("first saw second"))
        let third = try #require(journal.firstIndex(of: "third started"))
        #expect(try #require(journal.firstIndex(of: "first ended")) < third)
        #expect(try #require(journal.firstIndex(of: "second ended")) < third)
    }

    @Test func oneCoreTrainsOneCellAtATime() {
        let (run, journal) = build(sideBySideNotebook, cores: 1, patience: 0)
        #expect(!run.failed)
        #expect(
            journal == [
                "first started", "first alone", "first ended", "second started", "second ended", "third started",
            ])
    }

    @Test func theOutputsAreTheSameBytesSideBySideAndInTurn() {
        let (alone, _) = build(sideBySideNotebook, cores: nil, patience: 0)
        let (beside, journal) = build(sideBySideNotebook, cores: 2, patience: 60)
        #expect(journal.contains("first saw second"))
        let html = HTMLWriter.render(alone.document).html
        #expect(html.contains("first 0."))
        #expect(html == HTMLWriter.render(beside.document).html)
        #expect(alone.reports.map(\.status) == beside.reports.map(\.status))
    }

    @Test func theCodeShowsWhichCellsReadWhich() throws {
        let sources = NotebookSources(directory: NotebookSources.directory(of: #filePath))
        func reach<V>(_ run: Run<V>) throws -> CellReach {
            let cell = run.cell
            return try #require(
                sources.reach(
                    fromCellAt: cell.location.file, line: cell.location.line, column: cell.column, unnamed: false))
        }
        let (first, second, both) = (try reach(firstOfTwo), try reach(secondOfTwo), try reach(bothOfTwo))
        #expect(!RunCellDependencies.depends(second, on: first))
        #expect(RunCellDependencies.depends(both, on: first))
        #expect(RunCellDependencies.depends(both, on: second))
        // A result read by its id through a key made in place is not seen in the code: the engine checks
        // what the cell read when it takes its results (the next test).
        #expect(!RunCellDependencies.depends(try reach(answerReader), on: try reach(answerCell)))
    }

    @Test func aCellThatReadWhatAnEarlierCellStoredWhileItRanRunsAgainInItsPlace() {
        let (run, _) = build(hiddenDependencyNotebook, cores: 2, patience: 0)
        #expect(!run.failed)
        #expect(run.reports.map(\.status) == [.ran, .ran])
        #expect(HTMLWriter.render(run.document).html.contains("answer 42"))
    }
}
