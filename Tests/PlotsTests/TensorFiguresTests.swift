import Foundation
import Graphics
import Tensors
import Testing

@testable import Plots

// Figures that take tensors with their shapes, the one normal quantile and the one latent grid convention.

private func svg(_ figure: any Drawable) throws -> [UInt8] { try Surface.render(figure, as: .svg) }

private func message(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Test func theNormalQuantileHasItsKnownValuesAndIsExactlySymmetric() {
    #expect(abs(normalQuantile(0.975) - 1.959963984540054) < 1e-9)
    #expect(abs(normalQuantile(0.05) + 1.6448536269514722) < 1e-9)
    #expect(abs(normalQuantile(0.8413447460685429) - 1) < 1e-9)  // Φ(1)
    #expect(abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-8)
    #expect(normalQuantile(0.5) == 0)
    for p in [0.999, 0.9875, 0.9, 0.7, 0.51] {
        #expect(normalQuantile(p) == -normalQuantile(1 - p))
        #expect(abs(0.5 * erfc(-normalQuantile(p) / 2.0.squareRoot()) - p) < 1e-14)  // Φ(Φ⁻¹(p)) = p
    }
    #expect(normalQuantile(0) == -.infinity && normalQuantile(1) == .infinity && normalQuantile(.nan).isNaN)
}

@Test func latentGridsPutEachTileAtTheCentreOfItsSlice() {
    // Normal quantiles of (i + ½)/steps: 16 steps run from Φ⁻¹(1/32) to Φ⁻¹(31/32).
    let sixteen = LatentGrid.normalQuantiles.values(16)
    #expect(sixteen.count == 16)
    #expect(abs(sixteen[0] - normalQuantile(1.0 / 32)) < 1e-15 && abs(sixteen[0] + 1.8627318674216515) < 1e-9)
    #expect(zip(sixteen, sixteen.reversed()).allSatisfy { $0 == -$1 })
    #expect(zip(sixteen, sixteen.dropFirst()).allSatisfy { $0 < $1 })
    #expect(LatentGrid.normalQuantiles.values(3) == [normalQuantile(1.0 / 6), 0, -normalQuantile(1.0 / 6)])
    #expect(LatentGrid.normalQuantiles.values(1) == [0])
    #expect(normalQuantileGrid(16) == sixteen)
    // Over a range, the centres of equal slices: the tiles of 4 steps over 0…4 sit at 0.5, 1.5, 2.5, 3.5.
    #expect(LatentGrid.linear(0...4).values(4) == [0.5, 1.5, 2.5, 3.5])
    #expect(LatentGrid.linear(-1...1).values(1) == [0])
    #expect(LatentGrid.linear(0...1).values(0).isEmpty)
}

@Test func tileCodesAreInReadingOrderWithZ2Upwards() throws {
    let codes = try LatentManifold.tileCodes(x: [-1, 1], y: [-2, 2], latent: 3, dimensions: (2, 0))
    #expect(codes.shape == [4, 3])
    // Top-left tile first: smallest x (in dimension 2), largest y (in dimension 0), dimension 1 at 0.
    #expect(codes.scalars == [2, 0, -1, 2, 0, 1, -2, 0, -1, -2, 0, 1])
    #expect(throws: PlotError.self) { try LatentManifold.tileCodes(x: [0], y: [0], latent: 2, dimensions: (1, 1)) }
    #expect(throws: PlotError.self) { try LatentManifold.tileCodes(x: [0], y: [0], latent: 2, dimensions: (0, 2)) }
}

@Test func imageFiguresDrawATensorAsTheyDrawItsPixels() throws {
    let pixels = Fixtures.patterns(6, side: 8)
    let flat = try Tensor(shape: [6, 64], scalars: pixels)
    let cube = try Tensor(shape: [6, 8, 8], scalars: pixels)
    let channels = try Tensor(shape: [6, 1, 8, 8], scalars: pixels)
    let reference = try svg(ImageGrid(pixels: pixels, imageWidth: 8, imageHeight: 8, columns: 3))
    #expect(try svg(ImageGrid(flat, columns: 3)) == reference)
    #expect(try svg(ImageGrid(cube, columns: 3)) == reference)
    #expect(try svg(ImageGrid(channels, columns: 3)) == reference)
    #expect(try svg(ImageGrid(flat, imageSize: .square(8), columns: 3)) == reference)

    let strip = try InterpolationStrip(rows: [("a", cube.rows(0..<3)), ("b", cube.rows(3..<6))])
    let stripPixels = try InterpolationStrip(
        rows: [("a", Array(pixels[0..<192])), ("b", Array(pixels[192...]))], imageWidth: 8, imageHeight: 8)
    #expect(try svg(strip) == svg(stripPixels))
    #expect(strip.grid.images.count == 6 && strip.grid.columns == 3)

    // Non-square images say their size once.
    let wide = try ImageGrid(
        try Tensor(shape: [2, 12], scalars: [Float](repeating: 0.5, count: 24)),
        imageSize: ImageSize(width: 4, height: 3), columns: 2)
    #expect(wide.images.map(\.width) == [4, 4] && wide.images.map(\.height) == [3, 3])
}

@Test func reconstructionsPutTheOriginalsAboveEachModelsRow() throws {
    let originals = try Tensor(shape: [4, 8, 8], scalars: Fixtures.patterns(4, side: 8))
    let blurred = try Tensor(shape: [4, 64], scalars: originals.scalars.map { 0.5 + 0.5 * ($0 - 0.5) })
    let figure = try Reconstructions(originals: originals, reconstructions: [("PCA", blurred), ("AE", blurred)])
    #expect(figure.grid.columns == 4 && figure.grid.images.count == 12)
    #expect(figure.grid.rowLabels == ["original", "PCA", "AE"])
    let direct = try ImageGrid(
        pixels: originals.scalars + blurred.scalars + blurred.scalars, imageWidth: 8, imageHeight: 8, columns: 4,
        rowLabels: ["original", "PCA", "AE"], width: 430)
    #expect(try svg(figure) == svg(direct))
    #expect(
        try Reconstructions(originals: originals, reconstructions: blurred).grid.rowLabels
            == ["original", "reconstruction"])
}

@Test func codeFiguresTakeCodesOfShapeNByTwo() throws {
    let (codes, labels) = Fixtures.blobs(200)
    let tensor = try Tensor(shape: [200, 2], scalars: codes)
    let reference = try svg(CodeScatter(codes: codes, labels: labels, classNames: Fixtures.classNames))
    #expect(try svg(CodeScatter(codes: tensor, labels: labels, classNames: Fixtures.classNames)) == reference)
    let panel = try CodePanel("AE", codes: tensor, labels: labels)
    #expect(panel.x.count == 200 && panel.x[1] == Double(codes[2]) && panel.y[1] == Double(codes[3]))
}

@Test func aManifoldOfTensorTilesDrawsAsItsPixelTiles() throws {
    let grid = LatentGrid.normalQuantiles.values(3)
    let pixels = Fixtures.patterns(9, side: 6)
    let tiles = (0..<9).map { Array(pixels[($0 * 36)..<(($0 + 1) * 36)]) }
    let reference = try svg(LatentManifold(images: tiles, grid: grid, imageWidth: 6, imageHeight: 6))
    let tensor = try Tensor(shape: [9, 36], scalars: pixels)
    #expect(try svg(LatentManifold(images: tensor, grid: grid)) == reference)
    var seen: Tensor?
    let decoded = try LatentManifold(steps: 3) { codes in
        seen = codes
        return tensor
    }
    #expect(try svg(decoded) == reference)
    #expect(seen == (try LatentManifold.tileCodes(x: grid, y: grid)))
    // Different grids on the two axes get their own tick labels.
    let boxed = try LatentManifold(images: tensor, xGrid: [0, 1, 2], yGrid: [10, 20, 30])
    let layout = boxed.figure.layout().panels[0]
    #expect(layout.xTicks.map(\.label) == ["0", "1", "2"] && layout.yTicks.map(\.label) == ["10", "20", "30"])
    // A box of tiny codes keeps enough decimals to tell its tiles apart.
    let tiny = try LatentManifold(images: tensor, xGrid: [0.0001, 0.0002, 0.0003], yGrid: [-0.5, 0, 0.5])
    let tinyLayout = tiny.figure.layout().panels[0]
    #expect(tinyLayout.xTicks.map(\.label) == ["0.0001", "0.0002", "0.0003"])
    #expect(tinyLayout.yTicks.map(\.label) == ["−0.5", "0.0", "0.5"])
}

@Test func wrongShapesAreErrorsThatNameTheShape() throws {
    let five = try Tensor(shape: [3, 5], scalars: [Float](repeating: 0, count: 15))
    #expect(message { _ = try ImageGrid(five, columns: 3) }.contains("[3, 5]"))
    #expect(message { _ = try ImageGrid(five, columns: 3) }.contains("imageSize"))
    #expect(message { _ = try ImageGrid(five, imageSize: .square(2), columns: 3) }.contains("2 × 2"))
    let rgb = Tensor(zeros: [2, 3, 4, 4])
    #expect(message { _ = try ImageGrid(rgb, columns: 2) }.contains("3 channels"))
    #expect(message { _ = try ImageGrid(Tensor(zeros: [16]), columns: 2) }.contains("[16]"))
    #expect(message { _ = try ImageGrid(Tensor(zeros: [0, 4, 4]), columns: 2) }.contains("no images"))
    #expect(
        message { _ = try ImageGrid(Tensor(zeros: [2, 4, 4]), imageSize: .square(3), columns: 2) }
            .contains("imageSize says 3 × 3"))
    let codes3 = Tensor(zeros: [10, 3])
    #expect(message { _ = try CodeScatter(codes: codes3, labels: Array(0..<10), classNames: []) }.contains("[10, 3]"))
    #expect(
        message { _ = try LatentManifold(images: Tensor(zeros: [8, 4, 4]), grid: [0, 1, 2]) }
            .contains("8 tiles"))
    let rows = message {
        _ = try InterpolationStrip(rows: [("AE", Tensor(zeros: [5, 4, 4])), ("VAE", Tensor(zeros: [4, 4, 4]))])
    }
    #expect(rows.contains("\"VAE\"") && rows.contains("[4, 4, 4]") && rows.contains("[5, 4, 4]"))
    #expect(
        message { _ = try Reconstructions(originals: Tensor(zeros: [2, 4, 4]), reconstructions: []) }
            .contains("no reconstructions"))
}

@Test func aGridOfSeveralTensorsDrawsTheirImagesOneAfterAnother() throws {
    let pixels = Fixtures.patterns(6, side: 8)
    let cube = try Tensor(shape: [6, 8, 8], scalars: pixels)
    let reference = try svg(
        ImageGrid(pixels: pixels, imageWidth: 8, imageHeight: 8, columns: 3, rowLabels: ["a", "b"]))
    // A tensor of rows beside a tensor of 8 × 8 images: the size comes from each.
    let mixed = try ImageGrid(
        [try cube.rows(0..<2), try cube.rows(2..<6).reshaped([4, 64])], columns: 3, rowLabels: ["a", "b"])
    #expect(try svg(mixed) == reference)
    let sixteen = Tensor(zeros: [2, 4, 4])
    #expect(message { _ = try ImageGrid([cube, sixteen], columns: 3) }.contains("tensor 2 of shape [2, 4, 4]"))
    #expect(message { _ = try ImageGrid([Tensor](), columns: 3) }.contains("no tensors"))
    // Rows without names take no label column: as wide as a grid without labels.
    let unnamed = try ImageGrid(rows: [("", cube.rows(0..<3)), ("", cube.rows(3..<6))])
    #expect(unnamed.rowLabels.isEmpty)
    #expect(try svg(unnamed) == svg(ImageGrid(cube, columns: 3, width: 430)))
}

@Test func partsOfAGridKeepTheirOwnColours() throws {
    // A mean image in grey beside signed components in red and blue, each over ±its own largest magnitude.
    let mean = try Tensor(shape: [1, 4], scalars: [0, 0.25, 0.5, 1])
    let components = try Tensor(shape: [2, 4], scalars: [-1, 0, 0.5, 1, -0.2, 0.1, 0, 0.2])
    let grid = try ImageGrid(
        parts: [.init(mean), .init(components, colormap: .diverging, scaling: .symmetricEachImage)], columns: 3)
    let reference = try ImageGrid(
        images: [
            RasterImage(values: mean.scalars, width: 2, height: 2, range: 0...1, colormap: .gray),
            RasterImage(values: [-1, 0, 0.5, 1], width: 2, height: 2, range: -1...1, colormap: .diverging),
            RasterImage(values: [-0.2, 0.1, 0, 0.2], width: 2, height: 2, range: -0.2...0.2, colormap: .diverging),
        ], columns: 3)
    #expect(grid.images == reference.images)
    // A shared bound is shared within its part only.
    let shared = try ImageGrid(parts: [.init(mean), .init(components, scaling: .symmetricShared)], columns: 3)
    #expect(
        shared.images[2]
            == RasterImage(values: [-0.2, 0.1, 0, 0.2], width: 2, height: 2, range: -1...1, colormap: .gray))
    #expect(
        message { _ = try ImageGrid(parts: [.init(mean), .init(Tensor(zeros: [1, 9]))], columns: 2) }.contains("part 2")
    )
}

@Test func aHeatmapOfAMatrixTakesItsRowsAndColumnsFromTheShape() throws {
    let values = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let reference = try svg(Heatmap(values: values.scalars, rows: 2, columns: 3, title: "codes"))
    #expect(try svg(Heatmap(values, title: "codes")) == reference)
    #expect(message { _ = try Heatmap(Tensor(zeros: [2, 3, 1])) }.contains("[2, 3, 1]"))
}

@Test func aThumbnailIsOneImageOfATensorAtItsOwnSize() throws {
    let images = try Tensor(shape: [2, 4], scalars: [0, 0, 0, 0, 1, 0.5, 0, 1])
    guard case .image(let picture) = try DiagramNode.thumbnail(images, index: 1) else {
        Issue.record("a thumbnail should be an image")
        return
    }
    #expect(picture.width == 2 && picture.height == 2)
    #expect([picture.rgba[0], picture.rgba[4], picture.rgba[8], picture.rgba[12]] == [255, 128, 0, 255])
    guard case .image(let wide) = try DiagramNode.thumbnail(Tensor(zeros: [3, 1, 2, 5]), index: 2) else {
        Issue.record("a thumbnail should be an image")
        return
    }
    #expect(wide.width == 5 && wide.height == 2)
    #expect(message { _ = try DiagramNode.thumbnail(images, index: 2) }.contains("no image 2"))
    #expect(message { _ = try DiagramNode.thumbnail(Tensor(zeros: [2, 5])) }.contains("[2, 5]"))
}

@Test func scattersTakePointsOfShapeNByTwo() throws {
    let (points, labels) = Fixtures.blobs(50)
    let tensor = try Tensor(shape: [50, 2], scalars: points)
    let extra = try Tensor(shape: [2, 2], scalars: [0, 0, 1, 1])
    let reference = try svg(
        Scatter2D(points: points, classes: labels, overlays: [.points("extra", [0, 0, 1, 1])], xLabel: "x"))
    #expect(
        try svg(Scatter2D(tensor, classes: labels, overlays: [try .points("extra", at: extra)], xLabel: "x"))
            == reference)
    #expect(message { _ = try Scatter2D(Tensor(zeros: [4, 3])) }.contains("[4, 3]"))
    #expect(message { _ = try Overlay.points("extra", at: Tensor(zeros: [4])) }.contains("\"extra\""))
}

@Test func aThreeDScatterOfFourDPointsColoursByTheFourth() throws {
    let points = try Tensor(shape: [3, 4], scalars: [0, 0, 0, 0.1, 1, 0, 0, 0.5, 0, 1, 1, 0.9])
    let reference = try svg(
        Scatter3D(points: [Float(0), 0, 0, 1, 0, 0, 0, 1, 1], values: [Float(0.1), 0.5, 0.9], title: "4-D"))
    #expect(try svg(Scatter3D(points, title: "4-D")) == reference)
    let three = try Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 1, 1])
    #expect(try svg(Scatter3D(three)) == svg(Scatter3D(points: three.scalars)))
    #expect(message { _ = try Scatter3D(Tensor(zeros: [2, 5])) }.contains("[2, 5]"))
}
