import Graphics
import Testing

@testable import Plots

/// Text alternatives made from the figures' own data: what a screen reader says instead of the picture.

@Test func linePlotSaysItsAxesRangesAndSeries() {
    let plot = LinePlot(
        [Series(name: "train", y: [0.62, 0.3, 0.081]), Series(name: "validation", y: [0.7, 0.4, 0.2])],
        title: "Reconstruction loss", xLabel: "epoch", yLabel: "MSE", logY: true)
    #expect(
        plot.figureDescription
            == "Line plot “Reconstruction loss”: x axis “epoch” from 1 to 3, y axis “MSE” (log scale) from 0.081 to 0.7; "
            + "2 lines; key: train, validation.")
}

@Test func codeScatterNamesItsClassesAndPanels() throws {
    let codes: [Double] = [0, 0, 1, 2, -1, 0.5, 3, 4]
    let scatter = try CodeScatter(
        [
            CodePanel("PCA", codes: codes, labels: [0, 1, 1, 2]),
            CodePanel("Auto-encoder", codes: codes, labels: [0, 1, 1, 2]),
        ],
        classNames: ["T-shirt", "Trouser", "Bag"])
    let text = scatter.figureDescription
    #expect(text.hasPrefix("Scatter plot of codes in 2 panels."), "\(text)")
    #expect(text.contains("Panel 1, “PCA”: x axis"), "\(text)")
    #expect(text.contains("Panel 2, “Auto-encoder”"), "\(text)")
    #expect(text.contains("x axis “code 1” from −1 to 3"), "\(text)")
    #expect(text.contains("4 points"), "\(text)")
    #expect(text.hasSuffix("3 classes: T-shirt, Trouser, Bag."), "\(text)")
}

@Test func imageGridSaysItsSizeAndLabels() throws {
    let grid = try ImageGrid(
        pixels: [Float](repeating: 0.5, count: 6 * 28 * 28), imageWidth: 28, imageHeight: 28, columns: 3,
        rowLabels: ["original", "reconstruction"], title: "Fashion-MNIST")
    #expect(
        grid.figureDescription
            == "Image grid “Fashion-MNIST”: 6 images of 28 × 28 pixels in 2 rows of 3. Rows: original, reconstruction.")
}

@Test func diagramNamesItsNodesAndArrows() throws {
    let diagram = try Diagram(
        nodes: [
            DiagramNode("x", "$x$", column: 0), DiagramNode("enc", "encoder", column: 1, caption: "784 → 32"),
            DiagramNode("z", "$z$", column: 2),
        ],
        edges: [DiagramEdge("x", "enc"), DiagramEdge("enc", "z", label: "$f_\\phi$")])
    #expect(
        diagram.figureDescription
            == "Diagram of 3 nodes: x, encoder (784 → 32), z. Arrows: x to encoder, encoder to z (f_\\phi).")
}

@Test func heatmapAndHistogramSayTheirGrids() throws {
    let heatmap = try Heatmap(
        values: [1.0, 0, 0, 1], rows: 2, columns: 2, rowLabels: ["a", "b"], columnLabels: ["a", "b"], annotate: true)
    #expect(
        heatmap.figureDescription.hasPrefix("Heatmap: x axis marked a, b, y axis marked "),
        "\(heatmap.figureDescription)")
    #expect(heatmap.figureDescription.contains("a 2 × 2 grid of cells"), "\(heatmap.figureDescription)")
    let histogram = try Histogram(values: [0.0, 0.25, 0.5, 1], bins: 4, xLabel: "activation")
    #expect(
        histogram.figureDescription.hasPrefix("Histogram of 4 bins from 0 to 1: x axis “activation” from 0 to 1"),
        "\(histogram.figureDescription)")
    #expect(histogram.figureDescription.contains("4 bars"), "\(histogram.figureDescription)")
}

@Test func everyGalleryFigureDescribesItself() throws {
    for (name, figure) in try Gallery.figures() {
        let described = Plots.figureDescription(of: figure)
        let text = try #require(described, "\(name) cannot describe itself")
        #expect(text.count > 20, "\(name): \(text)")
        #expect(!text.contains("$"), "\(name): \(text)")
    }
}

@Test func numbersAreSaidWithThreeSignificantDigits() {
    #expect(Describe.number(0.081234) == "0.0812")
    #expect(Describe.number(12.345) == "12.3")
    #expect(Describe.number(1500) == "1500")
    #expect(Describe.number(-2.5e-5) == "−2.5×10⁻⁵")
    #expect(Describe.number(0) == "0")
    #expect(Describe.number(1e-4) == "1×10⁻⁴")
    #expect(Describe.number(1e-5) == "1×10⁻⁵")
    #expect(Describe.number(1e6) == "1×10⁶")
    #expect(Describe.list(["D(x), saturating", "D(G(z))"]) == "D(x), saturating; D(G(z))")
}

// MARK: Contrast (WCAG 2.1 AA)

@Test func contrastRatioHasWCAGsKnownAnswers() {
    #expect(abs(Color.black.contrastRatio(with: .white) - 21) < 1e-9)
    #expect(abs(Color(hex: 0x767676).contrastRatio(with: .white) - 4.54) < 0.01)
    #expect(abs(Color(hex: 0x0072B2).contrastRatio(with: .white) - 5.19) < 0.01)
}

@Test func paletteLinesAndDotsStandOutFromThePage() {
    // WCAG 1.4.11: lines and dots a reader must see need 3:1 against the white page.
    for (i, color) in Palette.okabeIto.colors.enumerated() {
        #expect(color.contrastRatio(with: .white) >= 3, "okabeIto[\(i)] \(color.cssHex)")
    }
}

@Test func figureTextReadsOnEveryBackground() {
    // Labels, ticks and titles are ink on white; numbers in heatmap cells pick black or white.
    #expect(Style.ink.contrastRatio(with: .white) >= 4.5)
    for colormap in [Colormap.viridis, .gray, .diverging] {
        for step in 0...50 {
            let cell = colormap.color(at: Double(step) / 50)
            #expect(cell.readableText.contrastRatio(with: cell) >= 4.5, "\(cell.cssHex)")
        }
    }
    // Diagram nodes are filled with a pale tint of their palette colour and labelled in ink.
    for color in Palette.okabeIto.colors {
        #expect(Style.ink.contrastRatio(with: DiagramLayout.tint(color)) >= 4.5, "\(color.cssHex)")
    }
}
