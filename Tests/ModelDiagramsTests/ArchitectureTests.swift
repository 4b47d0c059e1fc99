import Foundation
import Graphics
import ModelCore
import Testing

@testable import ModelDiagrams
@testable import Plots

/// The caption lines under each node of a drawn diagram, by node id.
func captions(_ diagram: Diagram) -> [String: [String]] {
    var result: [String: [String]] = [:]
    for node in diagram.layout.nodes {
        let below = diagram.layout.texts.filter { text in
            text.insideNode == nil && text.placed.rect.minY >= node.shape.maxY
                && text.placed.rect.maxY <= node.extent.maxY + 0.01
                && abs(text.placed.rect.center.x - node.shape.center.x) < 0.01
        }
        result[node.node.id] = below.sorted { $0.placed.rect.minY < $1.placed.rect.minY }.map(\.placed.label.text)
    }
    return result
}

@Test func anAutoencoderIsSevenBlocksInOrderWithTheirSizes() throws {
    let model = try Autoencoder(sizes: [784, 128, 64, 2])
    let diagram = try NetworkDiagram(model).diagram
    let nodes = diagram.layout.nodes.sorted { $0.shape.center.x < $1.shape.center.x }
    #expect(nodes.count == 7)
    #expect(Set(nodes.map(\.shape.center.y)).count == 1)
    let lines = captions(diagram)
    let sizes = nodes.map { node in lines[node.node.id]?.first { Int($0) != nil } }
    #expect(sizes == ["784", "128", "64", "2", "64", "128", "784"])
    // Heights follow the log of the width: the code is the narrowest block, input and output the tallest.
    let heights = nodes.map(\.shape.height)
    #expect(heights[3] == heights.min() && heights[0] == heights.max() && heights[0] == heights[6])
    #expect(heights[1] > heights[2] && heights[2] > heights[3])
    // Encoder and decoder in two colours, the code in a third.
    #expect(nodes[1].node.color == NetworkArchitecture.color(of: .encoder))
    #expect(nodes[3].node.color == NetworkArchitecture.color(of: .code))
    #expect(nodes[5].node.color == NetworkArchitecture.color(of: .decoder))
    #expect(lines[nodes[1].node.id]?.contains("ReLU") == true)
    #expect(lines[nodes[6].node.id]?.contains("sigmoid") == true)
    #expect(diagram.layout.edges.count == 6)
    // Another model, another drawing.
    #expect(try NetworkDiagram(try Autoencoder(sizes: [784, 32])).diagram.layout.nodes.count == 3)
}

@Test func aVAEHasItsTwoHeadsAndTheSamplingNode() throws {
    let architecture = try NetworkArchitecture(try VariationalAutoencoder(inputs: 784, hidden: [400], latent: 20))
    let blocks = Dictionary(uniqueKeysWithValues: architecture.blocks.map { ($0.id, $0) })
    let (mu, logVariance, z) = (try #require(blocks["mu"]), try #require(blocks["logvar"]), try #require(blocks["z"]))
    #expect(mu.shape == .units(20) && logVariance.shape == .units(20))
    #expect(mu.column == logVariance.column && mu.row != logVariance.row)
    #expect(z.shape == .operation && z.detail.contains("\\mu + \\sigma"))
    #expect(z.column > mu.column && z.row == (mu.row + logVariance.row) / 2)
    let links = Set(architecture.links.map { "\($0.from)→\($0.to)" })
    #expect(links.isSuperset(of: ["encoder.1→mu", "encoder.1→logvar", "mu→z", "logvar→z", "eps→z", "z→decoder.1"]))
    let diagram = try NetworkDiagram(architecture).diagram
    let texts = diagram.layout.texts.map(\.placed.label.text)
    #expect(texts.contains("$z = \\mu + \\sigma \\odot \\epsilon$"))
    #expect(texts.contains("$\\mu$") && texts.contains("$\\log\\sigma^2$"))
}

@Test func aGANHasBothNetworksAndTheRealAndFakeInputsOfD() throws {
    let gan = try GAN(dataSize: 784, noiseSize: 64, generatorHidden: [128, 256], discriminatorHidden: [256])
    let architecture = try NetworkArchitecture(gan)
    let frames = Dictionary(uniqueKeysWithValues: architecture.frames.map { ($0.part, $0.members) })
    #expect(frames[.generator]?.count == 3 && frames[.discriminator]?.count == 2)
    let parts = Dictionary(uniqueKeysWithValues: architecture.blocks.map { ($0.id, $0.shape) })
    #expect(frames[.generator]?.map { parts[$0] } == [.units(128), .units(256), .units(784)])
    let firstOfD = try #require(frames[.discriminator]?.first)
    let intoD = architecture.links.filter { $0.to == firstOfD }
    #expect(Set(intoD.map(\.label)) == ["real", "fake"])
    #expect(intoD.contains { $0.from == "real" } && intoD.contains { $0.from == "fake" })
}

@Test func convolutionsAreFeatureMapsWithTheirShapes() throws {
    let architecture = try NetworkArchitecture(ConvAutoencoder(channels: (8, 16)))
    #expect(
        architecture.blocks.map(\.shape) == [
            .featureMaps(channels: 1, height: 28, width: 28), .featureMaps(channels: 8, height: 14, width: 14),
            .featureMaps(channels: 16, height: 7, width: 7), .featureMaps(channels: 8, height: 14, width: 14),
            .featureMaps(channels: 1, height: 28, width: 28),
        ])
    #expect(architecture.blocks[1].detail == "conv 3×3 /2, ReLU")
    let texts = try NetworkDiagram(architecture).diagram.layout.texts.map(\.placed.label.text)
    #expect(texts.contains("7×7×16"))
}

@Test func classifiersAndGreedyStagesAndStacks() throws {
    let classifier = try NetworkArchitecture(try Classifier(sizes: [784, 128, 10]))
    #expect(classifier.blocks.map(\.shape) == [.units(784), .units(128), .units(10)])
    #expect(classifier.blocks.last?.detail == "softmax")
    let ae = try Autoencoder(sizes: [784, 256, 64])
    let stages = try NetworkArchitecture(greedyStagesOf: ae)
    #expect(stages.frames.map(\.title) == ["stage 1", "stage 2"])
    #expect(
        stages.frames[1].members.map { id in stages.blocks.first { $0.id == id }!.shape } == [
            .units(256), .units(64), .units(256),
        ])
    #expect(stages.links.contains { $0.from == "stage1.hidden" && $0.to == "stage2.input" })
    let stack = try NetworkArchitecture(
        Sequential([try Dense(weight: Tensor(zeros: [5, 3]), bias: Tensor(zeros: [5])), ActivationLayer(.tanh)]))
    #expect(stack.blocks.map(\.shape) == [.units(3), .units(5)] && stack.blocks[1].detail == "tanh")
}

@Test func anEmptyOrInconsistentModelIsAClearError() throws {
    #expect(throws: TensorError.self) { try NetworkArchitecture(Sequential([])) }
    #expect(throws: PlotError.self) { try NetworkDiagram(NetworkArchitecture(blocks: [])) }
    let mismatched = Sequential([
        try Dense(weight: Tensor(zeros: [5, 3]), bias: Tensor(zeros: [5])),
        try Dense(weight: Tensor(zeros: [2, 4]), bias: Tensor(zeros: [2])),
    ])
    #expect(throws: TensorError("NetworkDiagram: layer 2: a dense layer expects 4 inputs, gets 5")) {
        try NetworkArchitecture(mismatched)
    }
}

/// Text clear of other text and of every block but its own, over many models and sizes.
@Test func labelsNeverOverlapAcrossModelsAndSizes() throws {
    var models: [(String, NetworkArchitecture)] = []
    for sizes in [
        [784, 128, 64, 2], [784, 10_000, 2], [2, 3], [784, 512, 256, 128, 64, 32, 16, 8, 4, 2], [1, 1, 1],
    ] {
        models.append(("AE \(sizes)", try NetworkArchitecture(try Autoencoder(sizes: sizes))))
        models.append(("greedy \(sizes)", try NetworkArchitecture(greedyStagesOf: try Autoencoder(sizes: sizes))))
        models.append(("classifier \(sizes)", try NetworkArchitecture(try Classifier(sizes: sizes))))
        models.append(("tied \(sizes)", try NetworkArchitecture(try Autoencoder.tied(sizes: sizes))))
    }
    for (hidden, latent) in [([400], 20), ([], 2), ([512, 256, 10_000], 1), ([64], 200)] {
        models.append(
            (
                "VAE \(hidden) \(latent)",
                try NetworkArchitecture(try VariationalAutoencoder(hidden: hidden, latent: latent))
            ))
    }
    for (g, d) in [([64], [64]), ([], []), ([128, 256, 512], [512, 256]), ([10_000], [1])] {
        models.append(
            (
                "GAN \(g) \(d)",
                try NetworkArchitecture(
                    try GAN(dataSize: 784, noiseSize: 100, generatorHidden: g, discriminatorHidden: d))
            ))
    }
    for channels in [(16, 32), (1, 1), (64, 128)] {
        models.append(("conv \(channels)", try NetworkArchitecture(ConvAutoencoder(channels: channels))))
    }
    models.append(("k-sparse", try NetworkArchitecture(try Autoencoder.kSparse(sizes: [784, 256, 64], k: 10))))
    for (name, architecture) in models {
        for title in ["", "A title much wider than the diagram it stands over, to see it centred"] {
            let diagram = try NetworkDiagram(architecture, title: title).diagram
            let layout = diagram.layout
            let bounds = Rect(x: 0, y: 0, width: diagram.width, height: diagram.height).insetBy(dx: -0.01, dy: -0.01)
            for text in layout.texts {
                #expect(bounds.contains(text.placed.rect), "\(name): \"\(text.placed.label.text)\" leaves the picture")
                for (n, node) in layout.nodes.enumerated() where n != text.insideNode {
                    #expect(
                        !text.placed.rect.insetBy(dx: 0.05, dy: 0.05).intersects(node.shape),
                        "\(name): \"\(text.placed.label.text)\" lies on block \(node.node.id)")
                }
            }
            let rects = layout.texts.map(\.placed.rect)
            for i in rects.indices {
                for j in rects.indices where j > i {
                    #expect(
                        !rects[i].insetBy(dx: 0.05, dy: 0.05).intersects(rects[j].insetBy(dx: 0.05, dy: 0.05)),
                        "\(name): \"\(layout.texts[i].placed.label.text)\" overlaps \"\(layout.texts[j].placed.label.text)\""
                    )
                }
            }
            for (a, first) in layout.nodes.enumerated() {
                for second in layout.nodes.dropFirst(a + 1) {
                    #expect(
                        !first.shape.intersects(second.shape),
                        "\(name): blocks \(first.node.id) and \(second.node.id) overlap")
                }
            }
        }
    }
}

/// `DIAGRAMS_GALLERY=dir` writes each model's diagram at 1x and 2x to look at; `PLOTS_DOCS=dir` the
/// pictures of docs/plots.md.
@Test(
    .enabled(
        if: ProcessInfo.processInfo.environment["DIAGRAMS_GALLERY"] != nil
            || ProcessInfo.processInfo.environment["PLOTS_DOCS"] != nil))
func modelDiagramPictures() throws {
    let environment = ProcessInfo.processInfo.environment
    let figures: [(String, any Drawable)] = [
        ("network-ae", try NetworkDiagram(try Autoencoder(sizes: [784, 128, 64, 2]))),
        ("network-conv", try NetworkDiagram(ConvAutoencoder())),
        ("network-vae", try NetworkDiagram(try VariationalAutoencoder(inputs: 784, hidden: [400], latent: 20))),
        (
            "network-gan",
            try NetworkDiagram(
                try GAN(dataSize: 784, noiseSize: 100, generatorHidden: [256], discriminatorHidden: [256]))
        ),
        ("network-classifier", try NetworkDiagram(try Classifier(sizes: [784, 128, 10]))),
        ("network-greedy", try NetworkDiagram(greedyStagesOf: try Autoencoder(sizes: [784, 256, 64, 8]))),
    ]
    if let dir = environment["DIAGRAMS_GALLERY"] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, figure) in figures {
            for scale in [1.0, 2.0] {
                let png = try Surface.render(figure, as: .png, padding: 4, scale: scale, background: .white)
                _ = FileManager.default.createFile(atPath: "\(dir)/\(name)@\(Int(scale))x.png", contents: Data(png))
            }
            for kind in [SurfaceKind.svg, .pdf] {
                let bytes = try Surface.render(figure, as: kind, idPrefix: name)
                _ = FileManager.default.createFile(atPath: "\(dir)/\(name).\(kind.rawValue)", contents: Data(bytes))
            }
        }
    }
    if let dir = environment["PLOTS_DOCS"] {
        for (name, figure) in figures where ["network-ae", "network-conv", "network-vae", "network-gan"].contains(name)
        {
            let png = try Surface.render(figure, as: .png, padding: 4, scale: 1.25, background: .white)
            _ = FileManager.default.createFile(atPath: "\(dir)/\(name).png", contents: Data(png))
        }
    }
}
