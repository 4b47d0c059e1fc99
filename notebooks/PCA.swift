import Foundation
import Lectern

/// What the PCA notebook's Run cells leave for its figures: plain data only, so every cell caches.
extension StateKey where Value == [Double] {
    static let pcaToyPoints = StateKey("pcaToyPoints")
    static let pcaToyMean = StateKey("pcaToyMean")
    static let pcaToyDirections = StateKey("pcaToyDirections")
    static let pcaToyProjections = StateKey("pcaToyProjections")
    static let pcaCumulative = StateKey("pcaCumulative")
    static let pcaDiscarded = StateKey("pcaDiscarded")
    static let pcaMeasuredError = StateKey("pcaMeasuredError")
}
extension StateKey where Value == Tensor {
    static let pcaMeanAndComponents = StateKey("pcaMeanAndComponents")
    static let pcaReconstructionRows = StateKey("pcaReconstructionRows")
    static let pcaCodes2D = StateKey("pcaCodes2D")
}
extension StateKey where Value == [Int] {
    static let pcaCodeLabels = StateKey("pcaCodeLabels")
}

/// The component counts whose reconstructions the notebook shows.
private let shownRanks = [2, 8, 32, 128]

let principalComponents = Notebook(id: "pca", title: "Principal Component Analysis", author: "Lectern", seed: 11) {
    Markdown(
        """
        # Why compress? {#sec:intro}

        Unsupervised learning starts from samples $x^{(1)}, \\dots, x^{(n)}$ of an unknown distribution
        and no labels. One of the most useful things to learn from them is a *smaller description*: a
        map $f : \\mathbb{R}^d \\to \\mathbb{R}^m$ with $m < d$ that keeps what matters about each
        sample. A $28 \\times 28$ image has $d = 784$ pixels, but neighbouring pixels are strongly
        correlated, and images of clothing fill only a thin region of $\\mathbb{R}^{784}$.

        Principal component analysis (PCA) is the oldest and still the first method to try. It looks for
        the $m$-dimensional *linear* subspace that keeps as much of the data's variance as possible.
        This lecture derives it as an encoder and a decoder (@sec:objective), draws it on a toy data set
        (@sec:toy), and then applies it to Fashion-MNIST (@sec:fashion).

        # PCA as the best linear auto-encoder {#sec:objective}

        Take a linear encoder and an affine decoder,
        """)
    Math(#"f(x) = W^{\top}(x - \mu), \qquad g(z) = V z + b, \qquad W, V \in \mathbb{R}^{d \times m},"#, label: "eq:linear")
    Markdown(
        """
        and ask for the pair that reconstructs the data best in squared error:
        """)
    Math(#"\min_{W, V, \mu, b} \; \mathbb{E}_{x \sim p(x)} \left[ \left\| x - g(f(x)) \right\|_2^2 \right]."#, label: "eq:objective")
    Markdown(
        """
        The answer is PCA. At the optimum the decoder undoes the encoder, $V = W$, both offsets are the
        mean, $\\mu = b = \\mathbb{E}[x]$, and the columns of $W$ are an orthonormal basis of the span of
        the $m$ leading eigenvectors of the covariance matrix
        """)
    Math(#"\Sigma = \mathbb{E}_{x} \left[ (x - \mu)(x - \mu)^{\top} \right] = \sum_{j=1}^{d} \lambda_j \, w_j w_j^{\top}, \qquad \lambda_1 \geq \lambda_2 \geq \dots \geq \lambda_d \geq 0."#, label: "eq:cov")
    Markdown(
        """
        The eigenvector $w_j$ is the $j$-th *principal direction* and its eigenvalue $\\lambda_j$ is the
        variance of the data along it. Because the $w_j$ are orthonormal, the part of $x - \\mu$ that the
        code throws away is its projection on the discarded directions, and its expected squared length
        is the sum of their variances:
        """)
    Math(#"\mathbb{E}_{x} \left[ \left\| x - g(f(x)) \right\|_2^2 \right] = \sum_{j=m+1}^{d} \lambda_j = \operatorname{tr} \Sigma - \sum_{j=1}^{m} \lambda_j."#, label: "eq:discarded")
    Markdown(
        """
        So minimising the reconstruction error @eq:objective and maximising the variance kept,
        $\\sum_{j \\leq m} \\lambda_j$, are the same problem, and the fraction of the total variance
        explained by the first $m$ components,
        """)
    Math(#"\rho(m) = \frac{\sum_{j=1}^{m} \lambda_j}{\sum_{j=1}^{d} \lambda_j},"#, label: "eq:ratio")
    Markdown(
        """
        tells us directly how much reconstruction error a code of length $m$ leaves.

        # A picture in two dimensions {#sec:toy}

        We draw 300 points from a Gaussian stretched along a direction at $30^{\\circ}$ (standard
        deviation 2 along it, 0.5 across) and fit PCA with both components.
        """)
    Run("Fit PCA to a noisy 2-D data set") { ctx in
        var rng = ctx.random("points")
        let angle = Double.pi / 6
        var points: [Float] = []
        for _ in 0..<300 {
            let along = 2.0 * Double(rng.normal())
            let across = 0.5 * Double(rng.normal())
            points.append(Float(1.0 + along * cos(angle) - across * sin(angle)))
            points.append(Float(0.5 + along * sin(angle) + across * cos(angle)))
        }
        let data = try Tensor(shape: [300, 2], scalars: points)
        let model = try PCA(fitting: data, components: 2)
        // Keep only the first coordinate: each point's projection on the first principal axis.
        let codes = try model.encode(data).scalars
        let firstOnly = try Tensor(shape: [300, 2], scalars: (0..<300).flatMap { [codes[2 * $0], 0] })
        ctx.print("mean:", model.mean.scalars.map { rounded($0, 3) })
        ctx.print("variances:", model.explainedVariance.map { rounded($0, 3) })
        ctx.print("first direction:", model.components.scalars.prefix(2).map { rounded($0, 3) })
        ctx[.pcaToyPoints] = points.map(Double.init)
        ctx[.pcaToyMean] = model.mean.scalars.map(Double.init)
        ctx[.pcaToyDirections] = model.components.scalars.map(Double.init)
        ctx[.pcaToyProjections] = try model.decode(firstOnly).scalars.map(Double.init)
    }
    Markdown(
        """
        The fitted variances are close to $2^2 = 4$ and $0.5^2 = 0.25$, and the first direction points
        along $(\\cos 30^{\\circ}, \\sin 30^{\\circ}) \\approx (0.87, 0.5)$ up to its sign, which PCA
        cannot know. @fig:toy shows both axes and, for $m = 1$, where each point lands after encoding and
        decoding: on the first axis. The reconstruction error is the mean squared length of the
        perpendicular drop to that line, which by @eq:discarded is the small eigenvalue $\\lambda_2$.
        """)
    Plot("A stretched Gaussian, its two principal directions through the mean, and the reconstructions with one component (projections on the first axis)", label: "fig:toy") { ctx in
        let mean = try ctx.require(.pcaToyMean)
        let w = try ctx.require(.pcaToyDirections)
        return try Scatter2D(
            points: try ctx.require(.pcaToyPoints),
            overlays: [
                .line("1st principal direction", point: (mean[0], mean[1]), direction: (w[0], w[1])),
                .line("2nd principal direction", point: (mean[0], mean[1]), direction: (w[2], w[3])),
                .points("reconstruction, m = 1", try ctx.require(.pcaToyProjections)),
            ],
            xLabel: "$x_1$", yLabel: "$x_2$", name: "samples", size: Size(420, 300))
    }
    Markdown(
        """
        # PCA on Fashion-MNIST {#sec:fashion}

        Now $d = 784$. We fit PCA to 20,000 training images, keeping every component so that we can
        read off the whole spectrum, and reconstruct 1,000 test images (the code of this cell is in the
        notebook source; it prints the variance kept and the predicted error for a few code lengths).
        """)
    Run("Fit PCA to 20,000 Fashion-MNIST images", echo: false) { ctx in
        let train = try FashionMNIST.load(.train, limit: 20_000)
        let test = try FashionMNIST.load(.test, limit: 1_000)
        let full = try PCA(fitting: train.inputs, components: 784)
        let lambdas = full.explainedVariance.map(Double.init)
        let total = Double(full.totalVariance)
        var kept = 0.0
        var cumulative: [Double] = []
        for l in lambdas {
            kept += l
            cumulative.append(kept / total)
        }
        // Prediction of @eq:discarded, per pixel: what the discarded eigenvalues add up to, over d.
        let discarded = cumulative.map { (1 - $0) * total / 784 }
        // Measured: encode with all components, keep the first m coordinates, decode.
        let codes = try full.encode(train.inputs.rows(0..<5_000))
        var measured: [Double] = []
        for m in measuredRanks {
            let recon = try full.decode(truncated(codes, keeping: m))
            measured += [Double(m), Double(try (recon - train.inputs.rows(0..<5_000)).map { $0 * $0 }.mean())]
        }
        for m in [1, 2, 8, 32, 128] {
            ctx.print("m = \(m): variance kept \(rounded(cumulative[m - 1], 3)), ",
                      "predicted MSE per pixel \(rounded(discarded[m - 1], 5))", separator: "")
        }
        let shown = test.prefix(8).inputs
        let testCodes = try full.encode(shown)
        var rows = shown.scalars
        for m in shownRanks { rows += try full.decode(truncated(testCodes, keeping: m)).scalars }
        ctx[.pcaCumulative] = cumulative
        ctx[.pcaDiscarded] = discarded
        ctx[.pcaMeasuredError] = measured
        ctx[.pcaMeanAndComponents] = try Tensor(shape: [16, 784], scalars: full.mean.scalars + full.components.rows(0..<15).scalars)
        ctx[.pcaReconstructionRows] = try Tensor(shape: [shownRanks.count + 1, 8 * 784], scalars: rows)
        ctx[.pcaCodes2D] = try full.encode(test.inputs).columnsPrefix(2)
        ctx[.pcaCodeLabels] = test.labels
    }
    Markdown(
        """
        ## How many components? {#sec:spectrum}

        @fig:explained plots @eq:ratio against $m$. The spectrum falls fast: a handful of components
        carries half of the variance, a few dozen carry most of it, and hundreds of directions hold the
        last few per cent, mostly pixel noise and fine texture.
        """)
    Plot("Cumulative fraction of the variance explained by the first m principal components of Fashion-MNIST", label: "fig:explained") { ctx in
        let cumulative = try ctx.require(.pcaCumulative)
        let m = cumulative.indices.map { Double($0 + 1) }
        return LinePlot(
            [Series(name: "", x: Array(m.prefix(300)), y: Array(cumulative.prefix(300)))],
            xLabel: "number of components $m$", yLabel: "variance explained $\\rho(m)$", size: Size(400, 240))
    }
    Markdown(
        """
        @eq:discarded is not only a statement about the optimum: it holds for every $m$ on the data PCA
        was fitted to. In @fig:error the line is the sum of the discarded eigenvalues divided by
        $d = 784$ (the error per pixel); the dots are mean squared errors measured by encoding 5,000 of
        the training images with the first $m$ components and decoding them. The dots sit on the line:
        the spectrum alone predicts what any code length costs, without reconstructing a single image.
        """)
    Plot("Reconstruction error per pixel against the number of components: discarded eigenvalues (line) and measured on 5,000 training images (dots)", label: "fig:error") { ctx in
        let discarded = try ctx.require(.pcaDiscarded)
        let upTo = 260
        return try Scatter2D(
            points: try ctx.require(.pcaMeasuredError),
            overlays: [.curve("$\\frac{1}{d}\\sum_{j>m} \\lambda_j$", x: (1...upTo).map(Double.init), y: Array(discarded.prefix(upTo)))],
            xLabel: "number of components $m$", yLabel: "MSE per pixel", name: "measured", equalAspect: false,
            alpha: 1, radius: 2.6, size: Size(400, 250))
    }
    Markdown(
        """
        ## The principal components as images {#sec:components}

        Every principal direction $w_j$ is itself a $28 \\times 28$ image. @fig:components shows the mean
        image $\\mu$ and the first fifteen directions, red for positive and blue for negative weights,
        each scaled symmetrically around zero. The first direction is roughly "how much ink, and where":
        it separates bright, wide garments from thin ones. Later directions contrast sleeves with
        bodies, tops with bottoms, and as $j$ grows they encode ever finer, higher-frequency detail.
        """)
    Plot("The mean image (grey, top left) and the first 15 principal components in reading order (red positive, blue negative, each scaled symmetrically around 0)", label: "fig:components") { ctx in
        let rows = try ctx.require(.pcaMeanAndComponents).scalars
        var images: [RasterImage] = []
        for i in 0..<16 {
            let v = Array(rows[(i * 784)..<((i + 1) * 784)])
            if i == 0 {
                images.append(RasterImage(values: v, width: 28, height: 28, range: 0...1, colormap: .gray))
            } else {
                let bound = max(v.map(abs).max() ?? 1, 1e-6)
                images.append(RasterImage(values: v, width: 28, height: 28, range: -bound...bound, colormap: .diverging))
            }
        }
        return try ImageGrid(images: images, columns: 8, width: 440)
    }
    Markdown(
        """
        ## Reconstructions {#sec:recon}

        A code of length $m$ reconstructs $\\hat{x} = \\mu + \\sum_{j=1}^{m} z_j w_j$ with
        $z_j = w_j^{\\top}(x - \\mu)$. @fig:recon shows eight test images reconstructed from 2, 8, 32 and
        128 numbers. Two components give a blurred silhouette, eight already tell a trouser from a
        shoe, 32 recover the shape and the rough shading, and 128 add the print and the stitching.
        Whatever a code keeps, PCA keeps it linearly: the blur of small $m$ is the average over
        all images with the same projection.
        """)
    Plot("Test images (top) and their PCA reconstructions from m = 2, 8, 32 and 128 components", label: "fig:recon") { ctx in
        try ImageGrid(
            pixels: try ctx.require(.pcaReconstructionRows).scalars, imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["original"] + shownRanks.map { "m = \($0)" }, width: 420)
    }
    Markdown(
        """
        ## A two-dimensional code {#sec:codes}

        With $m = 2$ every image becomes a point in the plane. @fig:codes colours the 1,000 test images
        by their class, which PCA never saw. Trousers and the footwear classes form their own regions,
        bags spread widely, but the tops — T-shirts, pullovers, coats and shirts — lie on top of one
        another: their differences live in directions of small variance. A non-linear encoder (the next lecture's
        auto-encoder) can pull such classes apart with the same two numbers.
        """)
    Plot("1,000 test images by their first two principal coordinates, coloured by class", label: "fig:codes") { ctx in
        try CodeScatter(
            codes: try ctx.require(.pcaCodes2D).scalars, labels: try ctx.require(.pcaCodeLabels),
            classNames: FashionMNIST.classNames)
    }
    Markdown(
        """
        # Summary

        - PCA is the linear encoder–decoder pair with the least squared reconstruction error
          (@eq:objective); its directions are the leading eigenvectors of the covariance @eq:cov.
        - The error of a code of length $m$ is exactly the sum of the discarded eigenvalues
          (@eq:discarded, @fig:error), so the spectrum (@fig:explained) tells you what $m$ costs.
        - Being linear, PCA cannot bend its subspace around curved data; auto-encoders replace $W$ and
          $W^{\\top}$ by neural networks to do exactly that.
        """)
}

/// The component counts at which the reconstruction error is measured directly.
private let measuredRanks = [1, 2, 4, 8, 16, 32, 64, 128, 256]

/// Codes with every coordinate after the first `m` set to zero: decoding them uses m components.
private func truncated(_ codes: Tensor, keeping m: Int) throws -> Tensor {
    let k = codes.columns
    var values = codes.scalars
    for i in 0..<codes.rows {
        for j in m..<k { values[i * k + j] = 0 }
    }
    return try Tensor(shape: codes.shape, scalars: values)
}

private extension Tensor {
    /// The first `n` columns of a matrix.
    func columnsPrefix(_ n: Int) throws -> Tensor {
        let k = columns
        return try Tensor(shape: [rows, n], scalars: (0..<rows).flatMap { i in scalars[(i * k)..<(i * k + n)] })
    }
}

private func rounded(_ value: some BinaryFloatingPoint, _ digits: Int) -> Double {
    let scale = pow(10.0, Double(digits))
    return (Double(value) * scale).rounded() / scale
}
