import Foundation
import Lectern

/// What the VAE notebook's Run cells leave for its figures: plain data only, so every cell caches.
extension StateKey where Value == TrainingHistory {
    static let vaeHistory = StateKey("vaeHistory")
}
extension StateKey where Value == [Double] {
    static let vaeReconstructionTerm = StateKey("vaeReconstructionTerm")
    static let vaeKLTerm = StateKey("vaeKLTerm")
}
extension StateKey where Value == Tensor {
    static let vaeCodes = StateKey("vaeCodes")
    static let vaePlainCodes = StateKey("vaePlainCodes")
    static let vaeManifold = StateKey("vaeManifold")
    static let vaePriorSamples = StateKey("vaePriorSamples")
    static let vaeWalk = StateKey("vaeWalk")
    static let vaePlainWalk = StateKey("vaePlainWalk")
}
extension StateKey where Value == [Int] {
    static let vaeLabels = StateKey("vaeLabels")
}

/// Tiles per side of the latent manifold.
private let manifoldSteps = 16
/// Images along each interpolation path, endpoints included.
private let walkSteps = 10
/// The two test images whose codes the interpolation joins (an ankle boot and a pullover).
private let walkEnds = (0, 1)

let variationalAutoencoders = Notebook(
    id: "vae", title: "Variational Auto-Encoders", author: "Lectern", seed: 23
) {
    Markdown(
        """
        # From compression to generation {#sec:intro}

        An auto-encoder compresses an image $x$ into a code $z = f_\\phi(x)$ and decodes it again. It
        is tempting to *generate* new images by decoding codes we choose ourselves, but a plain
        auto-encoder gives no reason to expect that an arbitrary $z$ decodes to anything sensible: its
        codes can sit anywhere, with wide gaps between the classes. In high dimensions, moreover, we
        cannot hope to estimate the density of the data directly — almost all of the input space is
        empty.

        The variational auto-encoder (VAE, Kingma and Welling 2014) keeps the encoder–decoder shape
        but makes both probabilistic and ties the codes to a distribution we can sample from. This
        lecture derives its loss (@sec:elbo), explains how to differentiate through a random sample
        (@sec:reparam), and trains a VAE with a two-dimensional latent space on Fashion-MNIST so
        that we can look at everything it learned (@sec:experiment).

        # A latent-variable model {#sec:model}

        We want a model $p_\\theta(x)$ close to the unknown data distribution $p(x)$, in the sense of
        the Kullback–Leibler divergence. Since $\\mathbb{E}_{p}[\\ln p(x)]$ does not depend on
        $\\theta$, minimising $D_{KL}(p \\,\\|\\, p_\\theta)$ means maximising the average
        log-likelihood of the training samples:
        """)
    Math(#"D_{KL}(p \,\|\, p_\theta) = \mathbb{E}_{x \sim p} \left[ \ln \frac{p(x)}{p_\theta(x)} \right] \approx \text{const} - \frac{1}{N} \sum_{n=1}^{N} \ln p_\theta\big(x^{(n)}\big)."#, label: "eq:mle")
    Markdown(
        """
        The VAE assumes each image is generated from a hidden code: first $z$ from a fixed prior, then
        $x$ from a decoder network $g_\\theta$ that outputs the probability of each pixel being on,
        """)
    Math(#"z \sim p(z) = \mathcal{N}(0, I), \qquad p_\theta(x \mid z) = \prod_{j=1}^{d} \operatorname{Bernoulli}\big(x^{(j)} ; g_\theta^{(j)}(z)\big),"#, label: "eq:generative")
    Markdown(
        """
        so that the likelihood of an image is an integral over all codes that could have produced it,
        """)
    Math(#"p_\theta(x) = \int p_\theta(x \mid z) \, p(z) \, dz."#, label: "eq:marginal")
    Markdown(
        """
        With a neural network inside, @eq:marginal has no closed form, and estimating it by sampling
        $z$ from the prior is hopeless: almost no code drawn at random explains a given image.

        # The evidence lower bound {#sec:elbo}

        The remedy is a second network, the encoder, that proposes codes likely to explain $x$. It
        outputs a Gaussian with a diagonal covariance,
        """)
    Math(#"q_\phi(z \mid x) = \mathcal{N}\big(z ; \mu_\phi(x), \operatorname{diag} \sigma_\phi^2(x)\big),"#, label: "eq:encoder")
    Markdown(
        """
        where the network outputs $\\log \\sigma_\\phi^2$ rather than $\\sigma_\\phi$, so that any real
        output gives a positive variance. For any such $q_\\phi$, Jensen's inequality bounds the
        log-likelihood from below:
        """)
    Math(#"""
        \begin{aligned}
        \ln p_\theta(x) &= \ln \mathbb{E}_{z \sim q_\phi(z \mid x)} \left[ \frac{p_\theta(x \mid z) \, p(z)}{q_\phi(z \mid x)} \right] \\
        &\geq \underbrace{\mathbb{E}_{z \sim q_\phi(z \mid x)} \big[ \ln p_\theta(x \mid z) \big]}_{\text{reconstruction}} - \underbrace{D_{KL}\big(q_\phi(z \mid x) \,\|\, p(z)\big)}_{\text{regulariser}} = \mathcal{L}(\theta, \phi; x).
        \end{aligned}
        """#, label: "eq:elbo")
    Markdown(
        """
        $\\mathcal{L}$ is the *evidence lower bound* (ELBO). The gap is exactly
        $D_{KL}(q_\\phi(z \\mid x) \\,\\|\\, p_\\theta(z \\mid x))$, so raising the bound with respect to
        $\\phi$ makes the encoder a better approximation of the true posterior, and raising it with
        respect to $\\theta$ makes the data more likely. We train both networks on the *negative*
        ELBO, averaged over the training images.

        The first term of @eq:elbo asks the decoder to reconstruct $x$ from a code *sampled* around
        $\\mu_\\phi(x)$, not from a single point; with the Bernoulli decoder @eq:generative it is the
        binary cross-entropy summed over pixels. The second term keeps every posterior close to the
        prior. Between two Gaussians it has a closed form, a sum over the $m$ latent dimensions:
        """)
    Math(#"D_{KL}\big(q_\phi(z \mid x) \,\|\, \mathcal{N}(0, I)\big) = \frac{1}{2} \sum_{k=1}^{m} \Big( \underbrace{\mu_k^2}_{\text{least at } 0} + \underbrace{\sigma_k^2 - \ln \sigma_k^2 - 1}_{\text{least at } \sigma_k = 1} \Big)."#, label: "eq:kl")
    Markdown(
        """
        It pulls the means towards the origin and keeps the variances from collapsing to zero, which
        would turn the VAE back into a plain auto-encoder. The reconstruction term pulls the other
        way: it wants posteriors of different images to overlap as little as possible. The compromise
        is a code space that is filled densely, without gaps, and where the prior @eq:generative puts
        its mass.

        # The reparameterisation trick {#sec:reparam}

        The reconstruction term is an expectation over $z \\sim q_\\phi(z \\mid x)$, estimated with one
        sample per image. Sampling is not a differentiable operation of $\\phi$, but the Gaussian can be
        rewritten as a deterministic function of $\\phi$ and of noise that does not depend on it:
        """)
    Math(#"z = \mu_\phi(x) + \sigma_\phi(x) \odot \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I), \qquad \sigma_\phi(x) = \exp\!\big(\tfrac{1}{2} \log \sigma_\phi^2(x)\big)."#, label: "eq:reparam")
    Markdown(
        """
        Now the randomness enters as an input, the gradient flows through $\\mu_\\phi$ and
        $\\sigma_\\phi$ by the chain rule, and the whole negative ELBO is minimised by ordinary
        stochastic gradient descent. This is exactly what Lectern's `VariationalAutoencoder` does in
        each step: encode, draw $\\varepsilon$, decode, and add the cross-entropy to @eq:kl.

        # A VAE with a two-dimensional latent space {#sec:experiment}

        To see the latent space we give it $m = 2$ dimensions. The encoder is 784-400-(2+2) with ReLU,
        the decoder 2-400-784 with a sigmoid output. We train it with Adam (learning rate
        $2 \\cdot 10^{-3}$, batches of 100) for 10 epochs on 10,000 Fashion-MNIST images, recording the
        two terms of the loss separately. For comparison we train a plain auto-encoder 784-400-2 with
        the same hidden layer and a linear code layer on the squared error. (The cell's code is in
        the notebook source; it prints the test loss and both models' reconstruction errors.)
        """)
    Run("Train a VAE with a 2-D latent space and a plain auto-encoder", echo: false) { ctx in
        let train = try FashionMNIST.load(.train, limit: 10_000)
        let test = try FashionMNIST.load(.test, limit: 1_000)
        let vae = try VariationalAutoencoder(inputs: 784, hidden: [400], latent: 2, rng: ctx.random("vae.init"))
        // The trainer is driven directly so that the two terms of the ELBO can be recorded per epoch.
        var noise = ctx.random("vae.noise")
        var trainer = Trainer(epochs: 10, batchSize: 100, optimizer: .adam(lr: 2e-3), rng: ctx.random("vae.order"))
        var reconstructionTerm: [Double] = []
        var klTerm: [Double] = []
        var sums = (reconstruction: 0.0, kl: 0.0, count: 0)
        let history = try trainer.fit(
            parameters: vae.parameters, inputs: train.inputs, validation: (test.inputs, []), progress: ctx.progress
        ) { batch, tape in
            let terms = try vae.terms(Var(batch.inputs), tape: tape, noise: &noise)
            if tape != nil {
                sums.reconstruction += Double(terms.reconstruction) * Double(batch.count)
                sums.kl += Double(terms.kl) * Double(batch.count)
                sums.count += batch.count
                if sums.count == train.count {
                    reconstructionTerm.append(sums.reconstruction / Double(sums.count))
                    klTerm.append(sums.kl / Double(sums.count))
                    sums = (0, 0, 0)
                }
            }
            return terms.total
        }
        let plain = try Autoencoder(sizes: [784, 400, 2], codeActivation: .identity, rng: ctx.random("ae.init"))
        try plain.fit(train, epochs: 6, batchSize: 100, rng: ctx.random("ae.batches"), progress: ctx.progress)

        ctx.print("VAE test negative ELBO:", rounded(try vae.negativeELBO(test.inputs, rng: ctx.random("vae.eval"))), "nats")
        ctx.print("  last epoch: reconstruction", rounded(reconstructionTerm.last ?? .nan),
                  "nats + KL", rounded(klTerm.last ?? .nan), "nats")
        ctx.print("VAE test MSE per pixel:", rounded(try squaredError(vae.decode(vae.encode(test.inputs)), test.inputs), 4))
        ctx.print("AE test MSE per pixel: ", rounded(try plain.reconstructionError(test.inputs), 4))

        ctx[.vaeHistory] = history
        ctx[.vaeReconstructionTerm] = reconstructionTerm
        ctx[.vaeKLTerm] = klTerm
        let codes = try vae.encode(test.inputs)
        let plainCodes = try plain.encode(test.inputs)
        ctx[.vaeCodes] = codes
        ctx[.vaePlainCodes] = plainCodes
        ctx[.vaeLabels] = test.labels

        // The decoder on a grid at the 5 % ... 95 % quantiles of N(0, 1), in LatentManifold's tile order.
        let zs = LatentGrid.normalQuantiles.values(manifoldSteps)
        var grid: [Float] = []
        for r in 0..<manifoldSteps {
            for c in 0..<manifoldSteps { grid += [Float(zs[c]), Float(zs[manifoldSteps - 1 - r])] }
        }
        ctx[.vaeManifold] = try vae.decode(Tensor(shape: [manifoldSteps * manifoldSteps, 2], scalars: grid))
        var prior = ctx.random("prior")
        ctx[.vaePriorSamples] = try vae.sample(count: 30, rng: &prior)
        ctx[.vaeWalk] = try vae.decode(path(codes, from: walkEnds.0, to: walkEnds.1, steps: walkSteps))
        ctx[.vaePlainWalk] = try plain.decode(path(plainCodes, from: walkEnds.0, to: walkEnds.1, steps: walkSteps))
    }
    Markdown(
        """
        ## Training {#sec:training}

        @fig:loss shows the negative ELBO per image on the training set and on 1,000 test images.
        @fig:terms splits the training loss into its two parts. The cross-entropy falls steadily. The
        KL term jumps in the first epochs, as the encoder starts to spend information about each image
        on its code, and then gives a little back as the two terms find their balance: about 6 nats
        per image, a small price for a reconstruction more than 60 nats better than the first epoch's.
        """)
    Plot("Negative ELBO per image (nats) during training", label: "fig:loss") { ctx in
        let history = try ctx.require(.vaeHistory)
        return LossPlot(
            train: history.epochLoss, validation: history.validationLoss, yLabel: "$-\\mathcal{L}$ (nats per image)",
            size: Size(380, 230))
    }
    Plot("The two terms of the training loss per epoch: reconstruction (binary cross-entropy, left) and KL divergence to the prior (right)", label: "fig:terms") { ctx in
        let reconstruction = LossPlot(train: try ctx.require(.vaeReconstructionTerm), yLabel: "reconstruction (nats)")
        let kl = LossPlot(train: try ctx.require(.vaeKLTerm), yLabel: "KL divergence (nats)")
        return PlotFigure(reconstruction.figure.panels + kl.figure.panels, columns: 2, size: Size(440, 210))
    }
    Markdown(
        """
        ## The latent space {#sec:latent}

        @fig:codes places each test image at the mean $\\mu_\\phi(x)$ of its posterior, next to the code
        of the plain auto-encoder. Neither model saw a label, and both group the classes similarly.
        The difference is in the scale and the shape: the auto-encoder's codes spread over whatever
        range suits it, in long thin arms with empty space between, while the KL term @eq:kl keeps the
        VAE's codes in a round cloud of radius about 2–3 around the origin, matching the prior
        $\\mathcal{N}(0, I)$.
        """)
    Plot("Test images at their 2-D codes: plain auto-encoder (left) and VAE posterior means (right)", label: "fig:codes") { ctx in
        let labels = try ctx.require(.vaeLabels)
        return try CodeScatter(
            [
                CodePanel("auto-encoder", codes: try ctx.require(.vaePlainCodes).scalars, labels: labels,
                          xLabel: "$z_1$", yLabel: "$z_2$"),
                CodePanel("VAE", codes: try ctx.require(.vaeCodes).scalars, labels: labels, xLabel: "$z_1$", yLabel: "$z_2$"),
            ], classNames: FashionMNIST.classNames, size: Size(470, 240))
    }
    Markdown(
        """
        Because the codes fill the prior, we can decode a regular grid over it. @fig:manifold places
        the grid at the 5 % to 95 % quantiles of $\\mathcal{N}(0, 1)$ along each axis, as in Kingma and
        Welling's figure, so that each tile covers an equal share of the prior's mass. Every tile is a
        plausible garment, and neighbouring tiles change smoothly: trousers and dresses on the left,
        tops and pullovers above, and the footwear on the right, from sandals to ankle boots —
        compare the class regions of @fig:codes.
        """)
    Plot("The decoder on a 16 × 16 grid over the latent space, at the quantiles of N(0, 1)", label: "fig:manifold") { ctx in
        let decoded = try ctx.require(.vaeManifold).scalars
        let tiles = (0..<(manifoldSteps * manifoldSteps)).map { Array(decoded[($0 * 784)..<(($0 + 1) * 784)]) }
        return try LatentManifold(
            images: tiles, grid: LatentGrid.normalQuantiles.values(manifoldSteps), imageWidth: 28, imageHeight: 28,
            size: Size(380, 360))
    }
    Markdown(
        """
        ## Generating {#sec:samples}

        Sampling from the model is ancestral sampling of @eq:generative: draw $z \\sim \\mathcal{N}(0, I)$
        and decode. @fig:samples shows 30 samples, drawing the decoder's pixel probabilities
        $g_\\theta(z)$ rather than a random binary image. They are blurry — two numbers cannot hold
        texture, and a Bernoulli decoder averages over what the code leaves open — but most of them
        are recognisably tops, trousers or shoes. The few faint ones come from codes far out in the
        prior's tails or between two classes, where the decoder hedges between both.
        """)
    Plot("30 images decoded from codes drawn from the prior N(0, I)", label: "fig:samples") { ctx in
        try ImageGrid(pixels: try ctx.require(.vaePriorSamples).scalars, imageWidth: 28, imageHeight: 28, columns: 10, width: 430)
    }
    Markdown(
        """
        ## Interpolation {#sec:interpolation}

        Finally we walk in a straight line from the code of one test image to another,
        $z(t) = (1 - t)\\, z_a + t\\, z_b$, and decode along the way (@fig:walk). Both models pass through
        other classes, since in two dimensions the line must cross them; but the auto-encoder's path
        crosses the empty space between its arms, where its decoder was never trained, while the
        VAE's path stays inside the region the prior covers and changes gradually.
        """)
    Plot("Decoded images along the line between the codes of two test images: plain auto-encoder (top) and VAE (bottom)", label: "fig:walk") { ctx in
        try InterpolationStrip(
            rows: [("AE", try ctx.require(.vaePlainWalk).scalars), ("VAE", try ctx.require(.vaeWalk).scalars)],
            imageWidth: 28, imageHeight: 28, width: 440)
    }
    Markdown(
        """
        # Summary

        - A VAE is a latent-variable model $p_\\theta(x) = \\int p_\\theta(x \\mid z) p(z) dz$ trained
          through an encoder $q_\\phi(z \\mid x)$ that makes the ELBO @eq:elbo a tight, tractable bound.
        - The loss is a reconstruction term plus a closed-form KL divergence to the prior (@eq:kl); the
          reparameterisation @eq:reparam makes it differentiable.
        - The KL term fills the code space evenly, so decoding prior samples and walking between codes
          give plausible images (@fig:manifold, @fig:samples, @fig:walk). The regulariser costs some
          reconstruction quality in general; with only two latent dimensions the cost is small, and
          here the VAE's test error per pixel is no worse than the plain auto-encoder's.
        """)
}

/// `steps` codes evenly spaced on the line from row `a` to row `b` of a code matrix.
private func path(_ codes: Tensor, from a: Int, to b: Int, steps: Int) throws -> Tensor {
    let k = codes.columns
    let s = codes.scalars
    var out: [Float] = []
    for i in 0..<steps {
        let t = Float(i) / Float(steps - 1)
        for j in 0..<k { out.append((1 - t) * s[a * k + j] + t * s[b * k + j]) }
    }
    return try Tensor(shape: [steps, k], scalars: out)
}

/// Mean squared difference per element.
private func squaredError(_ a: Tensor, _ b: Tensor) throws -> Double {
    Double(try (a - b).map { $0 * $0 }.mean())
}

private func rounded(_ value: Double, _ digits: Int = 2) -> Double {
    let scale = pow(10.0, Double(digits))
    return (value * scale).rounded() / scale
}
