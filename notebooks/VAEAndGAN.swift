import Foundation
import Lectern

// The companion of the lecture "Auto-encoders, VAEs and GANs": from the auto-encoder's bottleneck to the two
// generative models, every figure from models trained here on Fashion-MNIST.

/// Training and test images of the models with two-dimensional codes (the auto-encoder and both VAEs).
private let codeTrainImages = 6_000
private let codeTestImages = 1_000
/// The auto-encoder and the VAEs train for the same number of epochs, so their comparison is fair.
private let codeEpochs = 10
/// Tiles per side of the decoded latent grid.
private let gridSide = 16
/// Images along an interpolation path, ends included.
private let walkSteps = 10
/// The test images the interpolation joins: a sneaker (9th test image) and a pullover (2nd).
private let walkEnds = (from: 9, to: 1)
/// The KL weight of the loosely regularised VAE.
private let smallKLWeight: Float = 0.05
/// Generator steps of each GAN, and when its samples are kept.
private let ganIterations = 1_500
private let ganSnapshots = [50, 200, 500, 1_000, 1_500]

/// Reconstructions at several code sizes: the bottleneck's trade-off.
private struct BottleneckRun: Codable, Sendable {
    var codeSizes: [Int]
    var testMSE: [Double]
    var originals: Tensor
    /// One [8, 784] block per code size.
    var reconstructions: [Tensor]
}

/// A plain auto-encoder with a two-dimensional code.
private struct PlainAERun: Codable, Sendable {
    var history: TrainingHistory
    var testMSE: Double
    var codes: Tensor
    var labels: [Int]
    /// Codes drawn uniformly from the box the test codes span, and their decodings.
    var boxCodes: Tensor
    var boxSamples: Tensor
    var walk: Tensor
}

/// A VAE with a two-dimensional latent space and the figures drawn from it.
private struct VAERun: Codable, Sendable {
    var klWeight: Float
    var history: TrainingHistory
    var terms: VariationalAutoencoder.MeanTerms
    var testMSE: Double
    var codes: Tensor
    var labels: [Int]
    var priorSamples: Tensor
    var grid: Tensor
    var walk: Tensor
    /// One row of `attributeAlphas.count` images per attribute example.
    var attributes: Tensor
}

/// One GAN's training: both players' losses, the discriminator's view of fakes and reals, samples over time.
private struct GANRun: Codable, Sendable {
    var history: GANHistory
    /// Generator steps at which `realOnFakes` and `realOnData` were measured.
    var probeSteps: [Int]
    /// Mean D(G(z)) over 256 fixed noise vectors.
    var realOnFakes: [Double]
    /// Mean D(x) over 256 training images.
    var realOnData: [Double]
    /// Ten samples of fixed noise at each of `ganSnapshots`, [snapshots * 10, 784].
    var snapshots: Tensor
    /// Fakes along the line between two noise vectors, after training.
    var walk: Tensor
}

private struct VAEPair: Codable, Sendable {
    var tight: VAERun
    var loose: VAERun
}

/// Occupied cells of a grid with ten bins per axis, for dimensions 1 to 8: counted and expected.
private struct EmptySpace: Codable, Sendable {
    var measured: [Double]
    var expected: [Double]
}

private struct GANPair: Codable, Sendable {
    var nonSaturating: GANRun
    var saturating: GANRun
}

/// A discriminator trained on two fixed 1-D distributions, against the optimal one.
private struct DiscriminatorCheck: Codable, Sendable {
    var x: [Double]
    var learned: [Double]
    var optimal: [Double]
    var dataDensity: [Double]
    var modelDensity: [Double]
    /// J(D) with the learned and with the optimal discriminator, and 2 D_JS - 2 log 2.
    var valueLearned: Double
    var valueOptimal: Double
    var jensenShannonForm: Double
}

/// The attribute examples: a test image of one class moved toward the mean code of another.
private let attributeExamples = [(from: 0, toward: 9), (from: 7, toward: 3), (from: 2, toward: 8)]
private let attributeAlphas: [Float] = [0, 0.25, 0.5, 0.75, 1]

private let bottlenecks = Run("Auto-encoders with codes of 2, 8 and 32 numbers") { ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let sizes = [2, 8, 32]
    var mse: [Double] = []
    var reconstructions: [Tensor] = []
    for m in sizes {
        let model = try Autoencoder(sizes: [784, 128, m], codeActivation: .identity, rng: ctx.random("init.\(m)"))
        try model.fit(train, epochs: 5, rng: ctx.random("batches.\(m)"), progress: ctx.progress)
        mse.append(try model.reconstructionError(test.inputs))
        reconstructions.append(try model.reconstruct(test.inputs.rows(0..<8)))
    }
    return BottleneckRun(
        codeSizes: sizes, testMSE: mse, originals: try test.inputs.rows(0..<8), reconstructions: reconstructions)
}

private let plainAE = Run("Train the auto-encoder with a 2-D code") { ctx in
    let train = try FashionMNIST.load(.train, limit: codeTrainImages)
    let test = try FashionMNIST.load(.test, limit: codeTestImages)
    let model = try Autoencoder(sizes: [784, 256, 2], codeActivation: .identity, rng: ctx.random("init"))
    let history = try model.fit(
        train, epochs: codeEpochs, batchSize: 100, optimizer: .adam(lr: 2e-3), validation: test,
        rng: ctx.random("batches"), progress: ctx.progress)
    let codes = try CodeSet(encoding: test, with: model)
    var box = ctx.random("box")
    let boxCodes = try codes.uniformSamples(count: 30, rng: &box)
    let run = PlainAERun(
        history: history, testMSE: try model.reconstructionError(test.inputs), codes: codes.codes,
        labels: test.labels, boxCodes: boxCodes, boxSamples: try model.decode(boxCodes),
        walk: try model.decode(
            codeLine(from: codes.code(walkEnds.from), to: codes.code(walkEnds.to), steps: walkSteps)))
    return run
}

private let emptySpace = Run("Occupied cells of a 10-bin grid for 10,000 uniform points", echo: false) { ctx in
    var rng = ctx.random("points")
    var measured: [Double] = []
    var expected: [Double] = []
    let n = 10_000
    for d in 1...8 {
        var occupied = Set<Int>()
        for _ in 0..<n {
            var cell = 0
            for _ in 0..<d { cell = cell * 10 + min(Int(rng.uniform() * 10), 9) }
            occupied.insert(cell)
        }
        let cells = pow(10.0, Double(d))
        measured.append(Double(occupied.count) / cells)
        expected.append(1 - pow(1 - 1 / cells, Double(n)))
    }
    return EmptySpace(measured: measured, expected: expected)
}

private let vaes = Run("Train a VAE with lambda = 1 and one with lambda = 0.05, same data and epochs") { ctx in
    let train = try FashionMNIST.load(.train, limit: codeTrainImages)
    let test = try FashionMNIST.load(.test, limit: codeTestImages)
    var runs: [VAERun] = []
    for weight in [Float(1), smallKLWeight] {
        let model = try VariationalAutoencoder(inputs: 784, hidden: [256], latent: 2, rng: ctx.random("init"))
        let history = try model.fit(
            train.inputs, epochs: codeEpochs, klWeight: weight, batchSize: 100, optimizer: .adam(lr: 2e-3),
            validation: test.inputs, rng: ctx.random("fit"), progress: ctx.progress)
        let codes = try CodeSet(encoding: test, with: model)
        var prior = ctx.random("prior")
        var attributes: [Float] = []
        for example in attributeExamples {
            let start = try codes.code(test.labels.firstIndex(of: example.from) ?? 0)
            attributes += try model.decode(
                model.attributeShift(start, toward: codes.classMean(example.toward), alphas: attributeAlphas)
            ).scalars
        }
        let run = VAERun(
            klWeight: weight, history: history, terms: try model.meanTerms(test.inputs, rng: ctx.random("terms")),
            testMSE: Double(try (model(test.inputs) - test.inputs).map { $0 * $0 }.mean()),
            codes: codes.codes, labels: test.labels, priorSamples: try model.sample(count: 30, rng: &prior),
            grid: try model.decodeGrid(side: gridSide),
            walk: try model.interpolate(
                from: test.inputs.rows(walkEnds.from..<(walkEnds.from + 1)),
                to: test.inputs.rows(walkEnds.to..<(walkEnds.to + 1)), steps: walkSteps),
            attributes: try Tensor(shape: [attributeExamples.count * attributeAlphas.count, 784], scalars: attributes))
        runs.append(run)
    }
    return VAEPair(tight: runs[0], loose: runs[1])
}

private let discriminator = Run("A 1-D discriminator against the optimal one", echo: false) { ctx in
    var rng = ctx.random("samples")
    let n = 4_000
    let real = rng.normal([n, 1], mean: 1.5, std: 0.5)
    let fake = rng.normal([n, 1], mean: -0.5, std: 1)
    let inputs = try Tensor(shape: [2 * n, 1], scalars: real.scalars + fake.scalars)
    let labels = [Int](repeating: 1, count: n) + [Int](repeating: 0, count: n)
    var weights = ctx.random("init")
    let net = Sequential([
        Dense(1, 32, activation: .leakyReLU(slope: 0.2), rng: &weights),
        Dense(32, 32, activation: .leakyReLU(slope: 0.2), rng: &weights), Dense(32, 1, rng: &weights),
    ])
    var trainer = Trainer(epochs: 30, batchSize: 100, optimizer: .adam(lr: 3e-3), rng: ctx.random("order"))
    _ = try trainer.fit(parameters: net.parameters, inputs: inputs, labels: labels) { batch, tape in
        let targets = try Tensor(shape: [batch.count, 1], scalars: batch.labels.map(Float.init))
        return try Loss.binaryCrossEntropy(logits: net.forward(Var(batch.inputs), tape: tape), targets: Var(targets))
    }
    func density(_ x: Double, _ mean: Double, _ std: Double) -> Double {
        exp(-0.5 * (x - mean) * (x - mean) / (std * std)) / (std * (2 * Double.pi).squareRoot())
    }
    let xs = (0..<601).map { -4 + 7 * Double($0) / 600 }  // where the figure shows D
    let learned = Activation.sigmoid(try net(Tensor(shape: [xs.count, 1], scalars: xs.map { Float($0) }))).scalars
    let pData = xs.map { density($0, 1.5, 0.5) }
    let pModel = xs.map { density($0, -0.5, 1) }
    let optimal = zip(pData, pModel).map { $0 / ($0 + $1) }
    // J(D) = E_data[log D] + E_model[log(1 - D)] and the Jensen–Shannon divergence, by quadrature on a grid
    // wide enough that both densities vanish at its ends.
    let wide = (0..<4001).map { -9 + 17 * Double($0) / 4000 }
    let dx = wide[1] - wide[0]
    let wideLearned = Activation.sigmoid(try net(Tensor(shape: [wide.count, 1], scalars: wide.map { Float($0) })))
        .scalars.map(Double.init)
    let wideData = wide.map { density($0, 1.5, 0.5) }
    let wideModel = wide.map { density($0, -0.5, 1) }
    func value(_ d: [Double]) -> Double {
        (0..<wide.count).reduce(0.0) { sum, i in
            sum + dx * (wideData[i] * log(max(d[i], 1e-300)) + wideModel[i] * log(max(1 - d[i], 1e-300)))
        }
    }
    let js = (0..<wide.count).reduce(0.0) { sum, i in
        let m = 0.5 * (wideData[i] + wideModel[i])
        func term(_ p: Double) -> Double { p > 0 ? p * log(p / m) : 0 }
        return sum + dx * 0.5 * (term(wideData[i]) + term(wideModel[i]))
    }
    let wideOptimal = zip(wideData, wideModel).map { $0 + $1 > 0 ? $0 / ($0 + $1) : 0.5 }
    let check = DiscriminatorCheck(
        x: xs, learned: learned.map(Double.init), optimal: optimal, dataDensity: pData, modelDensity: pModel,
        valueLearned: value(wideLearned), valueOptimal: value(wideOptimal),
        jensenShannonForm: 2 * js - 2 * log(2))
    return check
}

private let gans = Run("Train two GANs: non-saturating and saturating generator loss", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: codeTrainImages)
    var noise = ctx.random("probe")
    let snapshotNoise = noise.normal([10, 32])
    let probeNoise = noise.normal([256, 32])
    let probeImages = try train.inputs.rows(0..<256)
    var runs: [GANRun] = []
    for loss in [GAN.GeneratorLoss.nonSaturating, .saturating] {
        let gan = try GAN(
            dataSize: 784, noiseSize: 32, generatorHidden: [128], discriminatorHidden: [128], output: .sigmoid,
            rng: ctx.random("init"))
        var probeSteps: [Int] = []
        var realOnFakes: [Double] = []
        var realOnData: [Double] = []
        var snapshots: [Float] = []
        var probeError: (any Error)?
        let history = try gan.fit(
            train.inputs, iterations: ganIterations, batchSize: 64, generatorLoss: loss,
            optimizer: .adam(lr: 5e-4, beta1: 0.5), rng: ctx.random("fit")
        ) { progress in
            ctx.progress(progress)
            let step = progress.globalStep
            do {
                if step % 25 == 0 || step == 1 {
                    probeSteps.append(step)
                    realOnFakes.append(meanProbability(try gan.realProbability(gan.generate(noise: probeNoise))))
                    realOnData.append(meanProbability(try gan.realProbability(probeImages)))
                }
                if ganSnapshots.contains(step) { snapshots += try gan.generate(noise: snapshotNoise).scalars }
            } catch { probeError = error }
        }
        if let probeError { throw probeError }
        let run = GANRun(
            history: history, probeSteps: probeSteps, realOnFakes: realOnFakes, realOnData: realOnData,
            snapshots: try Tensor(shape: [snapshots.count / 784, 784], scalars: snapshots),
            walk: try gan.generate(
                noise: codeLine(from: snapshotNoise.rows(0..<1), to: snapshotNoise.rows(9..<10), steps: walkSteps)))
        runs.append(run)
    }
    return GANPair(nonSaturating: runs[0], saturating: runs[1])
}

let vaeAndGAN = Notebook(
    id: "vae-and-gan", title: "Auto-Encoders, VAEs and GANs", author: "Lectern", seed: 29
) {
    Markdown(
        #"""
        # Learning without labels {#sec:unsupervised}

        Labels are the expensive part of a data set: someone who knows the subject has to look at
        every example, and a label collected in one setting rarely covers the next. Images, sounds
        and texts without labels, on the other hand, are cheap. *Unsupervised learning* asks what can
        be learned from the observations alone: we have samples $x_1, \dots, x_N \sim p_{data}(x)$
        and no targets, and we want a model that infers hidden, *latent* variables $z$ behind each
        $x$ or captures the structure of $p_{data}$ itself.

        Four uses recur. *Dimensionality reduction* (PCA and its non-linear relatives) describes each
        sample by a few numbers, which compresses images and sound. *Clustering* groups samples by
        similarity, for instance users of a social network or documents, and can propose labels.
        *Density estimation* models $p_{data}(x)$, which tells how typical a sample is and allows
        drawing new ones. *Generation* synthesises new data directly: shoe designs from a sketch of
        their outline, a sharper version of a photo. This lecture walks from the auto-encoder, which
        serves the first two, to the two families of deep generative models: the variational
        auto-encoder and the generative adversarial network.

        # Auto-encoders {#sec:ae}

        An auto-encoder is two networks trained as one. The encoder $f_{\phi}$ maps an input
        $x \in \mathbb{R}^D$ to a code $z = f_{\phi}(x)$; the decoder $g_{\theta}$ maps the code back
        to a reconstruction $g_{\theta}(f_{\phi}(x))$. The code layer is narrower than the input, a
        *bottleneck*: if it were as wide, the pair could learn to copy the input (the identity) and
        would have learned nothing. An auto-encoder with such a bottleneck is the *basic* or standard
        auto-encoder. @fig:ae-diagram shows the one we train below.
        """#)
    Plot(
        "The auto-encoder trained in this lecture: the encoder (blue) narrows 784 pixels to a code of two numbers (green), the decoder (orange) widens it back",
        label: "fig:ae-diagram"
    ) { _ in
        try NetworkDiagram(try Autoencoder(sizes: [784, 256, 2], codeActivation: .identity))
    }
    Markdown(
        #"""
        Both networks are trained on the reconstruction error, most often the squared difference
        between each pixel and its reconstruction, averaged over the $D$ pixels (@eq:rec; the notes
        divide by $N$ but sum over the pixels, so $\frac{1}{D}$ is what they mean):
        """#)
    Math(
        #"\mathcal{L}_{rec}=\frac{1}{D}\sum_{d=1}^D\left(x^{(d)}-g_{\theta}^{(d)}(f_{\phi}(x))\right)^2"#,
        label: "eq:rec")
    Markdown(#"and the best parameters of both networks minimise its average over the training set:"#)
    Math(#"\phi^*,\theta^*=\operatorname*{argmin}_{\phi, \theta}\mathcal{L}_{rec}"#, label: "eq:ae-argmin")
    Markdown(
        #"""
        The error can reach zero only if the code keeps everything the decoder needs. A narrow code
        cannot keep everything, so the encoder has to choose, and gradient descent makes it keep what
        helps most across the data: the dominant shapes and intensities, not the details of one image.

        ## The bottleneck trade-off {#sec:tradeoff}

        How narrow should the bottleneck be? A wider code reconstructs better and compresses less.
        We train three auto-encoders 784-128-$m$ (ReLU, a linear code, a sigmoid output) that differ
        only in the code size $m$, on 5,000 images for 5 epochs each, and reconstruct the same eight
        test images (@fig:tradeoff).
        """#)
    bottlenecks
    Plot(
        "Eight test images (top) and their reconstructions from codes of 2, 8 and 32 numbers: the wider the bottleneck, the more detail survives",
        label: "fig:tradeoff"
    ) { ctx in
        let run = try ctx[bottlenecks]
        return try ImageGrid(
            [run.originals] + run.reconstructions, columns: 8,
            rowLabels: ["original"] + run.codeSizes.map { "m = \($0)" }, width: 420)
    }
    Markdown { ctx in
        let run = try ctx[bottlenecks]
        return #"""
            With two numbers per image only a rough silhouette of the class survives. Eight numbers
            bring back the proportions and the brightness of each garment; 32 sharpen the edges a
            little more, but fine print such as the lettering on the pullover is lost at every size.
            The test error per pixel falls in the same order: \#(run.testMSE[0], digits: 4) with $m = 2$, \#(run.testMSE[1], digits: 4) with
            $m = 8$ and \#(run.testMSE[2], digits: 4) with $m = 32$.
            """#
    }
    Claim("the test error falls as the code widens from 2 to 8 to 32 numbers") { ctx in
        let mse = try ctx[bottlenecks].testMSE
        return mse[0] > mse[1] && mse[1] > mse[2]
    }
    Markdown(
        #"""

        ## What auto-encoders are for {#sec:ae-uses}

        - **Compression.** The encoder turns each image into a few numbers and the decoder turns them
          back. A film could be stored and sent as codes, with the decoder installed once on the
          viewer's device, which saves bandwidth and storage.
        - **Clustering.** One decoder has to serve every input, so similar inputs must get nearby
          codes if they are to be reconstructed alike. Without being asked to, the encoder groups the
          data; @fig:codes below shows it for codes of two numbers.
        - **Classification with few labels.** The trained encoder is a feature extractor: keep it,
          attach a small classifier, and train that on the few labelled examples there are. The
          features were learned for reconstruction, not for the classes, so they help when labels
          are scarce but need not be the best features for the task.
        - **Synthesis.** Keep only the decoder and feed it codes of our own choosing. This is where
          the basic auto-encoder fails. Nothing in its training says where in the code space real
          images land, so a code picked at random, even inside the region the training codes span,
          may fall in a gap no image was ever encoded to, and the decoder has no reason to produce
          anything meaningful there. In a code space of many dimensions such gaps take up almost all
          of the volume.

        @fig:box makes the last point with the auto-encoder of @fig:ae-diagram, 784-256-2 with a
        linear code, trained on the squared error with 6,000 images for 10 epochs (batches of 100,
        Adam at $2 \cdot 10^{-3}$). We draw codes uniformly from the smallest box holding the codes
        of 1,000 test images and decode them.
        """#)
    plainAE
    Plot(
        "Decoding codes drawn uniformly from the box spanned by the auto-encoder's test codes: many samples are blends or faint smudges, since the box is mostly empty of real codes (compare @fig:codes, left)",
        label: "fig:box"
    ) { ctx in
        try ImageGrid(try ctx[plainAE].boxSamples, columns: 10, width: 430)
    }
    Markdown { ctx in
        let ae = try ctx[plainAE]
        return #"""
            Some of the decoded codes look like garments, because the box contains the arms of real
            codes; the others fall between the arms and decode to faint mixtures that belong to no
            class. Measured: \#(farFromData(ae.boxCodes, ae.codes), percent: 0) of the 30 box codes lie
            farther from every test code than 95% of the test codes lie from their nearest neighbour.
            A basic auto-encoder was trained to reconstruct, not to generate, and it shows.
            """#
    }
    Claim("at least a third of the box codes lie in the gaps between the test codes") { ctx in
        let ae = try ctx[plainAE]
        return farFromData(ae.boxCodes, ae.codes) >= 1.0 / 3
    }
    Markdown(
        #"""

        # Generative models {#sec:generative}

        A generative model describes, as a probability distribution, how the data could have been
        produced; drawing samples from that distribution produces new data. Training one is density
        estimation: fitting a model $p_{\theta}(x)$ to $p_{data}(x)$.

        The direct approach, counting how many samples fall into each small region of the input space,
        breaks down quickly as the dimension grows: with ten bins per axis there are $10^d$ cells, so
        the number of samples needed to put even one sample in most cells grows exponentially with
        $d$. @fig:empty counts it for 10,000 points drawn uniformly from the unit cube: in four
        dimensions most cells are still hit, in eight almost none are. An image of $28 \times 28$
        pixels has $d = 784$; even with only two bins per pixel, $2^{784}$ cells share the 60,000
        images of Fashion-MNIST. In high dimensions the input space is, for all practical purposes,
        empty.

        So we do not estimate the density directly. Instead we build a model we can *sample* from,
        and train it so that its samples resemble the data. The two ways of doing that are the
        subject of the rest of the lecture: the VAE makes the decoder of an auto-encoder generative,
        the GAN trains a generator against a critic.
        """#)
    emptySpace
    Plot(
        "Fraction of the $10^d$ cells of a grid with ten bins per axis that hold at least one of 10,000 uniform points, measured and expected $1 - (1 - 10^{-d})^{N}$ (the two curves lie on top of each other): from $d = 5$ on, most of the space holds no sample",
        label: "fig:empty"
    ) { ctx in
        let values = try ctx[emptySpace]
        let d = (1...8).map(Double.init)
        return LinePlot(
            [Series(name: "measured", x: d, y: values.measured), Series(name: "expected", x: d, y: values.expected)],
            xLabel: "dimension $d$", yLabel: "fraction of cells occupied", size: Size(380, 230), logY: true)
    }
    Markdown { ctx in
        let space = try ctx[emptySpace]
        return #"""
            With ten thousand points, \#(space.measured[3], percent: 0) of the cells are hit in four
            dimensions, \#(space.measured[5], percent: 1) in six and \#(space.measured[7], percent: 2) in
            eight, as the formula predicts.
            """#
    }
    Claim("most cells are hit in four dimensions and fewer than one in a hundred in eight") { ctx in
        let space = try ctx[emptySpace]
        return space.measured[3] > 0.5 && space.measured[7] < 0.01
    }
    Markdown(
        #"""
        # Variational auto-encoders {#sec:vae}

        A variational auto-encoder (VAE) keeps the encoder and the decoder but changes what the
        encoder outputs. Instead of one point in the code space, it outputs a small Gaussian with
        independent dimensions: a mean and a standard deviation per latent dimension,
        """#)
    Math(
        #"p_{\phi}(\mathbf{z}|\mathbf{x})=\mathcal{N}(\bm \mu_{\phi}(\mathbf{x}), \bm \sigma_{\phi}(\mathbf{x})^2)"#,
        label: "eq:posterior")
    Markdown(
        #"""
        and training makes all these little Gaussians together cover a fixed prior, the standard
        normal $\mathcal{N}(0, I)$, from which we can later draw codes. @fig:vae-diagram shows the
        architecture: the encoder ends in two heads, one for the means and one for the logarithms of
        the variances.

        A standard deviation must be positive, but a linear output layer can produce any number. So
        the network's raw output is read as a logarithm, $\log (\bm \sigma_{\phi}(\mathbf{x}))$ (Lectern's
        VAE uses $\log \sigma^2$, the same up to a factor 2), and the exponential turns it into a
        positive value. A ReLU would also give non-negative outputs, but its gradient is zero below 0,
        and units pushed there stop learning for good.
        """#)
    Plot(
        #"The VAE trained below: the encoder's two heads give $\mu$ and $\log\sigma^2$, the sampling node draws $z = \mu + \sigma \odot \varepsilon$, and the decoder maps $z$ back to 784 pixels"#,
        label: "fig:vae-diagram"
    ) { _ in
        try NetworkDiagram(try VariationalAutoencoder(inputs: 784, hidden: [256], latent: 2))
    }
    Markdown(
        #"""
        The decoder becomes *stochastic* in the sense that it never sees the same code twice. At every
        step of stochastic gradient descent, each training image is encoded to its Gaussian and a fresh
        code $\tilde z \sim p_{\phi}(z|x)$ is drawn from it, anywhere in the cloud, the unlikely
        places included. The decoder has to reconstruct the image from whichever code comes out, not
        only from the single point $f_{\phi}(x)$ a plain encoder would give.

        ## The loss {#sec:vae-loss}

        The loss has two parts: a reconstruction term, which makes the decoded samples look like the
        data, and a regulariser, which ties the codes to the prior. A weight $\lambda$ balances them
        (@eq:vae-loss), and both are averaged over the training data (@eq:vae-argmin).
        """#)
    Math(#"\mathcal{L}_{\text{VAE}}=\mathcal{L}_{rec}+\lambda\mathcal{L}_{reg}"#, label: "eq:vae-loss")
    Math(
        #"\phi^*,\theta^*=\operatorname*{argmin}_{\phi, \theta}\left(E_{x\sim p_{data}}[\mathcal{L}_{rec}] + \lambda E_{x\sim p_{data}}[\mathcal{L}_{reg}]\right)"#,
        label: "eq:vae-argmin")
    Markdown(
        #"""
        The reconstruction term is the error of @eq:rec, but for the sampled code $\tilde z$ instead
        of the encoder's point:
        """#)
    Math(
        #"\mathcal{L}_{rec}(x)=\frac{1}{D}\sum_{d=1}^D\left(x^{(d)}-g_{\theta}^{(d)}(\tilde z)\right)^2, \qquad \tilde z \sim p_{\phi}(z|x)"#,
        label: "eq:vae-rec")
    Markdown(
        #"""
        If the Gaussians of two different images overlap, a code from the overlap has to serve both,
        and at least one of them is reconstructed badly. This term therefore pushes the means of
        dissimilar images apart and shrinks the standard deviations. (Lectern's VAE measures the
        reconstruction with the binary cross-entropy summed over the pixels, the negative
        log-likelihood of a decoder whose pixels are Bernoulli variables; the squared error of
        @eq:vae-rec is the same idea for a Gaussian decoder.)

        Left alone, that pressure would shrink every Gaussian to a point, and the VAE would become a
        basic auto-encoder again. The regulariser prevents it: it is the Kullback–Leibler divergence
        $D_{KL}$ of each posterior from the prior $\mathcal{N}(0, I)$, which between two Gaussians has
        a closed form, summed over the $m$ latent dimensions (@eq:vae-kl; the notes' bracket also
        covers the variance terms, as here):
        """#)
    Math(
        #"\mathcal{L}_{reg}(x)= D_{KL}\left[p_{\phi}(z|x) \,\|\, \mathcal{N}(0, I)\right]=\frac{1}{2}\sum_{k=1}^{m}\Big(\underbrace{(\mu_{\phi}^{(k)}(x))^2}_{\text{minimized at 0}}+\underbrace{(\sigma_{\phi}^{(k)}(x))^2-2\log \sigma_{\phi}^{(k)}(x)-1}_{\text{minimized at 1}}\Big)"#,
        label: "eq:vae-kl")
    Markdown(
        #"""
        The first part pulls every mean towards the origin, the second every standard deviation
        towards 1. The two terms pull against each other, and $\lambda$ sets the exchange rate: a
        small $\lambda$ lets reconstruction win (tight, separated clouds, as in a plain auto-encoder),
        a large one lets the prior win (every cloud close to $\mathcal{N}(0, I)$, codes that say little
        about their image).

        ## The reparameterisation {#sec:reparam}

        Drawing $\tilde z$ is a random step, and we cannot differentiate a random draw with respect to
        the $\mu_{\phi}(x)$ and $\sigma_{\phi}$ it came from. The trick is to draw the randomness first,
        $\epsilon \sim \mathcal{N}(0, I)$, as an input that does not depend on any parameter, and to
        compute the code from it deterministically:
        """#)
    Math(
        #"\tilde z=\mu_{\phi}(x)+\sigma_{\phi}(x)\odot \epsilon, \qquad \epsilon \sim \mathcal{N}(0, I)"#,
        label: "eq:reparam")
    Markdown(
        #"""
        The code has the distribution of @eq:posterior, and the gradient of the loss reaches
        $\mu_{\phi}$ and $\sigma_{\phi}$ through an ordinary sum and product. Each training step of
        Lectern's `VariationalAutoencoder` encodes a batch, draws one $\epsilon$ per image, decodes and
        adds the two terms.

        ## Training with the same budget as the auto-encoder {#sec:vae-training}

        We give the latent space two dimensions so that we can draw it. The VAE is 784-256-(2+2) with
        ReLU, the decoder 2-256-784. It trains exactly as the auto-encoder of @sec:ae-uses did: the
        same 6,000 images, the same 10 epochs, batches of 100, Adam at $2 \cdot 10^{-3}$, so the two
        can be compared fairly; both are tested on the same 1,000 other images. A second VAE, from
        the same initial weights, with $\lambda = 0.05$ shows what a weak regulariser does.
        """#)
    vaes
    Markdown { ctx in
        let history = try ctx[vaes].tight.history
        return #"""
            @fig:vae-loss shows the VAE's loss, the negative of the evidence lower bound derived in the
            companion on the theory of the VAE, in nats per image. Training and test curves fall
            together, to \#(history.epochLoss.last ?? .nan, digits: 1) and
            \#(history.validationLoss.last ?? .nan, digits: 1) nats in the last epoch: a model with two
            latent dimensions does not overfit 6,000 images.
            """#
    }
    Claim("the VAE's test loss ends within 3% of its training loss") { ctx in
        let history = try ctx[vaes].tight.history
        guard let train = history.epochLoss.last, let test = history.validationLoss.last else { return false }
        return abs(test - train) < 0.03 * train
    }
    Plot(
        #"The VAE's loss ($\lambda = 1$) per epoch, reconstruction plus KL term in nats per image, on the training images and on 1,000 test images"#,
        label: "fig:vae-loss"
    ) { ctx in
        let history = try ctx[vaes].tight.history
        return LossPlot(history, yLabel: "loss (nats per image)", size: Size(380, 220))
    }
    Markdown(
        #"""
        @fig:vae-terms splits the training loss into its two terms for both VAEs. The weak
        regulariser lets the codes carry more information about each image: a larger KL term and a
        smaller reconstruction term.
        """#)
    Plot(
        #"The two terms of the training loss per epoch, for $\lambda = 1$ and $\lambda = 0.05$: reconstruction (binary cross-entropy, left) and the KL divergence to the prior (right), in nats per image"#,
        label: "fig:vae-terms"
    ) { ctx in
        let runs = try ctx[vaes]
        return try LossPlot(
            runs: [(#"$\lambda = 1$"#, runs.tight.history), (#"$\lambda = 0.05$"#, runs.loose.history)],
            terms: .only(["reconstruction", "kl"]),
            termLabels: ["reconstruction": "reconstruction (nats)", "kl": "KL divergence (nats)"], validation: false)
    }
    Claim(
        "the VAE with the smaller KL weight ends with the larger KL term and the smaller reconstruction term on the test images"
    ) { ctx in
        let runs = try ctx[vaes]
        return runs.loose.terms.kl > runs.tight.terms.kl
            && runs.loose.terms.reconstruction < runs.tight.terms.reconstruction
    }
    Markdown { ctx in
        let ae = try ctx[plainAE]
        let runs = try ctx[vaes]
        return #"""
            @fig:codes places the 1,000 test images at their codes: the auto-encoder's $f_{\phi}(x)$, and
            each VAE's posterior mean $\mu_{\phi}(x)$. None of the models saw a label, and all three group
            the classes in similar neighbourhoods. The auto-encoder's codes spread over whatever range
            suits the decoder, in long arms with empty wedges between them; their root-mean-square
            distance from the origin is \#(rmsRadius(ae.codes), digits: 1). With $\lambda = 1$ the KL
            term pulls the codes towards the origin, to the scale of the prior, at a distance of
            \#(rmsRadius(runs.tight.codes), digits: 2) (the prior's is $\sqrt{2} \approx 1.41$). With
            $\lambda = 0.05$ the regulariser is weaker and the codes spread further,
            \#(rmsRadius(runs.loose.codes), digits: 2), leaving room between the groups: small
            $\lambda$ lets gaps open, as the notes warn.
            """#
    }
    Claim(
        "the auto-encoder's codes spread further than the VAE's, and a smaller KL weight spreads the VAE's codes further"
    ) { ctx in
        let runs = try ctx[vaes]
        let tight = rmsRadius(runs.tight.codes)
        return try rmsRadius(ctx[plainAE].codes) > tight && rmsRadius(runs.loose.codes) > tight
    }
    Plot(
        #"Test images at their 2-D codes, coloured by class (the models never saw the classes): the auto-encoder, the VAE with $\lambda = 0.05$ and the VAE with $\lambda = 1$ (posterior means)"#,
        label: "fig:codes"
    ) { ctx in
        let ae = try ctx[plainAE]
        let loose = try ctx[vaes].loose
        let tight = try ctx[vaes].tight
        return try CodeScatter(
            [
                CodePanel("auto-encoder", codes: ae.codes, labels: ae.labels, xLabel: "$z_1$", yLabel: "$z_2$"),
                CodePanel(
                    #"VAE, $\lambda = 0.05$"#, codes: loose.codes, labels: loose.labels, xLabel: "$z_1$",
                    yLabel: "$z_2$"),
                CodePanel(
                    #"VAE, $\lambda = 1$"#, codes: tight.codes, labels: tight.labels, xLabel: "$z_1$",
                    yLabel: "$z_2$"),
            ], classNames: FashionMNIST.classNames, size: Size(500, 220))
    }
    Markdown(
        #"""
        ## What a VAE is for {#sec:vae-uses}

        **Generation.** To synthesise an image, draw $z \sim \mathcal{N}(0, I)$ and decode it
        (@fig:samples). Because training spread the posteriors over the prior, most draws land where
        the decoder has seen codes. Gaps can remain in the space of the $\tilde Z$: a small $\lambda$
        lets dissimilar images keep apart, and stochastic gradient descent may settle in a local
        optimum. @fig:samples shows the decoder's pixel means. Some are clear boots, trousers and
        tops; many are faint or blurred blends. Two numbers cannot hold texture, and where the codes
        of several classes meet, this small decoder hedges between them.
        """#)
    Plot(
        #"30 images decoded from codes drawn from the prior $\mathcal{N}(0, I)$ by the VAE with $\lambda = 1$"#,
        label: "fig:samples"
    ) { ctx in
        try ImageGrid(try ctx[vaes].tight.priorSamples, columns: 10, width: 430)
    }
    Markdown(
        #"""
        Decoding a regular grid shows the whole latent space at once (@fig:manifold). The grid sits at
        the quantiles of $\mathcal{N}(0, 1)$ along each axis, so every tile stands for the same share
        of the prior's mass. Neighbouring tiles change gradually, and the regions follow the class
        neighbourhoods of @fig:codes: tops at the upper right, footwear at the lower right, and
        faint trousers and dresses on the left, where many classes' codes overlap and the decoder
        hedges. Where two classes meet, the tiles are hybrids of both.
        """#)
    Plot(
        #"The VAE's decoder ($\lambda = 1$) on a 16 × 16 grid of codes at the quantiles of $\mathcal{N}(0, 1)$"#,
        label: "fig:manifold"
    ) { ctx in
        try LatentManifold(
            images: try ctx[vaes].tight.grid, grid: normalQuantileGrid(gridSide), size: Size(380, 360))
    }
    Markdown { ctx in
        let ae = try ctx[plainAE]
        let tight = try ctx[vaes].tight
        return #"""
            **Interpolation.** Take the codes of two images and walk the straight line between them,
            decoding as we go (@fig:walk). In two dimensions both paths must pass through the classes
            that lie between the ends: the auto-encoder's sneaker turns into a boot-like shoe before it
            becomes a pullover, and the VAE's fades through faint, dark images on the way. The largest change between two neighbouring frames, as a mean squared
            difference per pixel, is \#(largestStep(ae.walk), digits: 4) for the auto-encoder and
            \#(largestStep(tight.walk), digits: 4) for the VAE: the VAE's path changes more gradually,
            as the notes lead us to expect from its overlapping Gaussians, which taught the decoder the
            points between the training codes.
            """#
    }
    Claim("the VAE's interpolation has a smaller largest jump between neighbouring frames than the auto-encoder's") {
        ctx in
        try largestStep(ctx[vaes].tight.walk) < largestStep(ctx[plainAE].walk)
    }
    Plot(
        #"Decoded images on the line between the codes of a sneaker and a pullover: the auto-encoder (top) and the VAE with $\lambda = 1$ (bottom)"#,
        label: "fig:walk"
    ) { ctx in
        try InterpolationStrip(
            rows: [("AE", try ctx[plainAE].walk), ("VAE", try ctx[vaes].tight.walk)], width: 440)
    }
    Markdown(
        #"""
        **Altering an attribute.** Given images that share a characteristic, average their codes to
        $z_{t,avg}$ and move a code $z_1$ towards it, $z=z_1+\alpha(z_{t,avg}-z_1)$ for growing
        $\alpha$. The notes' example gives a face the hair of the target group; this requires knowing
        which images carry the characteristic. @fig:attributes does it with the class as the
        characteristic: a T-shirt moved towards the mean code of ankle boots, a sneaker towards
        dresses, a pullover towards bags.
        """#)
    Math(#"z=z_1+\alpha(z_{t,avg}-z_1), \qquad \alpha \in [0, 1]"#, label: "eq:attribute")
    Plot(
        #"Attribute vectors with @eq:attribute at $\alpha = 0, 0.25, 0.5, 0.75, 1$: a T-shirt towards ankle boots, a sneaker towards dresses, a pullover towards bags (VAE with $\lambda = 1$)"#,
        label: "fig:attributes"
    ) { ctx in
        // One path of attributeAlphas.count images after another.
        let paths = try ctx[vaes].tight.attributes
        func path(_ i: Int) throws -> Tensor {
            try paths.rows((i * attributeAlphas.count)..<((i + 1) * attributeAlphas.count))
        }
        return try InterpolationStrip(
            rows: [("T-shirt → boot", path(0)), ("sneaker → dress", path(1)), ("pullover → bag", path(2))], width: 360)
    }
    Markdown(
        #"""
        """#)
    Markdown { ctx in
        let ae = try ctx[plainAE]
        let runs = try ctx[vaes]
        return #"""
            **Compression and reconstruction.** To reconstruct an image, encode it and decode the mean
            $\mu_{\phi}(x)$ rather than a sample. The regulariser costs reconstruction quality: it
            keeps the codes from spreading out as far as reconstruction alone would want. The three
            models, trained with the same data, epochs and optimiser, on 1,000 test images:

            | model | test error per pixel | reconstruction term (nats) | KL term (nats) |
            |:--|--:|--:|--:|
            | auto-encoder | \#(ae.testMSE, digits: 4) | | |
            | VAE, $\lambda = 0.05$ | \#(runs.loose.testMSE, digits: 4) | \#(runs.loose.terms.reconstruction, digits: 1) | \#(runs.loose.terms.kl, digits: 2) |
            | VAE, $\lambda = 1$ | \#(runs.tight.testMSE, digits: 4) | \#(runs.tight.terms.reconstruction, digits: 1) | \#(runs.tight.terms.kl, digits: 2) |

            With codes of two numbers the three test errors lie within a few per cent of each other:
            here the bottleneck, not the regulariser, limits the detail, and which model comes out
            ahead depends on the run. The regulariser's price shows in the reconstruction term
            instead: with $\lambda = 1$ the VAE pays
            \#(runs.tight.terms.reconstruction - runs.loose.terms.reconstruction, digits: 1) nats per image
            more for reconstruction than with $\lambda = 0.05$, in exchange for a KL term
            \#(runs.loose.terms.kl - runs.tight.terms.kl, digits: 1) nats smaller (@fig:vae-terms).
            """#
    }
    Claim("the three models' test errors are within 5% of each other") { ctx in
        let runs = try ctx[vaes]
        let errors = [try ctx[plainAE].testMSE, runs.loose.testMSE, runs.tight.testMSE]
        guard let low = errors.min(), let high = errors.max() else { return false }
        return high < 1.05 * low
    }
    Markdown(
        #"""
        # Generative adversarial networks {#sec:gan}

        A generative adversarial network (GAN) drops the encoder. A generator $G_{\theta}$ turns noise
        $z \sim p(z) = \mathcal{N}(0,I)$ into a sample, as the VAE's decoder does, which defines the
        model's distribution $p_{\theta}(x)$: drawing $x\sim p_{\theta}(x)$ means drawing $z$ and
        computing $G_{\theta}(z)$. A second network, the discriminator $D$, is a binary classifier
        that outputs the probability that its input is real. The generator never sees the data; it
        learns only from the discriminator's verdicts, and the discriminator learns from both. Making
        $p_{\theta}(x)$ match $p_{data}(x)$ becomes a classification problem (@fig:gan-diagram).
        """#)
    Plot(
        "The GAN trained below: the generator (orange) maps noise $z$ to a fake image $G(z)$; the discriminator (blue) sees fakes and real images and outputs the probability of real",
        label: "fig:gan-diagram"
    ) { _ in
        try NetworkDiagram(
            try GAN(dataSize: 784, noiseSize: 32, generatorHidden: [128], discriminatorHidden: [128], output: .sigmoid))
    }
    Markdown(
        #"""
        ## A two-player game {#sec:gan-game}

        The discriminator's parameters $\phi^*$ maximise the log-likelihood of the correct labels:
        $\log D_{\phi}(x)$ for real images and $\log(1 - D_{\phi}(x))$ for generated ones. Since the
        logarithm is increasing, this drives $D$ to 1 on real data and to 0 on fakes. The objective
        $J_{GAN}$ it maximises is the one the generator's parameters $\theta^*$ minimise, by making
        its fakes look real:
        """#)
    Math(
        #"\phi^*=\operatorname*{argmax}_{\phi}\overbrace{E_{x\sim p_{data}(x)}[\log D_{\phi}(x)]+E_{x\sim p_{\theta}(x)}[\log(1-D_{\phi}(\underbrace{x}_{G_{\theta}(z)}))]}^{J_{GAN}(\theta,\phi)}"#,
        label: "eq:gan-d")
    Math(#"\theta^*=\operatorname*{argmin}_{\theta}E_{z\sim p(z)}[\log(1-D_{\phi}(G_{\theta}(z)))]"#, label: "eq:gan-g")
    Markdown(
        #"""
        This is a two-player min–max game: the discriminator tries to tell real from fake as well as
        it can, the generator tries to make that impossible, and each one's gain is the other's loss.

        In practice three things change. The expectations become averages over a batch of real images
        or a batch of noise vectors. Maximising becomes minimising by a sign in front of the logarithms,
        so both players minimise a loss, the discriminator's being two binary cross-entropies
        (@eq:gan-d-loss). And the generator minimises $-\log D(G(z))$ instead of $\log(1 - D(G(z)))$
        (@eq:gan-g-loss), for the reason of @sec:gan-losses.
        """#)
    Math(
        #"\phi^*=\operatorname*{argmin}_{\phi}E_{x\sim p_{data}(x)}\underbrace{[-\log D_{\phi}(x)]}_{\mathcal{L}_{D,r}(x)}+E_{z\sim p(z)}\underbrace{[-\log(1-D_{\phi}(G_{\theta}(z)))]}_{\mathcal{L}_{D,f}(z)}"#,
        label: "eq:gan-d-loss")
    Math(
        #"\theta^*=\operatorname*{argmin}_{\theta}E_{z\sim p(z)}\underbrace{[-\log(D_{\phi}(G_{\theta}(z)))]}_{\mathcal{L}_{G}(z)}"#,
        label: "eq:gan-g-loss")
    Markdown(
        #"""
        ## The training algorithm {#sec:gan-algorithm}

        The two players take turns. The discriminator takes $K$ steps (usually one) while the
        generator is held fixed, then the generator takes one step against the updated discriminator:
        """#)
    Callout(
        .note, title: "Training a GAN",
        #"""
        $\theta, \phi \leftarrow$ random initial values. Then, for $E$ epochs:

        1. Repeat $K$ times (one discriminator step of SGD each):
           - draw a batch of real images $x_i\sim X_{train}$ and of noise vectors $z_i\sim \mathcal{N}(0, I)$;
           - average the discriminator's loss $\mathcal{L}_D(\phi,\theta)$ of @eq:gan-d-loss over the batch;
           - step: $\phi\leftarrow \phi-\alpha \frac{\partial \mathcal{L}_D(\phi, \theta)}{\partial \phi}$.
        2. One generator step of SGD:
           - draw a batch of noise vectors $z_i\sim \mathcal{N}(0, I)$;
           - average the generator's loss $\mathcal{L}_G(\phi,\theta)$ of @eq:gan-g-loss over the batch;
           - step: $\theta \leftarrow \theta - \beta \frac{\partial \mathcal{L}_G(\phi, \theta)}{\partial \theta}$.
        """#)
    Plot(
        "One iteration of GAN training: $K$ discriminator steps against the fixed generator, then one generator step against the updated discriminator",
        label: "fig:gan-loop"
    ) { _ in
        try Diagram(
            nodes: [
                DiagramNode("init", #"$\theta, \phi$"#, shape: .circle, column: 0, caption: "random start"),
                DiagramNode(
                    "dsample", #"$x_i \sim X_{train}$, $z_i \sim \mathcal{N}(0, I)$"#, shape: .roundedBox, column: 1,
                    caption: "real and noise batch"),
                DiagramNode(
                    "dstep", #"$\phi \leftarrow \phi - \alpha \nabla_\phi \mathcal{L}_D$"#, shape: .roundedBox,
                    column: 2, caption: "discriminator step", color: Palette.okabeIto[0]),
                DiagramNode(
                    "gsample", #"$z_i \sim \mathcal{N}(0, I)$"#, shape: .roundedBox, column: 3, caption: "noise batch"),
                DiagramNode(
                    "gstep", #"$\theta \leftarrow \theta - \beta \nabla_\theta \mathcal{L}_G$"#, shape: .roundedBox,
                    column: 4, caption: "generator step", color: Palette.okabeIto[1]),
            ],
            edges: [
                DiagramEdge("init", "dsample"), DiagramEdge("dsample", "dstep"), DiagramEdge("dstep", "gsample"),
                DiagramEdge("dstep", "dsample", label: "$K$ times", route: .above, dashed: true),
                DiagramEdge("gstep", "dsample", label: "next iteration, for $E$ epochs", route: .below, dashed: true),
                DiagramEdge("gsample", "gstep"),
            ])
    }
    Markdown(
        #"""
        @fig:gan-loop draws one iteration. Lectern's `GAN.fit` runs exactly this loop, with Adam in
        place of plain SGD, the number of discriminator steps as `discriminatorSteps` and a fixed
        number of generator steps instead of epochs.

        ## The optimal discriminator {#sec:gan-optimal}

        Suppose the discriminator could be trained to perfection against a fixed generator. For each
        $x$ it then balances the two densities (@eq:d-star):
        """#)
    Math(#"D_{\phi^*}(x) = \frac{p_{data}(x)}{p_{data}(x)+p_{\theta}(x)}"#, label: "eq:d-star")
    Markdown(
        #"""
        Putting $D_{\phi^*}$ into $J_{GAN}$ turns the game into a distance between the two
        distributions, the Jensen–Shannon divergence (@eq:js), which is zero exactly when they are
        equal (@eq:js-zero):
        """#)
    Math(#"J_{GAN}(\theta, \phi^*)=2 D_{JS}[p_{data}(x)\,\|\,p_{\theta}(x)]-2\log 2"#, label: "eq:js")
    Math(#"D_{JS}[p_{data}(x)\,\|\,p_{\theta}(x)]=0 \Leftrightarrow p_{data}(x) = p_{\theta}(x)"#, label: "eq:js-zero")
    Markdown(
        #"""
        So the generator that wins the game reproduces the data distribution, and against it the best
        discriminator can only guess: $D^*=0.5$ everywhere. @fig:d-star checks @eq:d-star in one
        dimension. Real data is $\mathcal{N}(1.5, 0.5^2)$, a fixed "generator" gives
        $\mathcal{N}(-0.5, 1)$, and a small network trained on 4,000 samples of each as a
        discriminator comes close to the formula where there is data; far in the tails, where neither
        distribution has samples, it extrapolates.
        """#)
    discriminator
    Plot(
        #"A discriminator trained on samples of $p_{data} = \mathcal{N}(1.5, 0.5^2)$ against $p_\theta = \mathcal{N}(-0.5, 1)$ beside the optimal $D^*$ of @eq:d-star and the two densities: the two discriminators agree where the samples are"#,
        label: "fig:d-star"
    ) { ctx in
        let check = try ctx[discriminator]
        return LinePlot(
            [
                Series(name: "trained $D(x)$", x: check.x, y: check.learned),
                Series(name: "optimal $D^*(x)$", x: check.x, y: check.optimal),
                Series(name: "$p_{data}(x)$", x: check.x, y: check.dataDensity),
                Series(name: #"$p_\theta(x)$"#, x: check.x, y: check.modelDensity),
            ], xLabel: "$x$", size: Size(400, 240))
    }
    Markdown { ctx in
        let check = try ctx[discriminator]
        return #"""
            The value of the game agrees. Computed by quadrature, $J_{GAN}$ with the optimal
            discriminator is \#(check.valueOptimal, digits: 4), and $2 D_{JS} - 2 \log 2$ is
            \#(check.jensenShannonForm, digits: 4), as @eq:js says; with the trained discriminator it is
            \#(check.valueLearned, digits: 4), close to the optimum and below it, since no
            discriminator scores higher than $D^*$.
            """#
    }
    Claim("J with the optimal discriminator equals 2 D_JS - 2 log 2, and the trained discriminator stays below it") {
        ctx in
        let check = try ctx[discriminator]
        return abs(check.valueOptimal - check.jensenShannonForm) < 1e-3 && check.valueLearned <= check.valueOptimal
            && check.valueLearned > check.valueOptimal - 0.05
    }
    Claim("the trained discriminator is within 0.1 of D* wherever either density exceeds 0.05") { ctx in
        let check = try ctx[discriminator]
        return check.x.indices.allSatisfy { i in
            max(check.dataDensity[i], check.modelDensity[i]) <= 0.05 || abs(check.learned[i] - check.optimal[i]) < 0.1
        }
    }
    Markdown(
        #"""
        In practice the discriminator is never optimal: it takes only $K$ steps against each new
        generator, and gradient descent can stop in a local optimum. The equivalence to the
        Jensen–Shannon divergence is a statement about the ideal game, not a guarantee for a run.

        ## Saturating and non-saturating generator losses {#sec:gan-losses}

        Early in training the fakes are poor and the discriminator rejects them with confidence:
        $D(G(z))$ is close to 0. Look at the generator's minimax loss $\log(1 - D)$ there
        (@fig:g-losses): it is nearly flat, so the generator receives almost no gradient exactly when
        it most needs to improve. Where its fakes are already good, the curve is steep, and learning
        concentrates on samples that need it least. Replacing the loss by one with the same goal but
        the opposite slope profile (@eq:g-swap) gives strong gradients for rejected samples:
        """#)
    Math(#"\log(1-D_{\phi}(G_{\theta}(z)))\to -\log D_{\phi}(G_{\theta}(z))"#, label: "eq:g-swap")
    Plot(
        #"The two generator losses against the discriminator's verdict $D(G(z))$ on a fake: $\log(1 - D)$ (saturating) is flat where fakes are rejected ($D \to 0$); $-\log D$ (non-saturating) is steepest there"#,
        label: "fig:g-losses"
    ) { _ in
        let d = (1...199).map { Double($0) / 200 }
        return LinePlot(
            [
                Series(name: #"$\log(1 - D)$, saturating"#, x: d, y: d.map { log(1 - $0) }),
                Series(name: #"$-\log D$, non-saturating"#, x: d, y: d.map { -log($0) }),
            ], xLabel: "$D(G(z))$", yLabel: "generator loss", size: Size(380, 230))
    }
    Markdown(
        #"""
        Both losses are minimised by the same generator, the one whose fakes the discriminator accepts,
        but $-\log D$ learns fastest from the samples that are worst. How much that matters depends on
        how long the discriminator keeps winning; the next experiment measures it on Fashion-MNIST.

        ## Two GANs on Fashion-MNIST {#sec:gan-experiment}

        We train the GAN of @fig:gan-diagram twice from the same initial weights and the same batches,
        once with each generator loss: 32 noise dimensions, one hidden layer of 128 leaky-ReLU units
        in each network, a sigmoid output, $K = 1$, batches of 64 from 6,000 training images, Adam at
        $5 \cdot 10^{-4}$ with $\beta_1 = 0.5$, 1,500 generator steps. Every 25 steps we record the
        mean $D(G(z))$ on 256 fixed noise vectors and the mean $D(x)$ on 256 training images, and at
        five moments the fakes of ten fixed noise vectors.
        """#)
    gans
    Markdown { ctx in
        let pair = try ctx[gans]
        let early = { (run: GANRun) in
            zip(run.probeSteps, run.realOnFakes).filter { $0.0 <= 100 }.map { $0.1 }.min() ?? .nan
        }
        return #"""
            @fig:gan-losses shows what each player minimised, step by step (smoothed), and @fig:d-fake
            follows the discriminator's verdict on the same fixed fakes and on real images. In the
            first steps the discriminator learns fast and rejects the fakes: the mean $D(G(z))$ falls to
            \#(early(pair.saturating), digits: 2) with the saturating loss and to
            \#(early(pair.nonSaturating), digits: 2) with the non-saturating one. With Adam and this
            small discriminator both generators then recover, and the game settles: after 1,500 steps
            the discriminator gives the fakes a mean probability of
            \#(pair.nonSaturating.realOnFakes.last ?? .nan, digits: 2) (non-saturating) and
            \#(pair.saturating.realOnFakes.last ?? .nan, digits: 2) (saturating) of being real, and the
            real images \#(pair.nonSaturating.realOnData.last ?? .nan, digits: 2) and
            \#(pair.saturating.realOnData.last ?? .nan, digits: 2). So in this run the saturating loss
            slows the start but does not stop training. The notes' warning concerns a discriminator that
            keeps rejecting the fakes for a long time; here it did so only in the first steps.
            """#
    }
    Claim("early in training the saturating run's fakes are rejected more confidently than the non-saturating run's") {
        ctx in
        let pair = try ctx[gans]
        let early = { (run: GANRun) in
            zip(run.probeSteps, run.realOnFakes).filter { $0.0 <= 100 }.map { $0.1 }.min() ?? .nan
        }
        return early(pair.saturating) < early(pair.nonSaturating)
    }
    Claim("after training the discriminator still tells real images from fakes in both runs") { ctx in
        let pair = try ctx[gans]
        return [pair.nonSaturating, pair.saturating].allSatisfy { run in
            (run.realOnData.last ?? 0) > (run.realOnFakes.last ?? 1) + 0.2
        }
    }
    Markdown(
        #"""
        @fig:gan-samples shows the fakes of ten fixed noise vectors at five moments of each run. Both
        generators go from grey noise to bright, speckled silhouettes of tops and a few other shapes.
        They are far from real images: 1,500 steps of two small networks are a short training run
        for a GAN.
        """#)
    Plot(
        "Both players' losses per generator step, smoothed: discriminator (left) and generator (right), for the non-saturating and the saturating generator loss",
        label: "fig:gan-losses"
    ) { ctx in
        let pair = try ctx[gans]
        let d = LossPlot(
            [
                LossCurve("non-saturating", train: pair.nonSaturating.history.discriminatorLoss),
                LossCurve("saturating", train: pair.saturating.history.discriminatorLoss),
            ],
            title: #"discriminator $\mathcal{L}_D$"#, xLabel: "generator step", yLabel: "loss", smoothing: 0.95)
        let g = LossPlot(
            [
                LossCurve(#"non-saturating: $-\log D(G(z))$"#, train: pair.nonSaturating.history.generatorLoss),
                LossCurve(#"saturating: $\log(1 - D(G(z)))$"#, train: pair.saturating.history.generatorLoss),
            ],
            title: #"generator $\mathcal{L}_G$"#, xLabel: "generator step", yLabel: "loss", smoothing: 0.95)
        return PlotFigure(d.figure.panels + g.figure.panels, columns: 2, size: Size(500, 230))
    }
    Plot(
        "The discriminator's mean verdict on 256 fixed fakes, $D(G(z))$, and on 256 real images, $D(x)$, during training with each generator loss",
        label: "fig:d-fake"
    ) { ctx in
        let pair = try ctx[gans]
        let x = pair.nonSaturating.probeSteps.map(Double.init)
        let xs = pair.saturating.probeSteps.map(Double.init)
        return LinePlot(
            [
                Series(name: "$D(G(z))$, non-saturating", x: x, y: pair.nonSaturating.realOnFakes),
                Series(name: "$D(x)$, non-saturating", x: x, y: pair.nonSaturating.realOnData),
                Series(name: "$D(G(z))$, saturating", x: xs, y: pair.saturating.realOnFakes),
                Series(name: "$D(x)$, saturating", x: xs, y: pair.saturating.realOnData),
            ], xLabel: "generator step", yLabel: "mean probability of real", size: Size(420, 240))
    }
    Plot(
        "Fakes of ten fixed noise vectors after 50, 200, 500, 1,000 and 1,500 generator steps: non-saturating loss (top five rows) and saturating loss (bottom five rows)",
        label: "fig:gan-samples"
    ) { ctx in
        let pair = try ctx[gans]
        let labels = ganSnapshots.map { "NS, \($0)" } + ganSnapshots.map { "S, \($0)" }
        return try ImageGrid(
            [pair.nonSaturating.snapshots, pair.saturating.snapshots], columns: 10, rowLabels: labels, width: 440)
    }
    Markdown(
        #"""
        Trained for long enough, GANs make very realistic fake images, and like a VAE's decoder a
        generator can interpolate: @fig:gan-walk decodes the straight line between two noise vectors
        with the non-saturating GAN after training; the fakes change gradually from one end to the
        other.
        """#)
    Plot("Fakes of the non-saturating GAN along the straight line between two noise vectors", label: "fig:gan-walk") {
        ctx in
        try InterpolationStrip(
            rows: [("GAN", try ctx[gans].nonSaturating.walk)], width: 440)
    }
    Markdown(
        #"""

        # Summary {#sec:summary}

        - A basic auto-encoder compresses through a bottleneck (@eq:rec); wider codes reconstruct
          better (@fig:tradeoff), but its code space has gaps, so it cannot generate (@fig:box).
        - Density estimation by counting fails in high dimensions, where the input space is empty
          (@fig:empty); generative models are trained to produce samples like the data instead.
        - A VAE encodes each image to a Gaussian (@eq:posterior), trains on reconstruction plus
          $\lambda$ times a KL divergence to the prior (@eq:vae-loss, @eq:vae-kl), and differentiates
          through sampling by @eq:reparam. Its codes stay on the scale of the prior, so prior
          samples, grids, interpolations and attribute vectors decode to garment-like images, blurry
          with two latent dimensions (@fig:samples to @fig:attributes).
        - A GAN trains a generator against a discriminator (@eq:gan-d, @eq:gan-g). Against the optimal
          discriminator (@eq:d-star, @fig:d-star) the game minimises the Jensen–Shannon divergence
          (@eq:js); in practice the generator minimises $-\log D(G(z))$ (@eq:g-swap, @fig:g-losses).
        """#)
}

/// The root-mean-square distance of codes [n, k] from the origin.
private func rmsRadius(_ codes: Tensor) -> Double {
    let n = max(codes.rows, 1)
    return (codes.scalars.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(n)).squareRoot()
}

/// The largest mean squared difference per pixel between two consecutive images of a path [steps, pixels].
private func largestStep(_ path: Tensor) -> Double {
    let (steps, width) = (path.rows, path.columns)
    let x = path.scalars
    return (1..<max(steps, 1)).map { i in
        (0..<width).reduce(0.0) { sum, j in
            let d = Double(x[i * width + j] - x[(i - 1) * width + j])
            return sum + d * d
        } / Double(width)
    }.max() ?? 0
}

/// The fraction of `points` [m, k] farther from every row of `data` [n, k] than the 95th percentile of the
/// distances from each row of `data` to its nearest neighbour: points in the gaps of the data.
private func farFromData(_ points: Tensor, _ data: Tensor) -> Double {
    let (n, k) = (data.rows, data.columns)
    let d = data.scalars
    func nearest(_ p: ArraySlice<Float>, skipping skip: Int?) -> Double {
        var best = Double.infinity
        for i in 0..<n where i != skip {
            var sum = 0.0
            for j in 0..<k {
                let diff = Double(p[p.startIndex + j] - d[i * k + j])
                sum += diff * diff
            }
            best = min(best, sum)
        }
        return best.squareRoot()
    }
    let spacing = (0..<n).map { nearest(d[(($0) * k)..<(($0 + 1) * k)], skipping: $0) }.sorted()
    guard !spacing.isEmpty else { return 0 }
    let threshold = spacing[min(spacing.count - 1, Int(0.95 * Double(spacing.count)))]
    let p = points.scalars
    let far = (0..<points.rows).filter { nearest(p[($0 * k)..<(($0 + 1) * k)], skipping: nil) > threshold }
    return Double(far.count) / Double(max(points.rows, 1))
}

/// The mean of some probabilities.
private func meanProbability(_ values: [Float]) -> Double {
    values.isEmpty ? .nan : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
}
