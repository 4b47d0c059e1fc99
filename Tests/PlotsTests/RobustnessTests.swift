import Foundation
import Graphics
import Testing

@testable import Plots

/// Odd but legal input draws something sensible instead of crashing.
@Test func oddInputStillDraws() throws {
    let figures: [any Drawable] = [
        LossPlot(train: [Double]()),
        LossPlot(train: [1.0]),
        LossPlot(train: [0.5, 0, -1, .nan, 0.2], logY: true),
        LossPlot(train: [2.0, 2, 2, 2], validation: [2.0]),
        LinePlot([]),
        LinePlot([Series(name: "flat", y: [0, 0, 0])]),
        LinePlot([Series(name: "inf", x: [0, 1, 2], y: [1, .infinity, 3])]),
        try CodeScatter(codes: [Float](), labels: [], classNames: []),
        try CodeScatter(codes: [Float(1), 1], labels: [3], classNames: ["a"]),
        try Histogram(values: [1.0, 1, 1]),
        try Heatmap(values: [Double](repeating: 7, count: 6), rows: 2, columns: 3),
        try Heatmap(values: (0..<(80 * 80)).map { Double($0) }, rows: 80, columns: 80),
        try Scatter2D(points: [0.0, 0], overlays: [.line("l", point: (0, 0), direction: (1, 0))]),
        try VectorField(from: [0.0, 0, 1, 1], to: [0.0, 0, 1, 1.5]),
        PlotFigure([
            Axes(
                x: Axis(limits: 2...2), y: Axis(scale: .log, limits: -1...0),
                marks: [.line(LineMark(x: [0, 1], y: [1, 2], color: .black))])
        ]),
        try LatentManifold(steps: 1, imageWidth: 2, imageHeight: 2) { _, _ in [0, 1, 0, 1] },
    ]
    for figure in figures {
        #expect(figure.width > 0 && figure.height > 0)
        for kind in SurfaceKind.allCases {
            #expect(try Surface.render(figure, as: kind).count > 100)
        }
    }
}

@Test func negativeClassesAreRejected() {
    #expect(throws: PlotError.self) { try CodeScatter(codes: [Float(0), 0], labels: [-1], classNames: []) }
    #expect(throws: PlotError.self) { try Scatter2D(points: [0.0, 0], classes: [-2]) }
}

/// Data near the largest double still gets an axes box with labelled ends and a visible line, not an
/// empty frame.
@Test func dataNearTheLargestDoubleIsDrawn() throws {
    for figure: any Drawable in [
        LinePlot([Series(name: "huge", y: [1e308, -1e308, 5e307])]),
        try Scatter2D(points: [-1.7e308, 0, 1.7e308, 1]),
    ] {
        let svg = String(decoding: try Surface.render(figure, as: .svg), as: UTF8.self)
        #expect(!svg.contains("nan") && !svg.contains("inf"), "non-finite coordinates in the SVG")
        // Glyphs of tick labels are drawn as <use> of glyph symbols; a path or circles carry the data.
        #expect(svg.components(separatedBy: "<use").count > 10, "no tick labels")
    }
}
