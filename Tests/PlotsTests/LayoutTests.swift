import Foundation
import Graphics
import Testing
@testable import Plots

/// What is wrong with a set of text boxes: any leaving `bounds` or overlapping another.
func untidiness(_ texts: [PlacedLabel], in bounds: Rect) -> [String] {
    var problems: [String] = []
    let inner = bounds.insetBy(dx: -0.01, dy: -0.01)
    for t in texts where !inner.contains(t.rect) {
        problems.append("\"\(t.label.text)\" at \(t.rect) leaves the canvas \(bounds)")
    }
    for i in texts.indices {
        for j in texts.indices where j > i {
            // A hair of tolerance for rounding.
            if texts[i].rect.insetBy(dx: 0.05, dy: 0.05).intersects(texts[j].rect.insetBy(dx: 0.05, dy: 0.05)) {
                problems.append("\"\(texts[i].label.text)\" overlaps \"\(texts[j].label.text)\"")
            }
        }
    }
    return problems
}

/// Every text box inside `bounds` and clear of every other.
func expectTidy(_ texts: [PlacedLabel], in bounds: Rect, _ name: String) {
    for problem in untidiness(texts, in: bounds) { Issue.record("\(name): \(problem)") }
}

@Test func untidinessCatchesOverlapsAndEscapes() {
    let a = PlotLabel("first", font: .sans(8))
    let b = PlotLabel("second", font: .sans(8))
    let bounds = Rect(x: 0, y: 0, width: 100, height: 50)
    let apart = [PlacedLabel(label: a, rect: Rect(x: 0, y: 0, width: 20, height: 8)),
                 PlacedLabel(label: b, rect: Rect(x: 30, y: 0, width: 20, height: 8))]
    #expect(untidiness(apart, in: bounds).isEmpty)
    let overlapping = [apart[0], PlacedLabel(label: b, rect: Rect(x: 15, y: 4, width: 20, height: 8))]
    #expect(untidiness(overlapping, in: bounds).count == 1)
    let escaping = [PlacedLabel(label: a, rect: Rect(x: 90, y: 0, width: 20, height: 8))]
    #expect(untidiness(escaping, in: bounds).count == 1)
}

@Test func axesFiguresKeepTextApartAndOnCanvas() throws {
    let b = Fixtures.blobs(2000)
    var figures: [(String, PlotFigure)] = []
    for size in [Size(360, 240), Size(220, 160), Size(600, 300)] {
        figures.append(("loss \(size)", LossPlot(train: [0.9, 0.5, 0.31, 0.3, 0.29], validation: [1, 0.6, 0.4, 0.41, 0.42],
                                                 title: "Loss", yLabel: "mean squared error", size: size).figure))
        figures.append(("log loss \(size)", LossPlot(train: (1...300).map { 1 / Double($0) }, title: "Loss", logY: true,
                                                     size: size).figure))
        figures.append(("scatter \(size)", try CodeScatter(
            [CodePanel("PCA", codes: b.codes, labels: b.labels), CodePanel("AE", codes: b.codes.map { $0 * 1000 }, labels: b.labels)],
            classNames: Fixtures.classNames, size: Size(size.width + 200, size.height)).figure))
        figures.append(("colour bar \(size)", try Heatmap(values: (0..<12).map { Double($0) * 30_000 }, rows: 3, columns: 4,
                                                          title: "Counts", colorBarLabel: "count", size: size).figure))
        figures.append(("big numbers \(size)", LinePlot([Series(name: "", x: [0, 1e6], y: [1e-5, 3e-5])],
                                                        title: "t", xLabel: "x", yLabel: "y", size: size).figure))
    }
    for (name, figure) in figures {
        let layout = figure.layout()
        expectTidy(layout.allTexts, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), name)
        for panel in layout.panels {
            for t in panel.texts { #expect(!t.rect.intersects(panel.frame.insetBy(dx: 0.5, dy: 0.5)) || panel.legend != nil,
                                            "\(name): \"\(t.label.text)\" lies on the frame") }
        }
    }
}

@Test func panelsInARowShareTheirFrameHeight() throws {
    let b = Fixtures.blobs(500)
    let scatter = try CodeScatter(
        [CodePanel("A", codes: b.codes, labels: b.labels), CodePanel("B", codes: b.codes.map { $0 * 12345 }, labels: b.labels)],
        classNames: Fixtures.classNames)
    let panels = scatter.figure.layout().panels
    #expect(panels.count == 2)
    #expect(abs(panels[0].frame.minY - panels[1].frame.minY) < 0.01)
    #expect(abs(panels[0].frame.maxY - panels[1].frame.maxY) < 0.01)
}

@Test func legendAvoidsTheData() {
    // Falling curves leave the upper right free.
    let plot = LinePlot([Series(name: "a", y: [10, 5, 3, 2, 1.5, 1.2]), Series(name: "b", y: [9, 4, 2, 1, 0.8, 0.7])])
    let layout = plot.figure.layout().panels[0]
    let legend = try! #require(layout.legend)
    #expect(layout.frame.contains(legend.rect))
    #expect(legend.rect.center.x > layout.frame.center.x && legend.rect.center.y < layout.frame.center.y)
    // Data everywhere: the legend goes outside the frame.
    var random = TestRandom(seed: 3)
    let xs = (0..<3000).map { _ in random.uniform() }
    let ys = (0..<3000).map { _ in random.uniform() }
    let axes = Axes(marks: [.points(PointMark(x: xs, y: ys, colors: [.black]))],
                    legend: [LegendEntry("noise", swatch: .dot(.black))])
    let full = PlotFigure([axes]).layout().panels[0]
    #expect(full.legend.map { !$0.rect.intersects(full.frame) } == true)
}

@Test func imageGridLabelsStayApart() throws {
    let grid = try ImageGrid(pixels: Fixtures.patterns(16), imageWidth: 28, imageHeight: 28, columns: 8,
                             rowLabels: ["original", "reconstruction"], columnLabels: (0..<8).map { "t=\($0)" },
                             title: "Reconstructions")
    let layout = grid.layout()
    expectTidy(layout.texts, in: Rect(x: 0, y: 0, width: grid.width, height: grid.height), "grid")
    #expect(layout.cells.count == 16)
    for t in layout.texts { for c in layout.cells { #expect(!t.rect.intersects(c)) } }
}

@Test func badShapesThrowClearErrors() {
    #expect(throws: PlotError.self) { try CodePanel(codes: [Float](repeating: 0, count: 5), labels: [0, 1]) }
    #expect(throws: PlotError.self) { try CodePanel(codes: [Float](repeating: 0, count: 4), labels: [0]) }
    #expect(throws: PlotError.self) { try ImageGrid(pixels: [Float](repeating: 0, count: 100), imageWidth: 28, imageHeight: 28, columns: 4) }
    #expect(throws: PlotError.self) { try ImageGrid(pixels: [Float](repeating: 0, count: 784), imageWidth: 28, imageHeight: 28, columns: 0) }
}

@Test func panelsInAColumnShareTheirFrameEdges() {
    let narrow = Axes(title: "small numbers", y: Axis("y"), marks: [.line(LineMark(x: [0, 1], y: [0, 1], color: .black))])
    let wide = Axes(y: Axis("a much longer label"),
                    marks: [.line(LineMark(x: [0, 1], y: [-123_456.5, 654_321.25], color: .black))])
    let figure = PlotFigure([narrow, wide, wide, narrow], columns: 2, size: Size(400, 300))
    let frames = figure.layout().panels.map(\.frame)
    #expect(abs(frames[0].minX - frames[2].minX) < 0.01)
    #expect(abs(frames[1].minX - frames[3].minX) < 0.01)
    #expect(abs(frames[0].maxX - frames[2].maxX) < 0.01)
    #expect(abs(frames[0].minY - frames[1].minY) < 0.01)
    #expect(frames[0].maxY < frames[2].minY)
    expectTidy(figure.layout().allTexts, in: Rect(x: 0, y: 0, width: 400, height: 300), "2 × 2 grid")
}
