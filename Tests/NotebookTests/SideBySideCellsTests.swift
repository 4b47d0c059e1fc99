import Foundation
import Publish
import Testing

@testable import Notebook

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
        #expect(html.contains("first 10066.8"))
        #expect(html == HTMLWriter.render(beside.document).html)
        #expect(alone.reports.map(\.status) == beside.reports.map(\.status))
    }

    @Test func theCodeShowsWhichCellsReadWhich() throws {
        let sources = NotebookSources(directory: NotebookSources.directory(of: firstOfTwo.cell.location.file))
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
