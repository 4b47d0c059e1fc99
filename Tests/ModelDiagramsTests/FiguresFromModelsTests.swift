import Foundation
import Graphics
import ModelCore
import Testing

@testable import ModelDiagrams
@testable import Plots

// Figures drawn from a model draw exactly what the tensor path draws from the model's own outputs.

private func svg(_ figure: any Drawable) throws -> [UInt8] { try Surface.render(figure, as: .svg) }

private func message(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

/// Twenty 4 × 4 images of three classes: stripes whose position says the class.
private func tinyImages() -> LabeledImages {
    var pixels: [Float] = []
    var labels: [Int] = []
    for i in 0..<20 {
        let c = i % 3
        for r in 0..<4 {
            for col in 0..<4 { pixels.append(col == c || r == (i % 4) ? 0.9 : 0.1 + Float(i) * 0.01) }
        }
        labels.append(c)
    }
    return LabeledImages(pixels: pixels, labels: labels, rows: 4, columns: 4, classNames: ["left", "middle", "right"])
}

@Test func aVAEsManifoldDecodesTheQuantileGridOfItsPrior() throws {
    let vae = try VariationalAutoencoder(inputs: 16, hidden: [8], latent: 3, rng: RandomStream(seed: 1))
    let manifold = try LatentManifold(vae, steps: 5, dimensions: (0, 2))
    let grid = normalQuantileGrid(5)
    #expect(manifold.xGrid == grid && manifold.yGrid == grid)
    let codes = try LatentManifold.tileCodes(x: grid, y: grid, latent: 3, dimensions: (0, 2))
    let reference = try LatentManifold(images: vae.decode(codes), grid: grid, xLabel: "$z_1$", yLabel: "$z_3$")
    #expect(try svg(manifold) == svg(reference))
    guard case .image(let mark) = manifold.figure.panels[0].marks[0] else {
        Issue.record("the manifold is not one image")
        return
    }
    #expect(mark.image.width == 20 && mark.image.height == 20)  // 5 × 5 tiles of 4 × 4
    #expect(message { _ = try LatentManifold(vae, steps: 4, dimensions: (0, 3)) }.contains("3-D code"))
}

@Test func anAutoencodersManifoldCoversTheBoxOfItsCodes() throws {
    let data = tinyImages()
    let model = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 2))
    let codes = try model.encode(data.inputs)
    let manifold = try LatentManifold(model, steps: 4, over: codes)
    let xs = (0..<codes.rows).map { Double(codes.scalars[2 * $0]) }
    let ys = (0..<codes.rows).map { Double(codes.scalars[2 * $0 + 1]) }
    let x = LatentGrid.linear(xs.min()!...xs.max()!).values(4)
    let y = LatentGrid.linear(ys.min()!...ys.max()!).values(4)
    #expect(manifold.xGrid == x && manifold.yGrid == y)
    // The tiles' slices cover the box exactly: half a slice inside each edge.
    #expect(abs((x[0] - xs.min()!) - (x[1] - x[0]) / 2) < 1e-9)
    let reference = try LatentManifold(
        images: model.decode(LatentManifold.tileCodes(x: x, y: y)), xGrid: x, yGrid: y, xLabel: "code 1",
        yLabel: "code 2")
    #expect(try svg(manifold) == svg(reference))
    #expect(message { _ = try LatentManifold(model, over: Tensor(zeros: [5])) }.contains("[5]"))
}

@Test func aCodeScatterOfAModelShowsItsCodesOfTheData() throws {
    let data = tinyImages()
    let model = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 3))
    let figure = try CodeScatter(model, on: data)
    let reference = try CodeScatter(
        codes: model.encode(data.inputs), labels: data.labels, classNames: data.classNames)
    #expect(try svg(figure) == svg(reference))
    let pca = try PCA(fitting: data.inputs, components: 2)
    let panels = try CodeScatter([CodePanel("PCA", pca, on: data), CodePanel("AE", model, on: data)], classNames: [])
    #expect(panels.figure.panels.count == 2)
    let wide = try Autoencoder(sizes: [16, 8, 3])
    #expect(message { _ = try CodeScatter(wide, on: data) }.contains("[20, 3]"))
}

@Test func anInterpolationStripWalksTheLineBetweenTwoCodes() throws {
    let data = tinyImages()
    let ae = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 4))
    let vae = try VariationalAutoencoder(inputs: 16, hidden: [8], latent: 2, rng: RandomStream(seed: 5))
    let a = try data.inputs.rows(0..<1)
    let b = try data.inputs.rows(1..<2).reshaped([4, 4])  // an image as [h, w] works as well as a row
    let strip = try InterpolationStrip(models: [("AE", ae), ("VAE", vae)], from: a, to: b, steps: 5)
    #expect(strip.grid.images.count == 10 && strip.grid.columns == 5 && strip.grid.rowLabels == ["AE", "VAE"])
    func walk(_ model: some CodeModel) throws -> Tensor {
        let ends = try model.encode(data.inputs.rows(0..<2))
        return try model.decode(codeLine(from: ends.rows(0..<1), to: ends.rows(1..<2), steps: 5))
    }
    let reference = try InterpolationStrip(rows: [("AE", walk(ae)), ("VAE", walk(vae))], imageSize: .square(4))
    #expect(try svg(strip) == svg(reference))
    #expect(try svg(InterpolationStrip(ae, from: a, to: a.reshaped([16]), steps: 3)).count > 0)
    #expect(message { _ = try InterpolationStrip(ae, from: a, to: Tensor(zeros: [9]), steps: 3) }.contains("[9]"))
    let batch = message { _ = try InterpolationStrip(ae, from: data.inputs, to: data.inputs) }
    #expect(batch.contains("cannot encode end images of shape [20, 16]"))
    #expect(
        message { _ = try InterpolationStrip(ae, from: Tensor(zeros: [2, 4, 4]), to: Tensor(zeros: [2, 4, 4])) }
            .contains("not one image"))
}

@Test func reconstructionsOfModelsSitUnderTheOriginals() throws {
    let data = tinyImages()
    let images = try data.inputs.rows(0..<6)
    let ae = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 6))
    let pca = try PCA(fitting: data.inputs, components: 2)
    let figure = try Reconstructions(models: [("PCA-2", pca), ("AE-2", ae)], of: images)
    #expect(figure.grid.rowLabels == ["original", "PCA-2", "AE-2"])
    #expect(figure.grid.columns == 6 && figure.grid.images.count == 18)
    let reference = try Reconstructions(
        originals: images, reconstructions: [("PCA-2", pca.reconstruct(images)), ("AE-2", ae.reconstruct(images))])
    #expect(try svg(figure) == svg(reference))
    // [n, h, w] originals keep their size for the reconstructions, which come back as rows.
    let square = try Reconstructions(ae, of: images.reshaped([6, 4, 4]))
    #expect(try svg(square) == svg(Reconstructions(originals: images, reconstructions: ae.reconstruct(images))))
    #expect(message { _ = try Reconstructions(ae, of: Tensor(zeros: [16])) }.contains("[16]"))
}

@Test func theFiltersOfAFirstDenseLayerAreItsWeightRows() throws {
    let model = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 7))
    let filters = try ImageGrid(filtersOf: model, count: 6, columns: 3)
    #expect(filters.images.count == 6 && filters.columns == 3)
    let first = try #require(model.encoder.layers.first as? Dense)
    let reference = try ImageGrid(
        pixels: first.weight.value.rows(0..<6).scalars, imageWidth: 4, imageHeight: 4, columns: 3,
        colormap: .diverging, scaling: .symmetricEachImage)
    #expect(try svg(filters) == svg(reference))
    #expect(try ImageGrid(filtersOf: first).images.count == 8)
    #expect(message { _ = try ImageGrid(filtersOf: first, count: 9) }.contains("9 filters"))
}

@Test func aLossPlotOfAHistoryShowsTrainingAndValidation() throws {
    let data = tinyImages()
    let model = try Autoencoder(sizes: [16, 8, 2], rng: RandomStream(seed: 8))
    let history = try model.fit(data, epochs: 3, batchSize: 10, validation: data, rng: RandomStream(seed: 9))
    let figure = LossPlot(history, yLabel: "MSE")
    let reference = LossPlot(train: history.epochLoss, validation: history.validationLoss, yLabel: "MSE")
    #expect(try svg(figure) == svg(reference))
    #expect(figure.figure.panels[0].marks.count == 2)  // training solid, validation dashed
    let two = LossPlot([LossCurve("a", history: history), LossCurve("b", history: history)])
    #expect(two.figure.panels[0].marks.count == 4)
}

/// A VAE-like history: total, reconstruction and KL per epoch, for training and validation.
private func historyWithTerms() -> TrainingHistory {
    var history = TrainingHistory()
    history.epochLoss = [300, 280, 270]
    history.validationLoss = [305, 284, 276]
    history.terms = ["reconstruction": [295, 274, 263], "kl": [5, 6, 7]]
    history.validationTerms = ["reconstruction": [300, 278, 269], "kl": [5, 6, 7]]
    return history
}

/// The y values of a panel's lines, in drawing order.
private func lines(_ axes: Axes) -> [[Double]] {
    axes.marks.compactMap { mark in
        if case .line(let line) = mark { return line.y }
        return nil
    }
}

@Test func aLossPlotDrawsTheNamedTermsAHistoryRecordedWithALegend() throws {
    let history = historyWithTerms()
    let all = try LossPlot(history, terms: .all).figure.panels[0]
    // Total, then the terms alphabetically, each training solid and validation dashed.
    #expect(
        lines(all) == [[300, 280, 270], [305, 284, 276], [5, 6, 7], [5, 6, 7], [295, 274, 263], [300, 278, 269]])
    #expect(all.legend.map(\.label) == ["total", "kl", "reconstruction", "training", "validation"])
    let one = try LossPlot(history, terms: .only(["kl"]), totalName: "negative ELBO").figure.panels[0]
    #expect(one.legend.map(\.label) == ["negative ELBO", "kl", "training", "validation"])
    // Without terms the plot is the plain one.
    #expect(try svg(LossPlot(history, terms: .none)) == svg(LossPlot(history)))
    #expect(message { _ = try LossPlot(history, terms: .only(["kld"])) }.contains(#"no loss term "kld""#))
    #expect(message { _ = try LossPlot(history, terms: .only(["kld"])) }.contains(#""kl", "reconstruction""#))
}

@Test func aLossPlotOfRunsGivesEachTermAPanelWithOneCurvePerRun() throws {
    let tight = historyWithTerms()
    var loose = historyWithTerms()
    loose.terms = ["reconstruction": [290, 265, 250], "kl": [9, 11, 12]]
    let figure = try LossPlot(
        runs: [("λ = 1", tight), ("λ = 0.05", loose)], terms: .only(["reconstruction", "kl"]),
        termLabels: ["kl": "KL (nats)"], validation: false
    ).figure
    #expect(figure.panels.count == 2 && figure.columns == 2)
    #expect(figure.panels.map(\.y.label) == ["reconstruction", "KL (nats)"])
    #expect(lines(figure.panels[0]) == [[295, 274, 263], [290, 265, 250]])
    #expect(lines(figure.panels[1]) == [[5, 6, 7], [9, 11, 12]])
    #expect(figure.panels[1].legend.map(\.label) == ["λ = 1", "λ = 0.05"])
    // With validation each run adds its dashed validation curve.
    let validated = try LossPlot(runs: [("λ = 1", tight)]).figure
    #expect(validated.panels.map { lines($0).count } == [2, 2])
    #expect(message { _ = try LossPlot(runs: [("a", tight), ("b", TrainingHistory())]) }.contains(#"run "b""#))
    #expect(message { _ = try LossPlot(runs: [("plain", TrainingHistory())]) }.contains("no loss terms"))
}

/// The VAE records its two ELBO terms, which sum to its loss, and the plot draws them.
@Test func aVAEsLossPlotShowsItsReconstructionAndKLTerms() throws {
    let data = tinyImages()
    let vae = try VariationalAutoencoder(inputs: 16, hidden: [8], latent: 2, rng: RandomStream(seed: 3))
    let history = try vae.fit(data.inputs, epochs: 2, batchSize: 10, rng: RandomStream(seed: 4))
    let panel = try LossPlot(history, terms: .all).figure.panels[0]
    #expect(panel.legend.map(\.label) == ["total", "kl", "reconstruction"])
    #expect(lines(panel).count == 3)
}
