/// Every model of the lectures trained on Fashion-MNIST with the figure it reaches and the time it takes, for
/// `lectern bench models`: what a lecturer can expect before putting a model in a notebook.

/// One figure a model reached on the test set and the seconds its training took.
public struct ModelFigure: Sendable, Equatable, Codable {
    /// The model and its sizes, e.g. "deep AE 784-128-64-32".
    public let model: String
    /// What was measured, e.g. "test MSE".
    public let measure: String
    /// The measured value.
    public let value: Double
    /// Wall-clock seconds to train the model (and score it, for the classifiers).
    public let seconds: Double
}

/// How much data and training the report uses.
public struct ModelReportSettings: Sendable, Equatable {
    /// Training images (nil: all 60,000).
    public var trainLimit: Int?
    /// Test images (nil: all 10,000).
    public var testLimit: Int?
    /// Epochs for every auto-encoder, the VAE and the GAN.
    public var epochs: Int
    /// Labelled training images per class for the few-labels classifiers.
    public var labelsPerClass: Int
    /// Where the IDX files are.
    public var directory: String

    /// The full data, 5 epochs, 100 labels per class.
    public init(
        trainLimit: Int? = nil, testLimit: Int? = nil, epochs: Int = 5, labelsPerClass: Int = 100,
        directory: String = FashionMNIST.defaultDirectory
    ) {
        self.trainLimit = trainLimit
        self.testLimit = testLimit
        self.epochs = epochs
        self.labelsPerClass = labelsPerClass
        self.directory = directory
    }
}

public enum ModelReport {
    /// Trains each model in turn and reports its figures as they arrive through `log`.
    public static func run(
        _ settings: ModelReportSettings = ModelReportSettings(), log: ((ModelFigure) -> Void)? = nil
    ) throws -> [ModelFigure] {
        guard settings.epochs >= 1, settings.labelsPerClass >= 1 else {
            throw TrainingError.invalid("the model report needs at least 1 epoch and 1 label per class")
        }
        let train = try FashionMNIST.load(.train, limit: settings.trainLimit, directory: settings.directory)
        let test = try FashionMNIST.load(.test, limit: settings.testLimit, directory: settings.directory)
        var report = Report(train: train, test: test, epochs: settings.epochs, log: log)
        try report.subspaceModels()
        let deep = try report.deepAutoencoders()
        try report.sparseAndRobustAutoencoders()
        try report.generativeModels()
        try report.fewLabels(deep, perClass: settings.labelsPerClass)
        return report.figures
    }
}

/// The report under construction: the data, and the figures so far.
private struct Report {
    let train: LabeledImages
    let test: LabeledImages
    let epochs: Int
    let log: ((ModelFigure) -> Void)?
    var figures: [ModelFigure] = []

    func rng(_ name: String) -> RandomStream { RandomStream(seed: 0, name: "report.\(name)") }

    mutating func add(_ model: String, _ measure: String, _ value: Double, seconds: Double) {
        let figure = ModelFigure(model: model, measure: measure, value: value, seconds: seconds)
        figures.append(figure)
        log?(figure)
    }

    /// Trains an auto-encoder for the report's epochs and returns it with its training time.
    func trained(
        _ ae: Autoencoder, penalty: CodePenalty = .none, corruption: Corruption = .none, name: String
    ) throws -> (Autoencoder, Double) {
        let ((), time) = try timed {
            try ae.fit(train, epochs: epochs, penalty: penalty, corruption: corruption, rng: rng("\(name).fit"))
        }
        return (ae, time)
    }

    /// PCA-32 and the linear auto-encoder that should find the same subspace.
    mutating func subspaceModels() throws {
        let (pca, pcaTime) = try timed { try PCA(fitting: train.inputs, components: 32) }
        add("PCA-32", "test MSE", try pca.reconstructionError(test.inputs), seconds: pcaTime)
        let (linear, time) = try trained(
            try Autoencoder(sizes: [784, 32], activation: .identity, output: .identity, rng: rng("linear")),
            name: "linear")
        add("linear AE 784-32", "test MSE", try linear.reconstructionError(test.inputs), seconds: time)
        let decoderBasis = try linear.decoder.layers[0].parameters[0].value.transposed()
        let angles = try principalAngles(between: pca.components, and: decoderBasis)
        add("linear AE 784-32", "median angle to PCA-32 (deg)", median(angles) * 180 / .pi, seconds: time)
    }

    /// The deep auto-encoder (returned for the few-labels run), tied weights, greedy pretraining and the
    /// code-space probes: k-means purity and semantic hashing.
    mutating func deepAutoencoders() throws -> Autoencoder {
        let sizes = [784, 128, 64, 32]
        let (deep, time) = try trained(try Autoencoder(sizes: sizes, rng: rng("deep")), name: "deep")
        add("deep AE 784-128-64-32", "test MSE", try deep.reconstructionError(test.inputs), seconds: time)
        let codes = try deep.encode(test.inputs)
        let (clusters, kMeansTime) = try timed { try KMeans(codes, k: 10, rng: rng("kmeans")) }
        add(
            "k-means on deep AE codes", "purity (k = 10)", try clusters.purity(labels: test.labels), seconds: kMeansTime
        )

        let (tied, tiedTime) = try trained(
            try Autoencoder.tied(sizes: sizes, activation: .relu, rng: rng("tied")), name: "tied")
        add("tied AE 784-128-64-32", "test MSE", try tied.reconstructionError(test.inputs), seconds: tiedTime)

        let stacked = try Autoencoder(sizes: sizes, rng: rng("stacked"))
        let ((), stackTime) = try timed {
            try stacked.pretrainGreedily(train.inputs, epochs: epochs, rng: rng("stacked.pretrain"))
            try stacked.fit(train, epochs: epochs, rng: rng("stacked.fit"))
        }
        add(
            "greedy stack 784-128-64-32 + fine-tuning", "test MSE", try stacked.reconstructionError(test.inputs),
            seconds: stackTime)

        let (hashing, hashTime) = try trained(
            try Autoencoder(sizes: [784, 128, 32], codeActivation: .sigmoid, rng: rng("hashing")), name: "hashing")
        let bits = try CodeSet(codes: hashing.encode(test.inputs), labels: test.labels).binarized()
        let queries = min(1000, test.count - 11)
        add(
            "semantic hashing 784-128-32 bits", "precision at 10", try bits.retrievalPrecision(k: 10, queries: queries),
            seconds: hashTime)
        return deep
    }

    /// Sparse (L1 and k-sparse), denoising and contractive auto-encoders.
    mutating func sparseAndRobustAutoencoders() throws {
        let (sparse, sparseTime) = try trained(
            try Autoencoder(sizes: [784, 256], rng: rng("sparse")), penalty: .l1(lambda: 1e-4), name: "sparse")
        add("sparse AE 784-256, L1 1e-4", "test MSE", try sparse.reconstructionError(test.inputs), seconds: sparseTime)
        let statistics = try UnitStatistics(codes: sparse.encode(test.inputs))
        add("sparse AE 784-256, L1 1e-4", "fraction of active codes", statistics.fractionActive, seconds: sparseTime)
        let (kSparse, kTime) = try trained(
            try Autoencoder.kSparse(sizes: [784, 256], k: 25, rng: rng("ksparse")), name: "ksparse")
        add("k-sparse AE 784-256, k = 25", "test MSE", try kSparse.reconstructionError(test.inputs), seconds: kTime)

        var noise = rng("test corruption")
        let masked = try Corruption.masking(fraction: 0.5).apply(to: test.inputs, rng: &noise)
        for (name, corruption) in [("plain", Corruption.none), ("denoising", .masking(fraction: 0.5))] {
            let (ae, time) = try trained(
                try Autoencoder(sizes: [784, 128, 32], rng: rng("denoise")), corruption: corruption, name: name)
            let error = try Double((ae.reconstruct(masked) - test.inputs).map { $0 * $0 }.mean())
            add("\(name) AE 784-128-32", "MSE, 50% masked test input", error, seconds: time)
        }

        // A deep encoder has no closed-form penalty: training estimates it by finite differences, and the
        // exact Jacobian (one backward pass per image) is measured on the first 1,000 test images.
        let probeImages = try test.inputs.rows(0..<min(1000, test.count))
        for (name, penalty) in [("plain", CodePenalty.none), ("contractive", .contractive(lambda: 0.01))] {
            let (ae, time) = try trained(
                try Autoencoder(sizes: [784, 128, 32], rng: rng("deep cae")), penalty: penalty, name: "deep \(name)")
            add("\(name) ReLU AE 784-128-32", "test MSE", try ae.reconstructionError(test.inputs), seconds: time)
            add(
                "\(name) ReLU AE 784-128-32", "mean squared Jacobian norm", try ae.contractivePenalty(probeImages),
                seconds: time)
        }
        for (name, penalty) in [("plain", CodePenalty.none), ("contractive", .contractive(lambda: 0.05))] {
            let (ae, time) = try trained(
                try Autoencoder(sizes: [784, 128], activation: .sigmoid, rng: rng("cae")), penalty: penalty,
                name: name)
            add("\(name) sigmoid AE 784-128", "test MSE", try ae.reconstructionError(test.inputs), seconds: time)
            add(
                "\(name) sigmoid AE 784-128", "mean squared Jacobian norm", try ae.contractivePenalty(test.inputs),
                seconds: time)
        }
    }

    /// The convolutional auto-encoder, the VAE and the GAN.
    mutating func generativeModels() throws {
        let conv = ConvAutoencoder(rng: rng("conv"))
        let ((), convTime) = try timed { try conv.fit(train.inputs, epochs: epochs, rng: rng("conv.fit")) }
        add("conv AE 16-32 channels", "test MSE", try conv.reconstructionError(test.inputs), seconds: convTime)

        let vae = try VariationalAutoencoder(rng: rng("vae"))
        let ((), vaeTime) = try timed { try vae.fit(train.inputs, epochs: epochs, rng: rng("vae.fit")) }
        add("VAE 784-400-20", "test -ELBO (nats)", try vae.negativeELBO(test.inputs), seconds: vaeTime)

        let gan = try GAN(
            dataSize: 784, noiseSize: 32, generatorHidden: [256], discriminatorHidden: [256], output: .sigmoid,
            rng: rng("gan"))
        let iterations = max(1, epochs * train.count / 64)
        let (history, ganTime) = try timed {
            try gan.fit(train.inputs, iterations: iterations, batchSize: 64, rng: rng("gan.fit"))
        }
        var noise = rng("gan.samples")
        let fakes = try gan.generate(count: min(1000, test.count), rng: &noise)
        add(
            "GAN 32-256-784 / 784-256-1", "mean D(test image)", mean(try gan.realProbability(test.inputs)),
            seconds: ganTime)
        add("GAN 32-256-784 / 784-256-1", "mean D(G(z))", mean(try gan.realProbability(fakes)), seconds: ganTime)
        add("GAN 32-256-784 / 784-256-1", "last generator loss", history.generatorLoss.last ?? .nan, seconds: ganTime)
    }

    /// The four classifiers of the few-labels experiment on the deep auto-encoder's encoder.
    mutating func fewLabels(_ deep: Autoencoder, perClass: Int) throws {
        let labelled = try train.labelledSubset(perClass: perClass, rng: rng("labels"))
        for outcome in try deep.compareFewLabels(labelled: labelled, test: test, rng: rng("few-labels")) {
            add(
                "\(outcome.approach.title), \(labelled.count) labels", "test accuracy", outcome.testAccuracy,
                seconds: outcome.seconds)
        }
    }
}

private func median(_ values: [Float]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : Double(sorted[sorted.count / 2])
}

private func mean(_ values: [Float]) -> Double {
    values.isEmpty ? .nan : Double(values.reduce(0, +)) / Double(values.count)
}
