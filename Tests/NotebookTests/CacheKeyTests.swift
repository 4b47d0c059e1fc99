import Foundation
import Graphics
import ModelCore
import Plots
import Testing

@testable import Notebook

/// The four promises of the cache: what a cell can see is in its key, the model core's code is in
/// its key, prose edits change no result, and data files are hashed once.
struct CacheKeyTests {
    let cacheDirectory = NSTemporaryDirectory() + "lectern-cache-key-test-\(UUID().uuidString)"
    var options: EngineOptions { EngineOptions(cacheDirectory: cacheDirectory) }

    /// A notebook written in a directory of its own, as in `notebooks/`, whose files a test edits
    /// between builds; the cells' closures stand for the code in the files.
    struct NotebookFolder {
        let directory = NSTemporaryDirectory() + "lectern-notebooks-\(UUID().uuidString)"

        init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }

        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }

        /// The line of `path` that contains `text`.
        func line(of text: String, in name: String) throws -> Int {
            let lines = try String(contentsOfFile: directory + "/" + name, encoding: .utf8).components(
                separatedBy: "\n")
            return try #require(lines.firstIndex { $0.contains(text) }) + 1
        }
    }

    static let vaeFile = #"""
        import Lectern

        /// Tiles per side of the latent manifold.
        private let manifoldSteps = 16
        private let walkSteps = 10

        let vae = Notebook(id: "vae", title: "VAE") {
            Markdown("The manifold has \(manifoldSteps) tiles per side.")
            Run("Manifold") { ctx in
                ctx.print(manifoldSteps * manifoldSteps)
            }
            Run("Walk") { ctx in
                ctx.print(path(walkSteps))
            }
        }
        """#

    static let helpersFile = """
        /// Shared by the notebooks.
        func path(_ steps: Int) -> Int { steps + 1 }
        func unused() -> Int { 3 }
        """

    /// The notebook of `vaeFile` as the compiler would build it from `folder`.
    func vae(in folder: NotebookFolder) throws -> Notebook {
        let file = folder.directory + "/VAE.swift"
        let manifold = try folder.line(of: "Run(\"Manifold\")", in: "VAE.swift")
        let walk = try folder.line(of: "Run(\"Walk\")", in: "VAE.swift")
        return Notebook(id: "vae", title: "VAE") {
            Run("Manifold", file: file, line: manifold) { ctx in ctx.print(256) }
            Run("Walk", file: file, line: walk) { ctx in ctx.print(11) }
        }
    }

    func byTitle<V>(_ run: NotebookRun, _ value: (CellReport) -> V) -> [String: V] {
        Dictionary(uniqueKeysWithValues: run.reports.map { (String($0.summary.split(separator: "\"")[1]), value($0)) })
    }

    @Test func aCellReRunsWhenFileScopeCodeItUsesChanges() throws {
        let folder = try NotebookFolder()
        try folder.write("VAE.swift", Self.vaeFile)
        try folder.write("Helpers.swift", Self.helpersFile)
        let cold = Engine.run(try vae(in: folder), options: options)
        #expect(byTitle(cold, \.status) == ["Manifold": .ran, "Walk": .ran])

        // Comments, prose and code no cell uses re-run nothing.
        try folder.write(
            "VAE.swift",
            Self.vaeFile.replacingOccurrences(of: "Tiles per side", with: "Tiles along each side")
                .replacingOccurrences(of: "The manifold has", with: "Our manifold has"))
        try folder.write("Helpers.swift", Self.helpersFile.replacingOccurrences(of: "{ 3 }", with: "{ 4 }"))
        #expect(
            byTitle(Engine.run(try vae(in: folder), options: options), \.status) == [
                "Manifold": .cached, "Walk": .cached,
            ])

        // A constant one cell uses re-runs that cell only, and says why.
        try folder.write("VAE.swift", Self.vaeFile.replacingOccurrences(of: "= 16", with: "= 12"))
        let constant = Engine.run(try vae(in: folder), options: options)
        #expect(byTitle(constant, \.status) == ["Manifold": .ran, "Walk": .cached])
        #expect(byTitle(constant, \.reason)["Manifold"] == "file-scope code of VAE.swift changed")

        // A helper in another file of the notebook directory, reached through the cell's code.
        try folder.write("Helpers.swift", Self.helpersFile.replacingOccurrences(of: "steps + 1", with: "steps + 2"))
        let helper = Engine.run(try vae(in: folder), options: options)
        #expect(byTitle(helper, \.status) == ["Manifold": .cached, "Walk": .ran])
        #expect(byTitle(helper, \.reason)["Walk"] == "file-scope code of Helpers.swift changed")
    }

    @Test func theCodeBetweenCellsIsSeenByEveryCellOfTheNotebook() throws {
        let folder = try NotebookFolder()
        let text = """
            let sweep = Notebook(id: "sweep", title: "Sweep") {
                Markdown("A sweep over $k$.")
                for k in [2, 8] {
                    Run("PCA with \\(k) components") { ctx in ctx.print(k) }
                }
            }
            """
        let path = try folder.write("Sweep.swift", text)
        let line = try folder.line(of: "Run(", in: "Sweep.swift")
        func notebook(_ ks: [Int]) -> Notebook {
            Notebook(id: "sweep", title: "Sweep") {
                for k in ks { Run("PCA with \(k) components", file: path, line: line) { ctx in ctx.print(k) } }
            }
        }
        _ = Engine.run(notebook([2, 8]), options: options)
        try folder.write("Sweep.swift", text.replacingOccurrences(of: "over $k$", with: "over the rank $k$"))
        #expect(Engine.run(notebook([2, 8]), options: options).reports.map(\.status) == [.cached, .cached])
        try folder.write("Sweep.swift", text.replacingOccurrences(of: "[2, 8]", with: "[2, 16]"))
        let run = Engine.run(notebook([2, 16]), options: options)
        #expect(run.reports.map(\.status) == [.ran, .ran])
        #expect(run.reports.first?.reason == "file-scope code of Sweep.swift changed")
    }

    /// Builds a one-cell notebook twice with `before` (the second is cached), then with `after`: that run.
    private func rerun(before: EngineOptions, after: EngineOptions) -> NotebookRun {
        let notebook = Notebook(id: "n", title: "N") { Run("Train") { ctx in ctx.print("trained") } }
        _ = Engine.run(notebook, options: before)
        #expect(Engine.run(notebook, options: before).reports.map(\.status) == [.cached])
        #expect(Engine.cacheState(of: notebook, cacheDirectory: cacheDirectory) == (0, 1))
        return Engine.run(notebook, options: after)
    }

    @Test func aChangeToTheModelCoreRunsTrainedCellsAgain() {
        var before = options
        before.libraryCode = "0000000000000001"
        var after = options
        after.libraryCode = "0000000000000002"
        let run = rerun(before: before, after: after)
        #expect(run.reports.map(\.status) == [.ran])
        #expect(run.reports.first?.reason == "library code changed (Tensors or ModelCore)")
    }

    /// A figure is drawn by the drawing code (a label's layout, a plot's ticks): after that code changed,
    /// cached figures are drawn again, and trained results, which it did not compute, are kept.
    @Test func aChangeToTheDrawingCodeDrawsFiguresAgainAndKeepsTrainedCells() {
        let notebook = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx.print("trained") }
            Plot("A label") { _ in PlotLabel("loss $x$", font: .roman(10)) }
        }
        var before = options
        before.drawingCode = "0000000000000001"
        var after = options
        after.drawingCode = "0000000000000002"
        _ = Engine.run(notebook, options: before)
        #expect(Engine.run(notebook, options: before).reports.map(\.status) == [.cached, .cached])
        let run = Engine.run(notebook, options: after)
        #expect(run.reports.map(\.status) == [.cached, .ran])
        #expect(run.reports.last?.reason == "drawing code changed (Graphics, TeXMath, Plots or ModelDiagrams)")
        #expect(Engine.run(notebook, options: after).reports.map(\.status) == [.cached, .cached])
    }

    /// Another BLAS kernel or thread count rounds differently: results computed with one are not reused by the other.
    @Test func anotherBLASKernelRunsTrainedCellsAgain() {
        var before = options
        before.arithmetic = "OpenBLAS 0.3.21 Haswell, 1 thread(s)"
        var after = options
        after.arithmetic = "OpenBLAS 0.3.21 SkylakeX, 1 thread(s)"
        let run = rerun(before: before, after: after)
        #expect(run.reports.map(\.status) == [.ran])
        #expect(run.reports.first?.reason.hasPrefix("BLAS kernel or thread count changed") == true)
    }

    /// The digests the build wrote are those of the model core's and the drawing code's sources as they are now.
    @Test func theLibraryDigestIsThatOfTheCurrentSources() throws {
        let root =
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/"
        func digest(_ modules: [String]) throws -> String {
            var files: [String] = []
            for module in modules {
                let names = FileManager.default.enumerator(atPath: root + module)?.allObjects as? [String] ?? []
                files += names.filter { $0.hasSuffix(".swift") }.map { module + "/" + $0 }
            }
            #expect(files.count > 20)
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for file in files.sorted() {
                let contents = try #require(FileManager.default.contents(atPath: root + file))
                for byte in Array(file.utf8) + [0] + Array(String(contents.count).utf8) + [0] + Array(contents) {
                    hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                }
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        #expect(LibraryCode.digest == (try digest(["Sources/Tensors", "Sources/ModelCore"])))
        #expect(
            LibraryCode.drawingDigest
                == (try digest(["Sources/Graphics", "Sources/TeXMath", "Sources/Plots", "Sources/ModelDiagrams"])))
    }

    @Test func retitlingACellKeepsItsIdItsRandomStreamsAndItsResults() {
        let typo = Notebook(id: "n", title: "N", seed: 3) {
            Run("Trian the modle") { ctx in
                var random = ctx.random("init")
                ctx.print(random.next())
            }
        }
        let fixed = Notebook(id: "n", title: "N", seed: 3) {
            Markdown("Prose added before the cell.")
            Run("Train the model") { ctx in
                // A comment, and the code laid out differently: still the same code.
                var random = ctx.random("init")
                ctx.print(
                    random.next())
            }
        }
        #expect(typo.cells[0].id == fixed.cells[1].id)
        #expect(typo.cells[0].id.hasPrefix("run-"))
        // Without a cache both draw the same numbers.
        #expect(outputs(Engine.run(typo)) == outputs(Engine.run(fixed)))
        _ = Engine.run(typo, options: options)
        #expect(Engine.run(fixed, options: options).reports.map(\.status) == [.ran, .cached])
    }

    @Test func explainSaysWhenACellIsNew() {
        let first = Notebook(id: "n", title: "N") { Run("Train") { ctx in ctx.print(1) } }
        let second = Notebook(id: "n", title: "N") {
            Run("Train") { ctx in ctx.print(1) }
            Run("Evaluate") { ctx in ctx.print(2) }
        }
        #expect(Engine.run(first, options: options).reports.first?.reason == "no cached results")
        let run = Engine.run(second, options: options)
        #expect(run.reports.map(\.status) == [.cached, .ran], "\(run.reports.map(\.reason))")
        #expect(run.reports.last?.reason == "new cell: nothing cached for its code")
    }

    @Test func anExplicitIdIsKeptAndCellsNoLongerThereAreForgotten() {
        let named = Notebook(id: "n", title: "N") { Run("Train", id: "train") { ctx in ctx.print(1) } }
        #expect(named.cells[0].id == "train")
        let cache = CellCache(directory: cacheDirectory)
        _ = Engine.run(named, options: options)
        #expect(cache.cells(notebook: "n") == ["train"])
        let edited = Notebook(id: "n", title: "N") { Run("Train", id: "train") { ctx in ctx.print(2) } }
        #expect(Engine.run(edited, options: options).reports.first?.reason == "its code, id or seed changed")
        let other = Notebook(id: "n", title: "N") { Run("Other") { ctx in ctx.print(3) } }
        _ = Engine.run(other, options: options)
        #expect(cache.cells(notebook: "n") == [other.cells[0].id])
    }

    @Test func dataFilesAreHashedOnceAndAgainOnlyWhenTouchedOrChanged() throws {
        let path = cacheDirectory + "-data.idx"
        let past = Date(timeIntervalSinceNow: -3600)
        func write(_ bytes: [UInt8], modified: Date) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        try write([0, 0, 8, 1, 0, 0, 0, 2, 7, 9], modified: past)
        let notebook = Notebook(id: "n", title: "N") {
            Run("Read") { ctx in ctx.print(try IDXArray.read(path: path).bytes) }
        }
        let cold = Engine.run(notebook, options: options)
        #expect(cold.reports.map(\.status) == [.ran])
        #expect(cold.dataFilesHashed == 1)
        let warm = Engine.run(notebook, options: options)
        #expect(warm.reports.map(\.status) == [.cached])
        #expect(warm.dataFilesHashed == 0)

        // Touched: hashed again, found unchanged, still cached.
        try FileManager.default.setAttributes([.modificationDate: past.addingTimeInterval(60)], ofItemAtPath: path)
        let touched = Engine.run(notebook, options: options)
        #expect(touched.reports.map(\.status) == [.cached])
        #expect(touched.dataFilesHashed == 1)
        #expect(Engine.run(notebook, options: options).dataFilesHashed == 0)

        // Changed, same size: hashed again and the cell re-runs.
        try write([0, 0, 8, 1, 0, 0, 0, 2, 7, 8], modified: past.addingTimeInterval(120))
        let changed = Engine.run(notebook, options: options)
        #expect(changed.reports.first?.reason == "data file \(path) changed")
        #expect(changed.dataFilesHashed == 1)
        #expect(outputs(changed) == ["[7, 8]\n"])
    }

    @Test func aFileModifiedJustNowIsHashedUntilItSettles() throws {
        let path = cacheDirectory + "-fresh.idx"
        try Data([0, 0, 8, 1, 0, 0, 0, 1, 5]).write(to: URL(fileURLWithPath: path))
        let digests = DataDigests(file: cacheDirectory + "-digests.json")
        #expect(digests.sha256(of: path) == digests.sha256(of: path))
        #expect(digests.filesHashed == 2)
        #expect(digests.sha256(of: "/nonexistent/data.idx") == nil)
    }

    private func outputs(_ run: NotebookRun) -> [String] {
        run.document.blocks.compactMap { if case .output(let text) = $0 { text } else { nil } }
    }
}
