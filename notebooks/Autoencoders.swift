import Lectern

/// What the auto-encoder notebook's training cells leave for its figures. Only data, no models: data
/// is Codable, so the cache keeps it and a prose edit retrains nothing.
extension StateKey where Value == TrainingHistory {
    static let history2D = StateKey("history2D")
    static let history32 = StateKey("history32")
}
extension StateKey where Value == Tensor {
    static let testImages = StateKey("testImages")
    static let pcaCodes = StateKey("pcaCodes")
    static let aeCodes = StateKey("aeCodes")
    static let pcaReconstructions = StateKey("pcaReconstructions")
    static let aeReconstructions = StateKey("aeReconstructions")
    static let filters = StateKey("filters")
    static let interpolation = StateKey("interpolation")
}
extension StateKey where Value == [Int] {
    static let testLabels = StateKey("testLabels")
    static let labelsPerClass = StateKey("labelsPerClass")
}
extension StateKey where Value == [[Double]] {
    /// Test accuracy of each few-labels approach (outer, in `FewLabelsApproach.allCases` order) at each
    /// labelled-set size (inner).
    static let fewLabelsAccuracy = StateKey("fewLabelsAccuracy")
}

let autoencoders = Notebook(id: "autoencoders", title: "Auto-Encoders", author: "Lectern", seed: 5) {
    Markdown(
        """
        # The bottleneck

        An auto-encoder learns without labels. Its encoder maps an input $x \\in \\mathbb{R}^d$ to a
        code $z = f_\\phi(x) \\in \\mathbb{R}^m$ with $m < d$; its decoder reconstructs
        $\\hat{x} = g_\\theta(z)$. A good reconstruction is possible only if the code keeps what
        matters about $x$. Both are trained to minimise the reconstruction loss @eq:rec.
        """)
    Math(#"L_{rec} = \frac{1}{d} \sum_{j=1}^{d} \left(x^{(j)} - g_\theta^{(j)}(f_\phi(x))\right)^2"#, label: "eq:rec")
    Markdown(
        """
        With linear $f$ and $g$ the best an auto-encoder can do is what PCA does: project on the
        $m$ leading principal components. Non-linear layers can do better. We train on 10,000
        Fashion-MNIST images and test on 1,000 others.

        ## Two-dimensional codes

        A code of two numbers can be drawn. We compare the first two principal components with the
        code of a deep auto-encoder 784-128-64-2 (ReLU, sigmoid output), as in Hinton and
        Salakhutdinov's figure.
        """)
    Run("Train a 784-128-64-2 auto-encoder and fit PCA-2") { ctx in
        let train = try FashionMNIST.load(.train, limit: 10_000)
        let test = try FashionMNIST.load(.test, limit: 1_000)
        let pca = try PCA(fitting: train.inputs, components: 2)
        let model = try Autoencoder(sizes: [784, 128, 64, 2], rng: ctx.random("init"))
        let history = try model.fit(
            train, epochs: 8, batchSize: 128, validation: test, rng: ctx.random("batches"), progress: ctx.progress)
        ctx.print("PCA-2 test MSE:", fixed(try pca.reconstructionError(test.inputs)))
        ctx.print("AE-2 test MSE: ", fixed(try model.reconstructionError(test.inputs)))
        ctx[.history2D] = history
        ctx[.pcaCodes] = try pca.encode(test.inputs)
        ctx[.aeCodes] = try model.encode(test.inputs)
        ctx[.testLabels] = test.labels
    }
    Plot("Test images by their 2-D code: PCA (left) against the deep auto-encoder (right)", label: "fig:codes") { ctx in
        try CodeScatter(
            [
                CodePanel(
                    "PCA", codes: try ctx.require(.pcaCodes).scalars, labels: try ctx.require(.testLabels),
                    xLabel: "component 1", yLabel: "component 2"),
                CodePanel(
                    "auto-encoder", codes: try ctx.require(.aeCodes).scalars, labels: try ctx.require(.testLabels)),
            ], classNames: FashionMNIST.classNames)
    }
    Markdown(
        """
        The classes that PCA piles on top of each other come apart in the auto-encoder's code
        (@fig:codes), although neither method saw a label.

        ## Reconstructions from 32 numbers

        With $m = 32$ both methods reconstruct recognisable images. @fig:loss shows the training
        and validation loss of a 784-128-32 auto-encoder, @fig:recon its reconstructions beside
        those of PCA-32.
        """)
    Run("Train a 784-128-32 auto-encoder and fit PCA-32", echo: false) { ctx in
        let train = try FashionMNIST.load(.train, limit: 10_000)
        let test = try FashionMNIST.load(.test, limit: 1_000)
        let pca = try PCA(fitting: train.inputs, components: 32)
        let model = try Autoencoder(sizes: [784, 128, 32], rng: ctx.random("init"))
        let history = try model.fit(
            train, epochs: 10, batchSize: 128, validation: test, rng: ctx.random("batches"), progress: ctx.progress)
        ctx.print("PCA-32 test MSE:", fixed(try pca.reconstructionError(test.inputs)))
        ctx.print("AE-32 test MSE: ", fixed(try model.reconstructionError(test.inputs)))
        let shown = test.prefix(10)
        ctx[.history32] = history
        ctx[.testImages] = shown.inputs
        ctx[.pcaReconstructions] = try pca.reconstruct(shown.inputs)
        ctx[.aeReconstructions] = try model.reconstruct(shown.inputs)
        // The first layer's weights, one 28 x 28 filter per hidden unit.
        if let first = model.encoder.layers.first as? Dense { ctx[.filters] = try first.weight.value.rows(0..<32) }
        let ends = try model.encode(test.inputs.rows(0..<2)).scalars
        var path: [Float] = []
        for step in 0...8 {
            let t = Float(step) / 8
            for j in 0..<32 { path.append((1 - t) * ends[j] + t * ends[32 + j]) }
        }
        ctx[.interpolation] = try model.decode(Tensor(shape: [9, 32], scalars: path))
    }
    Plot("Loss of the 784-128-32 auto-encoder per epoch", label: "fig:loss") { ctx in
        let history = try ctx.require(.history32)
        return LossPlot(train: history.epochLoss, validation: history.validationLoss, yLabel: "MSE per pixel")
    }
    Plot(
        "Test images (top), PCA-32 reconstructions (middle), auto-encoder reconstructions (bottom)", label: "fig:recon"
    ) { ctx in
        let rows = [
            try ctx.require(.testImages), try ctx.require(.pcaReconstructions), try ctx.require(.aeReconstructions),
        ]
        return try ImageGrid(
            pixels: rows.flatMap(\.scalars), imageWidth: 28, imageHeight: 28, columns: 10,
            rowLabels: ["original", "PCA-32", "AE-32"], width: 430)
    }
    Markdown(
        """
        ## What the first layer learned

        Each hidden unit of the first layer weighs the 784 pixels; drawn as an image, blue weights
        are negative and red positive (@fig:filters). After ten epochs on 10,000 images the filters
        are still noisy, with the faint blobs of a garment's outline; longer training smooths them.
        """)
    Plot("Weights of 32 units of the first layer, each scaled symmetrically around 0", label: "fig:filters") { ctx in
        try ImageGrid(
            pixels: try ctx.require(.filters).scalars, imageWidth: 28, imageHeight: 28, columns: 8,
            colormap: .diverging, scaling: .symmetricEachImage, width: 360)
    }
    Markdown(
        """
        ## Learning from few labels

        Labels are often scarce while images are not. The encoder learned from unlabelled images
        can serve a classifier trained on the few labelled ones, in two ways:

        1. **Frozen encoder.** Only a softmax layer on the code trains. Few parameters, so little
           to overfit, but the encoder was never told which differences matter for the labels.
        2. **Fine-tuned encoder.** Encoder and softmax layer train together for a few steps
           (300 here, at a small learning rate) so that the labels can adjust the code.

        We pretrain a 784-128-64-32 auto-encoder on 10,000 images without their labels, then give
        each approach 10 to 300 labelled images per class. Two baselines use the labels alone: the
        same network trained from random weights, and logistic regression on the pixels.
        """)
    Run("Pretrain an encoder, then classify with 10 to 300 labels per class", echo: false) { ctx in
        let unlabelled = try FashionMNIST.load(.train, limit: 10_000)
        let test = try FashionMNIST.load(.test, limit: 1_000)
        let model = try Autoencoder(sizes: [784, 128, 64, 32], rng: ctx.random("init"))
        try model.fit(unlabelled, epochs: 10, batchSize: 128, rng: ctx.random("batches"), progress: ctx.progress)
        let sizes = [10, 30, 100, 300]
        var accuracy = [[Double]](repeating: [], count: FewLabelsApproach.allCases.count)
        ctx.print("test accuracy, %")
        ctx.print("labels per class" + ["frozen", "fine-tuned", "scratch", "pixels"].map { padded($0, 12) }.joined())
        for perClass in sizes {
            let labelled = try unlabelled.labelledSubset(perClass: perClass, rng: ctx.random("labels \(perClass)"))
            let outcomes = try model.compareFewLabels(
                labelled: labelled, test: test, rng: ctx.random("classifiers \(perClass)"))
            for (i, outcome) in outcomes.enumerated() { accuracy[i].append(outcome.testAccuracy) }
            let percents = outcomes.map { padded(String((1000 * $0.testAccuracy).rounded() / 10), 12) }
            ctx.print(padded(String(perClass), 16) + percents.joined())
        }
        ctx[.labelsPerClass] = sizes
        ctx[.fewLabelsAccuracy] = accuracy
    }
    Plot("Test accuracy against the number of labelled images per class", label: "fig:few-labels") { ctx in
        let sizes = try ctx.require(.labelsPerClass).map(Double.init)
        let accuracy = try ctx.require(.fewLabelsAccuracy)
        return LinePlot(
            zip(FewLabelsApproach.allCases, accuracy).map { Series(name: $0.title, x: sizes, y: $1) },
            xLabel: "labelled images per class", yLabel: "test accuracy", size: Size(430, 260), logX: true)
    }
    Markdown(
        """
        On Fashion-MNIST the frozen code is the weakest of the four at every size (@fig:few-labels):
        trained only to reconstruct, the auto-encoder keeps what makes the pixels right, such as a
        garment's brightness and outline, more than what tells a shirt from a pullover. Fine-tuning
        lets the labels repair that and brings the encoder level with the two baselines, which are
        strong here: with ten labels per class, softmax regression on the pixels alone is within a
        point of every other approach. With 1,000 test images, differences of one or two points are
        within the noise.
        """)
    Markdown(
        """
        ## Walking between two codes

        Decoding the points on the line between the codes of two test images gives a sequence of
        images (@fig:walk). An auto-encoder's code space has no reason to be filled evenly, so the
        images in between need not look like clothing: the motivation for the variational
        auto-encoder.
        """)
    Plot("Decoded images along the line between the codes of two test images", label: "fig:walk") { ctx in
        try ImageGrid(
            pixels: try ctx.require(.interpolation).scalars, imageWidth: 28, imageHeight: 28, columns: 9, width: 430)
    }
}

/// `text` right-aligned in a column of `width` characters.
private func padded(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Four decimals are all a loss needs on the page.
private func fixed(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
