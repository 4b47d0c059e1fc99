import Foundation
import Graphics
import Testing

@testable import Plots

@Test func everyAxesKindKeepsItsTextTidy() throws {
    for (name, figure) in try Gallery.figures() {
        let bounds = Rect(x: 0, y: 0, width: figure.width, height: figure.height)
        if let f = (figure as? LossPlot)?.figure ?? (figure as? LinePlot)?.figure ?? (figure as? CodeScatter)?.figure
            ?? (figure as? Heatmap)?.figure ?? (figure as? Histogram)?.figure ?? (figure as? Scatter2D)?.figure
            ?? (figure as? VectorField)?.figure ?? (figure as? LatentManifold)?.figure
        {
            expectTidy(f.layout().allTexts, in: bounds, name)
        } else if let grid = (figure as? ImageGrid) ?? (figure as? InterpolationStrip)?.grid {
            expectTidy(grid.layout().texts, in: bounds, name)
        } else if let diagram = figure as? Diagram {
            expectTidy(diagram, name)
        } else if let layout = (figure as? Scatter3D)?.layout() ?? (figure as? Surface3D)?.layout() {
            let names = (figure as? Scatter3D)?.axisNames ?? (figure as? Surface3D)?.axisNames ?? []
            expectTidy(layout.frame.texts + layout.view.axisMarks(names: names).texts, in: bounds, name)
        } else {
            Issue.record("\(name) is of no known kind")
        }
    }
}

@Test func manifoldDecodesEveryGridPointWithZ2Upwards() throws {
    var calls: [(Double, Double)] = []
    let manifold = try LatentManifold(steps: 3, grid: .linear(-1.5...1.5), imageWidth: 2, imageHeight: 2) { z1, z2 in
        calls.append((z1, z2))
        return [Float](repeating: Float((z2 + 1) / 2), count: 4)
    }
    #expect(calls.count == 9)
    // The first tile decoded is the top-left one: smallest z1, largest z2.
    #expect(calls[0] == (-1, 1))
    guard case .image(let mark) = manifold.figure.panels[0].marks[0] else {
        Issue.record("manifold is not one image")
        return
    }
    #expect(mark.image.width == 6 && mark.image.height == 6)
    // The largest z2 is labelled at the top of the axis, next to the tiles decoded from it.
    let layout = manifold.figure.layout().panels[0]
    let top = try #require(layout.yTicks.min { layout.y($0.value) < layout.y($1.value) })
    #expect(top.label == "1")
    #expect(mark.image.rgba[0] == 255)  // z2 = 1 decodes to white at the top
    #expect(mark.image.rgba[4 * 6 * 5] == 0)  // z2 = -1 decodes to black at the bottom
    #expect(throws: PlotError.self) {
        try LatentManifold(images: [[Float]](repeating: [0], count: 3), grid: [0, 1], imageWidth: 1, imageHeight: 1)
    }
}

@Test func filtersAreScaledSymmetricallyAroundZero() throws {
    // A filter of values -1...0.5: 0 must land on the colormap's middle, -1 on its end.
    let grid = try ImageGrid(
        pixels: [Float(-1), 0, 0.5, 0], imageWidth: 2, imageHeight: 2, columns: 1,
        colormap: .diverging, scaling: .symmetricEachImage)
    let middle = Colormap.diverging.color(at: 0.5)
    let px = grid.images[0].rgba
    #expect(px[4] == UInt8((middle.red * 255).rounded()) && px[5] == UInt8((middle.green * 255).rounded()))
    let low = Colormap.diverging.color(at: 0)
    #expect(px[0] == UInt8((low.red * 255).rounded()))
}

@Test func histogramCountsEveryValueOnce() throws {
    let h = try Histogram(values: [0.0, 0.1, 0.2, 0.5, 0.9, 1.0], bins: 2)
    #expect(h.edges == [0, 0.5, 1])
    #expect(h.heights == [[3, 3]])
    let d = try Histogram(values: [0.0, 1, 2, 3], bins: 4, density: true)
    let area = zip(d.heights[0], zip(d.edges, d.edges.dropFirst())).map { $0 * ($1.1 - $1.0) }.reduce(0, +)
    #expect(abs(area - 1) < 1e-12)
    #expect(throws: PlotError.self) { try Histogram(values: [Double.nan], bins: 3) }
}

@Test func smoothingRemovesStartupBias() {
    let s = LossPlot.smoothed([1, 1, 1], 0.9)
    #expect(s.allSatisfy { abs($0 - 1) < 1e-12 })
}

@Test func principalLineIsCutAtTheData() {
    let seg = Scatter2D.clip((0, 0), (1, 1), to: (x0: -1, x1: 1, y0: -2, y1: 2))
    #expect(seg.map { abs($0.0.x + 1.1) < 1e-12 && abs($0.1.x - 1.1) < 1e-12 } == true)
    #expect(Scatter2D.clip((0, 0), (0, 0), to: (x0: -1, x1: 1, y0: -1, y1: 1)) == nil)
}

@Test func heatmapRejectsWrongShapesAndDrawsVectorCells() throws {
    #expect(throws: PlotError.self) { try Heatmap(values: [1.0, 2, 3], rows: 2, columns: 2) }
    let h = try Heatmap(values: [1.0, 2, 3, 4], rows: 2, columns: 2, annotate: true)
    let pdf = String(decoding: try Surface.render(h, as: .pdf), as: UTF8.self)
    #expect(!pdf.contains("/Subtype /Image"))
}

@Test func interpolationRowsMustMatch() {
    #expect(throws: PlotError.self) {
        try InterpolationStrip(
            rows: [("a", [Float](repeating: 0, count: 8)), ("b", [Float](repeating: 0, count: 4))],
            imageWidth: 2, imageHeight: 2)
    }
}

@Test func halfMassContourOfAGaussianIsTheRightCircle() {
    var r = TestRandom(seed: 21)
    let n = 20_000
    let x = (0..<n).map { _ in r.normal() }
    let y = (0..<n).map { _ in r.normal() }
    let line = Contours.density(x: x, y: y, bounds: (-5, 5, -5, 5), mass: 0.5)
    let radii = zip(line.x, line.y).filter { $0.0.isFinite }.map { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() }
    #expect(radii.count > 20)
    let mean = radii.reduce(0, +) / Double(radii.count)
    // Half the mass of N(0, I) lies within √(2 ln 2) ≈ 1.177; the smoothing widens it a little.
    #expect(abs(mean - (2 * Foundation.log(2.0)).squareRoot()) < 0.15)
    #expect(radii.allSatisfy { abs($0 - mean) < 0.35 })
}

@Test func logarithmicXSpacesDecadesEvenly() throws {
    let plot = LinePlot([Series(name: "accuracy", x: [10, 100, 1000], y: [0.5, 0.7, 0.8])], logX: true)
    let layout = plot.figure.layout().panels[0]
    let (a, b, c) = (layout.x(10), layout.x(100), layout.x(1000))
    #expect(abs((b - a) - (c - b)) < 1e-6, "decades at \(a), \(b), \(c)")
    let linear = LinePlot(plot.series).figure.layout().panels[0]
    #expect(linear.x(100) - linear.x(10) < (linear.x(1000) - linear.x(100)) / 5)
}
