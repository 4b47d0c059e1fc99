import ModelCore
import Plots

/// The architecture of each Lectern model, read off the model's own layers: change the model and
/// its diagram changes with it.
extension NetworkArchitecture {
    /// Input, encoder layers (the last one is the code), decoder layers: 784-128-64-2 gives seven blocks.
    public init(_ model: Autoencoder) throws {
        try self.init(encoder: model.encoder.layers, decoder: model.decoder.layers)
    }

    /// Input images, the convolutions down to the code maps and the transposed convolutions back up.
    public init(_ model: ConvAutoencoder) throws {
        try self.init(encoder: model.encoder.layers, decoder: model.decoder.layers)
    }

    private init(encoder: [any Layer], decoder: [any Layer]) throws {
        let input = try LayerWalk.input(of: encoder, "encoder")
        var down = LayerWalk(input: input)
        try down.walk(encoder)
        var up = LayerWalk(input: down.flow)
        try up.walk(decoder)
        var chain = Chain()
        chain.add("x", name: "$x$", shape: input.shape, detail: "input", part: .data)
        chain.addAll(down.blocks, prefix: "encoder", part: .encoder)
        chain.rename(last: "code", name: "code $z$", part: .code)
        chain.addAll(up.blocks, prefix: "decoder", part: .decoder)
        chain.rename(last: "output", name: "$\\hat{x}$", part: .decoder)
        self.init(
            blocks: chain.blocks, links: chain.links,
            frames: [
                Frame("encoder $f_\\phi$", members: chain.ids(from: 1, count: down.blocks.count), part: .encoder),
                Frame(
                    "decoder $g_\\theta$", members: chain.ids(from: 1 + down.blocks.count, count: up.blocks.count),
                    part: .decoder),
            ].filter { !$0.members.isEmpty })
    }

    /// The encoder, the two heads μ and log σ² side by side, the sampling node z = μ + σ ⊙ ε fed by the
    /// noise ε, and the decoder.
    public init(_ model: VariationalAutoencoder) throws {
        var down = LayerWalk(input: .units(model.inputs))
        try down.walk(model.encoder.layers)
        var chain = Chain(row: 0.5)
        chain.add("x", name: "$x$", shape: .units(model.inputs), detail: "input", part: .data)
        chain.addAll(down.blocks, prefix: "encoder", part: .encoder)
        let last = chain.blocks[chain.blocks.count - 1].id
        let head = chain.column
        var blocks = chain.blocks
        blocks.append(
            Block(
                "mu", name: "$\\mu$", shape: .units(model.latent), detail: "linear", part: .encoder, row: 0,
                column: head))
        blocks.append(
            Block(
                "logvar", name: "$\\log\\sigma^2$", shape: .units(model.latent), detail: "linear", part: .encoder,
                row: 1,
                column: head))
        blocks.append(
            Block(
                "z", name: "$z$", shape: .operation, detail: "$z = \\mu + \\sigma \\odot \\epsilon$", part: .sampling,
                row: 0.5, column: head + 1))
        blocks.append(
            Block(
                "eps", name: "$\\epsilon$", shape: .operation, detail: "$\\epsilon \\sim \\mathcal{N}(0, I)$",
                part: .sampling, row: 1.5, column: head + 1))
        var links =
            chain.links + [
                Link(last, "mu"), Link(last, "logvar"), Link("mu", "z"), Link("logvar", "z"), Link("eps", "z"),
            ]
        var up = LayerWalk(input: .units(model.latent))
        try up.walk(model.decoder.layers)
        var decoder = Chain(row: 0.5, column: head + 2, after: "z")
        decoder.addAll(up.blocks, prefix: "decoder", part: .decoder)
        decoder.rename(last: "output", name: "$\\hat{x}$", part: .decoder)
        if let logits = decoder.blocks.indices.last { decoder.blocks[logits].detail = "Bernoulli logits" }
        blocks += decoder.blocks
        links += decoder.links
        self.init(
            blocks: blocks, links: links,
            frames: [
                Frame(
                    "encoder $q_\\phi(z \\mid x)$",
                    members: chain.ids(from: 1, count: down.blocks.count) + ["mu", "logvar"],
                    part: .encoder),
                Frame("decoder $p_\\theta(x \\mid z)$", members: decoder.blocks.map(\.id), part: .decoder),
            ])
    }

    /// Any stack of layers as one chain of blocks after its input (whose size the first layer gives).
    public init(_ network: Sequential, part: Part = .encoder) throws {
        let input = try LayerWalk.input(of: network.layers, "network")
        var walk = LayerWalk(input: input)
        try walk.walk(network.layers)
        var chain = Chain()
        chain.add("x", name: "$x$", shape: input.shape, detail: "input", part: .data)
        chain.addAll(walk.blocks, prefix: "layer", part: part)
        self.init(blocks: chain.blocks, links: chain.links)
    }

    /// The generator from noise z to a fake sample, and the discriminator fed the fake and real data.
    public init(_ model: GAN) throws {
        var g = LayerWalk(input: .units(model.noiseSize))
        try g.walk(model.generator.layers)
        var d = LayerWalk(input: .units(model.dataSize))
        try d.walk(model.discriminator.layers)
        var chain = Chain()
        chain.add("z", name: "$z$", shape: .operation, detail: "$z \\sim \\mathcal{N}(0, I)$", part: .sampling)
        chain.addAll(g.blocks, prefix: "generator", part: .generator)
        chain.rename(last: "fake", name: "$G(z)$", part: .generator)
        let fakeColumn = chain.column - 1
        let generatorIDs = chain.ids(from: 1, count: g.blocks.count)
        chain.addAll(d.blocks, prefix: "discriminator", part: .discriminator, linkLabel: "fake")
        chain.rename(last: "verdict", name: "$D(x)$", part: .discriminator)
        if let verdict = chain.blocks.indices.last { chain.blocks[verdict].detail = "logit: real or fake" }
        let discriminatorIDs = chain.ids(from: 1 + g.blocks.count, count: d.blocks.count)
        var blocks = chain.blocks
        blocks.append(
            Block(
                "real", name: "$x$", shape: .units(model.dataSize), detail: "data", part: .data, row: -1,
                column: fakeColumn))
        let links = chain.links + discriminatorIDs.prefix(1).map { Link("real", $0, label: "real", route: .elbow) }
        self.init(
            blocks: blocks, links: links,
            frames: [
                Frame("generator $G$", members: generatorIDs, part: .generator),
                Frame("discriminator $D$", members: discriminatorIDs, part: .discriminator),
            ])
    }

    /// Input, the feature layers (framed, "frozen" when they are not trained) and the softmax head.
    public init(_ model: Classifier) throws {
        let features = model.features?.layers ?? []
        let input = try LayerWalk.input(of: features.isEmpty ? model.head.layers : features, "classifier")
        var walk = LayerWalk(input: input)
        try walk.walk(features)
        let featureBlocks = walk.blocks.count
        try walk.walk(model.head.layers)
        var chain = Chain()
        chain.add("x", name: "$x$", shape: input.shape, detail: "input", part: .data)
        chain.addAll(Array(walk.blocks.prefix(featureBlocks)), prefix: "features", part: .encoder)
        chain.addAll(Array(walk.blocks.dropFirst(featureBlocks)), prefix: "head", part: .classifier)
        chain.rename(last: "classes", name: "$p(y \\mid x)$", part: .classifier)
        if let last = chain.blocks.indices.last { chain.blocks[last].detail = "softmax" }
        let title = model.trainFeatures ? "features (fine-tuned)" : "features (frozen)"
        self.init(
            blocks: chain.blocks, links: chain.links,
            frames: [
                Frame(title, members: chain.ids(from: 1, count: featureBlocks), part: .encoder),
                Frame(
                    "classifier", members: chain.ids(from: 1 + featureBlocks, count: walk.blocks.count - featureBlocks),
                    part: .classifier),
            ].filter { !$0.members.isEmpty })
    }

    /// Greedy layer-wise pretraining as a staircase: stage i is the shallow auto-encoder of encoder
    /// layer i and its mirrored decoder layer, trained on the codes of stage i − 1.
    public init(greedyStagesOf model: Autoencoder) throws {
        let pairs = model.encoder.layers.count
        guard pairs > 0, model.decoder.layers.count == pairs else {
            throw TensorError(
                "NetworkDiagram: greedy stages need one decoder layer per encoder layer, got \(pairs) and "
                    + "\(model.decoder.layers.count)")
        }
        var blocks: [Block] = []
        var links: [Link] = []
        var frames: [Frame] = []
        var flow = LayerWalk.input(of: model.encoder.layers) ?? .units(model.sizes[0])
        for i in 0..<pairs {
            var down = LayerWalk(input: flow)
            try down.walk(model.encoder.layers[i])
            var up = LayerWalk(input: down.flow)
            try up.walk(model.decoder.layers[pairs - 1 - i])
            var stage = Chain(row: Double(i), column: Double(i), idPrefix: "stage\(i + 1).")
            stage.add(
                "input", name: i == 0 ? "$x$" : "$h_{\(i)}$", shape: flow.shape, detail: i == 0 ? "input" : "codes",
                part: i == 0 ? .data : .code)
            stage.addAll(down.blocks, prefix: "encoder", part: .encoder)
            stage.rename(last: "hidden", name: "$h_{\(i + 1)}$", part: .encoder)
            stage.addAll(up.blocks, prefix: "decoder", part: .decoder)
            stage.rename(last: "reconstruction", name: i == 0 ? "$\\hat{x}$" : "$\\hat{h}_{\(i)}$", part: .decoder)
            if i > 0 { links.append(Link("stage\(i).hidden", "stage\(i + 1).input")) }
            blocks += stage.blocks
            links += stage.links
            frames.append(Frame("stage \(i + 1)", members: stage.blocks.map(\.id), part: .encoder))
            flow = down.flow
        }
        self.init(blocks: blocks, links: links, frames: frames)
    }
}

/// Blocks in a row, each linked to the one before.
private struct Chain {
    var blocks: [NetworkArchitecture.Block] = []
    var links: [NetworkArchitecture.Link] = []
    let row: Double
    /// The column of the next block.
    private(set) var column: Double
    let idPrefix: String
    private var previous: String?

    init(row: Double = 0, column: Double = 0, after previous: String? = nil, idPrefix: String = "") {
        self.row = row
        self.column = column
        self.previous = previous
        self.idPrefix = idPrefix
    }

    mutating func add(
        _ id: String, name: String = "", shape: NetworkArchitecture.Shape, detail: String,
        part: NetworkArchitecture.Part, linkLabel: String = ""
    ) {
        let id = idPrefix + id
        blocks.append(.init(id, name: name, shape: shape, detail: detail, part: part, row: row, column: column))
        if let previous { links.append(.init(previous, id, label: linkLabel)) }
        previous = id
        column += 1
    }

    /// Adds layer blocks named `prefix.1`, `prefix.2`…; `linkLabel` labels the link into the first.
    mutating func addAll(_ layers: [LayerBlock], prefix: String, part: NetworkArchitecture.Part, linkLabel: String = "")
    {
        for (i, layer) in layers.enumerated() {
            add(
                "\(prefix).\(i + 1)", shape: layer.shape, detail: layer.detail, part: part,
                linkLabel: i == 0 ? linkLabel : "")
        }
    }

    /// Gives the last block its own id (the code, the output), a name and a part.
    mutating func rename(last id: String, name: String, part: NetworkArchitecture.Part) {
        guard let i = blocks.indices.last else { return }
        let old = blocks[i].id
        let id = idPrefix + id
        blocks[i].id = id
        blocks[i].name = name
        blocks[i].part = part
        for l in links.indices where links[l].to == old { links[l].to = id }
        if previous == old { previous = id }
    }

    /// Ids of `count` blocks starting at `from`.
    func ids(from: Int, count: Int) -> [String] {
        Array(blocks.dropFirst(from).prefix(count).map(\.id))
    }
}
