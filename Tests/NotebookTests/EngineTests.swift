import Graphics
import Publish
import Testing

@testable import Notebook

private struct Boom: Error, CustomStringConvertible {
    var description: String { "the data set is empty" }
}

extension StateKey where Value == Int {
    fileprivate static let answer = StateKey("answer")
    fileprivate static let seedSeen = StateKey("seedSeen")
}

struct EngineTests {
    @Test func aThrowingCellBecomesAnErrorBlockAndItsDependantsAreSkipped() {
        let trainLine = #line + 2
        let notebook = Notebook(id: "t", title: "T") {
            Run("Train") { _ in throw Boom() }
            Plot("Uses the training result") { ctx in
                _ = try ctx.require(.answer)
                return TextLayout("never", font: .roman(10))
            }
            Run("Independent") { ctx in ctx.print("still ran") }
        }
        let run = Engine.run(notebook)
        #expect(run.failed)
        #expect(run.document.failed)
        #expect(
            run.reports.map(\.status) == [
                .failed("the data set is empty"),
                .skipped("needs 'answer', which an earlier failed cell did not store"),
                .ran,
            ])
        let errors = run.document.blocks.compactMap { block -> Publish.SourceLocation? in
            if case .error(_, let location) = block { return location }
            return nil
        }
        #expect(errors.count == 2)
        #expect(errors.first?.file.hasSuffix("EngineTests.swift") == true)
        #expect(errors.first?.line == trainLine)
        #expect(run.document.blocks.contains { if case .output("still ran\n") = $0 { true } else { false } })
    }

    @Test func stateFlowsFromOneCellToTheNext() {
        let notebook = Notebook(id: "t", title: "T") {
            Run("Store") { ctx in ctx[.answer] = 42 }
            Run("Read") { ctx in ctx.print("answer:", try ctx.require(.answer)) }
        }
        let run = Engine.run(notebook)
        #expect(!run.failed)
        #expect(run.document.blocks.contains { if case .output("answer: 42\n") = $0 { true } else { false } })
    }

    @Test func insertingACellChangesNoOtherCellsSeed() {
        func seedOfTraining(_ notebook: Notebook) -> Int? {
            var seen: Int?
            let run = Engine.run(notebook)
            for block in run.document.blocks { if case .output(let text) = block { seen = Int(text.dropLast()) } }
            return seen
        }
        let before = Notebook(id: "t", title: "T", seed: 7) {
            Run("Train") { ctx in ctx.print(Int(truncatingIfNeeded: ctx.seed)) }
        }
        let after = Notebook(id: "t", title: "T", seed: 7) {
            Run("A new cell first") { _ in }
            Markdown("More prose")
            Run("Train") { ctx in ctx.print(Int(truncatingIfNeeded: ctx.seed)) }
        }
        let otherSeed = Notebook(id: "t", title: "T", seed: 8) {
            Run("Train") { ctx in ctx.print(Int(truncatingIfNeeded: ctx.seed)) }
        }
        #expect(seedOfTraining(before) != nil)
        #expect(seedOfTraining(before) == seedOfTraining(after))
        #expect(seedOfTraining(before) != seedOfTraining(otherSeed))
    }

    @Test func theBuilderTakesIfAndFor() {
        let showExtra = false
        let mathLine = #line + 8
        let notebook = Notebook(id: "t", title: "T") {
            for lambda in [0.1, 0.01] {
                Run("Sparse AE lambda \(lambda)") { _ in }
            }
            if showExtra {
                Markdown("extra")
            } else {
                Math("x^2")
            }
        }
        // The two Run cells share their code; each still gets an id, and random streams, of its own.
        let ids = notebook.cells.map(\.id)
        #expect(ids.count == 3 && ids[0].hasPrefix("run-") && ids[1] == ids[0] + "-2" && ids[2] == "math@\(mathLine)")
    }

    @Test func calloutsAndCaptionsTakeMarkdown() {
        let notebook = Notebook(id: "t", title: "T") {
            Callout(.exercise, title: "Try it", "Show that $\\hat{x} = x$ is a **global** optimum.")
            Plot("Codes for $k = 2$") { _ in TextLayout("x", font: .roman(10)) }
        }
        let run = Engine.run(notebook)
        #expect(!run.failed)
        guard case .callout(.exercise, "Try it", let inner) = run.document.blocks.first,
            case .paragraph(let inlines) = inner.first
        else {
            Issue.record("no exercise callout: \(run.document.blocks)")
            return
        }
        #expect(inlines.contains(.math("\\hat{x} = x")))
        #expect(inlines.contains(.strong([.text("global")])))
        guard case .figure(let figure) = run.document.blocks.last else {
            Issue.record("no figure")
            return
        }
        #expect(figure.caption == [.text("Codes for "), .math("k = 2")])
    }

    @Test func aLabelDefinedTwiceFailsTheSecondCellNamingTheFirst() {
        let notebook = Notebook(id: "t", title: "T") {
            Math("x^2", label: "eq:square")
            Markdown("$$y^2$$ {#eq:square}\n\n$$z$$ {#eq:z}\n\n$$w$$ {#eq:z}")
        }
        let run = Engine.run(notebook)
        #expect(run.failed)
        let first = notebook.cells[0].location
        #expect(
            run.reports.map(\.status) == [
                .ran,
                .failed(
                    "label 'eq:square' is already defined by Math at \(first); label 'eq:z' is defined twice in this cell"
                ),
            ])
    }

    @Test func anUnknownLabelFailsTheCellThatReferencesIt() {
        let notebook = Notebook(id: "t", title: "T") {
            Math("x^2", label: "eq:square")
            Markdown("See @eq:square and @fig:missing.")
        }
        let run = Engine.run(notebook)
        #expect(run.failed)
        #expect(run.reports.map(\.status) == [.ran, .failed("unknown label '@fig:missing'")])
    }

    /// A figure that could not be drawn has its own error; prose that refers to it gets no second one,
    /// and neither does a draft, where no figure is drawn.
    @Test func aReferenceToAnUndrawnFigureIsNoSecondError() {
        struct Boom: Error {}
        let notebook = Notebook(id: "t", title: "T") {
            Plot("Broken", label: "fig:broken") { _ in throw Boom() }
            Markdown("As @fig:broken shows, and as @fig:missing does not.")
        }
        let run = Engine.run(notebook)
        #expect(run.reports.map(\.status).last == .failed("unknown label '@fig:missing'"))
        let draft = Engine.run(
            Notebook(id: "d", title: "D") {
                Plot("Drawn later", label: "fig:later") { _ in TextLayout("x", font: .roman(10)) }
                Markdown("See @fig:later.")
            }, options: EngineOptions(draft: true))
        #expect(!draft.failed)
    }

    @Test func slugsAndDerivedSeeds() {
        #expect(slug("Train a 784-32 AE!") == "train-a-784-32-ae")
        #expect(slug("  ") == "cell")
        #expect(deriveSeed(1, "a") != deriveSeed(1, "b"))
        #expect(deriveSeed(1, "a") == deriveSeed(1, "a"))
    }
}
