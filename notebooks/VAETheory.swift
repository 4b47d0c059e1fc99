import Foundation
import Lectern

// The companion of the lecture "Auto-encoders and the theory of the VAE": the definitions, the uses and
// their limits measured on Fashion-MNIST, and the derivation from the KL divergence to the VAE's bound,
// checked numerically against an importance-sampled likelihood.

/// Training images of the auto-encoders and of the VAE, and test images.
private let theoryTrainImages = 5_000
private let theoryTestImages = 1_000
/// The classes an auto-encoder sees in the unseen-domain experiment: the clothing. Footwear and bags stay unseen.
private let clothing: Set<Int> = [0, 1, 2, 3, 4, 6]
/// Sample counts K of the likelihood estimates, and the test images they are averaged over.
private let importanceSamples = [1, 3, 10, 30, 100, 300]
private let likelihoodImages = 200

/// An undercomplete auto-encoder on all classes, and what the figures need from it.
private struct UndercompleteRun: Codable, Sendable {
    var testMSE: Double
    var seenMSE: Double
    var unseenMSE: Double
    var originals: Tensor
    var reconstructions: Tensor
    var unseenOriginals: Tensor
    var unseenReconstructions: Tensor
}

/// The same auto-encoder trained on clothing only.
private struct ClothingOnlyRun: Codable, Sendable {
    var seenMSE: Double
    var unseenMSE: Double
    var unseenReconstructions: Tensor
}

/// A denoising auto-encoder against the noise it removes.
private struct DenoisingRun: Codable, Sendable {
    var noisyMSE: Double
    var denoisedMSE: Double
    var plainMSE: Double
    var clean: Tensor
    var noisy: Tensor
    var denoised: Tensor
}

/// The ELBO beside importance-sampled estimates of ln q(x) for a small VAE.
private struct BoundCheck: Codable, Sendable {
    var posterior: LikelihoodEstimates
    var prior: LikelihoodEstimates
    var testNegativeELBO: Double
}

private let allClasses = Run("Train an undercomplete auto-encoder 784-128-32 on all classes") { ctx in
    let train = try FashionMNIST.load(.train, limit: theoryTrainImages)
    let test = try FashionMNIST.load(.test, limit: theoryTestImages)
    let model = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("init"))
    try model.fit(train, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    let seen = test.filtered(labels: clothing)
    let unseen = test.filtered(labels: Set(0..<10).subtracting(clothing))
    let run = UndercompleteRun(
        testMSE: try model.reconstructionError(test.inputs), seenMSE: try model.reconstructionError(seen.inputs),
        unseenMSE: try model.reconstructionError(unseen.inputs), originals: try test.inputs.rows(0..<8),
        reconstructions: try model.reconstruct(test.inputs.rows(0..<8)),
        unseenOriginals: try unseen.inputs.rows(0..<8),
        unseenReconstructions: try model.reconstruct(unseen.inputs.rows(0..<8)))
    return run
}

private let denoiser = Run("Train a denoising auto-encoder on images with Gaussian noise") { ctx in
    let train = try FashionMNIST.load(.train, limit: theoryTrainImages)
    let test = try FashionMNIST.load(.test, limit: theoryTestImages)
    let noise = Corruption.gaussian(sigma: 0.3)
    let model = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("init"))
    try model.fit(train, epochs: 8, corruption: noise, rng: ctx.random("batches"), progress: ctx.progress)
    let plain = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("init"))
    try plain.fit(train, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    var draw = ctx.random("test noise")
    let noisy = try noise.apply(to: test.inputs, rng: &draw)
    func mse(_ a: Tensor) throws -> Double { Double(try (a - test.inputs).map { $0 * $0 }.mean()) }
    let run = DenoisingRun(
        noisyMSE: try mse(noisy), denoisedMSE: try mse(model.reconstruct(noisy)),
        plainMSE: try mse(plain.reconstruct(noisy)), clean: try test.inputs.rows(0..<8),
        noisy: try noisy.rows(0..<8), denoised: try model.reconstruct(noisy.rows(0..<8)))
    return run
}

private let clothingOnly = Run("Train the same auto-encoder on clothing only") { ctx in
    let train = try FashionMNIST.load(.train, limit: 2 * theoryTrainImages).filtered(labels: clothing)
        .prefix(theoryTrainImages)
    let test = try FashionMNIST.load(.test, limit: theoryTestImages)
    let model = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("init"))
    try model.fit(train, epochs: 8, rng: ctx.random("batches"), progress: ctx.progress)
    let seen = test.filtered(labels: clothing)
    let unseen = test.filtered(labels: Set(0..<10).subtracting(clothing))
    let run = ClothingOnlyRun(
        seenMSE: try model.reconstructionError(seen.inputs), unseenMSE: try model.reconstructionError(unseen.inputs),
        unseenReconstructions: try model.reconstruct(unseen.inputs.rows(0..<8)))
    return run
}

private let smallVAE = Run("Train a small VAE and estimate its log-likelihood") { ctx in
    let train = try FashionMNIST.load(.train, limit: theoryTrainImages)
    let test = try FashionMNIST.load(.test, limit: theoryTestImages)
    let model = try VariationalAutoencoder(inputs: 784, hidden: [256], latent: 8, rng: ctx.random("init"))
    try model.fit(
        train.inputs, epochs: 10, batchSize: 100, optimizer: .adam(lr: 2e-3), rng: ctx.random("fit"),
        progress: ctx.progress)
    let images = try test.inputs.rows(0..<likelihoodImages)
    let check = BoundCheck(
        posterior: try model.likelihoodEstimates(
            images, sampleCounts: importanceSamples, proposal: .posterior, rng: ctx.random("posterior")),
        prior: try model.likelihoodEstimates(
            images, sampleCounts: importanceSamples, proposal: .prior, rng: ctx.random("prior")),
        testNegativeELBO: try model.negativeELBO(test.inputs, rng: ctx.random("elbo")))
    return check
}

let vaeTheory = Notebook(
    id: "vae-theory", title: "Auto-Encoders and the Theory of the VAE", author: "Lectern", seed: 31
) {
    Markdown(
        #"""
        # What an auto-encoder computes {#sec:definitions}

        An input is a vector $\underline{x} \in \mathbb{R}^d$; underlined letters are vectors
        throughout, as in the notes. The encoder, a network with parameters $\underline{\theta}_E$,
        turns it into a code, the latent variable or *representation*
        $\underline{z} = f_E(\underline{x}, \underline{\theta}_E) \in \mathbb{R}^c$: a hidden
        description of $\underline{x}$. The decoder, with parameters $\underline{\theta}_D$, turns the
        code back into a vector of the input's size (@eq:ae-map),
        """#)
    Math(
        #"\begin{aligned}\hat{\underline{x}} &= f_D(\underline{z}, \underline{\theta}_D) = f_D(f_E(\underline{x}, \underline{\theta}_E), \underline{\theta}_D) \\ &= f(\underline{x}, \underline{\theta}) \in \mathbb{R}^d\end{aligned}"#,
        label: "eq:ae-map")
    Markdown(
        #"""
        and $\hat{\underline{x}}$ is meant to be a reconstruction of the input. Encoder and decoder
        together are one network $f$ whose parameters stack both halves (@eq:ae-params); these are
        what training adjusts.
        """#)
    Math(
        #"\underline{\theta}_E, \ \underline{\theta}_D, \quad \underline{\theta} = \begin{bmatrix} \underline{\theta}_E \\ \underline{\theta}_D \end{bmatrix} \rightarrow \text{parameters to be learnt}"#,
        label: "eq:ae-params")
    Markdown(
        #"""
        We use one auto-encoder through the first half of this companion: 784-128-32 with ReLU and a
        sigmoid output, trained on the squared error for 8 epochs on 5,000 Fashion-MNIST images, and
        tested on 1,000 others. @fig:ae-map shows it on a test image.
        """#)
    allClasses
    Plot(
        #"The auto-encoder as a map: a test image $\underline{x}$, its code $\underline{z}$ of $c = 32$ numbers and the reconstruction $\hat{\underline{x}}$"#,
        label: "fig:ae-map"
    ) { ctx in
        let run = try ctx[allClasses]
        return try Diagram(
            nodes: [
                DiagramNode(
                    "x", #"$\underline{x}$"#,
                    shape: try DiagramNode.thumbnail(run.originals), column: 0,
                    caption: #"$\underline{x} \in \mathbb{R}^{784}$"#),
                DiagramNode(
                    "fE", #"$f_E$"#, shape: .trapezoid(narrowing: .right), column: 1,
                    caption: #"$\underline{\theta}_E$"#, color: Palette.okabeIto[0]),
                DiagramNode(
                    "z", #"$\underline{z}$"#, shape: .circle, column: 2,
                    caption: #"$\underline{z} \in \mathbb{R}^{32}$"#, color: Palette.okabeIto[2]),
                DiagramNode(
                    "fD", #"$f_D$"#, shape: .trapezoid(narrowing: .left), column: 3,
                    caption: #"$\underline{\theta}_D$"#, color: Palette.okabeIto[1]),
                DiagramNode(
                    "xhat", #"$\hat{\underline{x}}$"#,
                    shape: try DiagramNode.thumbnail(run.reconstructions), column: 4,
                    caption: #"$\hat{\underline{x}} \in \mathbb{R}^{784}$"#),
            ],
            edges: [
                DiagramEdge("x", "fE"), DiagramEdge("fE", "z"), DiagramEdge("z", "fD"), DiagramEdge("fD", "xhat"),
                DiagramEdge(
                    "x", "xhat", label: #"target $\underline{y} = \underline{x}$"#, route: .below, dashed: true),
            ],
            groups: [DiagramGroup(#"$f(\underline{x}, \underline{\theta})$"#, members: ["fE", "z", "fD"])])
    }
    Markdown(
        #"""
        ## Self-supervised learning {#sec:self-supervised}

        Training compares $\hat{\underline{x}}$ with a target, as in supervised learning, but the
        target is the input itself: $\underline{y} = \underline{x}$, *self-reconstruction*. No label
        is needed, so an auto-encoder learns in a *self-supervised* way. Self-supervised
        learning is one kind of unsupervised learning ($\subset$): it uses the machinery of supervised
        learning (a target, a loss, gradient descent) on unlabelled data, with targets made from the
        data (@fig:learning-kinds). Other self-supervised tasks follow the same pattern, such as
        predicting a hidden part of the input from the rest.

        Encoder and decoder can be any deep network: dense layers for vectors, convolutions for
        images, recurrent networks for sequences. They are usually built as mirror images of each
        other, the decoder undoing the encoder's narrowing step by step.
        """#)
    Plot(
        "Self-supervised learning is the part of unsupervised learning that trains like supervised learning, with targets made from the data",
        label: "fig:learning-kinds"
    ) { _ in
        try Diagram(
            nodes: [
                DiagramNode(
                    "supervised", "supervised", shape: .roundedBox, row: 0, column: 0,
                    caption: #"pairs $(\underline{x}, \underline{y})$, labels given"#, color: Palette.okabeIto[4]),
                DiagramNode(
                    "self", "self-supervised", shape: .roundedBox, row: 0, column: 1,
                    caption: #"target $\underline{y} = \underline{x}$ (auto-encoder)"#, color: Palette.okabeIto[2]),
                DiagramNode(
                    "other", "other unsupervised", shape: .roundedBox, row: 0, column: 2,
                    caption: "clustering, density estimation", color: Palette.okabeIto[0]),
            ],
            edges: [DiagramEdge("supervised", "self", label: "same training, no labels", dashed: true)],
            groups: [DiagramGroup(#"unsupervised learning: only $\underline{x}$"#, members: ["self", "other"])])
    }
    Markdown(
        #"""
        ## Under- and overcomplete {#sec:complete}

        What forces the network to learn something is the size of the code. In an *undercomplete*
        auto-encoder the code is shorter than the input, $c < d$: it is a bottleneck, too small to hold
        the input, so the network has to keep the attributes that matter most for reconstructing it,
        the way image compression does. In an *overcomplete* one, $c > d$, the code has room
        for the whole input, and copying it through is a perfect solution that teaches nothing; for
        that reason overcomplete auto-encoders are not used without some other constraint, such as a
        sparsity penalty or noise on the input. The auto-encoders of this course are undercomplete.
        """#)
    Plot(
        "Undercomplete (top): the encoder narrows $d$ inputs to $c < d$ code units; overcomplete (bottom): the code is wider than the input, $c > d$, and can simply copy it",
        label: "fig:complete"
    ) { _ in
        try Diagram(
            nodes: [
                DiagramNode(
                    "x1", #"$\underline{x}$"#, shape: .box, row: 0, column: 0, caption: "$d = 784$",
                    minimumSize: Size(22, 60)),
                DiagramNode(
                    "e1", "encoder", shape: .trapezoid(narrowing: .right), row: 0, column: 1, color: Palette.okabeIto[0]
                ),
                DiagramNode(
                    "z1", #"$\underline{z}$"#, shape: .box, row: 0, column: 2, caption: "$c = 32$",
                    minimumSize: Size(22, 18), color: Palette.okabeIto[2]),
                DiagramNode(
                    "d1", "decoder", shape: .trapezoid(narrowing: .left), row: 0, column: 3, color: Palette.okabeIto[1]),
                DiagramNode(
                    "y1", #"$\hat{\underline{x}}$"#, shape: .box, row: 0, column: 4, caption: "$d = 784$",
                    minimumSize: Size(22, 60)),
                DiagramNode(
                    "x2", #"$\underline{x}$"#, shape: .box, row: 1, column: 0, caption: "$d = 784$",
                    minimumSize: Size(22, 60)),
                DiagramNode(
                    "e2", "encoder", shape: .trapezoid(narrowing: .left), row: 1, column: 1, color: Palette.okabeIto[0]),
                DiagramNode(
                    "z2", #"$\underline{z}$"#, shape: .box, row: 1, column: 2, caption: "$c = 1024$",
                    minimumSize: Size(22, 80), color: Palette.okabeIto[2]),
                DiagramNode(
                    "d2", "decoder", shape: .trapezoid(narrowing: .right), row: 1, column: 3, color: Palette.okabeIto[1]
                ),
                DiagramNode(
                    "y2", #"$\hat{\underline{x}}$"#, shape: .box, row: 1, column: 4, caption: "$d = 784$",
                    minimumSize: Size(22, 60)),
            ],
            edges: [
                DiagramEdge("x1", "e1"), DiagramEdge("e1", "z1"), DiagramEdge("z1", "d1"), DiagramEdge("d1", "y1"),
                DiagramEdge("x2", "e2"), DiagramEdge("e2", "z2"), DiagramEdge("z2", "d2"), DiagramEdge("d2", "y2"),
            ])
    }
    Markdown(
        #"""
        # What auto-encoders are used for {#sec:uses}

        **Dimension reduction.** With $c < d$ the code is a compressed version of the input. Our
        auto-encoder keeps 32 numbers of 784, a factor of 24.5, and @fig:reconstructions shows what
        survives: the shape and the overall brightness of each garment, with the fine print smoothed
        away.
        """#)
    Plot("Eight test images (top) and their reconstructions from 32 numbers (bottom)", label: "fig:reconstructions") {
        ctx in
        let run = try ctx[allClasses]
        return try ImageGrid(
            rows: [("original", run.originals), ("reconstruction", run.reconstructions)], width: 400)
    }
    Markdown { ctx in
        try
            #"The test error per pixel of these reconstructions, over 1,000 test images, is \#(ctx[allClasses].testMSE, digits: 4)."#
    }
    Markdown(
        #"""
        **Denoising.** A denoising auto-encoder receives a corrupted input and is trained to
        reconstruct the clean one (@fig:denoising-loop). Its code $\underline{z}$ is low-dimensional,
        so it can keep only what is needed to describe a clean image; the noise carries no such
        information, since the target never contains it, and the network learns to drop it. We train
        the 784-128-32 architecture on images with Gaussian noise of standard deviation 0.3 added to
        every pixel, and compare it on noisy test images with the plain auto-encoder of
        @fig:reconstructions.
        """#)
    denoiser
    Plot(
        "The denoising auto-encoder: a clean image is corrupted, encoded and decoded, and the reconstruction is compared with the clean image",
        label: "fig:denoising-loop"
    ) { ctx in
        let run = try ctx[denoiser]
        func thumb(_ t: Tensor) throws -> DiagramNode.Shape {
            try DiagramNode.thumbnail(t)
        }
        return try Diagram(
            nodes: [
                DiagramNode("x", #"$\underline{x}$"#, shape: try thumb(run.clean), column: 0, caption: "clean"),
                DiagramNode("noise", "add noise", shape: .roundedBox, column: 1),
                DiagramNode(
                    "xt", #"$\tilde{\underline{x}}$"#, shape: try thumb(run.noisy), column: 2, caption: "noisy"),
                DiagramNode("fE", "$f_E$", shape: .trapezoid(narrowing: .right), column: 3, color: Palette.okabeIto[0]),
                DiagramNode(
                    "z", #"$\underline{z}$"#, shape: .circle, column: 4, caption: "low-dimensional",
                    color: Palette.okabeIto[2]),
                DiagramNode("fD", "$f_D$", shape: .trapezoid(narrowing: .left), column: 5, color: Palette.okabeIto[1]),
                DiagramNode(
                    "xh", #"$\hat{\underline{x}}$"#, shape: try thumb(run.denoised), column: 6, caption: "denoised"),
            ],
            edges: [
                DiagramEdge("x", "noise"), DiagramEdge("noise", "xt"), DiagramEdge("xt", "fE"), DiagramEdge("fE", "z"),
                DiagramEdge("z", "fD"), DiagramEdge("fD", "xh"),
                DiagramEdge("x", "xh", label: "loss against the clean image", route: .below, dashed: true),
            ])
    }
    Plot(
        "Noisy test images (top), the denoising auto-encoder's output (middle) and the clean images (bottom)",
        label: "fig:denoising"
    ) { ctx in
        let run = try ctx[denoiser]
        return try ImageGrid(
            rows: [("noisy", run.noisy), ("denoised", run.denoised), ("clean", run.clean)], width: 400)
    }
    Markdown { ctx in
        let run = try ctx[denoiser]
        return #"""
            The errors per pixel against the clean test images measure it: the noisy inputs are at
            \#(run.noisyMSE, digits: 4), the plain auto-encoder brings them to \#(run.plainMSE, digits: 4),
            and the denoising auto-encoder to \#(run.denoisedMSE, digits: 4).
            """#
    }
    Claim(
        "the denoiser's output is closer to the clean images than its noisy input and than the plain auto-encoder's output"
    ) { ctx in
        let run = try ctx[denoiser]
        return run.denoisedMSE < run.noisyMSE && run.denoisedMSE < run.plainMSE
    }
    Markdown(
        #"""

        ## Known examples and unknown domains {#sec:domains}

        An auto-encoder learns what is typical of its training data, and that is all it knows. Inputs
        of a kind it never saw, even if they look related, are reconstructed poorly. To measure this
        we train the same auto-encoder on clothing only (T-shirts, trousers, pullovers, dresses, coats
        and shirts, 5,000 images) and test both auto-encoders on the clothing and on the classes the
        second one never saw: sandals, sneakers, bags and ankle boots.
        """#)
    clothingOnly
    Plot(
        "Test images of classes the second auto-encoder never saw (top), reconstructed by the auto-encoder trained on all classes (middle) and by the one trained on clothing only (bottom)",
        label: "fig:domains"
    ) { ctx in
        let all = try ctx[allClasses]
        let clothes = try ctx[clothingOnly]
        return try ImageGrid(
            rows: [
                ("original", all.unseenOriginals), ("all classes", all.unseenReconstructions),
                ("clothing only", clothes.unseenReconstructions),
            ], width: 420)
    }
    Markdown { ctx in
        let all = try ctx[allClasses]
        let clothes = try ctx[clothingOnly]
        return #"""
            The auto-encoder trained on clothing turns shoes and bags into blurred garment-like shapes:
            it can only produce what it learned. The test errors per pixel:

            | trained on | clothing (seen by both) | footwear and bags |
            |:--|--:|--:|
            | all classes | \#(all.seenMSE, digits: 4) | \#(all.unseenMSE, digits: 4) |
            | clothing only | \#(clothes.seenMSE, digits: 4) | \#(clothes.unseenMSE, digits: 4) |

            On the clothing both do about equally well; on the classes it never saw, the error of the
            clothing-only auto-encoder is \#(clothes.unseenMSE / all.unseenMSE, digits: 1) times that of
            the one that saw them.
            """#
    }
    Claim(
        "the clothing-only auto-encoder is within 15% of the other on clothing and at least 1.5 times worse on unseen classes"
    ) { ctx in
        let all = try ctx[allClasses]
        let clothes = try ctx[clothingOnly]
        return clothes.seenMSE < 1.15 * all.seenMSE && clothes.unseenMSE > 1.5 * all.unseenMSE
    }
    Markdown(
        #"""

        # The theory of the VAE {#sec:theory}

        ## Learning a distribution {#sec:goal}

        The data come from a distribution $p(\underline{x})$ that we do not know; all we have are
        samples $\underline{x}(1) \dots \underline{x}(N)$ drawn from it, and no $\underline{y}$. We
        choose a family of distributions $q(\underline{x}; \underline{\theta})$, written
        $q(\underline{x}, \underline{\theta})$ in the notes, with a parameter vector
        $\underline{\theta}$: for a VAE, all the weights of its networks. The goal is the member of
        the family closest to $p$, measured by the Kullback–Leibler divergence:
        $\min_{\underline{\theta}} D_{KL}(p||q)$. That divergence is our cost function (@eq:cost):
        """#)
    Math(
        #"\begin{aligned}\text{Cost: } \mathcal{L}(\underline{\theta}) &= D_{KL}(p||q) \\ &= E_{\underline{x} \sim p} \left( \ln \frac{p(\underline{x})}{q(\underline{x}; \underline{\theta})} \right)\end{aligned}"#,
        label: "eq:cost")
    Markdown(
        #"""
        The logarithm of a ratio is a difference of logarithms, so the cost splits in two (@eq:split).
        The first part involves only the data's distribution and does not change with
        $\underline{\theta}$; the second is what we can influence, but it is an expectation over the
        unknown $p(\underline{x})$:
        """#)
    Math(
        #"\mathcal{L}(\underline{\theta}) = \underbrace{E_{\underline{x} \sim p} \ln p(\underline{x})}_{\text{independent of } \underline{\theta}} - \underbrace{E_{\underline{x} \sim p} \ln q(\underline{x}; \underline{\theta})}_{\text{unknown}}"#,
        label: "eq:split")
    Markdown(
        #"""
        What we do have is the sample. Replacing $p(\underline{x})$ by the empirical distribution
        $\hat{p}(\underline{x}) = \frac{1}{N} \sum_{n=1}^N \delta(\underline{x} - \underline{x}(n))$
        (@eq:empirical), which puts a mass of $1/N$ on each training sample, turns the expectation
        into an average over the training set (@eq:approx, @eq:nll):
        """#)
    Math(
        #"\hat{p}(\underline{x}) = \frac{1}{N} \sum_{n=1}^N \delta(\underline{x} - \underline{x}(n))"#,
        label: "eq:empirical")
    Math(
        #"\mathcal{L}(\underline{\theta}) \approx \text{constant} - E_{\underline{x} \sim \hat{p}} \ln q(\underline{x}; \underline{\theta})"#,
        label: "eq:approx")
    Math(
        #"= \text{const} + \frac{1}{N} \sum_{n=1}^N \underbrace{-\ln q(\underline{x}(n); \underline{\theta})}_{\text{loss } \mathcal{L}(\underline{x}(n); \underline{\theta}) \text{ of VAE}}"#,
        label: "eq:nll")
    Markdown(
        #"""
        Minimising the divergence from the data is therefore maximum likelihood: the loss of one
        sample is its negative log-likelihood $-\ln q(\underline{x}; \underline{\theta})$ under the
        model. The derivation is the one that gives the cross-entropy loss of supervised learning,
        with one difference: there is no $\underline{y}$. The joint distribution of inputs and labels
        becomes the distribution of the inputs alone, $p(\underline{x}, \underline{y}) \rightarrow p(\underline{x})$,
        and the model of the label given the input becomes a model of the input,
        $q(\underline{y}|\underline{x}; \underline{\theta}) \rightarrow q(\underline{x}; \underline{\theta})$.

        ## A model with a hidden cause {#sec:latent}

        How should $q(\underline{x}; \underline{\theta})$ look? The VAE's answer is a story of how
        an image comes about: first a latent vector $\underline{z}$ is drawn from a distribution we
        fix in advance (@eq:prior), then the decoder turns it into a distribution over images.
        """#)
    Math(
        #"\underline{z} \sim q(\underline{z}), \quad \text{e.g. } \underline{z} \sim N(\underline{0}, \underline{I})"#,
        label: "eq:prior")
    Markdown(
        #"""
        The probability of an image adds up every way it could have been produced: the joint density
        of image and code, integrated over all codes, where the joint is the decoder's distribution
        times the known prior (@eq:marginal).
        """#)
    Math(
        #"\begin{aligned} \text{i.e. } q(\underline{x}; \underline{\theta}) &= \int p(\underline{x}, \underline{z}; \underline{\theta}) \, d\underline{z} \\ &= \int \underbrace{p(\underline{x} | \underline{z}; \underline{\theta})}_{\text{decoder}} \underbrace{q(\underline{z})}_{\text{known}} d\underline{z} \end{aligned}"#,
        label: "eq:marginal")
    Markdown(
        #"""
        The trouble is the integral. The decoder's distribution depends on $\underline{z}$ through a
        deep network, so @eq:marginal has no closed form, and without $q(\underline{x}; \underline{\theta})$
        we cannot compute the loss @eq:nll or its gradient $\nabla L$. Estimating the integral by
        sampling codes from the prior does not help much either: for a given image, almost every code
        drawn at random decodes to some other image, and only a tiny region of the latent space
        contributes. @sec:check measures how slowly such an estimate converges.

        ## The variational bound {#sec:bound}

        The first trick of the solution: replace $-\ln q(\underline{x}; \underline{\theta})$ by an
        upper bound that can be computed, and minimise the bound instead. Take any distribution
        $r(\underline{z} \mid \underline{x})$ over codes that has mass wherever the integrand has;
        the VAE's encoder provides one, a Gaussian with mean and variance computed from
        $\underline{x}$. Multiplying and dividing the integrand of @eq:marginal by it writes the
        likelihood as an expectation over codes drawn from the encoder (@eq:is-identity):
        """#)
    Math(
        #"q(\underline{x}; \underline{\theta}) = E_{\underline{z} \sim r(\underline{z} \mid \underline{x})} \left[ \frac{p(\underline{x} \mid \underline{z}; \underline{\theta}) \, q(\underline{z})}{r(\underline{z} \mid \underline{x})} \right]"#,
        label: "eq:is-identity")
    Markdown(
        #"""
        Because $-\ln$ is convex, Jensen's inequality moves it inside the expectation at the price of
        an inequality, and the result splits into a reconstruction term and a KL divergence from the
        prior (@eq:bound): exactly the two terms a VAE trains on.
        """#)
    Math(
        #"-\ln q(\underline{x}; \underline{\theta}) \leq \underbrace{E_{\underline{z} \sim r} \left[ -\ln p(\underline{x} \mid \underline{z}; \underline{\theta}) \right]}_{\text{reconstruction}} + \underbrace{D_{KL}\left( r(\underline{z} \mid \underline{x}) \,\|\, q(\underline{z}) \right)}_{\text{regulariser}}"#,
        label: "eq:bound")
    Markdown(
        #"""
        The right-hand side is the *variational upper bound* of the loss; its negative is the
        *evidence lower bound* (ELBO) of $\ln q(\underline{x}; \underline{\theta})$. The bound is tight
        when $r$ is the true posterior of the model: the gap equals
        $D_{KL}\big(r(\underline{z} \mid \underline{x}) \,\|\, p(\underline{z} \mid \underline{x}; \underline{\theta})\big) \geq 0$.
        Minimising the bound over the decoder's parameters makes the data more likely; minimising it
        over the encoder's parameters closes the gap. With a Gaussian encoder and prior the KL term has
        a closed form, and the reparameterisation of the companion on VAEs and GANs makes the
        reconstruction term differentiable.

        ## A numerical check of the bound {#sec:check}

        On a small VAE we can afford what training avoids: estimating $\ln q(\underline{x}; \underline{\theta})$
        itself. Drawing $K$ codes $\underline{z}_k$ from the encoder and averaging the ratios of
        @eq:is-identity gives the importance-sampled estimate @eq:iwae. For $K = 1$ it is, on average,
        the ELBO; as $K$ grows it rises towards $\ln q(\underline{x}; \underline{\theta})$ (Burda,
        Grosse and Salakhutdinov 2016). Drawing the codes from the prior instead, $r = q(\underline{z})$,
        makes the same formula the plain Monte-Carlo average of the decoder's likelihood.
        """#)
    Math(
        #"\ln \hat{q}_K(\underline{x}) = \ln \frac{1}{K} \sum_{k=1}^{K} \frac{p(\underline{x} \mid \underline{z}_k; \underline{\theta}) \, q(\underline{z}_k)}{r(\underline{z}_k \mid \underline{x})}, \qquad \underline{z}_k \sim r(\underline{z} \mid \underline{x})"#,
        label: "eq:iwae")
    Markdown(
        #"""
        We train a VAE 784-256-8 (eight latent dimensions, Bernoulli decoder) for 10 epochs on 5,000
        images and evaluate both estimators on 200 test images with up to 300 samples each. The
        decoder treats the grey values as probabilities of a pixel being on, so the numbers are
        log-likelihoods of that model, in nats per image; what matters is how they compare.
        """#)
    smallVAE
    Plot(
        #"Estimates of $\ln q(\underline{x})$ in nats per image against the number of samples $K$, averaged over 200 test images: codes from the encoder (@eq:iwae), codes from the prior, and the ELBO; the right panel enlarges the gap between the encoder's estimate and the ELBO"#,
        label: "fig:bound"
    ) { ctx in
        let check = try ctx[smallVAE]
        let k = importanceSamples.map(Double.init)
        let elbo = Series(
            name: "ELBO", x: [k[0], k[k.count - 1]], y: [check.posterior.meanLogWeight, check.posterior.meanLogWeight])
        let encoder = Series(name: "from the encoder", x: k, y: check.posterior.logLikelihood)
        let all = LinePlot(
            [encoder, Series(name: "from the prior", x: k, y: check.prior.logLikelihood), elbo],
            title: "both proposals", xLabel: "samples $K$", yLabel: "nats per image", logX: true)
        // The same colours as on the left: the encoder's first, the ELBO third.
        let close = LinePlot(
            [encoder, elbo], title: "the encoder's, enlarged", xLabel: "samples $K$", logX: true,
            palette: Palette([Palette.okabeIto[0], Palette.okabeIto[2]]))
        return PlotFigure(all.figure.panels + close.figure.panels, columns: 2, size: Size(480, 240))
    }
    Markdown { ctx in
        let check = try ctx[smallVAE]
        let last = importanceSamples.count - 1
        return #"""
            @fig:bound shows the bound at work. The ELBO is \#(check.posterior.meanLogWeight, digits: 1)
            nats per image. The estimates from the encoder start there and rise with $K$, to
            \#(check.posterior.logLikelihood[last], digits: 1) nats with \#(importanceSamples[last])
            samples: the gap of \#(check.posterior.logLikelihood[last] - check.posterior.meanLogWeight, digits: 1)
            nats is small beside the likelihood itself, so minimising the bound was a good proxy for
            minimising @eq:nll. The estimates from the prior lie far below, at
            \#(check.prior.logLikelihood[last], digits: 1) nats with the same number of samples, and climb
            slowly: for a given image, a code drawn from the prior almost never explains it, which is why
            the integral @eq:marginal cannot simply be sampled. @fig:gap shows the gap image by image.
            """#
    }
    Claim("the encoder's estimate rises with K from the ELBO, and the prior's stays below it at every K") { ctx in
        let check = try ctx[smallVAE]
        let rises = zip(check.posterior.logLikelihood, check.posterior.logLikelihood.dropFirst()).allSatisfy { $0 < $1 }
        let below = zip(check.prior.logLikelihood, check.posterior.logLikelihood).allSatisfy { $0 < $1 }
        return rises && below && check.posterior.logLikelihood[0] < check.posterior.meanLogWeight + 1
    }
    Claim("the gap is positive for every image and small beside the likelihood") { ctx in
        let check = try ctx[smallVAE]
        let gaps = zip(check.posterior.rowLogLikelihood, check.posterior.rowMeanLogWeight).map { $0 - $1 }
        return gaps.allSatisfy { $0 > 0 }
            && (check.posterior.logLikelihood.last ?? 0) - check.posterior.meanLogWeight
                < 0.05 * abs(check.posterior.meanLogWeight)
    }
    Plot(
        #"The gap between the 300-sample estimate of $\ln q(\underline{x})$ and the ELBO for each of the 200 test images: positive for every image, as the bound requires"#,
        label: "fig:gap"
    ) { ctx in
        let check = try ctx[smallVAE]
        let gaps = zip(check.posterior.rowLogLikelihood, check.posterior.rowMeanLogWeight).map { $0 - $1 }
        return try Histogram(values: gaps, bins: 30, xLabel: "gap (nats)", yLabel: "images")
    }
    Markdown(
        #"""
        # Summary {#sec:summary}

        - An auto-encoder is a network $f(\underline{x}, \underline{\theta})$ made of an encoder and a
          decoder (@eq:ae-map, @eq:ae-params), trained on its own input as target: self-supervised
          learning, a kind of unsupervised learning (@fig:learning-kinds).
        - Undercomplete codes ($c < d$) compress (@fig:reconstructions) and denoise (@fig:denoising);
          overcomplete ones can copy and are not used on their own (@fig:complete). What an
          auto-encoder learned does not carry over to a domain it never saw (@fig:domains).
        - Fitting $q(\underline{x}; \underline{\theta})$ to the data by the KL divergence is maximum
          likelihood (@eq:cost to @eq:nll). The VAE's likelihood is an integral over a latent code
          (@eq:marginal) with no closed form; the VAE minimises the variational upper bound
          @eq:bound instead, and @fig:bound measures how close that bound is.
        """#)
}
