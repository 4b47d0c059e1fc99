import Foundation
import Graphics
import ModelCore
import Plots
import Publish
import Testing

@testable import Notebook

private let measuredAnswer = StateKey<Int>()

private struct Trained: Sendable, Codable, Equatable {
    var loss: Double
    var epochs: Int
}

private let trainCell = Run("Train") { ctx in
    ctx.print("training")
    return Trained(loss: 0.0123, epochs: 3)
}

/// A small auto-encoder trained in a cell, with the ambient seed and no `rng:` passed.
private let trainedModel = Run("Train a small auto-encoder") { _ in
    let data = try Tensor(shape: [16, 4], scalars: (0..<64).map { Float(($0 * 37) % 11) / 11 })
    let model = try Autoencoder(sizes: [4, 3, 2])
    try model.fit(data, epochs: 2, batchSize: 4)
    return model
}

private let neverPlacedLine = #line + 1
private let neverPlaced = Run("A cell left out of the notebook") { _ in Trained(loss: 1, epochs: 1) }

private func texts(_ blocks: [Block]) -> [String] {
    blocks.compactMap { block in
        guard case .paragraph(let inlines) = block else { return nil }
        return inlines.map { inline -> String in
            switch inline {
            case .text(let text): text
            case .emphasis(let inner): inner.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
            default: ""
            }
        }.joined()
    }
}

private func warningCallouts(_ blocks: [Block]) -> [(title: String?, text: [String])] {
    blocks.compactMap { block in
        guard case .callout(.warning, let title, let inner) = block else { return nil }
        return (title, texts(inner))
    }
}

struct AuthoringTests {
    let cacheDirectory = NSTemporaryDirectory() + "lectern-authoring-test-\(UUID().uuidString)"

    @Test func aKeyIsNamedAfterItsDeclaration() {
        #expect(measuredAnswer.name == "measuredAnswer")
        let elsewhere = StateKey<Int>(file: "/nonexistent/Notes.swift", line: 12)
        #expect(elsewhere.name == "Notes.swift:12")
    }

    @Test func aRunCellHandsItsTypedResultToLaterCells() {
        let notebook = Notebook(id: "t", title: "T") {
            trainCell
            Run("Read") { ctx in ctx.print("loss", try ctx[trainCell].loss) }
            Markdown { ctx in try "After \(ctx[trainCell].epochs) epochs the loss is \(ctx[trainCell].loss, digits: 3)."
            }
        }
        let run = Engine.run(notebook)
        #expect(!run.failed)
        #expect(run.document.blocks.contains { if case .output("loss 0.0123\n") = $0 { true } else { false } })
        #expect(texts(run.document.blocks).contains("After 3 epochs the loss is 0.012."))
    }

    @Test func readingACellThatDidNotRunNamesIt() {
        let notebook = Notebook(id: "t", title: "T") {
            Run("Read") { ctx in ctx.print(try ctx[neverPlaced].loss) }
        }
        let run = Engine.run(notebook)
        guard case .failed(let why) = run.reports[0].status else {
            Issue.record("expected a failure, got \(run.reports[0].status)")
            return
        }
        #expect(why.contains("Run \"A cell left out of the notebook\""))
        #expect(why.contains("AuthoringTests.swift:\(neverPlacedLine)"))
        #expect(why.contains("place it above"))
    }

    @Test func aCellAfterAFailedHandleIsSkippedNamingIt() {
        let failing = Run("Fails") { _ -> Int in throw CocoaError(.fileNoSuchFile) }
        let notebook = Notebook(id: "t", title: "T") {
            failing
            Run("Read") { ctx in ctx.print(try ctx[failing]) }
        }
        let run = Engine.run(notebook)
        guard case .skipped(let why) = run.reports[1].status else {
            Issue.record("expected a skip, got \(run.reports[1].status)")
            return
        }
        #expect(why.contains("the result of Run \"Fails\""))
    }

    @Test func aCachedResultIsRestoredTypedAndComputedProseIsRebuilt() {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        let notebook = Notebook(id: "cached", title: "T") {
            trainCell
            Markdown { ctx in try "loss \(ctx[trainCell].loss, digits: 4)" }
        }
        let first = Engine.run(notebook, options: EngineOptions(cacheDirectory: cacheDirectory))
        let second = Engine.run(notebook, options: EngineOptions(cacheDirectory: cacheDirectory))
        #expect(first.reports.map(\.status) == [.ran, .ran])
        #expect(second.reports.map(\.status) == [.cached, .ran])
        #expect(texts(second.document.blocks).last == "loss 0.0123")
        #expect(second.document.blocks.contains { if case .output("training\n") = $0 { true } else { false } })
    }

    @Test func aCachedModelIsRestoredBitForBit() throws {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        let notebook = Notebook(id: "model", title: "T", seed: 3) {
            trainedModel
            Run("Encode", cache: false) { ctx in
                let probe = try Tensor(shape: [2, 4], scalars: [0.1, 0.2, 0.3, 0.4, 0.9, 0.8, 0.7, 0.6])
                ctx.print(try ctx[trainedModel].reconstruct(probe).scalars.map(\.bitPattern))
            }
        }
        let options = EngineOptions(cacheDirectory: cacheDirectory)
        let first = Engine.run(notebook, options: options)
        let second = Engine.run(notebook, options: options)
        #expect(second.reports.map(\.status) == [.cached, .ran])
        let printed = { (run: NotebookRun) in
            run.document.blocks.compactMap { block -> String? in if case .output(let text) = block { text } else { nil }
            }
        }
        #expect(!printed(first).isEmpty)
        #expect(printed(first) == printed(second))
    }

    @Test func modelsInACellDrawFromTheCellsSeed() {
        func reconstruction(seed: UInt64) -> [String] {
            let notebook = Notebook(id: "m", title: "T", seed: seed) {
                trainedModel
                Run("Encode", cache: false) { ctx in
                    let probe = try Tensor(shape: [1, 4], scalars: [0.1, 0.2, 0.3, 0.4])
                    ctx.print(try ctx[trainedModel].reconstruct(probe).scalars)
                }
            }
            return Engine.run(notebook).document.blocks.compactMap { block -> String? in
                if case .output(let text) = block { text } else { nil }
            }
        }
        #expect(reconstruction(seed: 1) == reconstruction(seed: 1))
        #expect(
            reconstruction(seed: 1) != reconstruction(seed: 2), "a model without rng: must not ignore the cell's seed")
    }

    @Test func aClaimThatHoldsShowsNothingAndOneThatFailsShowsWhereItIs() {
        let failingLine = #line + 4
        let notebook = Notebook(id: "t", title: "T") {
            trainCell
            Claim("training ran three epochs") { ctx in try ctx[trainCell].epochs == 3 }
            Claim("the loss is below $10^{-3}$") { ctx in try ctx[trainCell].loss < 1e-3 }
            Claim("a claim about a cell that never ran") { ctx in try ctx[neverPlaced].loss > 0 }
        }
        let run = Engine.run(notebook)
        #expect(!run.failed, "a claim that does not hold leaves a document; --strict fails it")
        #expect(run.claimsChecked == 3)
        #expect(run.failedClaims.count == 2)
        #expect(run.failedClaims[0].contains("AuthoringTests.swift:\(failingLine)"))
        #expect(run.failedClaims[0].contains("does not hold"))
        #expect(run.failedClaims[1].contains("could not be checked"))
        let warnings = warningCallouts(run.document.blocks)
        #expect(warnings.count == 2)
        #expect(warnings.first?.title == "Claim does not hold")
        #expect(warnings.first?.text.first?.contains("AuthoringTests.swift:\(failingLine)") == true)
        // The statement keeps its math.
        let inlineMath = run.document.blocks.contains { block in
            guard case .callout(.warning, _, let inner) = block, case .paragraph(let inlines) = inner.first,
                case .emphasis(let emphasised) = inlines.first
            else { return false }
            return emphasised.contains(.math("10^{-3}"))
        }
        #expect(inlineMath)
    }

    @Test func formulasThatDoNotTypesetAreCountedForStrictBuilds() {
        let notebook = Notebook(id: "t", title: "T") {
            Markdown("Fine $x^2$ and broken $\\frac{1}$.")
            Math(#"\left( x"#)
        }
        let run = Engine.run(notebook)
        #expect(run.formulaProblems.count == 2)
        #expect(run.warnings.count == 2)
    }

    @Test func numbersInProseAreFormattedWhereTheyAreQuoted() {
        #expect("\(0.012345, digits: 3)" == "0.012")
        #expect("\(2.5, digits: 0)" == "2")  // round half to even, as printf does
        #expect("\(-0.0001, digits: 2)" == "0.00")
        #expect("\(Float(-1.25), digits: 1)" == "-1.2")
        #expect("\(0.8737, percent: 1)" == "87.4%")
        #expect("\(60_000, grouped: true)" == "60,000")
        #expect("\(-1_234_567, grouped: true)" == "-1,234,567")
        #expect("\(999, grouped: true)" == "999")
        #expect("\(Double.nan, digits: 2)" == "NaN")
    }

    @Test func aDraftBuildEvaluatesNoComputedProseOrClaims() {
        let notebook = Notebook(id: "t", title: "T") {
            Markdown { _ in "never" }
            Claim("never checked") { _ in false }
        }
        let run = Engine.run(notebook, options: EngineOptions(draft: true))
        #expect(run.reports.map(\.status) == [.notRun, .notRun])
        #expect(run.failedClaims.isEmpty)
    }
}

struct DataTableTests {
    @Test func aTableCellMakesANumberedTableWithNumbersRightAligned() throws {
        let notebook = Notebook(id: "t", title: "T") {
            Markdown("As @tab:few shows.")
            DataTable("Accuracy with $k$ labels", label: "tab:few") { _ in
                TableContent(
                    header: ["approach", "accuracy", "images"],
                    rows: [
                        ["from scratch", "\(0.612, percent: 1)", "60,000"],
                        ["*pretrained*", "\(0.7, percent: 1)", "1,000"],
                    ])
            }
        }
        let run = Engine.run(notebook)
        #expect(!run.failed)
        let tables = run.document.blocks.compactMap { block -> Table? in
            if case .table(let table) = block { return table }
            return nil
        }
        let table = try #require(tables.first)
        #expect(table.label == "tab:few")
        #expect(table.caption == [.text("Accuracy with "), .math("k"), .text(" labels")])
        #expect(table.alignments == [.left, .right, .right])
        #expect(table.rows[0][1] == [.text("61.2%")])
        #expect(table.rows[1][0] == [.emphasis([.text("pretrained")])])
    }

    @Test func aRaggedTableFailsItsCellSayingWhichRow() {
        let notebook = Notebook(id: "t", title: "T") {
            DataTable("Ragged") { _ in TableContent(header: ["a", "b"], rows: [["1", "2"], ["3"]]) }
        }
        let run = Engine.run(notebook)
        #expect(run.reports[0].status == .failed("row 2 has 1 cells, the header has 2"))
    }

    @Test func aBadFormulaInACaptionIsReported() {
        let notebook = Notebook(id: "t", title: "T") {
            DataTable("Broken $\\frac{1}$") { _ in TableContent(header: ["a"], rows: [["1"]]) }
        }
        #expect(Engine.run(notebook).formulaProblems.count == 1)
    }
}

@Test func aRunCellsTitleIsShownAboveItsCode() {
    let notebook = Notebook(id: "t", title: "T") {
        Run("Train the *small* model") { ctx in ctx.print("done") }
        Run("Hidden", echo: false) { ctx in ctx.print("quiet") }
    }
    let blocks = Engine.run(notebook).document.blocks
    guard blocks.count == 4, case .paragraph(let title) = blocks[0], case .codeBlock = blocks[1] else {
        Issue.record("expected the title, the code and two outputs, got \(blocks)")
        return
    }
    #expect(title == [Inline.strong([.text("Train the "), .emphasis([.text("small")]), .text(" model")])])
}

@Test func aFigureNoPageCanHoldFailsItsCell() {
    let notebook = Notebook(id: "t", title: "T") {
        Plot("Every image in one column") { _ in
            // 3,000 tiles of 4 × 4 pixels, one per row: a strip far taller than any page can scale.
            try ImageGrid(pixels: [Float](repeating: 0.5, count: 3_000 * 16), imageWidth: 4, imageHeight: 4, columns: 1)
        }
    }
    let run = Engine.run(notebook)
    guard case .failed(let why) = run.reports[0].status else {
        Issue.record("expected the cell to fail, got \(run.reports[0].status)")
        return
    }
    #expect(why.contains("no usable size"))
    #expect(run.failed)
}
