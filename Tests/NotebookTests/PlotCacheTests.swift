import Foundation
import Graphics
import Publish
import Testing

@testable import Notebook

extension StateKey where Value == [Double] {
    fileprivate static let curve = StateKey("curve")
}

/// Counts how often a Plot cell's closure ran: the proof that a warm build draws nothing.
private final class DrawCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func tick() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A figure of a few bars, with a title in text, for the tests: small, but made of paths and text.
private struct Bars: Drawable {
    let values: [Double]
    var width: Double { 120 }
    var ascent: Double { 80 }
    var descent: Double { 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        for (i, v) in values.enumerated() {
            canvas.fillRect(Rect(x: origin.x + Double(i) * 20, y: origin.y - v * 10, width: 15, height: v * 10), .black)
        }
        TextLayout("bars", font: .sans(9)).draw(on: canvas, at: Point(origin.x, origin.y - 70))
    }
}

struct PlotCacheTests {
    let cacheDirectory = NSTemporaryDirectory() + "lectern-plot-cache-test-\(UUID().uuidString)"
    var options: EngineOptions { EngineOptions(cacheDirectory: cacheDirectory) }

    func report(_ run: NotebookRun, _ prefix: String) -> CellReport? {
        run.reports.first { $0.summary.hasPrefix(prefix) }
    }

    func figures(_ run: NotebookRun) -> [Figure] {
        run.document.blocks.compactMap { if case .figure(let f) = $0 { f } else { nil } }
    }

    @Test func aWarmBuildDrawsNoFigureAndAChangeToWhatItReadsDrawsItAgain() {
        let draws = DrawCounter()
        func notebook(curve: [Double], caption: String) -> Notebook {
            Notebook(id: "plots", title: "Plots") {
                if curve.count == 3 {
                    Run("Measure") { ctx in ctx[.curve] = [1, 3, 2] }
                } else {
                    Run("Measure") { ctx in ctx[.curve] = [1, 3, 2, 4] }
                }
                Plot(caption, label: "fig:bars") { ctx in
                    draws.tick()
                    return Bars(values: try ctx.require(.curve))
                }
            }
        }
        let cold = Engine.run(notebook(curve: [1, 3, 2], caption: "Bars."), options: options)
        #expect(draws.value == 1)
        #expect(report(cold, "Plot")?.status == .ran)
        #expect(report(cold, "Plot")?.reason == "no cached results")

        // The same notebook again: the figure comes from the cache, the closure does not run.
        let warm = Engine.run(notebook(curve: [1, 3, 2], caption: "Bars."), options: options)
        #expect(draws.value == 1)
        #expect(report(warm, "Plot")?.status == .cached)
        #expect(warm.document == cold.document)

        // A new caption is not part of the key: still not drawn, the new caption shown.
        let recaptioned = Engine.run(notebook(curve: [1, 3, 2], caption: "Bars, $x^2$."), options: options)
        #expect(draws.value == 1)
        #expect(figures(recaptioned).first?.caption.contains(.math("x^2")) == true)
        #expect(figures(recaptioned).first?.content == figures(cold).first?.content)

        // What the Plot reads changed: it is drawn again, and --explain says why.
        let changed = Engine.run(notebook(curve: [1, 3, 2, 4], caption: "Bars."), options: options)
        #expect(draws.value == 2)
        #expect(report(changed, "Plot")?.status == .ran)
        #expect(report(changed, "Plot")?.reason == "'curve', which it reads, changed")
        #expect(figures(changed).first?.content != figures(cold).first?.content)
    }

    @Test func noCacheDrawsEveryFigure() {
        let draws = DrawCounter()
        let notebook = Notebook(id: "plots", title: "Plots") {
            Plot("Bars.") { _ in
                draws.tick()
                return Bars(values: [1, 2])
            }
        }
        _ = Engine.run(notebook, options: options)
        var again = options
        again.useCache = false
        let run = Engine.run(notebook, options: again)
        #expect(draws.value == 2)
        #expect(report(run, "Plot")?.reason == "--no-cache")
    }

    @Test func aDocumentRoundTripsThroughJSON() throws {
        let notebook = Notebook(id: "plots", title: "Plots") {
            Markdown("# Bars {#sec:bars}\nSee @fig:b, and $x$.")
            Plot("Bars.", label: "fig:b") { _ in Bars(values: [1, 2]) }
        }
        let document = Engine.run(notebook, options: EngineOptions()).document
        let json = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(Document.self, from: json) == document)
    }
}
