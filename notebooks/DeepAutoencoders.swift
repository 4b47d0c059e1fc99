import Lectern

// The companion to the notes "Autoencoders" (linear and non-linear auto-encoders, deep and
// convolutional ones, under- and overcomplete codes, denoising, and auto-encoders as a way to
// initialise a multi-layer perceptron). Every figure comes from models trained on Fashion-MNIST or on
// synthetic 4-D surfaces while the handout builds.

/// Test images shown in the reconstruction figures.
private let shownImages = 8

/// A shallow (784-20) and a deep (784-128-64-20) auto-encoder, both with 20 latent variables.
struct DeepShallowRuns: Codable, Sendable {
    var originals: Tensor
    var shallowReconstructions: Tensor
    var deepReconstructions: Tensor
    var shallowCodes: Tensor
    var deepCodes: Tensor
    var shownLabels: [Int]
    var shallowMSE: Double
    var deepMSE: Double
    var deepHistory: TrainingHistory
    var noise: Tensor
    var deepOnNoise: Tensor
    var deepNoiseMSE: Double
}

/// Linear and non-linear auto-encoders with a 2-D code on 4-D points from a flat and a curved surface.
struct DeepSurfaceFits: Codable, Sendable {
    /// Per surface (flat, curved): test points [n, 4], and reconstructions by the linear and the non-linear model.
    var points: [Tensor]
    var linear: [Tensor]
    var nonLinear: [Tensor]
    var linearMSE: [Double]
    var nonLinearMSE: [Double]
}

/// A convolutional auto-encoder with a 7 x 7 x 4 code against a dense one with 196 code units.
struct DeepConvAgainstDense: Codable, Sendable {
    var originals: Tensor
    var convReconstructions: Tensor
    var denseReconstructions: Tensor
    /// The convolutional codes of the first four shown images as 7 x 7 maps, image after image, channel after channel.
    var convMaps: Tensor
    var denseCodes: Tensor
    var convMSE: Double
    var denseMSE: Double
}

/// A plain and a denoising auto-encoder on masked test images.
struct DeepDenoisingRun: Codable, Sendable {
    var clean: Tensor
    var corrupted: Tensor
    var plainOnCorrupted: Tensor
    var denoisingOnCorrupted: Tensor
    var plainMSE: Double
    var denoisingMSE: Double
}

/// Why deep networks are hard to train, and what pretraining gives with 100 labels per class.
struct DeepPretrainingRun: Codable, Sendable {
    /// Root-mean-square gradient of each weight matrix of a deep sigmoid and a deep ReLU MLP at initialisation.
    var sigmoidGradients: [Double]
    var reluGradients: [Double]
    /// Loss per epoch of each greedy stage of the sigmoid network.
    var greedyHistories: [TrainingHistory]
    var endToEndHistory: TrainingHistory
    /// Test accuracy of the sigmoid and the ReLU network for each `DeepPretrainingWay` (nil: not run).
    var sigmoidAccuracy: [Double?]
    var reluAccuracy: [Double?]
}

/// The ways the pretraining experiment trains the MLP.
enum DeepPretrainingWay: Int, CaseIterable {
    case fromScratch, greedyLastLayer, greedyFineTuned, endToEndLastLayer, endToEndFineTuned
    /// Where the way's accuracy sits in `DeepPretrainingRun`'s arrays.
    var index: Int { rawValue }
    var title: String {
        switch self {
        case .fromScratch: "no pretraining: all layers from random weights"
        case .greedyLastLayer: "greedy pretraining, then step 1 (head only)"
        case .greedyFineTuned: "greedy pretraining, steps 1 and 2 (all layers)"
        case .endToEndLastLayer: "end-to-end pretraining, then step 1 (head only)"
        case .endToEndFineTuned: "end-to-end pretraining, steps 1 and 2 (all layers)"
        }
    }
}

let deepShallowRuns = Run("Train a shallow 784-20 and a deep 784-128-64-20 auto-encoder") { ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let shallow = try Autoencoder(sizes: [784, 20], rng: ctx.random("shallow init"))
    try shallow.fit(train, epochs: 8, rng: ctx.random("shallow batches"), progress: ctx.progress)
    let deep = try Autoencoder(sizes: [784, 128, 64, 20], rng: ctx.random("deep init"))
    let history = try deep.fit(
        train, epochs: 8, validation: test, rng: ctx.random("deep batches"), progress: ctx.progress)
    let shown = test.prefix(shownImages)
    var noiseStream = ctx.random("noise")
    let noise = noiseStream.uniform([200, 784])
    let result = DeepShallowRuns(
        originals: shown.inputs, shallowReconstructions: try shallow.reconstruct(shown.inputs),
        deepReconstructions: try deep.reconstruct(shown.inputs), shallowCodes: try shallow.encode(shown.inputs),
        deepCodes: try deep.encode(shown.inputs), shownLabels: shown.labels,
        shallowMSE: try shallow.reconstructionError(test.inputs), deepMSE: try deep.reconstructionError(test.inputs),
        deepHistory: history, noise: try noise.rows(0..<shownImages),
        deepOnNoise: try deep.reconstruct(noise.rows(0..<shownImages)),
        deepNoiseMSE: try deep.reconstructionError(noise))
    return result
}

let deepSurfaces = Run("Fit linear and non-linear auto-encoders with a 2-D code to a flat and a curved surface in 4-D")
{ ctx in
    var points: [Tensor] = []
    var linear: [Tensor] = []
    var nonLinear: [Tensor] = []
    var linearMSE: [Double] = []
    var nonLinearMSE: [Double] = []
    for surface in ["flat", "curved"] {
        let data =
            surface == "flat"
            ? Synthetic.linearSurface(count: 2_000, rng: ctx.random("flat data"))
            : Synthetic.curvedSurface(count: 2_000, rng: ctx.random("curved data"))
        let train = try data.points.rows(0..<1_500)
        let test = try data.points.rows(1_500..<2_000)
        let plain = try Autoencoder(
            sizes: [4, 2], activation: .identity, output: .identity, rng: ctx.random("\(surface) linear"))
        try plain.fit(
            train, epochs: 150, batchSize: 50, optimizer: .adam(lr: 1e-2), rng: ctx.random("\(surface) linear batches"))
        let curved = try Autoencoder(
            sizes: [4, 32, 2], activation: .tanh, codeActivation: .identity, output: .identity,
            rng: ctx.random("\(surface) non-linear"))
        try curved.fit(
            train, epochs: 150, batchSize: 50, optimizer: .adam(lr: 1e-2),
            rng: ctx.random("\(surface) non-linear batches"))
        points.append(test)
        linear.append(try plain.reconstruct(test))
        nonLinear.append(try curved.reconstruct(test))
        linearMSE.append(try plain.reconstructionError(test))
        nonLinearMSE.append(try curved.reconstructionError(test))
    }
    return DeepSurfaceFits(
        points: points, linear: linear, nonLinear: nonLinear, linearMSE: linearMSE, nonLinearMSE: nonLinearMSE)
}

let deepConv = Run("Train a convolutional auto-encoder with a 7 x 7 x 4 code and a dense 784-256-196 one", echo: false)
{
    ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let conv = ConvAutoencoder(channels: (16, 4), rng: ctx.random("conv init"))
    try conv.fit(train.inputs, epochs: 6, rng: ctx.random("conv batches"), progress: ctx.progress)
    let dense = try Autoencoder(sizes: [784, 256, 196], rng: ctx.random("dense init"))
    try dense.fit(train, epochs: 6, rng: ctx.random("dense batches"), progress: ctx.progress)
    let shown = try test.inputs.rows(0..<shownImages)
    // The encoder's output is channels-last, [n, 7, 7, 4]: regroup it into one 7 x 7 map per channel.
    let codes = try conv.encode(try shown.rows(0..<4)).scalars
    var maps: [Float] = []
    for image in 0..<4 {
        for channel in 0..<4 { for pixel in 0..<49 { maps.append(codes[image * 196 + pixel * 4 + channel]) } }
    }
    let result = DeepConvAgainstDense(
        originals: shown, convReconstructions: try conv.reconstruct(shown),
        denseReconstructions: try dense.reconstruct(shown), convMaps: try Tensor(shape: [16, 49], scalars: maps),
        denseCodes: try dense.encode(shown), convMSE: try conv.reconstructionError(test.inputs),
        denseMSE: try dense.reconstructionError(test.inputs))
    return result
}

let deepDenoising = Run(
    "Train a plain and a denoising 784-128-32 auto-encoder, the latter on 50%-masked inputs", echo: false
) {
    ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let plain = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("plain init"))
    try plain.fit(train, epochs: 6, rng: ctx.random("plain batches"), progress: ctx.progress)
    let denoising = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("denoising init"))
    try denoising.fit(
        train, epochs: 6, corruption: .masking(fraction: 0.5), rng: ctx.random("denoising batches"),
        progress: ctx.progress)
    var noise = ctx.random("test corruption")
    let corrupted = try Corruption.masking(fraction: 0.5).apply(to: test.inputs, rng: &noise)
    func error(_ model: Autoencoder) throws -> Double {
        Double(try (model.reconstruct(corrupted) - test.inputs).map { $0 * $0 }.mean())
    }
    let shown = 0..<shownImages
    let result = DeepDenoisingRun(
        clean: try test.inputs.rows(shown), corrupted: try corrupted.rows(shown),
        plainOnCorrupted: try plain.reconstruct(corrupted.rows(shown)),
        denoisingOnCorrupted: try denoising.reconstruct(corrupted.rows(shown)), plainMSE: try error(plain),
        denoisingMSE: try error(denoising))
    return result
}

let deepPretraining = Run(
    "Measure gradients, then pretrain and fine-tune 784-256-128-64-32-10 networks with 100 labels per class",
    echo: false
) { ctx in
    let unlabelled = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let batch = unlabelled.prefix(256)
    func gradientSizes(_ activation: Activation, _ name: String) throws -> [Double] {
        var stream = ctx.random(name)
        let widths = [784, 256, 256, 256, 256, 10]
        let layers = (0..<(widths.count - 1)).map { i in
            Dense(widths[i], widths[i + 1], activation: i == widths.count - 2 ? .identity : activation, rng: &stream)
        }
        let tape = Tape(training: true)
        let logits = try Sequential(layers).forward(Var(batch.inputs), tape: tape)
        try tape.backward(try Loss.softmaxCrossEntropy(logits: logits, labels: batch.labels))
        return layers.map { layer in
            let g = layer.weight.gradient?.scalars ?? []
            return (g.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(g.count, 1))).squareRoot()
        }
    }

    let labelled = try unlabelled.labelledSubset(perClass: 100, rng: ctx.random("labels"))
    // Supervised training uses plain stochastic gradient descent with momentum, the optimiser of the
    // years when pretraining was needed (ReLU networks need the smaller step); the unsupervised stages use Adam.
    var supervised = Optimizer.sgd(lr: 0.05, momentum: 0.9)
    func accuracy(_ encoder: Sequential, _ head: Sequential) throws -> Double {
        let predicted = try head(encoder(test.inputs)).argmaxRows()
        return Double(zip(predicted, test.labels).filter { $0 == $1 }.count) / Double(test.count)
    }
    // Fine-tuning step 1: only the head learns, from the (fixed) codes of the labelled images.
    func trainHead(_ encoder: Sequential, _ head: Sequential, _ name: String) throws {
        var trainer = Trainer(epochs: 30, batchSize: 100, optimizer: supervised, rng: ctx.random(name))
        _ = try trainer.fit(parameters: head.parameters, inputs: try encoder(labelled.inputs), labels: labelled.labels)
        {
            batch, tape in
            try Loss.softmaxCrossEntropy(logits: head.forward(Var(batch.inputs), tape: tape), labels: batch.labels)
        }
    }
    // Fine-tuning step 2 (or training from scratch): every layer learns by backpropagation.
    func trainAll(_ encoder: Sequential, _ head: Sequential, _ name: String) throws {
        var trainer = Trainer(epochs: 30, batchSize: 100, optimizer: supervised, rng: ctx.random(name))
        _ = try trainer.fit(
            parameters: encoder.parameters + head.parameters, inputs: labelled.inputs, labels: labelled.labels
        ) { batch, tape in
            try Loss.softmaxCrossEntropy(
                logits: head.forward(encoder.forward(Var(batch.inputs), tape: tape), tape: tape), labels: batch.labels)
        }
    }
    /// Accuracies in `DeepPretrainingWay` order; the end-to-end ways only when asked (they are the notes' aside).
    func ways(_ activation: Activation, _ name: String, endToEnd: Bool) throws -> (
        accuracy: [Double?], greedy: [TrainingHistory], endToEnd: TrainingHistory?
    ) {
        func makeHead(_ stream: String) -> Sequential {
            var r = ctx.random("\(name) \(stream)")
            return Sequential([Dense(64, 32, activation: activation, rng: &r), Dense(32, 10, rng: &r)])
        }
        func network(_ stream: String) throws -> Autoencoder {
            try Autoencoder(sizes: [784, 256, 128, 64], activation: activation, rng: ctx.random("\(name) \(stream)"))
        }
        var result: [Double?] = []
        let scratchModel = try network("scratch")
        let scratch = scratchModel.encoder
        let scratchHead = makeHead("scratch head")
        try trainAll(scratch, scratchHead, "\(name) scratch training")
        result.append(try accuracy(scratch, scratchHead))

        let greedy = try network("greedy")
        let histories = try greedy.pretrainGreedily(
            unlabelled.inputs, epochs: 3, rng: ctx.random("\(name) greedy batches"),
            progress: { _, p in ctx.progress(p) })
        let greedyHead = makeHead("greedy head")
        try trainHead(greedy.encoder, greedyHead, "\(name) greedy step 1")
        result.append(try accuracy(greedy.encoder, greedyHead))
        try trainAll(greedy.encoder, greedyHead, "\(name) greedy step 2")
        result.append(try accuracy(greedy.encoder, greedyHead))
        guard endToEnd else { return (result + [nil, nil], histories, nil) }

        let whole = try network("end-to-end")
        let history = try whole.fit(
            unlabelled, epochs: 4, rng: ctx.random("\(name) end-to-end batches"), progress: ctx.progress)
        let wholeHead = makeHead("end-to-end head")
        try trainHead(whole.encoder, wholeHead, "\(name) end-to-end step 1")
        result.append(try accuracy(whole.encoder, wholeHead))
        try trainAll(whole.encoder, wholeHead, "\(name) end-to-end step 2")
        result.append(try accuracy(whole.encoder, wholeHead))
        return (result, histories, history)
    }
    let sigmoid = try ways(.sigmoid, "sigmoid", endToEnd: true)
    supervised = .sgd(lr: 0.01, momentum: 0.9)
    let relu = try ways(.relu, "relu", endToEnd: false)
    guard let endToEndHistory = sigmoid.endToEnd else { throw TrainingError.invalid("no end-to-end run") }
    return DeepPretrainingRun(
        sigmoidGradients: try gradientSizes(.sigmoid, "sigmoid mlp"),
        reluGradients: try gradientSizes(.relu, "relu mlp"),
        greedyHistories: sigmoid.greedy, endToEndHistory: endToEndHistory, sigmoidAccuracy: sigmoid.accuracy,
        reluAccuracy: relu.accuracy)
}

let deepAutoencoders = Notebook(
    id: "deep-autoencoders-and-pretraining", title: "Deep Auto-Encoders and Pretraining", author: "Lectern", seed: 53
) {
    Markdown(
        #"""
        # What an auto-encoder is {#sec:what}

        An auto-encoder is a neural network trained to reproduce its input at its output. It has two
        halves: an **encoder** that maps the input to an internal, hidden representation, and a
        **decoder** that maps that representation back to something of the input's shape. Copying
        would be pointless if the network could do it directly; what makes it useful is that the
        representation in the middle is made smaller, or otherwise constrained, so the network has
        to find what matters about its inputs. Typical uses:

        - reducing the dimension of data, or finding a representation that serves many tasks;
        - blending one input into another by moving between their representations;
        - removing noise, filling in missing parts of an input;
        - and more (the later sections show several).

        The notes illustrate this with handwritten digits; we use Fashion-MNIST garments. We train
        the two auto-encoders this lecture keeps returning to, both with 20 latent variables: a
        shallow one (784-20-784) and a deep one (784-128-64-20-64-128-784), on 6,000 images for
        eight epochs.
        """#)
    deepShallowRuns
    Plot(
        #"An auto-encoder at work: a test image is encoded into 20 numbers (shown as a $4 \times 5$ grid) and decoded back; the reconstruction keeps the shape and loses fine detail"#,
        label: "fig:overview"
    ) { ctx in
        let r = try ctx[deepShallowRuns]
        let image = try DiagramNode.thumbnail(r.originals)
        let code = try r.deepCodes.rows(0..<1).scalars
        let peak = max(code.max() ?? 1, 1e-6)
        let latent = try DiagramNode.thumbnail(pixels: code.map { $0 / peak }, width: 5, height: 4)
        let output = try DiagramNode.thumbnail(r.deepReconstructions)
        return try Diagram(
            nodes: [
                DiagramNode("x", "", shape: image, column: 0, caption: "input $x$"),
                DiagramNode(
                    "f", "encoder", shape: .trapezoid(narrowing: .right), column: 1, color: Palette.okabeIto[0]),
                DiagramNode("h", "", shape: latent, column: 2, caption: "latent $h$ (20 numbers)"),
                DiagramNode("g", "decoder", shape: .trapezoid(narrowing: .left), column: 3, color: Palette.okabeIto[1]),
                DiagramNode("r", "", shape: output, column: 4, caption: "reconstruction $r$"),
            ],
            edges: [DiagramEdge("x", "f"), DiagramEdge("f", "h"), DiagramEdge("h", "g"), DiagramEdge("g", "r")])
    }
    Markdown(
        #"""
        Training pushes the reconstruction error down while the data must pass through the narrow
        middle, so the network learns to compress. Writing $f$ for the encoder and $g$ for the
        decoder, the hidden representation and the reconstruction are
        """#)
    Math(#"h = f(x), \quad r = g(h) = g(f(x)),"#, label: "eq:hr")
    Markdown(
        #"""
        and training asks for $r$ to be close to $x$.

        It helps to place this in the general picture of learning from data. Suppose inputs $x$ and
        outputs $y$ are related by an unknown function plus noise,
        """#)
    Math(#"\begin{aligned} x &\rightarrow y \\ y &= f(x) + \epsilon \end{aligned}"#, label: "eq:signal-noise")
    Markdown(
        #"""
        Here $f(x)$ is the systematic part and $\epsilon$ what no function of $x$ can predict.
        Statistical learning builds an estimate $\hat{f}(x)$ of $f(x)$ from examples, and a neural
        network is one of many ways to represent and fit $\hat{f}(x)$. An auto-encoder is the special
        case in which the target is the input itself.

        # The bottleneck {#sec:bottleneck}

        The notes' picture is an input of 10,000 numbers, a middle layer of 20, and an output of
        10,000 again. @fig:bottleneck draws exactly that network: all the information that reaches
        the output has to fit into the 20 numbers in the middle.
        """#)
    Plot(
        "A 10,000-20-10,000 auto-encoder: the block heights grow with the logarithm of the layer width, so the 20-unit bottleneck is visibly narrow",
        label: "fig:bottleneck"
    ) { _ in
        try NetworkDiagram(Autoencoder(sizes: [10_000, 20]))
    }
    Markdown(
        #"""
        # Linear versus non-linear auto-encoders {#sec:linear}

        Take points in four dimensions that in fact lie on a two-dimensional surface, and ask a
        network with one hidden layer of two units to map them to two numbers and back. If the
        hidden layer is linear, this is a **linear auto-encoder**; it can only map the data onto a
        plane, so it succeeds when the surface is flat and fails when it is curved. A curved surface
        needs a **non-linear** encoder and decoder; a very curved one may need several hidden layers,
        a deep auto-encoder.

        We draw 1,500 points from each of two surfaces in $\mathbb{R}^4$: a plane placed at a random
        angle, and the curved surface $(u, v, uv, u^2 - v^2)$. On each, a linear auto-encoder 4-2-4
        and a non-linear one 4-32-2-32-4 (tanh) train for 150 epochs; we test on 500 new points.
        """#)
    deepSurfaces
    Plot(
        "The flat surface: 500 test points (left; first three coordinates as position, the fourth as colour) and their reconstructions by the linear (middle) and the non-linear auto-encoder (right); both reproduce the plane",
        label: "fig:flat"
    ) { ctx in
        try surfaceViews(try ctx[deepSurfaces], surface: 0)
    }
    Plot(
        "The curved surface: the test points (left), the linear auto-encoder's reconstructions (middle), flattened onto a plane, and the non-linear auto-encoder's (right), which follow the curve",
        label: "fig:curved"
    ) { ctx in
        try surfaceViews(try ctx[deepSurfaces], surface: 1)
    }
    Markdown { ctx in
        let r = try ctx[deepSurfaces]
        return #"""
            @fig:flat and @fig:curved show the difference. On the plane both models reproduce the test
            points: mean squared errors of \#(r.linearMSE[0], digits: 5) (linear) and
            \#(r.nonLinearMSE[0], digits: 5) (non-linear) per coordinate. On the curved surface the
            linear model can only return the best-fitting plane, with an error of
            \#(r.linearMSE[1], digits: 4), while the non-linear one follows the bend and reaches
            \#(r.nonLinearMSE[1], digits: 4).
            """#
    }
    Claim("the linear auto-encoder fits the flat surface almost exactly (error below 0.001)") { ctx in
        try ctx[deepSurfaces].linearMSE[0] < 0.001
    }
    Claim("on the curved surface the non-linear auto-encoder's error is less than a third of the linear one's") { ctx in
        let r = try ctx[deepSurfaces]
        return r.nonLinearMSE[1] < r.linearMSE[1] / 3
    }
    Markdown(
        #"""
        # The simplest auto-encoder {#sec:simplest}

        The linear model of @sec:linear is the simplest auto-encoder there is. Writing a data point
        as $p$, and appending a 1 so that the bias joins the weights, the encoder computes the code
        $y$ and the decoder the reconstruction $\hat{p}$:
        """#)
    Math(#"y = [w \ b].[p \ ;\ 1]"#, label: "eq:simple-encoder")
    Math(#"\hat{p} = [w' \ b'].[y \ ;\ 1]"#, label: "eq:simple-decoder")
    Markdown(
        #"""
        Training adds up the reconstruction errors of all points $p_n$,
        """#)
    Math(#"J(W) = \sum_n \|p_n - \hat{p}_n\|"#, label: "eq:simple-cost")
    Markdown(
        #"""
        and picks the weights and biases of both halves that make it smallest:
        """#)
    Math(#"\{w, b, w', b'\} = \arg \min_{\{w, b, w', b'\}} (J(W))"#, label: "eq:simple-argmin")
    Markdown(
        #"""
        (Our runs minimise the mean of the *squared* distances, the usual choice, which is smooth
        where @eq:simple-cost is not.) Encoder and decoder train together, as one network
        (@fig:simplest); after training either half can be used on its own: the encoder to compress,
        the decoder to expand a code.
        """#)
    Plot(
        "The simplest auto-encoder: a 4-D point p is encoded by @eq:simple-encoder into a 2-D code y and decoded by @eq:simple-decoder; both are trained together against @eq:simple-cost",
        label: "fig:simplest"
    ) { _ in
        try Diagram(
            nodes: [
                DiagramNode("p", "$p$", shape: .circle, column: 0, caption: "4 numbers"),
                DiagramNode(
                    "enc", "$[w \\ b]$", shape: .trapezoid(narrowing: .right), column: 1, color: Palette.okabeIto[0]),
                DiagramNode("y", "$y$", shape: .circle, column: 2, caption: "2 numbers", color: Palette.okabeIto[2]),
                DiagramNode(
                    "dec", "$[w' \\ b']$", shape: .trapezoid(narrowing: .left), column: 3, color: Palette.okabeIto[1]),
                DiagramNode("phat", "$\\hat{p}$", shape: .circle, column: 4, caption: "4 numbers"),
                DiagramNode("J", "$J(W)$", shape: .roundedBox, column: 5, color: Palette.okabeIto[3]),
            ],
            edges: [
                DiagramEdge("p", "enc"), DiagramEdge("enc", "y"), DiagramEdge("y", "dec"), DiagramEdge("dec", "phat"),
                DiagramEdge("phat", "J"), DiagramEdge("p", "J", route: .below, dashed: true),
            ],
            groups: [DiagramGroup("encoded and decoded together", members: ["enc", "y", "dec"])])
    }
    Markdown(
        #"""
        # Latent variables and self-supervision {#sec:latent}

        The numbers in the middle layer are called **latent variables**, and the layer the latent
        layer: latent because they are never observed, only inferred from the input. An auto-encoder
        is often called **self-supervised** (or semi-supervised). In one sense it is supervised
        learning: every input comes with an explicit target, and the loss compares output with
        target. In another it is not: nobody labelled anything, because the target is the input.

        # A better auto-encoder: going deeper {#sec:deeper}

        The simplest image auto-encoder has one fully connected layer in the encoder and one in the
        decoder. To get a better representation we can widen that layer or stack more layers. The
        two auto-encoders trained at the start both have 20 latent variables; the deep one has two
        hidden layers on each side (@fig:deep-recon).
        """#)
    Plot(
        "Original test images (top) and their reconstructions by the shallow 784-20 auto-encoder (middle) and the deep 784-128-64-20 one (bottom)",
        label: "fig:deep-recon"
    ) { ctx in
        let r = try ctx[deepShallowRuns]
        return try ImageGrid(
            rows: [
                ("original", r.originals), ("shallow", r.shallowReconstructions), ("deep", r.deepReconstructions),
            ], width: 400)
    }
    Plot(
        "The 20 latent variables of the same eight test images (rows) in the shallow (left) and the deep auto-encoder (right)",
        label: "fig:deep-latents"
    ) { ctx in
        let r = try ctx[deepShallowRuns]
        let names = r.shownLabels.map { FashionMNIST.classNames[$0] }
        let shallow = try Heatmap(
            r.shallowCodes, title: "shallow, 20 latent variables",
            xLabel: "latent unit", rowLabels: names, size: Size(300, 220))
        let deep = try Heatmap(
            r.deepCodes, title: "deep, 20 latent variables",
            xLabel: "latent unit", rowLabels: names, size: Size(300, 220))
        return FiguresSideBySide([shallow, deep], gap: 10)
    }
    Markdown { ctx in
        let r = try ctx[deepShallowRuns]
        let zeros = r.deepCodes.scalars.filter { $0 == 0 }.count
        return #"""
            With the same 20 numbers, the deep auto-encoder reconstructs better: a test error of
            \#(r.deepMSE, digits: 4) per pixel against \#(r.shallowMSE, digits: 4) for the shallow one
            (@fig:deep-recon). The extra layers let the encoder compute more useful numbers and the
            decoder use them better. @fig:deep-latents shows the codes themselves: non-negative
            numbers (the latent layer uses ReLU), \#(zeros) of the deep model's
            \#(r.deepCodes.count) exactly zero for these eight images.
            """#
    }
    Claim(
        "the deep auto-encoder reconstructs the test images better than the shallow one with the same 20 latent variables"
    ) { ctx in
        let r = try ctx[deepShallowRuns]
        return r.deepMSE < r.shallowMSE
    }
    Markdown(
        #"""
        # Convolutional auto-encoders {#sec:conv}

        For images, the dense layers can be replaced by convolutions: the encoder shrinks the image
        with stride-2 convolutions into a small stack of feature maps, the decoder grows it back
        with transposed convolutions (@fig:conv-net). We train one whose code is four $7 \times 7$
        feature maps, 196 numbers, and compare it with a dense auto-encoder 784-256-196 with the
        same number of latent variables, both on 6,000 images for six epochs.
        """#)
    Plot(
        #"The convolutional auto-encoder we train: $3 \times 3$ convolutions with stride 2 take $28 \times 28 \times 1$ to $14 \times 14 \times 16$ and to a $7 \times 7 \times 4$ code; transposed convolutions return to $28 \times 28$"#,
        label: "fig:conv-net"
    ) { _ in
        try NetworkDiagram(ConvAutoencoder(channels: (16, 4)))
    }
    deepConv
    Plot(
        "Original test images (top), reconstructions by the convolutional auto-encoder (middle) and by the dense one with as many latent variables (bottom)",
        label: "fig:conv-recon"
    ) { ctx in
        let r = try ctx[deepConv]
        return try ImageGrid(
            rows: [
                ("original", r.originals), ("conv AE", r.convReconstructions), ("dense AE", r.denseReconstructions),
            ],
            width: 400)
    }
    Plot(
        #"The 196 latent variables of the first four test images, each picture scaled to its own range. Left: the convolutional code, one row per image, its four $7 \times 7$ feature maps side by side, each a small map of the garment. Right: the dense code of the same images, drawn as $14 \times 14$ pictures, which have no spatial order"#,
        label: "fig:conv-latents"
    ) { ctx in
        let r = try ctx[deepConv]
        let conv = try ImageGrid(
            r.convMaps, columns: 4,
            columnLabels: ["map 1", "map 2", "map 3", "map 4"], title: "convolutional",
            colormap: .viridis, scaling: .eachImage, width: 220)
        let dense = try ImageGrid(
            try r.denseCodes.rows(0..<4), columns: 1,
            title: "dense", colormap: .viridis, scaling: .eachImage, width: 80)
        return FiguresSideBySide([conv, dense], gap: 24)
    }
    Markdown { ctx in
        let r = try ctx[deepConv]
        let close = abs(r.convMSE - r.denseMSE) < 0.05 * min(r.convMSE, r.denseMSE)
        let verdict =
            close
            ? "so with the same number of latent variables the two reconstruct about equally well"
            : "so here the \(r.convMSE < r.denseMSE ? "convolutional" : "dense") model reconstructs better"
        return #"""
            The convolutional code in @fig:conv-latents is itself a tiny picture of the garment: each
            of its numbers describes one patch of the image, because a convolution only looks at a
            neighbourhood. The dense code mixes the whole image into every number. From their 196
            numbers the two decoders reach test errors of \#(r.convMSE, digits: 4)
            (convolutional) and \#(r.denseMSE, digits: 4) (dense) per pixel, \#(verdict)
            (@fig:conv-recon).
            """#
    }
    Markdown(
        #"""
        # The ideal auto-encoder {#sec:ideal}

        A good auto-encoder strikes a balance between two demands:

        1. it is **sensitive** enough to its inputs to rebuild them accurately;
        2. it is **insensitive** enough that it does not simply memorise or overfit the training
           data, and ignores what is not like the data.

        The deep auto-encoder of @sec:deeper shows both sides.
        """#)
    Markdown { ctx in
        let r = try ctx[deepShallowRuns]
        let training = r.deepHistory.epochLoss.last ?? .nan
        let validation = r.deepHistory.validationLoss.last ?? .nan
        return #"""
            After the last epoch its loss is \#(training, digits: 4) on the training images and
            \#(validation, digits: 4) on test images it never saw (@fig:ideal-loss), so it did not
            memorise its 6,000 training images. Given uniform noise, it does not copy it
            (@fig:ideal-noise): its error on noise is \#(r.deepNoiseMSE, digits: 3) per pixel,
            \#(r.deepNoiseMSE / r.deepMSE, digits: 0) times its error on garments, and what it returns
            is smooth and garment-like, because it only learned to reproduce what images of garments
            have in common.
            """#
    }
    Claim("the deep auto-encoder's final test loss is within 10% of its training loss") { ctx in
        let history = try ctx[deepShallowRuns].deepHistory
        guard let training = history.epochLoss.last, let validation = history.validationLoss.last else { return false }
        return abs(validation - training) < 0.1 * training
    }
    Claim("the deep auto-encoder reconstructs noise at least three times worse than garments") { ctx in
        let r = try ctx[deepShallowRuns]
        return r.deepNoiseMSE > 3 * r.deepMSE
    }
    Plot(
        "Training (solid) and validation (dashed) loss of the deep 784-128-64-20 auto-encoder per epoch: the two stay close",
        label: "fig:ideal-loss"
    ) { ctx in
        let history = try ctx[deepShallowRuns].deepHistory
        return LossPlot(history, yLabel: "MSE per pixel", size: Size(360, 220))
    }
    Plot(
        "Uniform noise (top) and the deep auto-encoder's reconstructions of it (bottom): insensitive to what is not like the data",
        label: "fig:ideal-noise"
    ) { ctx in
        let r = try ctx[deepShallowRuns]
        return try ImageGrid(
            rows: [("noise", r.noise), ("deep AE", r.deepOnNoise)], width: 400)
    }
    Markdown(
        #"""
        # Undercomplete and overcomplete auto-encoders {#sec:complete}

        So far the bottleneck was smaller than the input: such an auto-encoder is **undercomplete**.
        When the bottleneck is as large as the input or larger, it is **overcomplete**
        (@fig:complete). An overcomplete auto-encoder can reach zero reconstruction error by
        copying, so on its own its code need not tell us anything; it becomes useful only with an
        additional constraint, such as the noise of the next section.
        """#)
    Plot(
        "An undercomplete auto-encoder 784-32-784 (left) and an overcomplete one 784-1024-784 (right)",
        label: "fig:complete"
    ) { _ in
        FiguresSideBySide(
            [
                try NetworkDiagram(Autoencoder(sizes: [784, 32]), title: "undercomplete"),
                try NetworkDiagram(Autoencoder(sizes: [784, 1_024]), title: "overcomplete"),
            ], gap: 20)
    }
    Markdown(
        #"""
        # Denoising auto-encoders {#sec:denoising}

        A **denoising auto-encoder** is given a corrupted version of each data point and is trained
        to output the original, clean one. In every epoch, for every mini-batch: corrupt the inputs
        afresh, encode and decode the corrupted version, compare the result with the *clean* input,
        and update the weights (@fig:denoising-loop). Copying is now useless, since the input is not
        the target, so even an overcomplete model has to learn what clean data look like.
        """#)
    deepDenoising
    Plot(
        "One training step of a denoising auto-encoder, repeated for every mini-batch of every epoch: corrupt the input, encode and decode it, and score the reconstruction against the clean input",
        label: "fig:denoising-loop"
    ) { ctx in
        let r = try ctx[deepDenoising]
        return try Diagram(
            nodes: [
                DiagramNode(
                    "x", "",
                    shape: try DiagramNode.thumbnail(r.clean),
                    column: 0, caption: "clean $x$"),
                DiagramNode("corrupt", "corrupt", shape: .roundedBox, column: 1, caption: "mask 50% of pixels"),
                DiagramNode(
                    "xt", "",
                    shape: try DiagramNode.thumbnail(r.corrupted),
                    column: 2, caption: "corrupted $\\tilde{x}$"),
                DiagramNode("f", "$f$", shape: .trapezoid(narrowing: .right), column: 3, color: Palette.okabeIto[0]),
                DiagramNode("h", "$h$", shape: .circle, column: 4, caption: "code"),
                DiagramNode("g", "$g$", shape: .trapezoid(narrowing: .left), column: 5, color: Palette.okabeIto[1]),
                DiagramNode(
                    "r", "",
                    shape: try DiagramNode.thumbnail(r.denoisingOnCorrupted), column: 6,
                    caption: "output $r$"),
                DiagramNode("loss", "$L(x, r)$", shape: .roundedBox, column: 7, color: Palette.okabeIto[3]),
            ],
            edges: [
                DiagramEdge("x", "corrupt"), DiagramEdge("corrupt", "xt"), DiagramEdge("xt", "f"),
                DiagramEdge("f", "h"),
                DiagramEdge("h", "g"), DiagramEdge("g", "r"), DiagramEdge("r", "loss"),
                DiagramEdge("x", "loss", label: "compared with the clean input", route: .below, dashed: true),
            ],
            groups: [DiagramGroup("auto-encoder", members: ["f", "h", "g"])])
    }
    Plot(
        "Clean test images, the same with half the pixels set to zero, and what a plain and a denoising 784-128-32 auto-encoder return for the corrupted images",
        label: "fig:denoising"
    ) { ctx in
        let r = try ctx[deepDenoising]
        return try ImageGrid(
            rows: [
                ("clean", r.clean), ("masked 50%", r.corrupted), ("plain AE", r.plainOnCorrupted),
                ("denoising AE", r.denoisingOnCorrupted),
            ], width: 400)
    }
    Markdown { ctx in
        let r = try ctx[deepDenoising]
        return #"""
            @fig:denoising shows the effect: the plain auto-encoder passes the holes through, the
            denoising one fills them in. Against the clean test images, the plain model's output has
            an error of \#(r.plainMSE, digits: 4) per pixel, the denoising model's
            \#(r.denoisingMSE, digits: 4).
            """#
    }
    Claim("the denoising auto-encoder restores masked test images better than the plain one") { ctx in
        let r = try ctx[deepDenoising]
        return r.denoisingMSE < r.plainMSE
    }
    Markdown(
        #"""
        # Auto-encoders to initialise a multi-layer perceptron {#sec:pretraining}

        Before better activations, initialisations and optimisers were known, very deep networks were
        hard to train, and auto-encoders offered a way to **pretrain** them. The difficulties:

        - the gradients reaching the lower layers and those reaching the higher layers can differ by
          orders of magnitude, so no single learning rate suits all layers;
        - the loss surface is badly curved, and stochastic gradient descent from a random start
          easily ends in a poor local optimum;
        - a deep network has very many parameters, enough to remember its training data instead of
          generalising from it.

        The first point is easy to measure. @fig:gradients shows the typical size of the gradient of
        each weight matrix of a six-layer network (784-256-256-256-256-10) at initialisation, for one
        batch of 256 images, once with sigmoid and once with ReLU activations.
        """#)
    deepPretraining
    Plot(
        "Root-mean-square gradient of each layer's weights at initialisation, for one batch: with sigmoid units the lowest layer receives far smaller gradients than the top one",
        label: "fig:gradients"
    ) { ctx in
        let r = try ctx[deepPretraining]
        let layers = r.sigmoidGradients.indices.map { Double($0 + 1) }
        return LinePlot(
            [
                Series(name: "sigmoid", x: layers, y: r.sigmoidGradients),
                Series(name: "ReLU", x: layers, y: r.reluGradients),
            ],
            xLabel: "layer (1 = next to the input)", yLabel: "RMS gradient of the weights", size: Size(360, 230),
            logY: true)
    }
    Markdown { ctx in
        let r = try ctx[deepPretraining]
        let sigmoidRatio = (r.sigmoidGradients.last ?? .nan) / (r.sigmoidGradients.first ?? .nan)
        let reluRatio = (r.reluGradients.last ?? .nan) / (r.reluGradients.first ?? .nan)
        return #"""
            With sigmoid units, the weights next to the output receive gradients
            \#(sigmoidRatio, digits: 0) times larger than those next to the input; with ReLU the ratio is
            \#(reluRatio, digits: 1). A learning rate that suits the top layer barely moves the
            bottom one.
            """#
    }
    Claim("in the sigmoid network the top layer's gradients are more than ten times the bottom layer's") { ctx in
        let r = try ctx[deepPretraining]
        return (r.sigmoidGradients.last ?? 0) > 10 * (r.sigmoidGradients.first ?? .infinity)
    }
    Markdown(
        #"""
        Pretraining splits the training of a deep network into steps:

        - **pretraining**: train a sequence of shallow auto-encoders, greedily, one layer at a time,
          on unlabelled data;
        - **fine-tuning, step 1**: train the last layer (the classifier on top) with the labelled
          data;
        - **fine-tuning, step 2**: fine-tune the entire network with backpropagation on the
          labelled data.

        ## Auto-encoding one layer at a time {#sec:greedy}

        The first shallow auto-encoder learns to reconstruct the input $\mathbf{x}$ through the first
        hidden layer (@fig:greedy, stage 1). Its encoder weights $\mathbf{w}_1$ and decoder weights
        $\mathbf{w}_1'$ minimise the reconstruction error,
        """#)
    Math(#"\{\mathbf{w}_1, \mathbf{w}_1'\} = \operatorname{argmin}\{J(\mathbf{w})\}"#, label: "eq:layer1")
    Math(#"J(\mathbf{w}) = \|\mathbf{x} - \hat{\mathbf{x}}\|"#, label: "eq:layer1-cost")
    Markdown(
        #"""
        after which the decoder is set aside and the encoder turns every input into the first code,
        the non-linearity $f_{NL}$ applied to the weighted input with a bias (the appended 1):
        """#)
    Math(#"\mathbf{z}_1 = f_{NL}(\mathbf{w}_1 \cdot [\mathbf{x}, 1]^T)"#, label: "eq:layer1-code")
    Markdown(
        #"""
        The next layer is stacked on top and trained the same way, but its data are the codes
        $\mathbf{z}_1$, not the images:
        """#)
    Math(#"\{\mathbf{w}_2, \mathbf{w}_2'\} = \operatorname{argmin}\{J(\mathbf{w})\}"#, label: "eq:layer2")
    Math(#"J(\mathbf{w}) = \|\mathbf{z}_1 - \hat{\mathbf{z}}_1\|"#, label: "eq:layer2-cost")
    Math(#"\mathbf{z}_2 = f_{NL}(\mathbf{w}_2 \cdot [\mathbf{z}_1, 1]^T)"#, label: "eq:layer2-code")
    Markdown(
        #"""
        and the third on the codes $z_2$ of the second:
        """#)
    Math(#"\{w_3, w_3'\} = \operatorname{argmin}\{J(w)\}"#, label: "eq:layer3")
    Math(#"J(w) = \|z_2 - \hat{z}_2\|"#, label: "eq:layer3-cost")
    Math(#"z_3 = f_{NL}(w_3 \cdot [z_2, 1]^T)"#, label: "eq:layer3-code")
    Plot(
        "Greedy layer-wise pretraining of the 784-256-128-64 sigmoid encoder: each stage is a shallow auto-encoder trained on the codes of the stage below",
        label: "fig:greedy"
    ) { _ in
        try NetworkDiagram(greedyStagesOf: Autoencoder(sizes: [784, 256, 128, 64], activation: .sigmoid))
    }
    Plot(
        "Reconstruction loss per epoch of each greedy stage of the sigmoid network (on images for stage 1, on codes for stages 2 and 3) and of its end-to-end auto-encoder of @sec:end-to-end",
        label: "fig:greedy-loss"
    ) { ctx in
        let r = try ctx[deepPretraining]
        let stages = r.greedyHistories.enumerated().map { LossCurve("stage \($0 + 1)", train: $1.epochLoss) }
        return LossPlot(
            stages + [LossCurve("end-to-end", train: r.endToEndHistory.epochLoss)], yLabel: "MSE", logY: true,
            size: Size(360, 230))
    }
    Markdown(
        #"""
        Stacking the three encoders gives a 784-256-128-64 network whose layers already turn images
        into useful codes, without a single label.

        ## Supervised refinement {#sec:refine}

        A classifier head with two more weight matrices, $\mathbf{w}_4$ and $\mathbf{w}_5$ (64-32-10),
        goes on top. Step 1 trains only the head on the labelled data; step 2 trains every layer,
        starting from the pretrained weights:
        """#)
    Plot(
        #"Supervised refinement: the pretrained encoder (weights $\mathbf{w}_1$ to $\mathbf{w}_3$) with the classifier head ($\mathbf{w}_4$, $\mathbf{w}_5$) on top; in step 2 every layer learns from the labels"#,
        label: "fig:refine"
    ) { _ in
        let encoder = try Autoencoder(sizes: [784, 256, 128, 64], activation: .sigmoid).encoder
        return try NetworkDiagram(
            Classifier(sizes: [64, 32, 10], activation: .sigmoid, features: encoder, trainFeatures: true))
    }
    Math(
        #"\{\mathbf{w}_1, \mathbf{w}_2, \mathbf{w}_3, \mathbf{w}_4, \mathbf{w}_5\} = \operatorname{argmin}\{J(\mathbf{w})\}"#,
        label: "eq:refine")
    Math(#"J(\mathbf{w}) = \|\mathbf{y} - \hat{\mathbf{y}}\|"#, label: "eq:refine-cost")
    Markdown(
        #"""
        Here $\mathbf{y}$ is the label and $\hat{\mathbf{y}}$ the network's output; for classes, the
        distance in @eq:refine-cost is in practice the cross-entropy between the label and the
        predicted class probabilities, which is what our runs minimise.

        ## End-to-end pretraining {#sec:end-to-end}

        Another technique skips the layer-by-layer stage: a deep auto-encoder is trained end to end
        on the unlabelled data, and its encoder, weights $\mathbf{w}_1, \mathbf{w}_2, \mathbf{w}_3$,
        becomes the lower part of the classifier. The supervised refinement is the same, with the
        cost @eq:refine-cost:
        """#)
    Plot(
        "End-to-end pretraining: the whole auto-encoder 784-256-128-64-128-256-784 trains at once on unlabelled images; its encoder then becomes the lower part of the classifier",
        label: "fig:end-to-end"
    ) { _ in
        try NetworkDiagram(Autoencoder(sizes: [784, 256, 128, 64], activation: .sigmoid))
    }
    Math(
        #"\{\mathbf{w}_1, \mathbf{w}_2, \mathbf{w}_3\} = \operatorname{argmin}\{J(\mathbf{w})\}"#,
        label: "eq:end-to-end")
    Markdown(
        #"""
        ## What pretraining buys {#sec:pretraining-result}

        We compare on Fashion-MNIST: 5,000 training images serve as unlabelled data, and 100 of
        them per class (1,000 in all) carry labels. The 784-256-128-64-32-10 network is built twice,
        with sigmoid units (as in the days of pretraining) and with ReLU, and trained with stochastic
        gradient descent with momentum 0.9, the optimiser of those days (step size 0.05 for sigmoid
        units, 0.01 for ReLU units). Without pretraining, all its
        layers train on the labels for 30 epochs from random weights. With pretraining (greedy, as
        in @sec:greedy, or end to end, for the sigmoid network), the head first trains alone on the
        codes for 30 epochs (step 1), and then every layer trains for the same 30 epochs as the
        network without pretraining (step 2). All are tested on 1,000 test images
        (@tab:pretraining).
        """#)
    DataTable(
        "Test accuracy of the 784-256-128-64-32-10 network trained with 1,000 labels, with sigmoid and with ReLU units",
        label: "tab:pretraining"
    ) { ctx in
        let r = try ctx[deepPretraining]
        func cell(_ value: Double?) -> String { value.map { "\($0, percent: 1)" } ?? "–" }
        return TableContent(
            header: ["how the network was trained", "sigmoid", "ReLU"],
            rows: DeepPretrainingWay.allCases.map { way in
                [way.title, cell(r.sigmoidAccuracy[way.index]), cell(r.reluAccuracy[way.index])]
            })
    }
    Markdown { ctx in
        let r = try ctx[deepPretraining]
        func sigmoid(_ way: DeepPretrainingWay) -> Double { r.sigmoidAccuracy[way.index] ?? .nan }
        func relu(_ way: DeepPretrainingWay) -> Double { r.reluAccuracy[way.index] ?? .nan }
        return #"""
            The sigmoid network shows what pretraining was for. From random weights, stochastic
            gradient descent takes it to only \#(sigmoid(.fromScratch), percent: 1) in 30 epochs: its
            lower layers hardly move (@fig:gradients). After greedy pretraining, training the head
            alone already gives \#(sigmoid(.greedyLastLayer), percent: 1), and fine-tuning every layer
            \#(sigmoid(.greedyFineTuned), percent: 1); end-to-end pretraining gives
            \#(sigmoid(.endToEndLastLayer), percent: 1) and \#(sigmoid(.endToEndFineTuned), percent: 1).
            In both cases step 2 adds to step 1: the labels improve the features the auto-encoders
            found.

            The ReLU network needs no such help: from random weights it reaches
            \#(relu(.fromScratch), percent: 1), and greedy pretraining followed by fine-tuning
            \#(relu(.greedyFineTuned), percent: 1). With activations whose gradients do not vanish, and
            with careful initialisation, deep networks train well from scratch, which is why
            pretraining by auto-encoders has given way to end-to-end training.
            """#
    }
    Claim("greedy pretraining with fine-tuning beats the sigmoid network from scratch by over 10 points") { ctx in
        let r = try ctx[deepPretraining]
        return (r.sigmoidAccuracy[DeepPretrainingWay.greedyFineTuned.index] ?? 0)
            > (r.sigmoidAccuracy[DeepPretrainingWay.fromScratch.index] ?? 1) + 0.10
    }
    Claim("for the sigmoid network, fine-tuning every layer (step 2) improves on training the head alone (step 1)") {
        ctx in
        let a = try ctx[deepPretraining].sigmoidAccuracy
        return (a[DeepPretrainingWay.greedyFineTuned.index] ?? 0) > (a[DeepPretrainingWay.greedyLastLayer.index] ?? 1)
            && (a[DeepPretrainingWay.endToEndFineTuned.index] ?? 0)
                > (a[DeepPretrainingWay.endToEndLastLayer.index] ?? 1)
    }
    Claim("the ReLU network from scratch is within 3 points of the greedily pretrained and fine-tuned one") { ctx in
        let a = try ctx[deepPretraining].reluAccuracy
        return abs((a[DeepPretrainingWay.fromScratch.index] ?? 0) - (a[DeepPretrainingWay.greedyFineTuned.index] ?? 1))
            < 0.03
    }
    Claim("the ReLU network from scratch beats every sigmoid variant") { ctx in
        let r = try ctx[deepPretraining]
        let best = r.sigmoidAccuracy.compactMap { $0 }.max() ?? 1
        return (r.reluAccuracy[DeepPretrainingWay.fromScratch.index] ?? 0) > best
    }
}

/// The three 3-D views of one surface of `DeepSurfaceFits`: the test points, the linear and the non-linear reconstructions.
private func surfaceViews(_ fits: DeepSurfaceFits, surface: Int) throws -> FiguresSideBySide {
    let camera = Camera3D(azimuth: -60, elevation: 25)
    func view(_ points: Tensor, _ title: String) throws -> Scatter3D {
        // 4-D points: the first three coordinates in space, the fourth as colour.
        try Scatter3D(
            points, camera: camera, title: title,
            axisNames: ["$x_1$", "$x_2$", "$x_3$"], radius: 1.5, size: Size(220, 210))
    }
    return FiguresSideBySide(
        [
            try view(fits.points[surface], "data"), try view(fits.linear[surface], "linear AE"),
            try view(fits.nonLinear[surface], "non-linear AE"),
        ], gap: 6)
}
