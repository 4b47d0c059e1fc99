import Foundation
import ModelCore
import Testing

@testable import Notebook

extension StateKey where Value == [Double] {
    fileprivate static let losses = StateKey("losses")
}

extension StateKey where Value == Int {
    fileprivate static let total = StateKey("total")
}

/// Not Codable: a cell storing it cannot be cached.
private final class OpaqueModel: Sendable {}
extension StateKey where Value == OpaqueModel {
    fileprivate static let opaque = StateKey("opaque")
}

struct CacheTests {
    let cacheDirectory = NSTemporaryDirectory() + "lectern-cache-test-\(UUID().uuidString)"
    var options: EngineOptions { EngineOptions(cacheDirectory: cacheDirectory) }

    /// Each Run cell's status, by title.
    func statuses(_ run: NotebookRun) -> [String: CellReport.Status] {
        Dictionary(uniqueKeysWithValues: run.reports.map { (title($0), $0.status) })
    }

    func reasons(_ run: NotebookRun) -> [String: String] {
        Dictionary(uniqueKeysWithValues: run.reports.map { (title($0), $0.reason) })
    }

    /// `Run "Train"` → `Train`.
    func title(_ report: CellReport) -> String {
        report.summary.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
    }

    @Test func editingProseRunsNothingAgain() {
        let first = Notebook(id: "n", title: "N") {
            Markdown("Some prose.")
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25] }
            Run("Report") { ctx in ctx.print("last loss", try ctx.require(.losses).last ?? 0) }
        }
        let edited = Notebook(id: "n", title: "N") {
            Markdown("Other prose, rewritten.")
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25] }
            Run("Report") { ctx in ctx.print("last loss", try ctx.require(.losses).last ?? 0) }
        }
        #expect(Engine.cacheState(of: first, cacheDirectory: cacheDirectory) == (0, 2))
        let cold = Engine.run(first, options: options)
        #expect(Engine.cacheState(of: first, cacheDirectory: cacheDirectory) == (2, 2))
        #expect(statuses(cold)["Train"] == .ran)
        #expect(reasons(cold)["Train"] == "no cached results")
        let warm = Engine.run(edited, options: options)
        #expect(statuses(warm)["Train"] == .cached)
        #expect(statuses(warm)["Report"] == .cached)
        // The restored output is the same as the computed one.
        #expect(outputs(cold) == outputs(warm))
        #expect(outputs(warm) == ["last loss 0.25\n"])
    }

    @Test func changingACellRunsItAndExactlyItsDependants() {
        let first = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25] }
            Run("Count") { ctx in ctx[.total] = 10 }
            Run("Uses train") { ctx in ctx.print(try ctx.require(.losses).count) }
            Run("Uses count") { ctx in ctx.print(try ctx.require(.total)) }
        }
        let changed = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25, 0.125] }
            Run("Count") { ctx in ctx[.total] = 10 }
            Run("Uses train") { ctx in ctx.print(try ctx.require(.losses).count) }
            Run("Uses count") { ctx in ctx.print(try ctx.require(.total)) }
        }
        _ = Engine.run(first, options: options)
        let second = Engine.run(changed, options: options)
        #expect(statuses(second) == ["Train": .ran, "Count": .cached, "Uses train": .ran, "Uses count": .cached])
        // Edited code makes a new cell (its id comes from its code).
        #expect(reasons(second)["Train"] == "new cell: nothing cached for its code")
        #expect(reasons(second)["Uses train"] == "'losses', which it reads, changed")
        #expect(outputs(second) == ["3\n", "10\n"])
    }

    @Test func aCellAfterACachedOneReadsTheRestoredValue() {
        let first = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25] }
            Run("Report") { ctx in ctx.print("first", try ctx.require(.losses)) }
        }
        let changed = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx[.losses] = [0.5, 0.25] }
            Run("Report") { ctx in ctx.print("sum", try ctx.require(.losses).reduce(0, +)) }
        }
        _ = Engine.run(first, options: options)
        let run = Engine.run(changed, options: options)
        #expect(statuses(run) == ["Train": .cached, "Report": .ran])
        #expect(outputs(run) == ["sum 0.75\n"])
    }

    @Test func aChangedSeedRunsTheCellAgain() {
        let a = Notebook(id: "n", title: "N", seed: 1) { Run("Train") { ctx in ctx[.total] = 1 } }
        let b = Notebook(id: "n", title: "N", seed: 2) { Run("Train") { ctx in ctx[.total] = 1 } }
        _ = Engine.run(a, options: options)
        #expect(statuses(Engine.run(b, options: options))["Train"] == .ran)
    }

    @Test func aDamagedEntryIsReportedAndRecomputed() throws {
        let notebook = Notebook(id: "n", title: "N") { Run("Train") { ctx in ctx[.losses] = [1, 2, 3] } }
        _ = Engine.run(notebook, options: options)
        let path = CellCache(directory: cacheDirectory).path(notebook: "n", cell: notebook.cells[0].id)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 5] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let run = Engine.run(notebook, options: options)
        #expect(statuses(run)["Train"] == .ran)
        #expect(reasons(run)["Train"]?.contains("damaged (checksum mismatch)") == true)
        #expect(run.warnings.contains { $0.contains("damaged") })
        // A truncated entry is caught the same way, and the recomputed one is trusted again.
        try Data(bytes.prefix(20)).write(to: URL(fileURLWithPath: path))
        #expect(statuses(Engine.run(notebook, options: options))["Train"] == .ran)
        #expect(statuses(Engine.run(notebook, options: options))["Train"] == .cached)
    }

    @Test func noCacheRunsEverythingAndDraftRunsNothing() {
        let notebook = Notebook(id: "n", title: "N") { Run("Train") { ctx in ctx.print("trained") } }
        _ = Engine.run(notebook, options: options)
        var fresh = options
        fresh.useCache = false
        let forced = Engine.run(notebook, options: fresh)
        #expect(statuses(forced)["Train"] == .ran)
        #expect(reasons(forced)["Train"] == "--no-cache")
        var draft = options
        draft.draft = true
        let drafted = Engine.run(notebook, options: draft)
        #expect(statuses(drafted)["Train"] == .notRun)
        #expect(outputs(drafted).isEmpty)
        #expect(
            drafted.document.blocks.contains {
                if case .codeBlock(_, let code) = $0 { code.contains("trained") } else { false }
            })
    }

    @Test func aChangedDataFileRunsTheCellAgain() throws {
        let path = cacheDirectory + "-data.idx"
        try Data([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]).write(to: URL(fileURLWithPath: path))
        let notebook = Notebook(id: "n", title: "N") {
            Run("Read") { ctx in ctx.print(try IDXArray.read(path: path).bytes) }
        }
        #expect(statuses(Engine.run(notebook, options: options))["Read"] == .ran)
        #expect(statuses(Engine.run(notebook, options: options))["Read"] == .cached)
        try Data([0, 0, 8, 1, 0, 0, 0, 2, 7, 8]).write(to: URL(fileURLWithPath: path))
        let run = Engine.run(notebook, options: options)
        #expect(reasons(run)["Read"] == "data file \(path) changed")
        #expect(outputs(run) == ["[7, 8]\n"])
    }

    @Test func stateThatIsNotCodableIsNotCached() {
        let notebook = Notebook(id: "n", title: "N") { Run("Build model") { ctx in ctx[.opaque] = OpaqueModel() } }
        _ = Engine.run(notebook, options: options)
        let run = Engine.run(notebook, options: options)
        #expect(statuses(run)["Build model"] == .ran)
        #expect(reasons(run)["Build model"]?.contains("'opaque' (OpaqueModel) is not Codable") == true)
    }

    private func outputs(_ run: NotebookRun) -> [String] {
        run.document.blocks.compactMap { if case .output(let text) = $0 { text } else { nil } }
    }
}
