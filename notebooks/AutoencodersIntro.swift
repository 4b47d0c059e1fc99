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

/// An overcomplete and an undercomplete linear auto-encoder trained on clothing only, tested on clothing
/// and on the kinds of item they never saw (footwear and bags).
struct IntroIdentity: Codable, Sendable {
    var clothing: Tensor
    var unseen: Tensor
    var overcompleteOnClothing: Tensor
    var overcompleteOnUnseen: Tensor
    var undercompleteOnClothing: Tensor
    var undercompleteOnUnseen: Tensor
    var overcompleteClothingMSE: Double
    var overcompleteUnseenMSE: Double
    var undercompleteClothingMSE: Double
    var undercompleteUnseenMSE: Double
    /// The overcomplete encoder-decoder product restricted to the 28 pixels of the middle image row.
    var productBlock: [Float]
}

/// Auto-encoders 784-128-m for several m, with PCA at the same m.
struct IntroBottleneck: Codable, Sendable {
    var sizes: [Int]
    var originals: Tensor
    var reconstructions: [Tensor]
    var pcaReconstructions: [Tensor]
    var autoencoderMSE: [Double]
    var pcaMSE: [Double]
    var histories: [TrainingHistory]
    /// Decodes of one test image's 8-unit code with one unit swept over its range, unit after unit.
    var unitSweep: Tensor
    /// Mean absolute pixel change between the two ends of each unit's sweep.
    var unitEffect: [Double]
}

/// Two-dimensional codes of PCA and of two auto-encoders that differ only in their random seed.
struct IntroCodes: Codable, Sendable {
    var labels: [Int]
    var pca: Tensor
    var first: Tensor
    var second: Tensor
    var pcaMSE: Double
    var firstMSE: Double
    var secondMSE: Double
    var pcaPurity: Double
    var firstPurity: Double
    var secondPurity: Double
    /// |correlation| of unit i of the first run with unit j of the second, row-major 2 x 2.
    var unitCorrelation: [Double]
    /// Cosine similarity of first-layer unit i's weights in the first run and in the second, for every unit.
    var filterCosine: [Double]
    var firstFilters: Tensor
    var secondFilters: Tensor
    var boxSamples: Tensor
    var boxDecoded: Tensor
    /// Per box sample: distance to the nearest training code over the median nearest-neighbour distance of those codes.
    var boxRemoteness: [Double]
    var walk: Tensor
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

let introIdentity = Run("Train an overcomplete (784-1024) and an undercomplete (784-32) linear auto-encoder on clothing") {
    ctx in
    let clothing = densityGroups[0].classes
    let train = try FashionMNIST.load(.train, limit: 6_000).filtered(labels: clothing)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let seenTest = test.filtered(labels: clothing)
    let unseenTest = test.filtered(labels: Set(0..<10).subtracting(clothing))
    func linear(_ code: Int, _ name: String) throws -> Autoencoder {
        let model = try Autoencoder(sizes: [784, code], activation: .identity, output: .identity, rng: ctx.random(name))
        try model.fit(
            train, epochs: 5, optimizer: .adam(lr: 3e-3), rng: ctx.random(name + " batches"), progress: ctx.progress)
        return model
    }
    let over = try linear(1_024, "overcomplete")
    let under = try linear(32, "undercomplete")
    // The map x -> W_dec W_enc x on the pixels of the middle image row: the identity shows as a diagonal.
    guard let encoderLayer = over.encoder.layers.first as? Dense, let decoderLayer = over.decoder.layers.first as? Dense
    else { throw TensorError("the linear auto-encoder should have one dense layer each way") }
    let product = try decoderLayer.weight.value.matmul(encoderLayer.weight.value)  // [784, 784]
    let middle = (14 * 28)..<(15 * 28)
    var block: [Float] = []
    for i in middle { for j in middle { block.append(product.scalars[i * 784 + j]) } }
    let seen = try seenTest.inputs.rows(0..<8)
    let unseen = try unseenTest.inputs.rows(0..<8)
    return IntroIdentity(
        clothing: seen, unseen: unseen, overcompleteOnClothing: try over.reconstruct(seen),
        overcompleteOnUnseen: try over.reconstruct(unseen), undercompleteOnClothing: try under.reconstruct(seen),
        undercompleteOnUnseen: try under.reconstruct(unseen),
        overcompleteClothingMSE: try over.reconstructionError(seenTest.inputs),
        overcompleteUnseenMSE: try over.reconstructionError(unseenTest.inputs),
        undercompleteClothingMSE: try under.reconstructionError(seenTest.inputs),
        undercompleteUnseenMSE: try under.reconstructionError(unseenTest.inputs), productBlock: block)
}

let introBottleneck = Run("Train 784-128-v auto-encoders for v = 2, 8, 32, 128, and PCA-v") { ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let originals = try test.inputs.rows(0..<8)
    var reconstructions: [Tensor] = []
    var pcaReconstructions: [Tensor] = []
    var autoencoderMSE: [Double] = []
    var pcaMSE: [Double] = []
    var histories: [TrainingHistory] = []
    var sweep: [Float] = []
    var effect: [Double] = []
    for v in bottleneckSizes {
        let model = try Autoencoder(sizes: [784, 128, v], codeActivation: .identity, rng: ctx.random("init \(v)"))
        histories.append(
            try model.fit(
                train, epochs: 6, validation: test, rng: ctx.random("batches \(v)"), progress: ctx.progress))
        let pca = try PCA(fitting: train.inputs, components: v)
        reconstructions.append(try model.reconstruct(originals))
        pcaReconstructions.append(try pca.reconstruct(originals))
        autoencoderMSE.append(try model.reconstructionError(test.inputs))
        pcaMSE.append(try pca.reconstructionError(test.inputs))
        ctx.print("v = \(v): auto-encoder", autoencoderMSE.last ?? 0, " PCA", pcaMSE.last ?? 0)
        guard v == 8 else { continue }
        // Sweep each code unit of one test image over the range that unit takes on the test set.
        let codes = try CodeSet(codes: model.encode(test.inputs))
        let (low, high) = codes.box
        let start = try codes.code(0).scalars
        for unit in 0..<v {
            var rows: [Float] = []
            for step in 0..<unitSweepSteps {
                var code = start
                code[unit] = low[unit] + (high[unit] - low[unit]) * Float(step) / Float(unitSweepSteps - 1)
                rows += code
            }
            let decoded = try model.decode(Tensor(shape: [unitSweepSteps, v], scalars: rows)).scalars
            sweep += decoded
            let first = decoded[0..<784]
            let last = decoded[((unitSweepSteps - 1) * 784)...]
            effect.append(zip(first, last).map { Double(abs($0 - $1)) }.reduce(0, +) / 784)
        }
    }
    return IntroBottleneck(
        sizes: bottleneckSizes, originals: originals, reconstructions: reconstructions,
        pcaReconstructions: pcaReconstructions, autoencoderMSE: autoencoderMSE, pcaMSE: pcaMSE,
        histories: histories, unitSweep: try Tensor(shape: [sweep.count / 784, 784], scalars: sweep),
        unitEffect: effect)
}

let introCodes = Run("Train a 784-128-64-2 auto-encoder with two seeds, and fit PCA-2") { ctx in
    let train = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let pca = try PCA(fitting: train.inputs, components: 2)
    func run(_ name: String) throws -> Autoencoder {
        let model = try Autoencoder(sizes: [784, 128, 64, 2], codeActivation: .identity, rng: ctx.random("\(name) init"))
        try model.fit(train, epochs: 8, rng: ctx.random("\(name) batches"), progress: ctx.progress)
        return model
    }
    let first = try run("first")
    let second = try run("second")
    let pcaCodes = try CodeSet(encoding: test, with: pca)
    let firstCodes = try CodeSet(encoding: test, with: first)
    let secondCodes = try CodeSet(encoding: test, with: second)
    func purity(_ set: CodeSet) throws -> Double { try KMeans(set.codes, k: 10).purity(labels: set.labels) }
    var correlation: [Double] = []
    for i in 0..<2 {
        for j in 0..<2 {
            correlation.append(abs(introCorrelation(column(firstCodes.codes, i), column(secondCodes.codes, j))))
        }
    }
    func filters(_ model: Autoencoder) throws -> Tensor {
        guard let layer = model.encoder.layers.first as? Dense else { throw TensorError("no first dense layer") }
        return try layer.weight.value.rows(0..<16)
    }
    // "Generating" with a plain auto-encoder: uniform codes in the box the training codes span, and how far
    // each lies from the nearest training code, in units of the typical gap between neighbouring codes.
    let trainingCodes = try CodeSet(encoding: train, with: first)
    var boxStream = ctx.random("box")
    let samples = try trainingCodes.uniformSamples(count: 24, rng: &boxStream)
    let typical = median(nearestDistances(trainingCodes.codes, among: trainingCodes.codes, skipSelf: true))
    let remoteness = nearestDistances(samples, among: trainingCodes.codes, skipSelf: false).map { $0 / typical }
    // A walk between the codes of a trouser (test image 2) and an ankle boot (test image 0).
    let walk = try first.decode(codeLine(from: firstCodes.code(2), to: firstCodes.code(0), steps: 9))
    let result = IntroCodes(
        labels: test.labels, pca: pcaCodes.codes, first: firstCodes.codes, second: secondCodes.codes,
        pcaMSE: try pca.reconstructionError(test.inputs), firstMSE: try first.reconstructionError(test.inputs),
        secondMSE: try second.reconstructionError(test.inputs), pcaPurity: try purity(pcaCodes),
        firstPurity: try purity(firstCodes), secondPurity: try purity(secondCodes), unitCorrelation: correlation,
        filterCosine: try filterCosines(first, second),
        firstFilters: try filters(first), secondFilters: try filters(second), boxSamples: samples,
        boxDecoded: try first.decode(samples), boxRemoteness: remoteness, walk: walk)
    ctx.print("test MSE: PCA-2", result.pcaMSE, " first AE", result.firstMSE, " second AE", result.secondMSE)
    ctx.print("k-means purity: PCA-2", result.pcaPurity, " first AE", result.firstPurity, " second AE", result.secondPurity)
    ctx.print("|correlation| of units, first x second:", correlation)
    return result
}

let introFewLabels = Run("Pretrain an encoder on 8,000 images, then classify with 10 and 100 labels per class") { ctx in
    let unlabelled = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let model = try Autoencoder(sizes: [784, 128, 64, 32], rng: ctx.random("init"))
    try model.fit(unlabelled, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    var outcomes: [[FewLabelsOutcome]] = []
    for perClass in fewLabelSizes {
        let labelled = try unlabelled.labelledSubset(perClass: perClass, rng: ctx.random("labels \(perClass)"))
        let result = try model.compareFewLabels(labelled: labelled, test: test, rng: ctx.random("classifiers \(perClass)"))
        for outcome in result { ctx.print("\(perClass) per class:", outcome.approach.title, outcome.testAccuracy) }
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

        Throughout, the data are Fashion-MNIST images: $d = 784$ grey values of 28 x 28 pixels,
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
                group.name, values: density.scores.indices.filter { group.classes.contains(density.labels[$0]) }.map { density.scores[$0] })
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
            Footwear sits at a mean coordinate of \#(footwear.mean, digits: 1), clothing at
            \#(clothing.mean, digits: 1), each with a spread (standard deviation) of about
            \#(max(footwear.deviation, clothing.deviation), digits: 1) at most. Generation would mean
            drawing new values where the histogram is high; clustering would mean cutting it at its
            valleys.
            """#
    }
    Claim("footwear and clothing are separated along the first principal coordinate by more than either group's standard deviation") { ctx in
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
        let examples = try ctx[introDensity].examples
        let image = Array(try examples.rows(0..<1).scalars)
        let boot = try DiagramNode.thumbnail(pixels: image, width: 28, height: 28)
        return try Diagram(
            nodes: [
                DiagramNode("cx", "", shape: boot, row: 0, column: 0, caption: "image $x$"),
                DiagramNode("net", "classifier", shape: .trapezoid(narrowing: .right), row: 0, column: 1, color: Palette.okabeIto[2]),
                DiagramNode("y", "“ankle boot”", shape: .roundedBox, row: 0, column: 2, caption: "label $y$"),
                DiagramNode("label", "$L(y, \\hat{y})$", shape: .roundedBox, row: 0, column: 4, color: Palette.okabeIto[3]),
                DiagramNode("x", "", shape: boot, row: 1, column: 0, caption: "image $x$"),
                DiagramNode("f", "$f_\\phi$", shape: .trapezoid(narrowing: .right), row: 1, column: 1, color: Palette.okabeIto[0]),
                DiagramNode("z", "$z$", shape: .circle, row: 1, column: 2, caption: "code"),
                DiagramNode("g", "$g_\\theta$", shape: .trapezoid(narrowing: .left), row: 1, column: 3, color: Palette.okabeIto[1]),
                DiagramNode("xhat", "$\\hat{x}$", shape: .circle, row: 1, column: 4, caption: "reconstruction"),
                DiagramNode("rec", "$L_{rec}(x, \\hat{x})$", shape: .roundedBox, row: 1, column: 5, color: Palette.okabeIto[3]),
            ],
            edges: [
                DiagramEdge("cx", "net"), DiagramEdge("net", "y"), DiagramEdge("y", "label", label: "compared with the given label"),
                DiagramEdge("x", "f"), DiagramEdge("f", "z"), DiagramEdge("z", "g"), DiagramEdge("g", "xhat"),
                DiagramEdge("xhat", "rec"),
                DiagramEdge("x", "rec", label: "compared with the input itself", route: .below, dashed: true),
            ],
            groups: [DiagramGroup("supervised", members: ["net"]), DiagramGroup("auto-encoder", members: ["f", "z", "g"])])
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
        We can watch a network drift towards this solution. Two *linear* auto-encoders train for
        the same five epochs on the clothing of the first 6,000 training images (tops, trousers,
        dresses, coats, shirts; no footwear, no bags): an overcomplete one whose code has 1,024
        numbers, more than the 784 pixels, and an undercomplete one with 32. We then give both
        test images of clothing and of the kinds they never saw, footwear and bags.
        """#)
    introIdentity
    Plot(
        "Test images of clothing (row 1) and of footwear and bags (row 4), which neither model saw in training, with their reconstructions by the overcomplete linear auto-encoder (rows 2 and 5) and the undercomplete one (rows 3 and 6)",
        label: "fig:identity"
    ) { ctx in
        let r = try ctx[introIdentity]
        let rows = [
            r.clothing, r.overcompleteOnClothing, r.undercompleteOnClothing, r.unseen, r.overcompleteOnUnseen,
            r.undercompleteOnUnseen,
        ]
        return try ImageGrid(
            pixels: rows.flatMap(\.scalars), imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["clothing", "v = 1,024", "v = 32", "unseen kinds", "v = 1,024", "v = 32"], width: 400)
    }
    Plot(
        "The overcomplete auto-encoder's end-to-end linear map, decoder weights times encoder weights, between the 28 pixels of the middle image row: a bright diagonal on a dark background is the identity",
        label: "fig:identity-map"
    ) { ctx in
        try Heatmap(
            values: try ctx[introIdentity].productBlock, rows: 28, columns: 28, xLabel: "input pixel (column)",
            yLabel: "output pixel (column)", colormap: .diverging, symmetric: true, colorBarLabel: "weight",
            size: Size(320, 270))
    }
    Markdown { ctx in
        let r = try ctx[introIdentity]
        let (diagonal, offDiagonal) = diagonalDominance(r.productBlock, side: 28)
        return #"""
            @fig:identity and @fig:identity-map show the trivial solution taking shape. On clothing,
            the error per pixel is \#(r.overcompleteClothingMSE, digits: 4) for the overcomplete model
            and \#(r.undercompleteClothingMSE, digits: 4) for the undercomplete one. On footwear and
            bags, which neither saw, the undercomplete model's error rises to
            \#(r.undercompleteUnseenMSE, digits: 4), \#(r.undercompleteUnseenMSE / r.undercompleteClothingMSE, digits: 1)
            times its error on clothing: its 32 numbers describe clothing, and a sandal comes back
            looking like a blurred top. The overcomplete model reaches \#(r.overcompleteUnseenMSE, digits: 4)
            on them: it reproduces items it has never seen because it is learning to copy pixels, not
            what clothing looks like. Its end-to-end map is on its way to the identity: the diagonal
            entries average \#(diagonal, digits: 2) (the identity has 1), the others
            \#(offDiagonal, digits: 3) in absolute value.

            The remedy is a **bottleneck**: a code with fewer numbers than the input has, @eq:bottleneck.
            """#
    }
    Claim("on footwear and bags the overcomplete auto-encoder's error is less than half the undercomplete one's") { ctx in
        let r = try ctx[introIdentity]
        return r.overcompleteUnseenMSE < r.undercompleteUnseenMSE / 2
    }
    Claim("the undercomplete auto-encoder does markedly worse on the unseen kinds than on clothing (over 1.5 times)") { ctx in
        let r = try ctx[introIdentity]
        return r.undercompleteUnseenMSE > 1.5 * r.undercompleteClothingMSE
    }
    Claim("the diagonal of the overcomplete end-to-end map dominates the rest") { ctx in
        let (diagonal, offDiagonal) = diagonalDominance(try ctx[introIdentity].productBlock, side: 28)
        return diagonal > 5 * offDiagonal
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
            pixels: rows.flatMap(\.scalars), imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["original"] + r.sizes.map { "v = \($0)" } + ["PCA-32"], width: 400)
    }
    Plot(
        "Test error against the code size: the auto-encoder's error (blue) and PCA's (orange) both fall as the bottleneck widens",
        label: "fig:bottleneck-error"
    ) { ctx in
        let r = try ctx[introBottleneck]
        let v = r.sizes.map(Double.init)
        return LinePlot(
            [Series(name: "auto-encoder 784-128-v", x: v, y: r.autoencoderMSE), Series(name: "PCA-v", x: v, y: r.pcaMSE)],
            xLabel: "code size v", yLabel: "test MSE per pixel", size: Size(380, 240), logY: true, logX: true)
    }
    Plot(
        "Training (solid) and validation (dashed) loss per epoch for each code size: the wider the code, the lower the curve",
        label: "fig:bottleneck-loss"
    ) { ctx in
        let r = try ctx[introBottleneck]
        return LossPlot(
            zip(r.sizes, r.histories).map { LossCurve("v = \($0)", train: $1.epochLoss, validation: $1.validationLoss) },
            yLabel: "MSE per pixel", logY: true, size: Size(380, 250))
    }
    Markdown { ctx in
        let r = try ctx[introBottleneck]
        let errors = zip(r.sizes, zip(r.autoencoderMSE, r.pcaMSE)).map { v, mse in
            "\(mse.0, digits: 4) at $v = \(v)$ (PCA: \(mse.1, digits: 4))"
        }
        let crossing = zip(r.sizes, zip(r.autoencoderMSE, r.pcaMSE)).first { $1.0 > $1.1 }.map(\.0)
        let comparison =
            crossing.map {
                "The auto-encoder beats PCA while the code is small; from $v = \($0)$ on, PCA's optimal linear projection is ahead of an auto-encoder trained for only six epochs."
            } ?? "The auto-encoder's error is below PCA's at every size."
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
    Claim("with a 2-number code the auto-encoder reconstructs better than PCA") { ctx in
        let r = try ctx[introBottleneck]
        return r.autoencoderMSE[0] < r.pcaMSE[0]
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

        The first two are visible in two-dimensional codes, which we can draw. We train the deep
        auto-encoder 784-128-64-2 twice on the same 8,000 images, with different seeds for the
        initial weights and the batch order, and fit PCA with two components beside them.
        """#)
    introCodes
    Plot(
        "Test images by their 2-D code: PCA (left) and the same auto-encoder trained with two different seeds (middle, right); the two runs arrange the classes differently",
        label: "fig:codes"
    ) { ctx in
        let r = try ctx[introCodes]
        return try CodeScatter(
            [
                CodePanel("PCA", codes: r.pca.scalars, labels: r.labels, xLabel: "component 1", yLabel: "component 2"),
                CodePanel("auto-encoder, seed 1", codes: r.first.scalars, labels: r.labels),
                CodePanel("auto-encoder, seed 2", codes: r.second.scalars, labels: r.labels),
            ], classNames: FashionMNIST.classNames, size: Size(640, 230))
    }
    Markdown { ctx in
        let r = try ctx[introCodes]
        return #"""
            Neither PCA nor the auto-encoders saw a label, yet in @fig:codes items of one kind gather
            in one region: footwear in one place, trousers in another, while the upper-body garments
            (T-shirts, pullovers, coats, shirts) overlap in a large cloud. To put a number on it, we
            let k-means split each code space into 10 clusters and count how many images share their
            cluster's most common label: \#(r.pcaPurity, percent: 0) for PCA,
            \#(r.firstPurity, percent: 0) and \#(r.secondPurity, percent: 0) for the two auto-encoder
            runs. The auto-encoders' codes also reconstruct better: test errors per pixel of
            \#(r.firstMSE, digits: 4) and \#(r.secondMSE, digits: 4), against \#(r.pcaMSE, digits: 4)
            for PCA.

            The two runs are equally good, but they lay the classes out differently, so "code unit 1"
            means something else in each: the strongest correlation between a unit of one run and a
            unit of the other is \#(r.unitCorrelation.max() ?? 0, digits: 2) in absolute value.

            The first layer tells the same story. Each of its units weighs the 784 pixels; drawn as an
            image (@fig:filters, blue negative, red positive), a unit's weights show the pattern it
            responds to. Unit by unit, the two runs learned different patterns: the cosine similarity
            between a unit's weights in the two runs averages \#(mean(r.filterCosine.map(abs)), digits: 2)
            in absolute value (1 would be the same filter).
            """#
    }
    Claim("k-means on either auto-encoder's 2-D codes recovers the classes better than on PCA's") { ctx in
        let r = try ctx[introCodes]
        return r.firstPurity > r.pcaPurity && r.secondPurity > r.pcaPurity
    }
    Claim("both auto-encoders reconstruct better than PCA with two components") { ctx in
        let r = try ctx[introCodes]
        return r.firstMSE < r.pcaMSE && r.secondMSE < r.pcaMSE
    }
    Claim("the two runs reconstruct equally well, within 15%") { ctx in
        let r = try ctx[introCodes]
        return abs(r.firstMSE - r.secondMSE) < 0.15 * min(r.firstMSE, r.secondMSE)
    }
    Claim("no code unit of one run is a copy of a unit of the other (|correlation| below 0.95)") { ctx in
        (try ctx[introCodes].unitCorrelation.max() ?? 1) < 0.95
    }
    Claim("the filters of the two runs differ unit by unit (mean |cosine| below 0.3)") { ctx in
        mean(try ctx[introCodes].filterCosine.map(abs)) < 0.3
    }
    Plot(
        "Weights of the first 16 units of the first layer in the run with seed 1 (top two rows) and seed 2 (bottom two rows), each scaled symmetrically around 0: unit by unit, the two runs learned different filters",
        label: "fig:filters"
    ) { ctx in
        let r = try ctx[introCodes]
        return try ImageGrid(
            pixels: r.firstFilters.scalars + r.secondFilters.scalars, imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["seed 1", "", "seed 2", ""], colormap: .diverging, scaling: .symmetricEachImage, width: 400)
    }
    Markdown(
        #"""
        To see what a code unit stands for, we change it alone. The auto-encoder with an 8-number
        code of @sec:tradeoff encodes a test image; we then move one of the eight numbers from the
        smallest to the largest value it takes on the test set, keep the other seven, and decode
        (@fig:one-unit).
        """#)
    Plot(
        "Decoding after changing one code unit: each row moves one of the 8 code units of the first test image from its smallest to its largest test value; some units change the silhouette, others mostly the brightness, some little at all",
        label: "fig:one-unit"
    ) { ctx in
        let r = try ctx[introBottleneck]
        return try ImageGrid(
            pixels: r.unitSweep.scalars, imageWidth: 28, imageHeight: 28, columns: unitSweepSteps,
            rowLabels: (1...(r.unitSweep.rows / unitSweepSteps)).map { "unit \($0)" },
            columnLabels: ["min"] + Array(repeating: "", count: unitSweepSteps - 2) + ["max"], width: 330)
    }
    Markdown { ctx in
        let effect = try ctx[introBottleneck].unitEffect
        let strongest = (effect.indices.max { effect[$0] < effect[$1] } ?? 0) + 1
        let weakest = (effect.indices.min { effect[$0] < effect[$1] } ?? 0) + 1
        return #"""
            Reading @fig:one-unit row by row is how one finds out what a trained auto-encoder encodes,
            and the units are far from equal: between the two ends of its sweep, unit \#(strongest)
            changes the pixels by \#(effect.max() ?? 0, digits: 3) on average, unit \#(weakest) by only
            \#(effect.min() ?? 0, digits: 3). What each unit does has to be found out this way for
            every unit, and again after every new training run.
            """#
    }
    Claim("the strongest code unit changes the decoded image at least three times as much as the weakest") { ctx in
        let effect = try ctx[introBottleneck].unitEffect
        return (effect.max() ?? 0) > 3 * (effect.min() ?? 0)
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
        "A convolutional auto-encoder: two stride-2 convolutions shrink 28 x 28 images to 7 x 7 feature maps, two transposed convolutions restore them",
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

        @fig:codes showed that an auto-encoder groups similar images without labels. That is useful
        when the goal is a classifier but labels are scarce: the labelled set
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
        let frozen = try NetworkDiagram(Classifier(sizes: [32, 10], features: encoder, trainFeatures: false), title: "approach 1: frozen")
        let tuned = try NetworkDiagram(Classifier(sizes: [32, 10], features: encoder, trainFeatures: true), title: "approach 2: fine-tuned")
        return SideBySide([frozen, tuned], gap: 16)
    }
    Markdown(
        #"""
        We pretrain the auto-encoder 784-128-64-32 on 8,000 training images without their labels,
        then draw 10 and 100 labelled images per class from the same images and compare four
        classifiers on 1,000 test images: the two approaches, the same network trained from random
        weights on the labels alone, and softmax regression on the raw pixels.
        """#)
    introFewLabels
    Markdown { ctx in
        let r = try ctx[introFewLabels]
        let header = "| classifier | " + r.perClass.map { "\($0) labels per class" }.joined(separator: " | ") + " |"
        let rule = "|:--|" + r.perClass.map { _ in "--:|" }.joined()
        let rows = FewLabelsApproach.allCases.map { approach in
            "| \(approach.title) | "
                + r.outcomes.map { outcomes in
                    outcomes.first { $0.approach == approach }.map { "\($0.testAccuracy, percent: 1)" } ?? "–"
                }.joined(separator: " | ") + " |"
        }
        return ([
            "Test accuracy on 1,000 test images (the auto-encoder itself reconstructs its test images with an error of \(r.pretrainMSE, digits: 4) per pixel):",
            "", header, rule,
        ] + rows).joined(separator: "\n")
    }
    Markdown(
        #"""
        # Why a plain auto-encoder does not generate {#sec:generate}

        A decoder turns codes into images, so it is tempting to use it for making new images:

        1. draw a random code $z$, for example uniformly between the smallest and the largest value,
           $[\min, \max]$, that each code unit took on the training data;
        2. decode it.

        @fig:box-codes marks 24 such codes on the 2-D codes of the auto-encoder of @fig:codes (seed
        1), and @fig:box-images shows what the decoder makes of them.
        """#)
    Plot(
        "The 2-D codes of 1,000 test images in the auto-encoder with seed 1 (grey) and 24 codes drawn uniformly from the box the training codes span (blue): many fall where no image was encoded",
        label: "fig:box-codes"
    ) { ctx in
        let r = try ctx[introCodes]
        return try Scatter2D(
            points: r.first.scalars, overlays: [.points("uniform samples", r.boxSamples.scalars.map(Double.init))],
            xLabel: "code 1", yLabel: "code 2", name: "test codes", equalAspect: false, alpha: 0.4,
            size: Size(360, 280))
    }
    Plot(
        "The 24 uniform codes decoded, ordered from the one closest to a training code (top left) to the farthest (bottom right)",
        label: "fig:box-images"
    ) { ctx in
        let r = try ctx[introCodes]
        let order = r.boxRemoteness.indices.sorted { r.boxRemoteness[$0] < r.boxRemoteness[$1] }
        let images = try order.flatMap { try r.boxDecoded.rows($0..<($0 + 1)).scalars }
        return try ImageGrid(pixels: images, imageWidth: 28, imageHeight: 28, columns: 12, width: 440)
    }
    Markdown { ctx in
        let remoteness = try ctx[introCodes].boxRemoteness
        let far = remoteness.filter { $0 > 3 }.count
        return #"""
            Measured in units of the typical distance between a training code and its nearest
            neighbour, \#(far) of the \#(remoteness.count) sampled codes lie more than three units
            from every training code, the farthest \#(remoteness.max() ?? 0, digits: 0) units. Some of
            the decoded images look like garments; others are blends of several kinds, or smudges.
            """#
    }
    Claim("some uniform samples lie far (over three typical neighbour gaps) from every training code") { ctx in
        try ctx[introCodes].boxRemoteness.contains { $0 > 3 }
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
        same thing (@fig:walk): the images in between belong to no class.

        **Basic auto-encoders are not suited to generating images**: they are trained to
        reconstruct, not to generate. The variational auto-encoder changes the training so that the
        region a sampler draws from is exactly the region the decoder was trained on.
        """#)
    Plot(
        "Decoded images along the straight line from the code of a trouser (left) to that of an ankle boot (right)",
        label: "fig:walk"
    ) { ctx in
        try ImageGrid(pixels: try ctx[introCodes].walk.scalars, imageWidth: 28, imageHeight: 28, columns: 9, width: 400)
    }
}

/// Figures placed next to each other on one baseline (two network diagrams, two 3-D views).
struct SideBySide: Drawable {
    let parts: [any Drawable]
    let gap: Double
    init(_ parts: [any Drawable], gap: Double = 12) {
        self.parts = parts
        self.gap = gap
    }
    var width: Double { parts.map(\.width).reduce(0, +) + gap * Double(max(parts.count - 1, 0)) }
    var ascent: Double { parts.map(\.ascent).max() ?? 0 }
    var descent: Double { parts.map(\.descent).max() ?? 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        var x = origin.x
        for part in parts {
            part.draw(on: canvas, at: Point(x, origin.y))
            x += part.width + gap
        }
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
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Mean and standard deviation of the first principal coordinate over the images of some classes.
private func groupStatistics(_ density: IntroDensity, classes: Set<Int>) -> (mean: Double, deviation: Double) {
    let values = density.scores.indices.filter { classes.contains(density.labels[$0]) }.map { Double(density.scores[$0]) }
    let mean = values.reduce(0, +) / Double(max(values.count, 1))
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
    return (mean, variance.squareRoot())
}

/// Mean diagonal entry and mean absolute off-diagonal entry of a square row-major matrix.
private func diagonalDominance(_ matrix: [Float], side: Int) -> (diagonal: Double, offDiagonal: Double) {
    var diagonal = 0.0
    var offDiagonal = 0.0
    for i in 0..<side {
        for j in 0..<side {
            let value = Double(matrix[i * side + j])
            if i == j { diagonal += value } else { offDiagonal += abs(value) }
        }
    }
    return (diagonal / Double(side), offDiagonal / Double(side * (side - 1)))
}

/// Cosine similarity between each first-layer unit's weights in two auto-encoders of the same shape.
private func filterCosines(_ a: Autoencoder, _ b: Autoencoder) throws -> [Double] {
    guard let first = a.encoder.layers.first as? Dense, let second = b.encoder.layers.first as? Dense else {
        throw TensorError("the auto-encoders should start with a dense layer")
    }
    let wa = first.weight.value
    let wb = second.weight.value
    let inputs = wa.columns
    return (0..<wa.rows).map { unit in
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for j in 0..<inputs {
            let x = Double(wa.scalars[unit * inputs + j])
            let y = Double(wb.scalars[unit * inputs + j])
            dot += x * y
            na += x * x
            nb += y * y
        }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
