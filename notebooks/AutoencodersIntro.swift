import Lectern

// The companion to the week-5 notes "Unsupervised learning and auto-encoders": every topic in the
// notes' order, every formula, and every figure recreated from models trained on Fashion-MNIST while
// the handout builds. Each Run cell hands its results to later cells as one small Codable value.

/// Garment groups for colouring the one-dimensional density: labels are used for colour only.
private let densityGroups: [(name: String, classes: Set<Int>)] = [
    ("clothing", [0, 1, 2, 3, 4, 6]), ("footwear", [5, 7, 9]), ("bags", [8]),
]
/// Code widths of the bottleneck sweep.
private let bottleneckSizes = [2, 8, 32, 128]
/// Steps per unit when one code unit of the 8-unit auto-encoder is swept over its range.
private let unitSweepSteps = 7
/// Labelled images per class in the few-labels comparison.
private let fewLabelSizes = [10, 100]

/// What the density cell leaves: each training image's first principal coordinate.
struct IntroDensity: Codable, Sendable {
    var scores: [Float]
    var labels: [Int]
    /// The fraction of the pixel variance the first component explains.
    var explained: Double
    /// A few test images, for the diagrams' thumbnails.
    var examples: Tensor
}

/// The trivial solution built by hand (an overcomplete linear auto-encoder that copies) beside a trained
/// undercomplete linear auto-encoder, both tested on clothing and on the kinds of item training left out.
struct IntroIdentity: Codable, Sendable {
    var clothing: Tensor
    var unseen: Tensor
    var copyOnClothing: Tensor
    var copyOnUnseen: Tensor
    var trainedOnClothing: Tensor
    var trainedOnUnseen: Tensor
    var copyTrainingMSE: Double
    var copyUnseenMSE: Double
    var trainedClothingMSE: Double
    var trainedUnseenMSE: Double
}

/// Auto-encoders 784-128-v for several v, with PCA at the same v.
struct IntroBottleneck: Codable, Sendable {
    var sizes: [Int]
    var originals: Tensor
    var reconstructions: [Tensor]
    var pcaReconstructions: [Tensor]
    var autoencoderMSE: [Double]
    var pcaMSE: [Double]
    var histories: [TrainingHistory]
}

/// Two runs of the shallow auto-encoder 784-8 that differ only in their random seed.
struct IntroTwoRuns: Codable, Sendable {
    var mse: [Double]
    /// Per run: decodes of one test image's code with one unit swept over its range, unit after unit.
    var unitSweeps: [Tensor]
    /// Per run: mean absolute pixel change between the two ends of each unit's sweep.
    var unitEffects: [[Double]]
    /// |correlation| over the test set between unit i of the first run and unit j of the second, row-major.
    var unitCorrelation: [Double]
    /// Per run: the encoder's weights, one 28 x 28 filter per code unit.
    var filters: [Tensor]
    /// For each filter of the first run, the largest |cosine| with any filter of the second.
    var filterMatch: [Double]
}

/// Two-dimensional codes of PCA and of a deep auto-encoder, and what its decoder makes of other codes.
struct IntroCodes: Codable, Sendable {
    var labels: [Int]
    var pca: Tensor
    var autoencoder: Tensor
    var pcaMSE: Double
    var autoencoderMSE: Double
    var pcaPurity: Double
    var autoencoderPurity: Double
    var boxSamples: Tensor
    var boxDecoded: Tensor
    /// Per box sample: distance to the nearest training code over the median nearest-neighbour distance of those codes.
    var boxRemoteness: [Double]
    var walk: Tensor
    /// The 1,000 test images, for comparing the decoded samples' brightness with real items'.
    var testImages: Tensor
}

/// The few-labels comparison at each labelled-set size.
struct IntroFewLabels: Codable, Sendable {
    var perClass: [Int]
    var outcomes: [[FewLabelsOutcome]]
    var pretrainMSE: Double
}

let introDensity = Run("Project 8,000 training images on their first principal component") { ctx in
    let train = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 8)
    let pca = try PCA(fitting: train.inputs, components: 1)
    let scores = try pca.encode(train.inputs).scalars
    return IntroDensity(
        scores: scores, labels: train.labels, explained: Double(pca.explainedVarianceRatio[0]), examples: test.inputs)
}

let introIdentity = Run(
    "Build the trivial overcomplete auto-encoder, train an undercomplete one on clothing", echo: false
) {
    ctx in
    let clothing = densityGroups[0].classes
    let train = try FashionMNIST.load(.train, limit: 6_000).filtered(labels: clothing)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let seenTest = test.filtered(labels: clothing)
    let unseenTest = test.filtered(labels: Set(0..<10).subtracting(clothing))
    // The trivial solution: a linear 784-1024-784 auto-encoder whose encoder copies the pixels into the first
    // 784 code units and whose decoder copies them back.
    let copy = try Autoencoder(sizes: [784, 1_024], activation: .identity, output: .identity)
    guard let encoder = copy.encoder.layers.first as? Dense, let decoder = copy.decoder.layers.first as? Dense else {
        throw TensorError("the linear auto-encoder should have one dense layer each way")
    }
    var into = [Float](repeating: 0, count: 1_024 * 784)
    var back = [Float](repeating: 0, count: 784 * 1_024)
    for pixel in 0..<784 {
        into[pixel * 784 + pixel] = 1
        back[pixel * 1_024 + pixel] = 1
    }
    encoder.weight.value = try Tensor(shape: [1_024, 784], scalars: into)
    encoder.bias.value = Tensor(zeros: [1_024])
    decoder.weight.value = try Tensor(shape: [784, 1_024], scalars: back)
    decoder.bias.value = Tensor(zeros: [784])
    let trained = try Autoencoder(sizes: [784, 32], activation: .identity, output: .identity, rng: ctx.random("init"))
    try trained.fit(
        train, epochs: 10, batchSize: 64, optimizer: .adam(lr: 2e-3), rng: ctx.random("batches"), progress: ctx.progress
    )
    let seen = try seenTest.inputs.rows(0..<8)
    let unseen = try unseenTest.inputs.rows(0..<8)
    return IntroIdentity(
        clothing: seen, unseen: unseen, copyOnClothing: try copy.reconstruct(seen),
        copyOnUnseen: try copy.reconstruct(unseen),
        trainedOnClothing: try trained.reconstruct(seen), trainedOnUnseen: try trained.reconstruct(unseen),
        copyTrainingMSE: try copy.reconstructionError(train.inputs),
        copyUnseenMSE: try copy.reconstructionError(unseenTest.inputs),
        trainedClothingMSE: try trained.reconstructionError(seenTest.inputs),
        trainedUnseenMSE: try trained.reconstructionError(unseenTest.inputs))
}

let introBottleneck = Run("Train 784-128-v auto-encoders for v = 2, 8, 32, 128, and PCA-v", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let originals = try test.inputs.rows(0..<8)
    func trainAutoencoder(_ v: Int, _ name: String) throws -> (Autoencoder, TrainingHistory) {
        let model = try Autoencoder(sizes: [784, 128, v], codeActivation: .identity, rng: ctx.random("init \(name)"))
        let history = try model.fit(
            train, epochs: 6, validation: test, rng: ctx.random("batches \(name)"), progress: ctx.progress)
        return (model, history)
    }
    var models: [Autoencoder] = []
    var histories: [TrainingHistory] = []
    var pcaReconstructions: [Tensor] = []
    var pcaMSE: [Double] = []
    for v in bottleneckSizes {
        let (model, history) = try trainAutoencoder(v, "\(v)")
        models.append(model)
        histories.append(history)
        let pca = try PCA(fitting: train.inputs, components: v)
        pcaReconstructions.append(try pca.reconstruct(originals))
        pcaMSE.append(try pca.reconstructionError(test.inputs))
    }
    return IntroBottleneck(
        sizes: bottleneckSizes, originals: originals, reconstructions: try models.map { try $0.reconstruct(originals) },
        pcaReconstructions: pcaReconstructions,
        autoencoderMSE: try models.map { try $0.reconstructionError(test.inputs) },
        pcaMSE: pcaMSE, histories: histories)
}

let introTwoRuns = Run("Train a shallow 784-8 auto-encoder with tied weights twice, with different seeds", echo: false)
{
    ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let runs = try ["first", "second"].map { name in
        let model = try Autoencoder.tied(sizes: [784, 8], codeActivation: .identity, rng: ctx.random("\(name) init"))
        try model.fit(
            train, epochs: 8, batchSize: 32, optimizer: .adam(lr: 2e-3), rng: ctx.random("\(name) batches"),
            progress: ctx.progress)
        return model
    }
    var sweeps: [Tensor] = []
    var effects: [[Double]] = []
    var codes: [Tensor] = []
    for model in runs {
        // Sweep each code unit of the first test image over the range that unit takes on the test set.
        let set = try CodeSet(codes: model.encode(test.inputs))
        let (low, high) = set.box
        let start = try set.code(0).scalars
        var sweep: [Float] = []
        var effect: [Double] = []
        for unit in 0..<8 {
            var rows: [Float] = []
            for step in 0..<unitSweepSteps {
                var code = start
                code[unit] = low[unit] + (high[unit] - low[unit]) * Float(step) / Float(unitSweepSteps - 1)
                rows += code
            }
            let decoded = try model.decode(Tensor(shape: [unitSweepSteps, 8], scalars: rows)).scalars
            sweep += decoded
            let first = decoded[0..<784]
            let last = decoded[((unitSweepSteps - 1) * 784)...]
            effect.append(zip(first, last).map { Double(abs($0 - $1)) }.reduce(0, +) / 784)
        }
        sweeps.append(try Tensor(shape: [8 * unitSweepSteps, 784], scalars: sweep))
        effects.append(effect)
        codes.append(set.codes)
    }
    var correlation: [Double] = []
    for i in 0..<8 {
        for j in 0..<8 { correlation.append(abs(introCorrelation(column(codes[0], i), column(codes[1], j)))) }
    }
    return IntroTwoRuns(
        mse: try runs.map { try $0.reconstructionError(test.inputs) }, unitSweeps: sweeps, unitEffects: effects,
        unitCorrelation: correlation, filters: try runs.map(firstLayer),
        filterMatch: try bestFilterMatches(firstLayer(runs[0]), firstLayer(runs[1])))
}

let introCodes = Run("Train a 784-128-64-2 auto-encoder and fit PCA-2", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let pca = try PCA(fitting: train.inputs, components: 2)
    let model = try Autoencoder(sizes: [784, 128, 64, 2], codeActivation: .identity, rng: ctx.random("init"))
    try model.fit(train, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    let pcaCodes = try CodeSet(encoding: test, with: pca)
    let codes = try CodeSet(encoding: test, with: model)
    func purity(_ set: CodeSet) throws -> Double { try KMeans(set.codes, k: 10).purity(labels: set.labels) }
    // "Generating" with a plain auto-encoder: uniform codes in the box the training codes span, and how far
    // each lies from the nearest training code, in units of the typical gap between neighbouring codes.
    let trainingCodes = try CodeSet(encoding: train, with: model)
    var boxStream = ctx.random("box")
    let samples = try trainingCodes.uniformSamples(count: 24, rng: &boxStream)
    let typical = median(nearestDistances(trainingCodes.codes, among: trainingCodes.codes, skipSelf: true))
    let remoteness = nearestDistances(samples, among: trainingCodes.codes, skipSelf: false).map { $0 / typical }
    // A walk between the codes of a trouser (test image 2) and an ankle boot (test image 0).
    let walk = try model.decode(codeLine(from: codes.code(2), to: codes.code(0), steps: 9))
    return IntroCodes(
        labels: test.labels, pca: pcaCodes.codes, autoencoder: codes.codes,
        pcaMSE: try pca.reconstructionError(test.inputs), autoencoderMSE: try model.reconstructionError(test.inputs),
        pcaPurity: try purity(pcaCodes), autoencoderPurity: try purity(codes), boxSamples: samples,
        boxDecoded: try model.decode(samples), boxRemoteness: remoteness, walk: walk, testImages: test.inputs)
}

let introFewLabels = Run("Pretrain an encoder on 8,000 images, then classify with 10 and 100 labels per class") { ctx in
    let unlabelled = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let model = try Autoencoder(sizes: [784, 128, 64, 32], rng: ctx.random("init"))
    try model.fit(unlabelled, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    var outcomes: [[FewLabelsOutcome]] = []
    for perClass in fewLabelSizes {
        let labelled = try unlabelled.labelledSubset(perClass: perClass, rng: ctx.random("labels \(perClass)"))
        let result = try model.compareFewLabels(
            labelled: labelled, test: test, rng: ctx.random("classifiers \(perClass)"))
        outcomes.append(result)
    }
    return IntroFewLabels(
        perClass: fewLabelSizes, outcomes: outcomes, pretrainMSE: try model.reconstructionError(test.inputs))
}

let autoencodersIntro = Notebook(
    id: "autoencoders-intro", title: "Unsupervised Learning and Auto-Encoders", author: "Lectern", seed: 50
) {
    Markdown(
        #"""
        # Learning without labels {#sec:unsupervised}

        Most of the data in the world comes without anyone having said what it shows. In unsupervised
        learning all we get is a sample $x_1, \dots, x_N \sim P_{\text{data}}(x)$ drawn from an unknown
        distribution, and the task is to find out something about that distribution: which
        directions of variation matter, which samples belong together, where the data lives. What we
        can do with such knowledge:

        - **Reduce the dimension.** Find a map $f: \mathbb{R}^d \rightarrow \mathbb{R}^m$ with
          $d > m$ that keeps what is important about each sample, so that later steps work on $m$
          numbers instead of $d$ (compression is the same idea).
        - **Cluster.** Put similar samples into one group and dissimilar ones into different groups,
          without being told what the groups are.
        - **Estimate the density.** Say how probable each possible sample is.
        - **Generate.** Produce new samples that look as if they came from $P_{\text{data}}$.
        - **Help supervised learning.** Learn from plenty of unlabelled data when only a few labels
          exist (@sec:few).

        Throughout, the data are Fashion-MNIST images: $d = 784$ grey values of $28 \times 28$ pixels,
        ten kinds of garment.

        ## A density in one dimension {#sec:density}

        Densities are easiest to see on a line. We compress each of 8,000 training images to a
        single number, its coordinate along the first principal component (the direction in which
        the images vary most), and count how often each value occurs. The labels are not used to
        find the direction; we only use them afterwards to colour the counts.
        """#)
    introDensity
    Plot(
        "Histogram of the first principal coordinate of 8,000 training images, coloured afterwards by kind of item: the density has separate bumps, and each bump is mostly one kind",
        label: "fig:density"
    ) { ctx in
        let density = try ctx[introDensity]
        let series = densityGroups.map { group in
            HistogramSeries(
                group.name,
                values: density.scores.indices.filter { group.classes.contains(density.labels[$0]) }.map {
                    density.scores[$0]
                })
        }
        return try Histogram(series, bins: 50, xLabel: "first principal coordinate", size: Size(420, 230))
    }
    Markdown { ctx in
        let density = try ctx[introDensity]
        let footwear = groupStatistics(density, classes: densityGroups[1].classes)
        let clothing = groupStatistics(density, classes: densityGroups[0].classes)
        return #"""
            This one number keeps \#(density.explained, percent: 0) of the pixel variance. @fig:density
            is a density estimate in its simplest form, a histogram, and its shape already carries
            structure: the values pile up in more than one place. Colouring shows what the piles are.
            Footwear sits at a mean coordinate of $\#(footwear.mean, digits: 1)$, clothing at
            $\#(clothing.mean, digits: 1)$, each with a spread (standard deviation) of at most
            \#(max(footwear.deviation, clothing.deviation), digits: 1). Generation would mean
            drawing new values where the histogram is high; clustering would mean cutting it at its
            valleys.
            """#
    }
    Claim(
        "footwear and clothing are separated along the first principal coordinate by more than either group's standard deviation"
    ) { ctx in
        let density = try ctx[introDensity]
        let footwear = groupStatistics(density, classes: densityGroups[1].classes)
        let clothing = groupStatistics(density, classes: densityGroups[0].classes)
        return abs(footwear.mean - clothing.mean) > max(footwear.deviation, clothing.deviation)
    }
    Markdown(
        #"""
        # From classifier to auto-encoder {#sec:ae}

        A supervised classifier learns a map $X \rightarrow Y$ from images to labels; for training
        it needs both the input and its label. An auto-encoder (AE) is trained on the inputs
        $\mathcal{X}$ alone, by making the input its own target (@fig:ae-vs-classifier):

        - the **encoder** takes an input $x$ and computes a code $z = f_{\phi}(x)$;
        - the **decoder** takes the code $z$ and reconstructs the input,
          $\hat{x} = g_{\theta}(f_{\phi}(x))$.

        The reconstruction can only be good, $\hat{x} \approx x$, if the code space $\mathcal{Z}$
        keeps enough information about $x$. That is the whole trick: no one tells the encoder what
        to keep, but it has to keep whatever the decoder needs.
        """#)
    Plot(
        "A classifier (top) needs a label for every training image; an auto-encoder (bottom) needs only the image, which is also its target",
        label: "fig:ae-vs-classifier"
    ) { ctx in
        let boot = try DiagramNode.thumbnail(try ctx[introDensity].examples)
        return try Diagram(
            nodes: [
                DiagramNode("cx", "", shape: boot, row: 0, column: 0, caption: "image $x$"),
                DiagramNode(
                    "net", "classifier", shape: .trapezoid(narrowing: .right), row: 0, column: 1,
                    color: Palette.okabeIto[2]),
                DiagramNode("y", "“ankle boot”", shape: .roundedBox, row: 0, column: 2, caption: "label $y$"),
                DiagramNode(
                    "label", "$L(y, \\hat{y})$", shape: .roundedBox, row: 0, column: 4, color: Palette.okabeIto[3]),
                DiagramNode("x", "", shape: boot, row: 1, column: 0, caption: "image $x$"),
                DiagramNode(
                    "f", "$f_\\phi$", shape: .trapezoid(narrowing: .right), row: 1, column: 1,
                    color: Palette.okabeIto[0]),
                DiagramNode("z", "$z$", shape: .circle, row: 1, column: 2, caption: "code"),
                DiagramNode(
                    "g", "$g_\\theta$", shape: .trapezoid(narrowing: .left), row: 1, column: 3,
                    color: Palette.okabeIto[1]),
                DiagramNode("xhat", "$\\hat{x}$", shape: .circle, row: 1, column: 4, caption: "reconstruction"),
                DiagramNode(
                    "rec", "$L_{rec}(x, \\hat{x})$", shape: .roundedBox, row: 1, column: 5, color: Palette.okabeIto[3]),
            ],
            edges: [
                DiagramEdge("cx", "net"), DiagramEdge("net", "y"),
                DiagramEdge("y", "label", label: "compared with the given label"),
                DiagramEdge("x", "f"), DiagramEdge("f", "z"), DiagramEdge("z", "g"), DiagramEdge("g", "xhat"),
                DiagramEdge("xhat", "rec"),
                DiagramEdge("x", "rec", label: "compared with the input itself", route: .below, dashed: true),
            ],
            groups: [
                DiagramGroup("supervised", members: ["net"]), DiagramGroup("auto-encoder", members: ["f", "z", "g"]),
            ])
    }
    Markdown(
        #"""
        The usual measure of a reconstruction is the mean squared error over the $d$ pixels, @eq:rec;
        its second line spells out that the reconstruction is the decoder applied to the encoder's
        output, so both sets of parameters, $\phi$ and $\theta$, receive gradients from it.
        """#)
    Math(
        #"\begin{aligned} L_{rec} &= \frac{1}{d} \sum_{j=1}^{d} \left(x^{(j)} - \hat{x}^{(j)}\right)^2 \\ &= \frac{1}{d} \sum_{j=1}^{d} \left(x^{(j)} - g_{\theta}^{(j)}\big(f_{\phi}(x)\big)\right)^2 \end{aligned}"#,
        label: "eq:rec")
    Markdown(
        #"""
        ## The trivial solution {#sec:identity}

        @eq:rec is a sum of squares, so it is never negative and it is zero exactly when every pixel
        is reproduced:
        """#)
    Math(
        #"\begin{aligned} L_{rec} = 0 &\Leftrightarrow \hat{x}^{(j)} - x^{(j)} = 0 \quad \forall j \\ &\Leftrightarrow \hat{x} = x \end{aligned}"#,
        label: "eq:optimum")
    Markdown(
        #"""
        The loss is smallest when $\hat{x} = x \Rightarrow g_{\theta}(f_{\phi}(x)) = x$ for every
        input: what the auto-encoder is asked to learn is the identity function. If nothing stops it,
        the encoder and decoder can both become the identity, @eq:trivial (the notes write the
        encoder's parameters as $\theta$ there; they are $\phi$ as everywhere else). That model has
        zero loss and has learned nothing about the data.
        """#)
    Math(#"\begin{aligned} z &= f_{\phi}(x) = x \\ \hat{x} &= g_{\theta}(z) = x \end{aligned}"#, label: "eq:trivial")
    Markdown(
        #"""
        Such a model is easy to build when the code may be as large as the input. A linear
        auto-encoder with a code of 1,024 numbers (overcomplete: more than the 784 pixels) becomes
        the trivial solution when its encoder copies each pixel into a code unit and its decoder
        copies it back; no training is needed to find it. Beside it we train an undercomplete linear
        auto-encoder, code of 32 numbers, for ten epochs on the clothing of the first 6,000
        training images (tops, trousers, pullovers, dresses, coats, shirts; no footwear, no bags),
        and give both test images of clothing and of the kinds training left out.
        """#)
    introIdentity
    Plot(
        "Test images of clothing (row 1) and of footwear and bags (row 4), with what the trivial overcomplete auto-encoder (rows 2 and 5) and the trained undercomplete one (rows 3 and 6) make of them: the trivial one returns every input unchanged, the trained one returns clothing well and turns the other kinds into clothing-like blurs",
        label: "fig:identity"
    ) { ctx in
        let r = try ctx[introIdentity]
        let rows = [r.clothing, r.copyOnClothing, r.trainedOnClothing, r.unseen, r.copyOnUnseen, r.trainedOnUnseen]
        return try ImageGrid(
            rows, columns: 8,
            rowLabels: [
                "clothing", "v = 1,024, copy", "v = 32, trained", "other kinds", "v = 1,024, copy", "v = 32, trained",
            ],
            width: 420)
    }
    Markdown { ctx in
        let r = try ctx[introIdentity]
        return #"""
            The trivial model's error is \#(r.copyTrainingMSE, digits: 4) on its training images and
            \#(r.copyUnseenMSE, digits: 4) on footwear and bags: the lowest loss there is, on anything
            at all (@fig:identity). Yet its code is the image itself, so it tells us nothing about
            garments. The trained model keeps only 32 numbers, so it cannot copy; its error is
            \#(r.trainedClothingMSE, digits: 4) on clothing and \#(r.trainedUnseenMSE, digits: 4),
            \#(r.trainedUnseenMSE / r.trainedClothingMSE, digits: 1) times as much, on the kinds it never
            saw, which it turns into blurred tops. That failure is the sign of success: its 32 numbers
            describe what clothing looks like, not images in general.

            The remedy for the trivial solution is therefore a **bottleneck**: a code with fewer
            numbers than the input has, @eq:bottleneck.
            """#
    }
    Claim("the hand-built overcomplete auto-encoder reconstructs every input exactly") { ctx in
        let r = try ctx[introIdentity]
        return r.copyTrainingMSE < 1e-12 && r.copyUnseenMSE < 1e-12
    }
    Claim("the trained undercomplete auto-encoder does markedly worse (over 1.5 times) on the kinds it never saw") {
        ctx in
        let r = try ctx[introIdentity]
        return r.trainedUnseenMSE > 1.5 * r.trainedClothingMSE
    }
    Math(#"f_{\phi} : X \in \mathbb{R}^d \rightarrow Z \in \mathbb{R}^v, \text{ where } v < d"#, label: "eq:bottleneck")
    Markdown(
        #"""
        An input $X$ of $d$ numbers now has to be summarised by a code $Z$ of $v$ numbers, and no
        map from $\mathbb{R}^d$ into a smaller space can be undone exactly for every input. The
        auto-encoder must choose what to keep, and it chooses by what the data have in common.

        # How narrow should the bottleneck be? {#sec:tradeoff}

        Squeezing the data through $v < d$ numbers loses details. Which ones? @eq:rec charges for
        every wrong pixel intensity, so the encoder gains most by encoding the properties that fix
        the intensity of *many* pixels at once: in the notes' example of faces, skin colour, where
        the dark eyes, mouth and nose are, the hair; for garments, the silhouette, how bright the
        fabric is, whether there are sleeves or a heel. Such properties are what deep learning calls
        high-level features. A small print or a stitched seam fixes few pixels, so it goes first.

        We train auto-encoders 784-128-$v$ (ReLU, sigmoid output) with codes of $v$ = 2, 8, 32 and
        128 numbers on 6,000 images, six epochs each, and fit PCA with the same number of
        components for comparison.
        """#)
    introBottleneck
    Plot(
        "Test images (top) and their reconstructions from codes of 2, 8, 32 and 128 numbers, and by PCA with 32 components (bottom): small codes keep the silhouette and brightness, larger ones add the details",
        label: "fig:bottleneck"
    ) { ctx in
        let r = try ctx[introBottleneck]
        let pca32 = r.pcaReconstructions[r.sizes.firstIndex(of: 32) ?? 0]
        let rows = [r.originals] + r.reconstructions + [pca32]
        return try ImageGrid(
            rows, columns: 8, rowLabels: ["original"] + r.sizes.map { "v = \($0)" } + ["PCA-32"], width: 400)
    }
    Plot(
        "Test error against the code size: the auto-encoder's error (blue) and PCA's (orange) both fall as the bottleneck widens",
        label: "fig:bottleneck-error"
    ) { ctx in
        let r = try ctx[introBottleneck]
        let v = r.sizes.map(Double.init)
        return LinePlot(
            [
                Series(name: "auto-encoder 784-128-v", x: v, y: r.autoencoderMSE),
                Series(name: "PCA-v", x: v, y: r.pcaMSE),
            ],
            xLabel: "code size v", yLabel: "test MSE per pixel", size: Size(380, 240), logY: true, logX: true)
    }
    Plot(
        "Training (solid) and validation (dashed) loss per epoch for each code size: the 2-number code stays far above the others, and from 32 numbers on a wider code gains little in six epochs",
        label: "fig:bottleneck-loss"
    ) { ctx in
        let r = try ctx[introBottleneck]
        return LossPlot(
            zip(r.sizes, r.histories).map {
                LossCurve("v = \($0)", history: $1)
            },
            yLabel: "MSE per pixel", logY: true, size: Size(380, 250))
    }
    Markdown { ctx in
        let r = try ctx[introBottleneck]
        let errors = zip(r.sizes, zip(r.autoencoderMSE, r.pcaMSE)).map { v, mse in
            "\(mse.0, digits: 4) at $v = \(v)$ (PCA: \(mse.1, digits: 4))"
        }
        let pairs = Array(zip(r.sizes, zip(r.autoencoderMSE, r.pcaMSE)))
        let ahead = pairs.filter { $0.1.0 < $0.1.1 }.map { "$v = \($0.0)$" }
        let behind = pairs.filter { $0.1.0 >= $0.1.1 }.map { "$v = \($0.0)$" }
        let comparison =
            behind.isEmpty
            ? "The auto-encoder's error is below PCA's at every size."
            : ahead.isEmpty
                ? "PCA's error is below the auto-encoder's at every size: six epochs are not enough for it to beat the best linear projection."
                : "The auto-encoder beats PCA at \(ahead.joined(separator: " and ")), where its non-linear layers pay off, but not at \(behind.joined(separator: " and ")): with many components PCA's optimal linear projection is hard to beat for an auto-encoder trained for only six epochs."
        return #"""
            @fig:bottleneck shows the order in which information is given up. With two numbers, every
            item is reduced to a blurred prototype of its kind; eight numbers add shape; 32 and 128
            bring back patterns and edges. The test error per pixel is \#(errors.joined(separator: ", ")):
            it falls with every widening of the bottleneck (@fig:bottleneck-error, @fig:bottleneck-loss).
            \#(comparison)

            """#
    }
    Claim("the auto-encoder's test error falls as the code widens") { ctx in
        let mse = try ctx[introBottleneck].autoencoderMSE
        return zip(mse, mse.dropFirst()).allSatisfy { $0 > $1 }
    }
    Claim("with codes of 2 and 8 numbers the auto-encoder reconstructs better than PCA") { ctx in
        let r = try ctx[introBottleneck]
        return r.autoencoderMSE[0] < r.pcaMSE[0] && r.autoencoderMSE[1] < r.pcaMSE[1]
    }
    Markdown(
        #"""
        Compressing less is not free either. The closer $v$ comes to $d$, the less the auto-encoder
        is forced to find what the images share, until, as in @sec:identity, it can get away with
        copying. Between a code too small to reconstruct and one so large that it learns nothing
        general lies a **trade-off**, and where to sit on it depends on what the code is for.

        # Features we do not control {#sec:control}

        Three facts to keep in mind about what an auto-encoder learns:

        - **We do not choose the features.** The loss only asks for good reconstructions; which
          properties the code units stand for is up to training.
        - **Another run may learn other features.** Initial weights and the order of the
          mini-batches are random, and stochastic gradient descent can end in quite different
          solutions of similar loss.
        - **We are not told what was learned.** To find out, we have to look: encode an input,
          change one code unit, decode, and see what changed in the image.

        A shallow auto-encoder with a code of eight numbers, 784-8-784, makes this easy to see: each
        code unit has one row of encoder weights, a $28 \times 28$ filter we can draw (the decoder
        uses the same weights, transposed: tied weights). We train it twice on the same 6,000
        images, with different seeds for the initial weights and the batch order.
        """#)
    introTwoRuns
    Markdown { ctx in
        let r = try ctx[introTwoRuns]
        let matches = bestPartners(r.unitCorrelation)
        let unmatched = matches.indices.filter { matches[$0] < 0.9 }
        let weakest = matches.indices.min { matches[$0] < matches[$1] } ?? 0
        let partners =
            unmatched.count == 8
            ? "No unit of the first run finds a partner with an absolute correlation above 0.9: the best partners reach between \(matches.min() ?? 0, digits: 2) and \(matches.max() ?? 0, digits: 2)."
            : "\(8 - unmatched.count) of the eight units find a partner with an absolute correlation above 0.9, but the other \(unmatched.count) do not; unit \(weakest + 1)'s best partner reaches only \(matches[weakest], digits: 2)."
        return #"""
            The two runs are equally good: test errors of \#(r.mse[0], digits: 4) and
            \#(r.mse[1], digits: 4) per pixel. Their features are not the same. The filters of
            @fig:filters (blue negative, red positive) are the patterns each code unit responds to;
            even allowing any unit of the second run to stand in for one of the first, a first-run
            filter's best match has a cosine similarity of \#(mean(r.filterMatch), digits: 2) on
            average (1 would be the same filter). Over the test images, @fig:unit-correlation
            correlates each code unit of the first run with each of the second: had the runs learned
            the same features, every row would hold one bright cell. \#(partners)
            """#
    }
    Claim("the two runs of the 784-8 auto-encoder reconstruct equally well, within 10%") { ctx in
        let mse = try ctx[introTwoRuns].mse
        return abs(mse[0] - mse[1]) < 0.1 * min(mse[0], mse[1])
    }
    Claim("the two runs learned different filters (mean best |cosine| below 0.9)") { ctx in
        mean(try ctx[introTwoRuns].filterMatch) < 0.9
    }
    Claim("at least two code units of the first run have no partner in the second with |correlation| above 0.9") {
        ctx in
        bestPartners(try ctx[introTwoRuns].unitCorrelation).filter { $0 < 0.9 }.count >= 2
    }
    Plot(
        "The encoder weights of the eight code units in the first run (top) and the second run (bottom) of the tied 784-8 auto-encoder, each scaled symmetrically around 0",
        label: "fig:filters"
    ) { ctx in
        let r = try ctx[introTwoRuns]
        return try ImageGrid(
            r.filters, columns: 8,
            rowLabels: ["run 1", "run 2"], colormap: .diverging, scaling: .symmetricEachImage, width: 420)
    }
    Plot(
        "Absolute correlation, over 1,000 test images, between each code unit of the first run (rows) and each of the second run (columns) of the tied 784-8 auto-encoder",
        label: "fig:unit-correlation"
    ) { ctx in
        try Heatmap(
            values: try ctx[introTwoRuns].unitCorrelation, rows: 8, columns: 8, xLabel: "unit of the second run",
            yLabel: "unit of the first run", rowLabels: (1...8).map(String.init),
            columnLabels: (1...8).map(String.init),
            range: 0...1, colorBarLabel: "|correlation|", annotate: true, size: Size(340, 280))
    }
    Markdown(
        #"""
        To see what a code unit stands for, we change it alone: encode a test image, move one of
        the eight code numbers from the smallest to the largest value it takes on the test set,
        keep the other seven, and decode (@fig:one-unit).
        """#)
    Plot(
        "Decoding after changing one code unit, in the first run (left) and the second (right): each row moves one of the 8 code units of the first test image from its smallest to its largest test value",
        label: "fig:one-unit"
    ) { ctx in
        let r = try ctx[introTwoRuns]
        let grids = try r.unitSweeps.enumerated().map { run, sweep in
            try ImageGrid(
                sweep, columns: unitSweepSteps,
                rowLabels: (1...8).map { "unit \($0)" },
                columnLabels: ["min"] + Array(repeating: "", count: unitSweepSteps - 2) + ["max"],
                title: "run \(run + 1)", width: 240)
        }
        return FiguresSideBySide(grids, gap: 14)
    }
    Markdown { ctx in
        let effects = try ctx[introTwoRuns].unitEffects
        return #"""
            Reading @fig:one-unit row by row is how one finds out what a trained auto-encoder encodes.
            Every unit is in use: between the two ends of its sweep, the decoded image changes by
            \#(effects.flatMap { $0 }.min() ?? 0, digits: 2) to \#(effects.flatMap { $0 }.max() ?? 0, digits: 2)
            per pixel on average. But what a unit changes differs from unit to unit and from run to
            run, so this reading has to be done again after every training run.
            """#
    }
    Claim("every code unit of both runs changes the decoded image noticeably (by over 0.05 per pixel)") { ctx in
        (try ctx[introTwoRuns].unitEffects.flatMap { $0 }.min() ?? 0) > 0.05
    }
    Markdown(
        #"""
        # Convolutional and recurrent auto-encoders {#sec:conv}

        Nothing in @eq:rec requires the encoder and decoder to be fully connected. For images, a
        **convolutional auto-encoder** uses convolutions with stride 2 to shrink the image into a
        stack of small feature maps and transposed convolutions to grow it back (@fig:conv). Each
        filter looks at a small neighbourhood and is shared over the whole image, so the model has
        far fewer weights than a dense one and knows from its structure that nearby pixels belong
        together.
        """#)
    Plot(
        #"A convolutional auto-encoder: two stride-2 convolutions shrink $28 \times 28$ images to $7 \times 7$ feature maps, two transposed convolutions restore them"#,
        label: "fig:conv"
    ) { _ in
        try NetworkDiagram(ConvAutoencoder(channels: (16, 32)))
    }
    Markdown(
        #"""
        For sequences (sentences, sound, time series) the encoder and decoder can be recurrent
        networks: the encoder reads the sequence one step at a time and its final state is the code;
        the decoder unrolls the code back into a sequence. An image can be read as a sequence too,
        one pixel row per step (@fig:rnn). This companion trains no recurrent model; the diagram only
        shows the shape.
        """#)
    Plot(
        "A recurrent auto-encoder reading an image as a sequence of 28 rows: the encoder's last state is the code z, from which the decoder produces the rows again",
        label: "fig:rnn"
    ) { _ in
        let encoderColor = Palette.okabeIto[0]
        let decoderColor = Palette.okabeIto[1]
        return try Diagram(
            nodes: [
                DiagramNode("x1", "$x_1$", shape: .box, row: 1, column: 0, caption: "row 1"),
                DiagramNode("x2", "$x_2$", shape: .box, row: 1, column: 1, caption: "row 2"),
                DiagramNode("xT", "$x_{28}$", shape: .box, row: 1, column: 3, caption: "row 28"),
                DiagramNode("h1", "$h_1$", shape: .circle, row: 0, column: 0, color: encoderColor),
                DiagramNode("h2", "$h_2$", shape: .circle, row: 0, column: 1, color: encoderColor),
                DiagramNode("hd", "$\\cdots$", shape: .roundedBox, row: 0, column: 2),
                DiagramNode("hT", "$h_{28}$", shape: .circle, row: 0, column: 3, color: encoderColor),
                DiagramNode("z", "$z$", shape: .circle, row: 0, column: 4, caption: "code", color: Palette.okabeIto[2]),
                DiagramNode("s1", "$s_1$", shape: .circle, row: 0, column: 5, color: decoderColor),
                DiagramNode("s2", "$s_2$", shape: .circle, row: 0, column: 6, color: decoderColor),
                DiagramNode("sd", "$\\cdots$", shape: .roundedBox, row: 0, column: 7),
                DiagramNode("sT", "$s_{28}$", shape: .circle, row: 0, column: 8, color: decoderColor),
                DiagramNode("y1", "$\\hat{x}_1$", shape: .box, row: 1, column: 5),
                DiagramNode("y2", "$\\hat{x}_2$", shape: .box, row: 1, column: 6),
                DiagramNode("yT", "$\\hat{x}_{28}$", shape: .box, row: 1, column: 8),
            ],
            edges: [
                DiagramEdge("x1", "h1"), DiagramEdge("x2", "h2"), DiagramEdge("xT", "hT"),
                DiagramEdge("h1", "h2"), DiagramEdge("h2", "hd"), DiagramEdge("hd", "hT"), DiagramEdge("hT", "z"),
                DiagramEdge("z", "s1"), DiagramEdge("s1", "s2"), DiagramEdge("s2", "sd"), DiagramEdge("sd", "sT"),
                DiagramEdge("s1", "y1"), DiagramEdge("s2", "y2"), DiagramEdge("sT", "yT"),
            ],
            groups: [
                DiagramGroup("encoder (recurrent)", members: ["h1", "h2", "hd", "hT"], color: encoderColor),
                DiagramGroup("decoder (recurrent)", members: ["s1", "s2", "sd", "sT"], color: decoderColor),
            ])
    }
    Markdown(
        #"""
        # Learning from few labels {#sec:few}

        An auto-encoder can group the data without being told the groups. We train the deep
        auto-encoder 784-128-64-2 on 8,000 images and draw the 2-D codes of 1,000 test images,
        beside the first two principal components (@fig:codes); colours show the labels, which
        neither method saw.
        """#)
    introCodes
    Plot(
        "Test images by their 2-D code: PCA (left) and the deep auto-encoder 784-128-64-2 (right), coloured by the labels neither saw",
        label: "fig:codes"
    ) { ctx in
        let r = try ctx[introCodes]
        return try CodeScatter(
            [
                CodePanel("PCA", codes: r.pca, labels: r.labels, xLabel: "component 1", yLabel: "component 2"),
                CodePanel("auto-encoder", codes: r.autoencoder, labels: r.labels),
            ], classNames: FashionMNIST.classNames, size: Size(560, 250))
    }
    Markdown { ctx in
        let r = try ctx[introCodes]
        return #"""
            In both, items of one kind gather in one region: footwear in one place, trousers in
            another, while the upper-body garments (T-shirts, pullovers, coats, shirts) overlap in a
            large cloud. To put a number on it, we let k-means split each code space into 10 clusters
            and count how many images share their cluster's most common label:
            \#(r.pcaPurity, percent: 0) for PCA and \#(r.autoencoderPurity, percent: 0) for the
            auto-encoder, whose code also reconstructs better, with a test error of
            \#(r.autoencoderMSE, digits: 4) per pixel against PCA's \#(r.pcaMSE, digits: 4).
            """#
    }
    Claim("k-means on the auto-encoder's 2-D codes recovers the classes better than on PCA's") { ctx in
        let r = try ctx[introCodes]
        return r.autoencoderPurity > r.pcaPurity
    }
    Claim("the 2-D auto-encoder reconstructs better than PCA with two components") { ctx in
        let r = try ctx[introCodes]
        return r.autoencoderMSE < r.pcaMSE
    }
    Markdown(
        #"""
        Such a code is useful when the goal is a classifier but labels are scarce: the labelled set
        """#)
    Math(#"D = (X, Y) = \{(x_i, y_i)\}_{i=1}^N"#, label: "eq:labelled")
    Markdown(
        #"""
        has a small $N$, while unlabelled images are plentiful. Training a whole image-to-label
        network on @eq:labelled alone risks **overfitting**: many parameters, few examples. An
        auto-encoder trained on all the unlabelled images provides an encoder that already turns
        pixels into a compact code, and there are two ways to build on it (@fig:approaches):

        1. **Approach 1: freeze the encoder.** Only a small classifier on top of the code trains on
           the labelled set; the encoder's weights stay as the auto-encoder left them.
           *Advantage:* few parameters are fitted to few labels, so there is little room to
           overfit. *Disadvantage:* the encoder was trained to reconstruct, not to separate the
           classes, and may have kept the wrong information.
        2. **Approach 2: fine-tune the encoder.** Encoder and classifier train together on the
           labelled set, usually for only a few steps of gradient descent. *Advantage:* the labels
           can reshape the code, which may give a better representation $Z$ and better results.
           *Disadvantage:* every parameter is fitted to the few labels again, so overfitting is
           back; the number of steps limits it and must be chosen on validation data.
        """#)
    Plot(
        "Approach 1 (left): the pretrained encoder is frozen and only the softmax layer learns from the labels. Approach 2 (right): encoder and softmax layer are trained together",
        label: "fig:approaches"
    ) { _ in
        let encoder = try Autoencoder(sizes: [784, 128, 64, 32]).encoder
        let frozen = try NetworkDiagram(
            Classifier(sizes: [32, 10], features: encoder, trainFeatures: false), title: "approach 1: frozen")
        let tuned = try NetworkDiagram(
            Classifier(sizes: [32, 10], features: encoder, trainFeatures: true), title: "approach 2: fine-tuned")
        return FiguresSideBySide([frozen, tuned], gap: 16)
    }
    Markdown(
        #"""
        We pretrain the auto-encoder 784-128-64-32 on 8,000 training images without their labels,
        then draw 10 and 100 labelled images per class from the same images and compare four
        classifiers on 1,000 test images: the two approaches, the same network trained from random
        weights on the labels alone, and softmax regression on the raw pixels.
        """#)
    introFewLabels
    DataTable(
        "Test accuracy of the four classifiers on 1,000 test images, by the number of labelled images per class",
        label: "tab:few-labels"
    ) { ctx in
        let r = try ctx[introFewLabels]
        return TableContent(
            header: ["classifier"] + r.perClass.map { "\($0) labels per class" },
            rows: FewLabelsApproach.allCases.map { approach in
                [approach.title]
                    + r.outcomes.map { outcomes in
                        outcomes.first { $0.approach == approach }.map { "\($0.testAccuracy, percent: 1)" } ?? "–"
                    }
            })
    }
    Markdown { ctx in
        let r = try ctx[introFewLabels]
        func accuracy(_ size: Int, _ approach: FewLabelsApproach) -> Double {
            r.outcomes[size].first { $0.approach == approach }?.testAccuracy ?? .nan
        }
        let few = r.outcomes[0].map(\.testAccuracy)
        let last = r.outcomes.count - 1
        return #"""
            The auto-encoder itself reconstructs its test images with an error of
            \#(r.pretrainMSE, digits: 4) per pixel. @tab:few-labels shows the classifiers built on it.
            With \#(r.perClass[0]) labels per class the four classifiers lie within
            \#(100 * ((few.max() ?? 0) - (few.min() ?? 0)), digits: 1) percentage points of each other; on 1,000 test images,
            differences of a point or two are within the noise. With \#(r.perClass[last]) labels per
            class, approach 1 falls behind: the frozen code reaches
            \#(accuracy(last, .frozenEncoder), percent: 1), while fine-tuning it (approach 2) reaches
            \#(accuracy(last, .fineTunedEncoder), percent: 1), level with the same network trained from
            scratch (\#(accuracy(last, .fromScratch), percent: 1)). The encoder trained only to
            reconstruct kept what makes the pixels right, a garment's brightness and outline, more
            than what tells a shirt from a pullover; the labels repair that. On Fashion-MNIST,
            though, softmax regression on the pixels is a strong baseline at
            \#(accuracy(last, .pixelLogisticRegression), percent: 1): here pretraining does not beat it.
            """#
    }
    Claim("with the fewest labels the four classifiers are within 3 points of each other") { ctx in
        let accuracies = try ctx[introFewLabels].outcomes[0].map(\.testAccuracy)
        return (accuracies.max() ?? 1) - (accuracies.min() ?? 0) < 0.03
    }
    Claim("with the most labels the frozen encoder is over 3 points behind the fine-tuned one") { ctx in
        let outcomes = try ctx[introFewLabels].outcomes.last ?? []
        let frozen = outcomes.first { $0.approach == .frozenEncoder }?.testAccuracy ?? 1
        let tuned = outcomes.first { $0.approach == .fineTunedEncoder }?.testAccuracy ?? 0
        return tuned - frozen > 0.03
    }
    Claim("with the most labels fine-tuning is level (within 2 points) with training from scratch") { ctx in
        let outcomes = try ctx[introFewLabels].outcomes.last ?? []
        let tuned = outcomes.first { $0.approach == .fineTunedEncoder }?.testAccuracy ?? 0
        let scratch = outcomes.first { $0.approach == .fromScratch }?.testAccuracy ?? 1
        return abs(tuned - scratch) < 0.02
    }
    Claim("with the most labels no pretrained classifier beats logistic regression on the pixels") { ctx in
        let outcomes = try ctx[introFewLabels].outcomes.last ?? []
        let pixels = outcomes.first { $0.approach == .pixelLogisticRegression }?.testAccuracy ?? 0
        return outcomes.filter { $0.approach == .frozenEncoder || $0.approach == .fineTunedEncoder }
            .allSatisfy { $0.testAccuracy <= pixels }
    }
    Markdown(
        #"""
        # Why a plain auto-encoder does not generate {#sec:generate}

        A decoder turns codes into images, so it is tempting to use it for making new images:

        1. draw a random code $z$, for example uniformly between the smallest and the largest value,
           $[\min, \max]$, that each code unit took on the training data;
        2. decode it.

        @fig:box-codes marks 24 such codes on the 2-D codes of the auto-encoder of @fig:codes, and
        @fig:box-images shows what the decoder makes of them.
        """#)
    Plot(
        "The 2-D codes of 1,000 test images in the auto-encoder of @fig:codes (grey) and 24 codes drawn uniformly from the box the training codes span (blue): many fall where no image was encoded",
        label: "fig:box-codes"
    ) { ctx in
        let r = try ctx[introCodes]
        return try Scatter2D(
            r.autoencoder, overlays: [try .points("uniform samples", at: r.boxSamples)],
            xLabel: "code 1", yLabel: "code 2", name: "test codes", equalAspect: false, alpha: 0.4,
            size: Size(360, 280))
    }
    Plot(
        "The 24 uniform codes decoded, ordered from the one closest to a training code (top left) to the farthest (bottom right)",
        label: "fig:box-images"
    ) { ctx in
        let r = try ctx[introCodes]
        let order = r.boxRemoteness.indices.sorted { r.boxRemoteness[$0] < r.boxRemoteness[$1] }
        return try ImageGrid(order.map { try r.boxDecoded.rows($0..<($0 + 1)) }, columns: 12, width: 440)
    }
    Markdown { ctx in
        let r = try ctx[introCodes]
        let far = r.boxRemoteness.filter { $0 > 3 }.count
        let faintest = meanIntensities(r.testImages).min() ?? 0
        let faint = meanIntensities(r.boxDecoded).filter { $0 < faintest }.count
        return #"""
            Measured in units of the typical distance between a training code and its nearest
            neighbour, \#(far) of the \#(r.boxRemoteness.count) sampled codes lie more than three units
            from every training code, the farthest \#(r.boxRemoteness.max() ?? 0, digits: 0) units. The
            codes near the data decode to garments. The remote ones decode to smudges, or to almost
            nothing: \#(faint) of the 24 images are fainter than the faintest of the 1,000 test images,
            whose mean pixel intensity is \#(faintest, digits: 3).
            """#
    }
    Claim("some uniform samples lie far (over three typical neighbour gaps) from every training code") { ctx in
        try ctx[introCodes].boxRemoteness.contains { $0 > 3 }
    }
    Claim("some uniform samples decode to nearly empty images, fainter than any of 1,000 test images") { ctx in
        let r = try ctx[introCodes]
        let faintest = meanIntensities(r.testImages).min() ?? 0
        return meanIntensities(r.boxDecoded).contains { $0 < faintest }
    }
    Markdown(
        #"""
        The reason is that the reconstruction loss @eq:rec never asked the decoder anything
        about codes between or beyond the training codes:

        - no real garment was encoded in those regions during training, so the codes there do not
          stand for realistic items;
        - the decoder has never been trained to decode such codes, so what it returns there is
          whatever its weights happen to produce.

        Walking in a straight line from the code of a trouser to the code of an ankle boot shows the
        same thing (@fig:walk): between the two, the path crosses codes no image had, and the
        decoded images fade out before the boot appears.

        **Basic auto-encoders are not suited to generating images**: they are trained to
        reconstruct, not to generate. The variational auto-encoder changes the training so that the
        region a sampler draws from is exactly the region the decoder was trained on.
        """#)
    Claim("the walk passes through images fainter than half of either end") { ctx in
        let intensity = meanIntensities(try ctx[introCodes].walk)
        guard let first = intensity.first, let last = intensity.last else { return false }
        return intensity.dropFirst().dropLast().contains { $0 < min(first, last) / 2 }
    }
    Plot(
        "Decoded images along the straight line from the code of a trouser (left) to that of an ankle boot (right)",
        label: "fig:walk"
    ) { ctx in
        try ImageGrid(try ctx[introCodes].walk, columns: 9, width: 400)
    }
}

/// Column `j` of a 2-D tensor.
private func column(_ t: Tensor, _ j: Int) -> [Float] {
    (0..<t.rows).map { t.scalars[$0 * t.columns + j] }
}

/// Pearson correlation of two equally long samples.
private func introCorrelation(_ a: [Float], _ b: [Float]) -> Double {
    let n = Double(a.count)
    let ma = a.reduce(0) { $0 + Double($1) } / n
    let mb = b.reduce(0) { $0 + Double($1) } / n
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for (x, y) in zip(a, b) {
        sab += (Double(x) - ma) * (Double(y) - mb)
        saa += (Double(x) - ma) * (Double(x) - ma)
        sbb += (Double(y) - mb) * (Double(y) - mb)
    }
    return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
}

/// For each row of `points`, the Euclidean distance to the nearest row of `among` (not itself when `skipSelf`).
private func nearestDistances(_ points: Tensor, among: Tensor, skipSelf: Bool) -> [Double] {
    let d = points.columns
    return (0..<points.rows).map { i in
        var best = Double.infinity
        for k in 0..<among.rows where !(skipSelf && k == i) {
            var s = 0.0
            for j in 0..<d {
                let diff = Double(points.scalars[i * d + j] - among.scalars[k * d + j])
                s += diff * diff
            }
            best = min(best, s)
        }
        return best.squareRoot()
    }
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Mean and standard deviation of the first principal coordinate over the images of some classes.
private func groupStatistics(_ density: IntroDensity, classes: Set<Int>) -> (mean: Double, deviation: Double) {
    let values = density.scores.indices.filter { classes.contains(density.labels[$0]) }.map {
        Double(density.scores[$0])
    }
    let mean = values.reduce(0, +) / Double(max(values.count, 1))
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
    return (mean, variance.squareRoot())
}

/// The weights of an auto-encoder's first layer, one row per unit.
private func firstLayer(_ model: Autoencoder) throws -> Tensor {
    guard let layer = model.encoder.layers.first as? Dense else {
        throw TensorError("the auto-encoder should start with a dense layer")
    }
    return layer.weight.value
}

/// For each row of `a`, the largest |cosine similarity| with any row of `b`: 1 when `b` has the same filter,
/// in whatever position.
private func bestFilterMatches(_ a: Tensor, _ b: Tensor) throws -> [Double] {
    func normalised(_ t: Tensor) -> [[Double]] {
        (0..<t.rows).map { row in
            let w = (0..<t.columns).map { Double(t.scalars[row * t.columns + $0]) }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? w.map { $0 / norm } : w
        }
    }
    let left = normalised(a)
    let right = normalised(b)
    return left.map { u in right.map { v in abs(zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }) }.max() ?? 0 }
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

/// The mean pixel intensity of each row (image) of a tensor.
private func meanIntensities(_ images: Tensor) -> [Double] {
    (0..<images.rows).map { row in
        (0..<images.columns).reduce(0.0) { $0 + Double(images.scalars[row * images.columns + $1]) }
            / Double(images.columns)
    }
}

/// For each row of a row-major 8 x 8 matrix of |correlations|, its largest entry: how well a unit of the first
/// run is matched by its best partner in the second.
private func bestPartners(_ correlation: [Double]) -> [Double] {
    (0..<8).map { i in (0..<8).map { correlation[i * 8 + $0] }.max() ?? 0 }
}
