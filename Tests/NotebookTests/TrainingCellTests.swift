import Foundation
import ModelCore
import Testing

@testable import Notebook

extension StateKey where Value == TrainingHistory {
    fileprivate static let history = StateKey("history")
}

/// Collects what a sink receives, from any thread.
final class ProgressLog: @unchecked Sendable {
    private var events: [(String, TrainingProgress)] = []
    private let lock = NSLock()
    var sink: ProgressSink { { cell, p in self.lock.withLock { self.events.append((cell, p)) } } }
    var all: [(String, TrainingProgress)] { lock.withLock { events } }
}

struct TrainingCellTests {
    let notebook = Notebook(id: "tiny", title: "Tiny", seed: 3) {
        Run("Train a tiny auto-encoder") { ctx in
            let data = try FashionMNIST.load(.train, limit: 64)
            let model = try Autoencoder(sizes: [784, 8], rng: ctx.random("init"))
            ctx[.history] = try model.fit(
                data, epochs: 2, batchSize: 32, rng: ctx.random("batches"), progress: ctx.progress)
        }
        Run("Report") { ctx in ctx.print("epochs:", try ctx.require(.history).epochLoss.count) }
    }

    @Test func trainingProgressReachesTheSinkWithTheCellsTitle() {
        let log = ProgressLog()
        let run = Engine.run(notebook, options: EngineOptions(progress: log.sink))
        #expect(!run.failed)
        let events = log.all
        #expect(events.count == 4)  // 2 epochs of 2 steps
        #expect(events.allSatisfy { $0.0 == "Train a tiny auto-encoder" })
        #expect(events.last?.1.fractionDone == 1)
        #expect(events.filter { $0.1.isEpochEnd }.count == 2)
    }

    @Test func theSameSeedTrainsTheSameModelBitForBit() {
        let first = lastHistory(notebook).map(\.bitPattern)
        #expect(first.count == 4)
        #expect(first == lastHistory(notebook).map(\.bitPattern))
    }

    @Test func aTrainedHistoryIsCachedAndRestored() {
        let directory = NSTemporaryDirectory() + "lectern-train-cache-\(UUID().uuidString)"
        let options = EngineOptions(cacheDirectory: directory)
        let cold = Engine.run(notebook, options: options)
        let warm = Engine.run(notebook, options: options)
        #expect(cold.reports.map(\.status) == [.ran, .ran])
        #expect(warm.reports.map(\.status) == [.cached, .cached])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func lastHistory(_ notebook: Notebook) -> [Double] {
        var runner = CellRunner(notebook: notebook, options: EngineOptions(), log: { _ in })
        for cell in notebook.cells { runner.run(cell) }
        return runner.state[.history]?.stepLoss ?? []
    }
}
