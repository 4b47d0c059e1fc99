import Foundation
import Graphics
import Testing
@testable import Plots

/// One figure of each kind, as the lecture notes would draw it; `PLOTS_GALLERY=dir` saves PNGs to look at.
enum Gallery {
    static func figures() throws -> [(name: String, figure: any Drawable)] {
        var out: [(String, any Drawable)] = []
        // Loss curves: three sparsity weights, per-epoch validation, log y.
        var random = TestRandom(seed: 7)
        let runs = [0.0, 1e-4, 1e-3].enumerated().map { i, lambda in
            let train = (0..<200).map { s in
                0.012 + 0.05 * Foundation.exp(-Double(s) / 40) + Double(i) * 0.003 + random.uniform() * 0.004
            }
            let validation = (1...10).map { e in 0.014 + 0.05 * Foundation.exp(-Double(e * 20) / 40) + Double(i) * 0.0035 }
            return LossCurve(lambda == 0 ? "λ = 0" : "λ = \(lambda)", train: train, validation: validation,
                             x: (1...200).map { Double($0) / 20 })
        }
        out.append(("loss", LossPlot(runs, title: "Sparse auto-encoders", logY: true, smoothing: 0.8)))
        out.append(("lineplot", LinePlot([Series(name: "train", y: [0.9, 0.5, 0.35, 0.3, 0.28, 0.27]),
                                          Series(name: "test", y: [0.95, 0.6, 0.45, 0.41, 0.4, 0.41])],
                                         title: "Reconstruction error", xLabel: "epoch", yLabel: "MSE")))

        let pca = Fixtures.file("pca5000.f32", as: Float.self)
        let ae = Fixtures.file("ae5000.f32", as: Float.self)
        let labels = Fixtures.file("labels5000.i64", as: Int.self)
        let scatter: CodeScatter
        if let pca, let ae, let labels {
            scatter = try CodeScatter(
                [CodePanel("PCA", codes: pca, labels: labels, xLabel: "PC 1", yLabel: "PC 2"),
                 CodePanel("Auto-encoder", codes: ae, labels: labels)],
                classNames: Fixtures.classNames)
        } else {
            let b = Fixtures.blobs(5000)
            scatter = try CodeScatter(
                [CodePanel("PCA", codes: b.codes, labels: b.labels), CodePanel("Auto-encoder", codes: b.codes, labels: b.labels)],
                classNames: Fixtures.classNames)
        }
        out.append(("codescatter", scatter))

        let images = Fixtures.file("images100.f32", as: Float.self) ?? Fixtures.patterns(100)
        let rec = Fixtures.file("rec8.f32", as: Float.self) ?? Fixtures.patterns(8)
        out.append(("imagegrid", try ImageGrid(
            pixels: Array(images[0..<(8 * 784)]) + rec, imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["original", "PCA-16"], title: "Reconstructions")))
        let filters = Fixtures.file("filters32.f32", as: Float.self) ?? Fixtures.patterns(32).map { $0 - 0.3 }
        out.append(("filters", try ImageGrid(
            pixels: filters, imageWidth: 28, imageHeight: 28, columns: 8, title: "Filters of the first layer",
            colormap: .diverging, scaling: .symmetricEachImage, width: 300)))
        return out
    }
}

@Test func galleryRendersEveryKind() throws {
    let dir = ProcessInfo.processInfo.environment["PLOTS_GALLERY"]
    if let dir { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    for (name, figure) in try Gallery.figures() {
        let png = try Surface.render(figure, as: .png, scale: 2, background: .white)
        #expect(png.count > 1000, "\(name) PNG is suspiciously small")
        if let dir { _ = FileManager.default.createFile(atPath: "\(dir)/\(name).png", contents: Data(png)) }
    }
}
