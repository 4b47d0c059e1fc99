import Foundation
import Graphics
import ModelCore
import Testing

@testable import ModelDiagrams
@testable import Plots

/// Each figure drawn from a model trained on Fashion-MNIST, saved as PNG to look at: `MODEL_FIGURES=dir`
/// (with the data installed) runs it; without it the test does nothing.
@Test func modelFiguresOnFashionMNISTToLookAt() throws {
    guard let directory = ProcessInfo.processInfo.environment["MODEL_FIGURES"] else { return }
    let train = try FashionMNIST.load(.train, limit: 3000)
    let test = try FashionMNIST.load(.test, limit: 600)
    let ae = try Autoencoder(sizes: [784, 128, 2], codeActivation: .identity, rng: RandomStream(seed: 1))
    let history = try ae.fit(train, epochs: 6, validation: test, rng: RandomStream(seed: 2))
    let vae = try VariationalAutoencoder(inputs: 784, hidden: [256], latent: 2, rng: RandomStream(seed: 3))
    let vaeHistory = try vae.fit(train.inputs, epochs: 6, validation: test.inputs, rng: RandomStream(seed: 4))
    let pca = try PCA(fitting: train.inputs, components: 2)
    let shown = try test.inputs.rows(0..<10)
    let figures: [(String, any Drawable)] = [
        ("loss", LossPlot(history, yLabel: "MSE per pixel")),
        ("loss-terms", try LossPlot(vaeHistory, terms: .all, totalName: "negative ELBO", yLabel: "nats per image")),
        ("loss-term-panels", try LossPlot(runs: [("VAE", vaeHistory)], terms: .all)),
        (
            "codes",
            try CodeScatter(
                [CodePanel("PCA", pca, on: test), CodePanel("AE", ae, on: test)],
                classNames: test.classNames)
        ),
        ("manifold-vae", try LatentManifold(vae, steps: 16)),
        ("manifold-ae", try LatentManifold(ae, steps: 12, over: ae.encode(test.inputs))),
        (
            "walk",
            try InterpolationStrip(
                models: [("AE", ae), ("VAE", vae)], from: test.inputs.rows(0..<1),
                to: test.inputs.rows(1..<2), steps: 9)
        ),
        ("reconstructions", try Reconstructions(models: [("PCA-2", pca), ("AE-2", ae), ("VAE", vae)], of: shown)),
        ("filters", try ImageGrid(filtersOf: ae, count: 24)),
    ]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, figure) in figures {
        let png = try Surface.render(figure, as: .png, padding: 4, scale: 1.25, background: .white)
        try Data(png).write(to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).png"))
    }
}
