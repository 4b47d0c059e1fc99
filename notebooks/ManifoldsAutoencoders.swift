import Foundation
import Lectern

// The companion to the lecture on manifolds, PCA and regularised auto-encoders. Every Run cell leaves
// one Codable value (so the cache keeps it and a prose edit retrains nothing); the figures and the
// prose read it back.

/// Uniform noise against real images, and one garment moved around the image: a 2-D manifold in 784-D.
private struct ManifoldEvidence: Codable, Sendable {
    var noise: Tensor
    var real: Tensor
    var realVarianceKept: Double
    var noiseVarianceKept: Double
    var keptComponents: Int
    var shiftGrid: Tensor
    var shiftSteps: [Double]
    var shiftComponentsFor95: Int
    var shiftFamilySize: Int
    /// The unshifted garment and its two tangent vectors (horizontal and vertical movement).
    var tangents: Tensor
}

/// PCA of a stretched 2-D Gaussian.
private struct GaussianPCA: Codable, Sendable {
    var points: [Double]
    var mean: [Double]
    var directions: [Double]
    var projections: [Double]
    var variances: [Double]
}

/// PCA of Fashion-MNIST: the spectrum, the error it predicts and the error measured.
private struct FashionPCA: Codable, Sendable {
    var cumulative: [Double]
    var discardedPerPixel: [Double]
    /// (m, measured MSE per pixel) pairs.
    var measured: [Double]
    var largestGap: Double
    /// The mean image and the first 15 principal components, one image each.
    var mean: Tensor
    var components: Tensor
    /// Eight test images and their reconstructions from each of `pcaShownRanks` components.
    var shown: Tensor
    var reconstructions: [Tensor]
    var trainImages: Int
}

/// PCA with one component on a spiral.
private struct SpiralPCA: Codable, Sendable {
    var points: [Double]
    var projections: [Double]
    var mean: [Double]
    var direction: [Double]
    var codeCorrelation: Double
}

/// One-layer auto-encoders trained with different losses and with tied weights.
private struct OneLayerResults: Codable, Sendable {
    var names: [String]
    var testMSE: [Double]
    var parameters: [Int]
}

/// Tied sigmoid auto-encoders with fewer and more hidden units than pixels' worth of structure.
private struct CompletenessResults: Codable, Sendable {
    var underUnits: Int
    var overUnits: Int
    var underFilters: Tensor
    var overFilters: Tensor
    var realMSE: [Double]
    var noiseMSE: [Double]
    var noise: Tensor
    var underOnNoise: Tensor
    var overOnNoise: Tensor
    /// Mean correlation of neighbouring weights in the shown filters (under, over): 1 is smooth, 0 is speckle.
    var smoothness: [Double]
}

/// The deep auto-encoder of the notes' Keras example, PCA-32 beside it, and the few-labels experiment.
private struct DeepResults: Codable, Sendable {
    var history: TrainingHistory
    var originals: Tensor
    var pcaReconstructions: Tensor
    var aeReconstructions: Tensor
    var aeMSE: Double
    var pcaMSE: Double
    var aeParameters: Int
    var epochs: Int
    var fewLabels: [FewLabelsOutcome]
    var labelsPerClass: Int
}

/// Sparse auto-encoders at growing L1 weight.
private struct SparseResults: Codable, Sendable {
    var lambdas: [Double]
    var filters: Tensor
    var activeFraction: [Double]
    var deadUnits: [Int]
    var testMSE: [Double]
    var units: Int
    var smoothness: [Double]
}

/// 2-D codes of PCA and of a deep auto-encoder.
private struct Codes2D: Codable, Sendable {
    var pca: Tensor
    var autoencoder: Tensor
    var labels: [Int]
    var pcaPrecision: Double
    var aePrecision: Double
}

/// Plain, denoising and contractive one-layer sigmoid auto-encoders.
private struct RegularisedResults: Codable, Sendable {
    var maskingLevels: [Double]
    var gaussianSigma: Double
    var corruptedExamples: Tensor
    var filters: Tensor
    var clean: Tensor
    var maskedShown: Tensor
    var plainOnMasked: Tensor
    var daeOnMasked: Tensor
    var modelNames: [String]
    var cleanMSE: [Double]
    var maskedMSE: [Double]
    var jacobianNorm: [Double]
    var maskedInputMSE: Double
    var lambda: Double
    var tangentImage: Tensor
    var plainTangents: Tensor
    var caeTangents: Tensor
    var localPCATangents: Tensor
    var plainSingularValues: [Double]
    var caeSingularValues: [Double]
    /// Smoothness of the shown filters at each masking level.
    var filterSmoothness: [Double]
    /// Mean principal angle in degrees between each encoder's five tangent directions and local PCA's (plain, contractive).
    var anglesToLocalPCA: [Double]
}

/// A denoising auto-encoder on a 1-D manifold in the plane.
private struct DenoisingField: Codable, Sendable {
    var clean: [Double]
    var corrupted: [Double]
    var reconstructed: [Double]
    var distanceBefore: Double
    var distanceAfter: Double
    var sigma: Double
}

/// Semantic hashing: binary codes, their retrieval precision and what they retrieve.
private struct HashingResults: Codable, Sendable {
    var bits: Int
    var hammingPrecision: Double
    var pcaPrecision: Double
    var bitsOn: Double
    var retrieved: Tensor
    var queries: Int
    var neighbours: Int
}

/// The component counts whose PCA reconstructions are shown.
private let pcaShownRanks = [2, 8, 32, 128]
/// The component counts at which PCA's reconstruction error is measured directly.
private let pcaMeasuredRanks = [1, 2, 4, 8, 16, 32, 64, 128, 256]

private let manifoldEvidence = Run("Uniform noise against real images, and one garment moved around", echo: false) {
    ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    var uniform = ctx.random("noise")
    let noise = uniform.uniform([5_000, 784])
    let kept = 50
    let realPCA = try PCA(fitting: train.inputs, components: kept)
    let noisePCA = try PCA(fitting: noise, components: kept)
    let realKept = Double(realPCA.explainedVariance.reduce(0, +) / realPCA.totalVariance)
    let noiseKept = Double(noisePCA.explainedVariance.reduce(0, +) / noisePCA.totalVariance)

    // One ankle boot, moved by (dx, dy) pixels: every image of the family is fixed by two numbers.
    guard let bootIndex = train.labels.firstIndex(of: 9) else { throw TensorError("no ankle boot in the data") }
    let boot = Array(train.inputs.scalars[(bootIndex * 784)..<((bootIndex + 1) * 784)])
    let steps: [Double] = [-4, -2, 0, 2, 4]
    var grid: [Float] = []
    for dy in steps { for dx in steps { grid += shiftedImage(boot, dx: dx, dy: dy) } }
    // A dense sample of the same family: how many linear directions does a 2-D family need?
    let dense = (0..<15).map { -4 + 8 * Double($0) / 14 }
    var family: [Float] = []
    for dy in dense { for dx in dense { family += shiftedImage(boot, dx: dx, dy: dy) } }
    let familyPCA = try PCA(
        fitting: Tensor(shape: [dense.count * dense.count, 784], scalars: family), components: 150)
    var running: Float = 0
    var needed = familyPCA.count
    for (j, variance) in familyPCA.explainedVariance.enumerated() {
        running += variance
        if running >= 0.95 * familyPCA.totalVariance {
            needed = j + 1
            break
        }
    }
    let alongX = zip(shiftedImage(boot, dx: 0.5, dy: 0), shiftedImage(boot, dx: -0.5, dy: 0)).map { $0 - $1 }
    let alongY = zip(shiftedImage(boot, dx: 0, dy: 0.5), shiftedImage(boot, dx: 0, dy: -0.5)).map { $0 - $1 }
    return ManifoldEvidence(
        noise: try noise.rows(0..<8), real: try train.inputs.rows(0..<8), realVarianceKept: realKept,
        noiseVarianceKept: noiseKept, keptComponents: kept,
        shiftGrid: try Tensor(shape: [steps.count * steps.count, 784], scalars: grid), shiftSteps: steps,
        shiftComponentsFor95: needed, shiftFamilySize: dense.count * dense.count,
        tangents: try Tensor(shape: [3, 784], scalars: boot + alongX + alongY))
}

private let gaussianPCA = Run("Fit PCA to a stretched 2-D Gaussian") { ctx in
    var rng = ctx.random("points")
    let angle = Double.pi / 6
    var points: [Float] = []
    for _ in 0..<300 {
        let along = 2.0 * Double(rng.normal())
        let across = 0.5 * Double(rng.normal())
        points += [
            Float(1 + along * cos(angle) - across * sin(angle)),
            Float(0.5 + along * sin(angle) + across * cos(angle)),
        ]
    }
    let data = try Tensor(shape: [300, 2], scalars: points)
    let model = try PCA(fitting: data, components: 2)
    // Each point's projection on the first axis: its code with the second coordinate dropped, decoded.
    let codes = try model.encode(data).scalars
    let firstOnly = try Tensor(shape: [300, 2], scalars: (0..<300).flatMap { [codes[2 * $0], 0] })
    return GaussianPCA(
        points: points.map(Double.init), mean: model.mean.scalars.map(Double.init),
        directions: model.components.scalars.map(Double.init),
        projections: try model.decode(firstOnly).scalars.map(Double.init),
        variances: model.explainedVariance.map(Double.init))
}

private let fashionPCA = Run("Fit PCA with all 784 components to 10,000 Fashion-MNIST images", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 10_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let full = try PCA(fitting: train.inputs, components: 784)
    let total = Double(full.totalVariance)
    var kept = 0.0
    var cumulative: [Double] = []
    for variance in full.explainedVariance {
        kept += Double(variance)
        cumulative.append(kept / total)
    }
    // @eq:discarded per pixel: the discarded eigenvalues added up, divided by D.
    let discarded = cumulative.map { (1 - $0) * total / 784 }
    // Measured: encode with every component, keep the first m coordinates, decode.
    let sample = try train.inputs.rows(0..<5_000)
    let codes = try full.encode(sample)
    var measured: [Double] = []
    var largestGap = 0.0
    for m in pcaMeasuredRanks {
        let error = Double(try (full.decode(keepingFirstColumns(codes, m)) - sample).map { $0 * $0 }.mean())
        measured += [Double(m), error]
        largestGap = max(largestGap, abs(error - discarded[m - 1]) / discarded[m - 1])
    }
    let shown = try test.inputs.rows(0..<8)
    let shownCodes = try full.encode(shown)
    return FashionPCA(
        cumulative: cumulative, discardedPerPixel: discarded, measured: measured, largestGap: largestGap,
        mean: try full.mean.reshaped([1, 784]), components: try full.components.rows(0..<15), shown: shown,
        reconstructions: try pcaShownRanks.map { try full.decode(keepingFirstColumns(shownCodes, $0)) },
        trainImages: train.count)
}

private let spiralPCA = Run("Fit PCA with one component to a spiral", echo: false) { ctx in
    let spiral = Synthetic.spiral(count: 600, noise: 0.02, rng: ctx.random("spiral"))
    let model = try PCA(fitting: spiral.points, components: 1)
    let code = try model.encode(spiral.points).scalars
    let correlation = pearsonCorrelation(code, spiral.latent.scalars)
    return SpiralPCA(
        points: spiral.points.scalars.map(Double.init),
        projections: try model.reconstruct(spiral.points).scalars.map(Double.init),
        mean: model.mean.scalars.map(Double.init), direction: model.components.scalars.map(Double.init),
        codeCorrelation: correlation)
}

private let oneLayerAEs = Run("Train one-layer auto-encoders: squared error, cross-entropy, tied weights", echo: false)
{ ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let untiedMSE = try Autoencoder(sizes: [784, 32], rng: ctx.random("mse.init"))
    try untiedMSE.fit(train, epochs: 4, rng: ctx.random("mse.batches"), progress: ctx.progress)
    let untiedBCE = try Autoencoder(sizes: [784, 32], rng: ctx.random("bce.init"))
    try untiedBCE.fit(
        train, epochs: 4, loss: .binaryCrossEntropy, rng: ctx.random("bce.batches"), progress: ctx.progress)
    let tied = try Autoencoder.tied(sizes: [784, 32], activation: .relu, rng: ctx.random("tied.init"))
    try tied.fit(train, epochs: 4, rng: ctx.random("tied.batches"), progress: ctx.progress)
    let models = [untiedMSE, untiedBCE, tied]
    let result = OneLayerResults(
        names: ["squared error", "cross-entropy", "squared error, tied weights"],
        testMSE: try models.map { try $0.reconstructionError(test.inputs) },
        parameters: models.map { $0.parameters.reduce(0) { $0 + $1.value.count } })
    return result
}

private let completenessAEs = Run("Train an under- and an overcomplete tied auto-encoder", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    var uniform = ctx.random("noise")
    let noise = uniform.uniform([1_000, 784])
    let (under, over) = (50, 200)
    let small = try Autoencoder.tied(sizes: [784, under], rng: ctx.random("under.init"))
    try small.fit(
        train, epochs: 5, optimizer: .adam(lr: 3e-3), rng: ctx.random("under.batches"), progress: ctx.progress)
    let large = try Autoencoder.tied(sizes: [784, over], rng: ctx.random("over.init"))
    try large.fit(
        train, epochs: 5, optimizer: .adam(lr: 3e-3), rng: ctx.random("over.batches"), progress: ctx.progress)
    let result = CompletenessResults(
        underUnits: under, overUnits: over,
        underFilters: try firstLayerFilters(small, units: Array(0..<24)),
        overFilters: try firstLayerFilters(large, units: Array(0..<24)),
        realMSE: [try small.reconstructionError(test.inputs), try large.reconstructionError(test.inputs)],
        noiseMSE: [try small.reconstructionError(noise), try large.reconstructionError(noise)],
        noise: try noise.rows(0..<8), underOnNoise: try small.reconstruct(noise.rows(0..<8)),
        overOnNoise: try large.reconstruct(noise.rows(0..<8)),
        smoothness: [
            filterSmoothness(try firstLayerFilters(small, units: Array(0..<24))),
            filterSmoothness(try firstLayerFilters(large, units: Array(0..<24))),
        ])
    return result
}

private let deepAE = Run("Train the deep auto-encoder 784-128-64-32-64-128-784 and fit PCA-32", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 10_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let epochs = 12
    let model = try Autoencoder(sizes: [784, 128, 64, 32], codeActivation: .identity, rng: ctx.random("init"))
    let history = try model.fit(
        train, epochs: epochs, batchSize: 64, optimizer: .adam(lr: 2e-3), validation: test, rng: ctx.random("batches"),
        progress: ctx.progress)
    let pca = try PCA(fitting: train.inputs, components: 32)
    let shown = try test.inputs.rows(0..<10)
    let perClass = 100
    let labelled = try train.labelledSubset(perClass: perClass, rng: ctx.random("labels"))
    let outcomes = try model.compareFewLabels(labelled: labelled, test: test, rng: ctx.random("few-labels"))
    let result = DeepResults(
        history: history, originals: shown, pcaReconstructions: try pca.reconstruct(shown),
        aeReconstructions: try model.reconstruct(shown), aeMSE: try model.reconstructionError(test.inputs),
        pcaMSE: try pca.reconstructionError(test.inputs),
        aeParameters: model.parameters.reduce(0) { $0 + $1.value.count }, epochs: epochs, fewLabels: outcomes,
        labelsPerClass: perClass)
    return result
}

private let sparseAEs = Run("Train sparse auto-encoders at four values of lambda", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let lambdas: [Float] = [0, 3e-5, 1e-4, 3e-4]
    var filters: [Float] = []
    var active: [Double] = []
    var dead: [Int] = []
    var mse: [Double] = []
    var smoothness: [Double] = []
    for (i, lambda) in lambdas.enumerated() {
        // The same initial weights at every lambda, so unit j starts from the same filter.
        let model = try Autoencoder(sizes: [784, 64], rng: ctx.random("init"))
        try model.fit(
            train, epochs: 5, optimizer: .adam(lr: 3e-3), penalty: lambda > 0 ? .l1(lambda: lambda) : .none,
            rng: ctx.random("batches \(i)"), progress: ctx.progress)
        let stats = try UnitStatistics(codes: model.encode(test.inputs))
        let busiest = stats.activeFraction.indices.sorted { stats.activeFraction[$0] > stats.activeFraction[$1] }
        let shown = try firstLayerFilters(model, units: Array(busiest.prefix(8)))
        filters += shown.scalars
        smoothness.append(filterSmoothness(shown))
        active.append(stats.fractionActive)
        dead.append(stats.deadUnits)
        mse.append(try model.reconstructionError(test.inputs))
    }
    return SparseResults(
        lambdas: lambdas.map(Double.init), filters: try Tensor(shape: [lambdas.count * 8, 784], scalars: filters),
        activeFraction: active, deadUnits: dead, testMSE: mse, units: 64, smoothness: smoothness)
}

private let twoDimensionalCodes = Run("Fit PCA-2 and train a 784-128-64-2 auto-encoder", echo: false) { ctx in
    let train = try FashionMNIST.load(.train, limit: 8_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let pca = try PCA(fitting: train.inputs, components: 2)
    let model = try Autoencoder(sizes: [784, 128, 64, 2], codeActivation: .identity, rng: ctx.random("init"))
    try model.fit(
        train, epochs: 10, batchSize: 64, optimizer: .adam(lr: 2e-3), rng: ctx.random("batches"), progress: ctx.progress
    )
    let pcaCodes = try CodeSet(encoding: test, with: pca)
    let aeCodes = try CodeSet(encoding: test, with: model)
    let result = Codes2D(
        pca: pcaCodes.codes, autoencoder: aeCodes.codes, labels: test.labels,
        pcaPrecision: try pcaCodes.retrievalPrecision(k: 10), aePrecision: try aeCodes.retrievalPrecision(k: 10))
    return result
}

private let regularisedAEs = Run("Train plain, denoising and contractive sigmoid auto-encoders 784-128", echo: false) {
    ctx in
    let train = try FashionMNIST.load(.train, limit: 5_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let levels: [Float] = [0, 0.1, 0.2, 0.5]
    let sigma: Float = 0.3
    let lambda: Float = 0.02
    let fit = { (corruption: Corruption, penalty: CodePenalty, name: String) throws -> Autoencoder in
        // Same initial weights for every model: unit j of each starts from the same filter.
        let model = try Autoencoder(sizes: [784, 128], activation: .sigmoid, rng: ctx.random("init"))
        try model.fit(
            train, epochs: 4, optimizer: .adam(lr: 3e-3), penalty: penalty, corruption: corruption,
            rng: ctx.random("batches \(name)"), progress: ctx.progress)
        return model
    }
    var masked: [Autoencoder] = []
    for level in levels {
        masked.append(try fit(level > 0 ? .masking(fraction: level) : .none, .none, "masking \(level)"))
    }
    let contractive = try fit(.none, .contractive(lambda: lambda), "contractive")
    let plain = masked[0]

    let shown = try test.inputs.rows(0..<8)
    var noise = ctx.random("test noise")
    let noisyShown = try Corruption.gaussian(sigma: sigma).apply(to: shown, rng: &noise)
    // Denoising is tested with the corruption the denoiser was trained with: half of the pixels masked.
    let maskedShown = try Corruption.masking(fraction: 0.5).apply(to: shown, rng: &noise)
    let maskedTest = try Corruption.masking(fraction: 0.5).apply(to: test.inputs, rng: &noise)
    var corrupted = try Corruption.maskingLevels(levels, of: shown, rng: ctx.random("levels")).flatMap(\.scalars)
    corrupted += noisyShown.scalars.map { min(max($0, 0), 1) }
    // The same six units at every corruption level.
    let units = [0, 1, 2, 3, 4, 5, 6, 7]
    let shownFilters = try masked.map { try firstLayerFilters($0, units: units) }
    let filters = shownFilters.flatMap(\.scalars)

    let models = [plain, masked[3], contractive]
    let names = ["plain", "denoising, 50 % masked", "contractive, λ = \(lambda)"]
    let maskedError = { (model: Autoencoder) throws -> Double in
        Double(try (model.reconstruct(maskedTest) - test.inputs).map { $0 * $0 }.mean())
    }
    let tangentImage = try test.inputs.rows(0..<1)
    let plainTangents = try plain.tangentDirections(at: tangentImage, count: 40)
    let caeTangents = try contractive.tangentDirections(at: tangentImage, count: 40)
    // Local PCA: the leading principal directions of the training images nearest to the test image.
    let neighbourhood = try nearestRows(of: train.inputs, to: tangentImage, count: 60)
    let localPCA = try PCA(fitting: neighbourhood, components: 5)
    let result = RegularisedResults(
        maskingLevels: levels.map(Double.init), gaussianSigma: Double(sigma),
        corruptedExamples: try Tensor(shape: [levels.count * 8 + 8, 784], scalars: corrupted),
        filters: try Tensor(shape: [levels.count * units.count, 784], scalars: filters), clean: shown,
        maskedShown: maskedShown, plainOnMasked: try plain.reconstruct(maskedShown),
        daeOnMasked: try masked[3].reconstruct(maskedShown),
        modelNames: names,
        cleanMSE: try models.map { try $0.reconstructionError(test.inputs) },
        maskedMSE: try models.map(maskedError),
        jacobianNorm: try models.map { try $0.contractivePenalty(test.inputs) },
        maskedInputMSE: Double(try (maskedTest - test.inputs).map { $0 * $0 }.mean()), lambda: Double(lambda),
        tangentImage: tangentImage, plainTangents: try plainTangents.directions.rows(0..<5),
        caeTangents: try caeTangents.directions.rows(0..<5), localPCATangents: localPCA.components,
        plainSingularValues: plainTangents.singularValues.map(Double.init),
        caeSingularValues: caeTangents.singularValues.map(Double.init),
        filterSmoothness: shownFilters.map { filterSmoothness($0) },
        anglesToLocalPCA: try [plainTangents, caeTangents].map { tangents in
            let angles = try principalAngles(between: tangents.directions.rows(0..<5), and: localPCA.components)
            return angles.reduce(0) { $0 + Double($1) } / Double(angles.count) * 180 / Double.pi
        })
    return result
}

private let denoisingField = Run("Train a denoising auto-encoder on a spiral", echo: false) { ctx in
    let sigma: Float = 0.06
    let data = Synthetic.spiral(count: 2_000, turns: 1.5, noise: 0.005, rng: ctx.random("spiral"))
    let model = try Autoencoder(sizes: [2, 64, 64], output: .identity, rng: ctx.random("init"))
    try model.fit(
        data.points, epochs: 120, batchSize: 64, optimizer: .adam(lr: 3e-3), corruption: .gaussian(sigma: sigma),
        rng: ctx.random("batches"), progress: ctx.progress)
    let clean = try data.points.rows(0..<200)
    var noise = ctx.random("test noise")
    let corrupted = try Corruption.gaussian(sigma: sigma).apply(to: clean, rng: &noise)
    let reconstructed = try model.reconstruct(corrupted)
    // The spiral itself, densely and without noise, to measure distances to it.
    let curve = Synthetic.spiral(count: 6_000, turns: 1.5, noise: 0, rng: ctx.random("curve")).points.scalars
    let before = meanDistance(of: corrupted.scalars, to: curve)
    let after = meanDistance(of: reconstructed.scalars, to: curve)
    return DenoisingField(
        clean: try data.points.rows(0..<1_000).scalars.map(Double.init),
        corrupted: corrupted.scalars.map(Double.init),
        reconstructed: reconstructed.scalars.map(Double.init), distanceBefore: before, distanceAfter: after,
        sigma: Double(sigma))
}

private let semanticHashing = Run(
    "Train a 784-128-32 auto-encoder with sigmoid code units and hash the test images", echo: false
) { ctx in
    let train = try FashionMNIST.load(.train, limit: 6_000)
    let test = try FashionMNIST.load(.test, limit: 1_000)
    let model = try Autoencoder(sizes: [784, 128, 32], codeActivation: .sigmoid, rng: ctx.random("init"))
    try model.fit(
        train, epochs: 6, optimizer: .adam(lr: 2e-3), rng: ctx.random("batches"), progress: ctx.progress)
    let hashes = try CodeSet(encoding: test, with: model).binarized(threshold: 0.5)
    let pca = try PCA(fitting: train.inputs, components: 32)
    let pcaCodes = try CodeSet(encoding: test, with: pca)
    let neighbours = 8
    let queries = [0, 1, 2, 3, 4]
    var retrieved: [Float] = []
    for q in queries {
        retrieved += try test.inputs.rows(q..<(q + 1)).scalars
        for other in nearestByHamming(hashes.codes, query: q, count: neighbours) {
            retrieved += try test.inputs.rows(other..<(other + 1)).scalars
        }
    }
    let result = HashingResults(
        bits: 32, hammingPrecision: try hashes.retrievalPrecision(k: 10),
        pcaPrecision: try pcaCodes.retrievalPrecision(k: 10), bitsOn: Double(hashes.codes.mean()),
        retrieved: try Tensor(shape: [queries.count * (neighbours + 1), 784], scalars: retrieved),
        queries: queries.count, neighbours: neighbours)
    return result
}

let manifoldsCompanion = Notebook(
    id: "manifolds-pca-regularised-autoencoders", title: "Manifolds, PCA and Regularised Auto-Encoders",
    author: "Lectern", seed: 17
) {
    Markdown(
        #"""
        # Learning without labels {#sec:unsupervised}

        In supervised learning every example comes with its answer: the data are pairs
        $D = \{\boldsymbol{X}, \boldsymbol{T}\}$, and we fit either a function with
        $f(\boldsymbol{x}) \approx t$ or a conditional distribution $p(\boldsymbol{t}|\boldsymbol{x})$,
        for a discrete answer (classification) or a continuous one (regression).

        Without answers the data are just $D = \{\boldsymbol{X}\}$, and what we can ask for is a model of
        the inputs themselves: their density $p(\boldsymbol{x})$, a description of each input by a few
        hidden variables $p(\boldsymbol{h}|\boldsymbol{x})$, or a way back from such a description to an
        input, $p(\boldsymbol{x}|\boldsymbol{h})$. Density estimation, dimensionality reduction,
        clustering, learning features for a later task and generating new samples are all of this kind.
        This handout follows the first half of the lecture: why such descriptions should exist at all
        (@sec:manifold), the linear answer PCA (@sec:pca), auto-encoders as its non-linear successor
        (@sec:ae, @sec:mi), and the ways of keeping an auto-encoder from learning nothing useful
        (@sec:regularised to @sec:cae), with two applications at the end (@sec:pretraining,
        @sec:hashing). Every figure comes from models trained on Fashion-MNIST while this handout was
        built.

        # The manifold hypothesis {#sec:manifold}

        A $28 \times 28$ grey image is a point in $\mathbb{R}^{784}$. Almost none of those points looks
        like anything: draw every pixel uniformly at random and you get the top row of @fig:noise, and
        you would keep getting static for as long as you cared to draw. Real images sit in a tiny part
        of the space. The *manifold hypothesis* makes this precise in a hopeful way: natural data lie
        on or near a smooth, low-dimensional, curved surface (a manifold) inside the high-dimensional
        space, so that with high probability a sample falls in a thin region around it. Sound and text
        behave the same way: random samples are hiss and gibberish.
        """#)
    manifoldEvidence
    Plot(
        "Top: eight images whose pixels were drawn uniformly from [0, 1]. Bottom: eight Fashion-MNIST training images. Both rows are points of the same 784-dimensional space",
        label: "fig:noise"
    ) { ctx in
        let evidence = try ctx[manifoldEvidence]
        return try ImageGrid(
            rows: [("uniform noise", evidence.noise), ("Fashion-MNIST", evidence.real)], width: 440)
    }
    Markdown { ctx in
        let e = try ctx[manifoldEvidence]
        return #"""
            The two rows differ in more than looks. Fit PCA (@sec:pca) to 5,000 of each: the
            \#(e.keptComponents) directions of largest variance hold \#(e.realVarianceKept, percent: 1) of
            the variance of the real images, but only \#(e.noiseVarianceKept, percent: 1) of the noise's,
            which spreads its variance over all 784 directions nearly alike.
            """#
    }
    Claim("the leading principal directions hold several times more of the real images' variance than of the noise's") {
        ctx in
        let e = try ctx[manifoldEvidence]
        return e.realVarianceKept > 0.5 && e.realVarianceKept > 4 * e.noiseVarianceKept
    }
    Markdown { ctx in
        let e = try ctx[manifoldEvidence]
        return #"""
            How few coordinates could suffice? The lecture's example is photographs of one person's face:
            some two hundred thousand numbers per picture, yet the person can only move the head (three
            positions, three angles) and some fifty facial muscles, so all the pictures form a family with at
            most about 56 degrees of freedom. We make the same point with what Lectern has at hand: one ankle
            boot moved around the frame (@fig:shift). Each image of @fig:shift is fixed by exactly two
            numbers, the horizontal and the vertical shift, so the whole family is a two-dimensional manifold
            inside $\mathbb{R}^{784}$. It is curved: PCA fitted to \#(e.shiftFamilySize) such moved boots
            needs \#(e.shiftComponentsFor95) linear directions to hold 95 % of their variance, although two
            coordinates describe each of them exactly. The trouble is that nobody tells us those coordinates;
            for faces nobody hands us the head angles and muscle tensions.
            """#
    }
    Claim("a linear subspace needs far more than two directions for the two-parameter family") { ctx in
        try ctx[manifoldEvidence].shiftComponentsFor95 >= 10
    }
    Plot(
        "One ankle boot moved by −4 to 4 pixels horizontally (columns) and vertically (rows): 25 points of a two-dimensional manifold of images",
        label: "fig:shift"
    ) { ctx in
        let evidence = try ctx[manifoldEvidence]
        let names = evidence.shiftSteps.map { $0 == 0 ? "0" : String(format: "%+.0f", $0) }
        return try ImageGrid(
            evidence.shiftGrid, columns: names.count,
            rowLabels: names.map { "dy \($0)" }, columnLabels: names.map { "dx \($0)" }, width: 300)
    }
    Markdown(
        #"""
        An ideal feature extractor would hand us exactly those coordinates: given an image, return where
        it sits on the manifold (how far the boot was moved; for faces, the pose and the expression),
        as in @fig:ideal. Because nobody can label these coordinates for us, we cannot regress them
        with supervised learning; they have to be discovered from the inputs alone. That is the job of
        the unsupervised methods in the rest of this handout.
        """#)
    Plot(
        "The ideal feature extractor: from an image to its coordinates on the data manifold (for the moved boot of @fig:shift, the two shifts)",
        label: "fig:ideal"
    ) { ctx in
        let evidence = try ctx[manifoldEvidence]
        return try Diagram(
            nodes: [
                DiagramNode(
                    "x", "", shape: try DiagramNode.thumbnail(evidence.shiftGrid, index: 8), column: 0,
                    caption: "image $\\boldsymbol{x} \\in \\mathbb{R}^{784}$"),
                DiagramNode(
                    "f", "$f$", shape: .trapezoid(narrowing: .right), column: 1, caption: "feature extractor",
                    color: Palette.okabeIto[0]),
                DiagramNode(
                    "h", "$\\boldsymbol{h} = (d_x, d_y)$", shape: .roundedBox, column: 2,
                    caption: "coordinates on the manifold", color: Palette.okabeIto[2]),
            ],
            edges: [DiagramEdge("x", "f"), DiagramEdge("f", "h")])
    }
    Markdown(
        #"""
        # PCA: the best linear encoder and decoder {#sec:pca}

        Principal component analysis looks for a linear map onto $M$ dimensions that keeps as much of
        the data's variance as possible. The same answer comes out of a reconstruction problem: choose an
        encoder $f$ and a decoder $g$ that minimise the expected squared error
        """#)
    Math(
        #"\mathbb{E}_{\boldsymbol{x} \sim p(\boldsymbol{x})}\left[\|\boldsymbol{x} - g(f(\boldsymbol{x}))\|_2^2\right]"#,
        label: "eq:pca-objective")
    Markdown(
        #"""
        over linear encoders and affine decoders,
        """#)
    Math(
        #"f(\boldsymbol{x}) = W^{\top}(\boldsymbol{x} - \boldsymbol{\mu}), \qquad g(f(\boldsymbol{x})) = Vf(\boldsymbol{x}) + \boldsymbol{b}, \qquad W, V \in \mathbb{R}^{D \times M}."#,
        label: "eq:pca-maps")
    Markdown(
        #"""
        At the minimum of @eq:pca-objective the decoder undoes the encoder and both offsets are the mean,
        """#)
    Math(
        #"V = W, \qquad \boldsymbol{\mu} = \boldsymbol{b} = \mathbb{E}_{\boldsymbol{x}}[\boldsymbol{x}],"#,
        label: "eq:pca-optimum")
    Markdown(
        #"""
        and the $M$ columns of $W$ are an orthonormal basis of the span of the $M$ leading eigenvectors of
        the covariance matrix $\mathbb{E}_{\boldsymbol{x}}[(\boldsymbol{x} - \boldsymbol{\mu})(\boldsymbol{x} - \boldsymbol{\mu})^{\top}]$:
        """#)
    Math(
        #"\Sigma = \mathbb{E}_{\boldsymbol{x}}\left[(\boldsymbol{x} - \boldsymbol{\mu})(\boldsymbol{x} - \boldsymbol{\mu})^{\top}\right] = \sum_{j=1}^{D} \lambda_j \boldsymbol{w}_j \boldsymbol{w}_j^{\top}, \qquad \lambda_1 \geq \dots \geq \lambda_D \geq 0."#,
        label: "eq:cov")
    Markdown(
        #"""
        The eigenvalue $\lambda_j$ is the variance of the data along the direction $\boldsymbol{w}_j$.
        What the code loses is the part of $\boldsymbol{x} - \boldsymbol{\mu}$ along the $D - M$ discarded
        directions, and its expected squared length is the sum of their variances:
        """#)
    Math(
        #"\mathbb{E}_{\boldsymbol{x}}\left[\|\boldsymbol{x} - g(f(\boldsymbol{x}))\|_2^2\right] = \sum_{j=M+1}^{D} \lambda_j = \operatorname{tr}\Sigma - \sum_{j=1}^{M} \lambda_j."#,
        label: "eq:discarded")
    Markdown(
        #"""
        So "keep the most variance" and "reconstruct best" are one problem, and the fraction of the
        variance the first $M$ components explain,
        """#)
    Math(#"\rho(M) = \frac{\sum_{j=1}^{M} \lambda_j}{\sum_{j=1}^{D} \lambda_j},"#, label: "eq:ratio")
    Markdown(
        #"""
        says at once how much error a code of length $M$ leaves. Seen as manifold learning, PCA fits the
        flattest manifold there is: its encoder projects every $\boldsymbol{x}$ onto an $M$-dimensional
        linear subspace chosen to keep the most variance.

        ## A picture in two dimensions {#sec:pca-toy}

        We draw 300 points from a Gaussian stretched along a direction at $30^{\circ}$ (standard
        deviation 2 along it, 0.5 across) and fit PCA with both components.
        """#)
    gaussianPCA
    Markdown { ctx in
        let g = try ctx[gaussianPCA]
        return #"""
            The fitted variances are $\lambda_1 = \#(g.variances[0], digits: 2)$ and
            $\lambda_2 = \#(g.variances[1], digits: 3)$, near the $2^2 = 4$ and $0.5^2 = 0.25$ we drew from,
            and the first direction is $(\#(g.directions[0], digits: 2), \#(g.directions[1], digits: 2))$:
            along $(\cos 30^{\circ}, \sin 30^{\circ}) \approx (0.87, 0.5)$ up to its sign, which PCA
            cannot know. With $M = 1$ every point is sent to its foot on the first axis (@fig:toy); the mean
            squared length of the drop is, by @eq:discarded, the small eigenvalue $\lambda_2$.
            """#
    }
    Claim("PCA recovers the variances and the direction the points were drawn with") { ctx in
        let g = try ctx[gaussianPCA]
        let alignment = abs(g.directions[0] * cos(Double.pi / 6) + g.directions[1] * sin(Double.pi / 6))
        return abs(g.variances[0] - 4) < 0.8 && abs(g.variances[1] - 0.25) < 0.08 && alignment > 0.99
    }
    Plot(
        "A stretched Gaussian, its two principal directions through the mean, and the reconstructions with one component: every point lands on the first axis",
        label: "fig:toy"
    ) { ctx in
        let toy = try ctx[gaussianPCA]
        let (mean, w) = (toy.mean, toy.directions)
        return try Scatter2D(
            points: toy.points,
            overlays: [
                .line("1st principal direction", point: (mean[0], mean[1]), direction: (w[0], w[1])),
                .line("2nd principal direction", point: (mean[0], mean[1]), direction: (w[2], w[3])),
                .points("reconstruction, M = 1", toy.projections),
            ],
            xLabel: "$x_1$", yLabel: "$x_2$", name: "samples", size: Size(420, 300))
    }
    Markdown(
        #"""
        ## PCA on Fashion-MNIST {#sec:pca-fashion}

        Now $D = 784$. We fit PCA to 10,000 training images, keeping every component so that the whole
        spectrum can be read off.
        """#)
    fashionPCA
    Markdown { ctx in
        let pca = try ctx[fashionPCA]
        let needed = { (share: Double) in (pca.cumulative.firstIndex { $0 >= share } ?? pca.cumulative.count) + 1 }
        return #"""
            @fig:explained plots @eq:ratio against $M$. The spectrum falls steeply: the first
            \#(needed(0.5)) components carry half of the variance, \#(needed(0.9)) carry 90 %, and
            \#(needed(0.99)) are needed for 99 %, so the remaining \#(784 - needed(0.99)) directions share the
            last per cent. @eq:discarded holds for every $M$: in @fig:error the line is the sum of the
            discarded eigenvalues divided by $D$ (the error per pixel), and the dots are errors measured by
            encoding 5,000 of the training images with $M$ components and decoding them. They differ from
            the line by at most \#(pca.largestGap, percent: 1) of its value.
            """#
    }
    Claim("the spectrum predicts the measured PCA error within 5 % at every measured M") { ctx in
        try ctx[fashionPCA].largestGap < 0.05
    }
    Plot(
        "Cumulative fraction of the variance of Fashion-MNIST explained by the first M principal components",
        label: "fig:explained"
    ) { ctx in
        let cumulative = try ctx[fashionPCA].cumulative
        return LinePlot(
            [Series(name: "", x: (1...300).map(Double.init), y: Array(cumulative.prefix(300)))],
            xLabel: "number of components $M$", yLabel: "variance explained $\\rho(M)$", size: Size(400, 240))
    }
    Plot(
        "Reconstruction error per pixel against the number of components: the discarded eigenvalues (line) and the error measured on 5,000 training images (dots) coincide",
        label: "fig:error"
    ) { ctx in
        let pca = try ctx[fashionPCA]
        return try Scatter2D(
            points: pca.measured,
            overlays: [
                .curve(
                    "$\\frac{1}{D}\\sum_{j>M} \\lambda_j$", x: (1...260).map(Double.init),
                    y: Array(pca.discardedPerPixel.prefix(260)))
            ],
            xLabel: "number of components $M$", yLabel: "MSE per pixel", name: "measured", equalAspect: false,
            alpha: 1, radius: 2.6, size: Size(400, 250))
    }
    Markdown(
        #"""
        Each principal direction is itself an image. @fig:components shows the mean and the first fifteen
        directions (red positive, blue negative). The first ones contrast broad regions, how much of the
        frame a garment fills and where; later ones carry ever finer detail. @fig:pca-recon reconstructs
        eight test images from 2, 8, 32 and 128 numbers: a blurred silhouette first, then the kind of
        garment, then its shape and shading, then some of its print.
        """#)
    Plot(
        "The mean image (grey, top left) and the first 15 principal components in reading order (red positive, blue negative, each scaled symmetrically around 0)",
        label: "fig:components"
    ) { ctx in
        let pca = try ctx[fashionPCA]
        return try ImageGrid(
            parts: [.init(pca.mean), .init(pca.components, colormap: .diverging, scaling: .symmetricEachImage)],
            columns: 8, width: 440)
    }
    Plot("Test images (top) and their PCA reconstructions from M = 2, 8, 32 and 128 components", label: "fig:pca-recon")
    {
        ctx in
        let pca = try ctx[fashionPCA]
        return try ImageGrid(
            rows: [("original", pca.shown)] + zip(pcaShownRanks, pca.reconstructions).map { ("M = \($0)", $1) },
            width: 420)
    }
    Markdown(
        #"""
        ## PCA on a spiral {#sec:pca-spiral}

        A linear subspace cannot follow a curved manifold. @fig:spiral fits PCA with one component to 600
        points near a spiral, a one-dimensional manifold in the plane: the reconstruction is a straight
        line through the middle, and points far apart along the spiral, on different turns, get the same
        code.
        """#)
    spiralPCA
    Markdown { ctx in
        try #"""
        The correlation between the PCA code and the true position along the spiral is only
        $r = \#(ctx[spiralPCA].codeCorrelation, digits: 2)$: the code hardly says where on the spiral a
        point lies.
        """#
    }
    Claim("the PCA code is only weakly correlated with the position along the spiral") { ctx in
        try abs(ctx[spiralPCA].codeCorrelation) < 0.5
    }
    Plot(
        "PCA with one component on a spiral: the data (grey), the principal axis and the reconstructions, which all fall on a straight line across the turns",
        label: "fig:spiral"
    ) { ctx in
        let spiral = try ctx[spiralPCA]
        return try Scatter2D(
            points: spiral.points,
            overlays: [
                .line(
                    "principal axis", point: (spiral.mean[0], spiral.mean[1]),
                    direction: (spiral.direction[0], spiral.direction[1])),
                .points("reconstruction, M = 1", spiral.projections),
            ],
            xLabel: "$x_1$", yLabel: "$x_2$", name: "spiral", size: Size(360, 320))
    }
    Markdown(
        #"""
        # Auto-encoders {#sec:ae}

        An auto-encoder replaces PCA's two linear maps by neural networks, which makes it a non-linear
        generalisation of PCA. The encoder computes $\boldsymbol{h} = f(\boldsymbol{x})$, a
        low-dimensional representation of the input (also called its features, code, embedding or latent
        variables), and the decoder maps it back to a reconstruction $\boldsymbol{r} = g(\boldsymbol{h})$
        (@fig:architecture). Training minimises the average dissimilarity $L$ between inputs and their
        reconstructions,
        """#)
    Math(
        #"\frac{1}{N}\sum_{n=1}^{N} L(\boldsymbol{x}_{n}, \boldsymbol{r}_{n}) = \frac{1}{N}\sum_{n=1}^{N} L(\boldsymbol{x}_{n}, g(f(\boldsymbol{x}_{n}))),"#,
        label: "eq:ae-objective")
    Markdown(
        #"""
        by back-propagation and stochastic gradient descent over the weights of both networks. For
        real-valued inputs $L$ is usually the squared distance $\|\boldsymbol{x}_n - \boldsymbol{r}_n\|_2^2$;
        for binary inputs (or grey levels read as probabilities of ink) the cross-entropy
        """#)
    Math(
        #"L(\boldsymbol{x}, \boldsymbol{r}) = -\sum_{i=1}^{D} \left[ x_i \log r_i + (1 - x_i) \log (1 - r_i) \right]"#,
        label: "eq:bce")
    Markdown(
        #"""
        fits better. The smallest auto-encoder has one layer each way,
        """#)
    Math(
        #"f(\boldsymbol{x}) = \operatorname{ReLU}(W\boldsymbol{x} + \boldsymbol{b}), \qquad g(f(\boldsymbol{x})) = \sigma(Vf(\boldsymbol{x}) + \boldsymbol{c}),"#,
        label: "eq:one-layer")
    Markdown(
        #"""
        where the output non-linearity $\sigma$ is a sigmoid when the inputs lie in $[0, 1]$ and the
        identity when they are arbitrary reals. The decoder's weights may also be *tied* to the encoder's,
        $W^{\top} = V$, which halves the number of weights. We train three one-layer auto-encoders with a
        32-unit code on 5,000 images for 4 epochs each: squared error, cross-entropy, and squared error
        with tied weights, and score all three by the squared error per pixel on 1,000 test images.
        """#)
    Plot(
        "The deep auto-encoder of @sec:deep, drawn from the model: the encoder narrows 784 pixels to a 32-number code, the decoder mirrors it",
        label: "fig:architecture"
    ) { _ in
        try NetworkDiagram(try Autoencoder(sizes: [784, 128, 64, 32]))
    }
    oneLayerAEs
    DataTable(
        "One-layer auto-encoders with a 32-unit code, trained for 4 epochs on 5,000 images, scored by the squared error per pixel on 1,000 test images",
        label: "tab:one-layer"
    ) { ctx in
        let r = try ctx[oneLayerAEs]
        return TableContent(
            header: ["trained with", "weights and biases", "test MSE per pixel"],
            rows: r.names.indices.map {
                ["\(r.names[$0])", "\(r.parameters[$0], grouped: true)", "\(r.testMSE[$0], digits: 4)"]
            })
    }
    Markdown { ctx in
        let r = try ctx[oneLayerAEs]
        return """
            Tying the weights leaves \(r.parameters[2], grouped: true) numbers to learn instead of
            \(r.parameters[0], grouped: true) (@tab:one-layer). Measured in squared error, the model trained
            with squared error reconstructs the test images \(r.testMSE[0] < r.testMSE[1] ? "better" : "worse")
            than the one trained with cross-entropy, and \(r.testMSE[0] < r.testMSE[2] ? "better" : "worse")
            than its tied twin.
            """
    }
    Markdown(
        #"""
        # Why reconstruction? The information argument {#sec:mi}

        What makes a representation $p(\boldsymbol{h}|\boldsymbol{x})$ good is a broad question (chapter 15
        of Goodfellow, Bengio and Courville's book is devoted to it). Auto-encoders take one answer: a
        good code keeps as much as possible of the information in the input. The amount of information
        $\boldsymbol{h}$ carries about $\boldsymbol{x}$ is their mutual information,
        """#)
    Math(
        #"I(\boldsymbol{x};\boldsymbol{h}) = \iint p(\boldsymbol{x},\boldsymbol{h}) \log \frac{p(\boldsymbol{x},\boldsymbol{h})}{p(\boldsymbol{x})\,p(\boldsymbol{h})} \, d\boldsymbol{x} \, d\boldsymbol{h},"#,
        label: "eq:mi")
    Markdown(
        #"""
        and we look for encoder parameters $\boldsymbol{\theta}$ that maximise it. Writing it as the
        entropy of the input minus what remains uncertain about the input once the code is known, the
        first term does not depend on $\boldsymbol{\theta}$ and drops out:
        """#)
    Math(
        #"\begin{aligned} \underset{\boldsymbol{\theta}}{\operatorname{argmax}}\; I(\boldsymbol{x}; \boldsymbol{h}) &= \underset{\boldsymbol{\theta}}{\operatorname{argmax}}\; H(\boldsymbol{x}) - H(\boldsymbol{x}|\boldsymbol{h}) \\ &= \underset{\boldsymbol{\theta}}{\operatorname{argmax}}\; -H(\boldsymbol{x}|\boldsymbol{h}) \\ &= \underset{\boldsymbol{\theta}}{\operatorname{argmax}}\; \mathbb{E}_{p(\boldsymbol{x}, \boldsymbol{h})} \log p(\boldsymbol{x}|\boldsymbol{h}). \end{aligned}"#,
        label: "eq:mi-steps")
    Markdown(
        #"""
        The true $p(\boldsymbol{x}|\boldsymbol{h})$ is unknown. Replace it by a parametric decoder with
        parameters $\boldsymbol{\theta}'$ and make the encoder deterministic; what remains to maximise is a
        log-likelihood (Vincent et al., 2010, give the full argument, including why this maximises a lower
        bound on the information):
        """#)
    Math(
        #"\underset{\boldsymbol{\theta},\boldsymbol{\theta}'}{\operatorname{argmax}}\; \mathbb{E}_{p(\boldsymbol{x})} \log p_{\operatorname{decoder}}(\boldsymbol{x}|\boldsymbol{h} = f_{\boldsymbol{\theta}}(\boldsymbol{x}); \boldsymbol{\theta}')."#,
        label: "eq:mi-decoder")
    Markdown(
        #"""
        If the decoder's distribution is a Gaussian centred on the reconstruction,
        $p_{\text{decoder}}(\boldsymbol{x}|\boldsymbol{h} = f_{\boldsymbol{\theta}}(\boldsymbol{x}); \boldsymbol{\theta}') = \mathcal{N}(g_{\boldsymbol{\theta}'}(f_{\boldsymbol{\theta}}(\boldsymbol{x})), \sigma^2 I)$,
        its logarithm is a constant minus a scaled squared distance,
        """#)
    Math(
        #"\mathbb{E}_{p(\boldsymbol{x})} \log p_{\text{decoder}}(\boldsymbol{x}|\boldsymbol{h};\boldsymbol{\theta}') = \text{const} - \frac{1}{2\sigma^2} \mathbb{E}_{p(\boldsymbol{x})} \|\boldsymbol{x} - g_{\boldsymbol{\theta}'}(f_{\boldsymbol{\theta}}(\boldsymbol{x}))\|_2^2,"#,
        label: "eq:gauss-ll")
    Markdown(
        #"""
        so that the term $\frac{1}{2\sigma^2} \mathbb{E}_{p(\boldsymbol{x})} \|\boldsymbol{x} - g_{\boldsymbol{\theta}'}(f_{\boldsymbol{\theta}}(\boldsymbol{x}))\|_2^2$
        is all that training can change, and maximal information becomes minimal squared error:
        """#)
    Math(
        #"\max_{\boldsymbol{\theta}} I(\boldsymbol{x}; \boldsymbol{h}) \approx \min_{\boldsymbol{\theta}, \boldsymbol{\theta}'} \mathbb{E}_{p(\boldsymbol{x})} \| \boldsymbol{x} - g_{\boldsymbol{\theta}'}(f_{\boldsymbol{\theta}}(\boldsymbol{x})) \|_2^2."#,
        label: "eq:mi-mse")
    Markdown(
        #"""
        A Bernoulli decoder gives the cross-entropy @eq:bce in the same way; that is why the two losses of
        @sec:ae go with real and binary data.

        ## Maximal information is not enough {#sec:identity}

        The argument has a hole. If encoder and decoder are flexible enough to copy their input, the
        identity map keeps *all* the information and reconstructs perfectly, and it has learned nothing
        about the data: it would copy noise just as well. What we want is an encoder whose code is useful,
        so we must constrain the auto-encoder. The simplest constraint is a narrow code: an
        *undercomplete* auto-encoder has fewer code units than inputs. PCA is exactly the undercomplete
        auto-encoder with linear $f$ and $g$ and squared error.

        We test the hole directly with two tied sigmoid auto-encoders trained on real images with squared
        error, one undercomplete and one overcomplete, as in Vincent et al.'s comparison, and feed both
        the uniform noise of @fig:noise. A model that had learned only the data manifold would turn noise
        into something garment-like; a model close to the identity would hand the noise back.
        """#)
    completenessAEs
    Plot(
        "Uniform noise (top) and what the undercomplete (50 units) and overcomplete (200 units) tied auto-encoders make of it",
        label: "fig:noise-recon"
    ) { ctx in
        let c = try ctx[completenessAEs]
        return try ImageGrid(
            rows: [
                ("noise", c.noise), ("\(c.underUnits) units", c.underOnNoise), ("\(c.overUnits) units", c.overOnNoise),
            ],
            width: 440)
    }
    Markdown { ctx in
        let c = try ctx[completenessAEs]
        return #"""
            On 1,000 real test images the \#(c.underUnits)-unit model reaches a squared error of
            \#(c.realMSE[0], digits: 4) per pixel and the \#(c.overUnits)-unit model
            \#(c.realMSE[1], digits: 4). On uniform noise the errors are \#(c.noiseMSE[0], digits: 3) and
            \#(c.noiseMSE[1], digits: 3), about what a plain grey image would score against uniform noise
            ($1/12 \approx 0.083$): neither model passes the noise through (@fig:noise-recon). Both answer
            it with a faint garment-like smudge, which is what a model of the data, and not the identity,
            should do. Two hundred sigmoid units trained for a few epochs are not yet flexible enough to
            copy; the argument above says that a more flexible network could be, and that only a
            constraint keeps it from doing so.
            """#
    }
    Claim("the overcomplete auto-encoder reconstructs real images better than the undercomplete one") { ctx in
        let c = try ctx[completenessAEs]
        return c.realMSE[1] < c.realMSE[0]
    }
    Claim("neither auto-encoder passes uniform noise through: both score about as badly as a grey image") { ctx in
        let c = try ctx[completenessAEs]
        return c.noiseMSE.allSatisfy { $0 > 0.9 / 12 }
    }
    Markdown(
        #"""
        ## Learned filters: under- against overcomplete {#sec:filters}

        Each hidden unit of the first layer weighs the 784 pixels, so its weights can be drawn as an
        image, a *filter*. Vincent et al. drew the filters of the two kinds of auto-encoder trained on
        patches of natural images and found dull local blobs for the undercomplete one and no visible
        structure for the overcomplete one. @fig:filters shows the same comparison on Fashion-MNIST.
        """#)
    Plot(
        "Filters (first-layer weights) of 24 units of the undercomplete (top three rows) and of the overcomplete (bottom three rows) tied auto-encoder; red positive, blue negative",
        label: "fig:filters"
    ) { ctx in
        let c = try ctx[completenessAEs]
        return try ImageGrid(
            [c.underFilters, c.overFilters], columns: 8,
            rowLabels: ["\(c.underUnits) units", "", "", "\(c.overUnits) units", "", ""], colormap: .diverging,
            scaling: .symmetricEachImage, width: 400)
    }
    Markdown { ctx in
        let c = try ctx[completenessAEs]
        return #"""
            On garments the undercomplete filters are broad templates, each covering much of the frame in
            the rough outline of a kind of garment; the overcomplete filters are fainter and more speckled,
            several with their weight on a few pixels. A number for the difference: neighbouring weights
            of a filter correlate by \#(c.smoothness[0], digits: 2) on average for the
            \#(c.underUnits)-unit model and by \#(c.smoothness[1], digits: 2) for the \#(c.overUnits)-unit
            model (1 would be perfectly smooth, 0 pure speckle).
            """#
    }
    Claim("the undercomplete filters are smoother than the overcomplete ones") { ctx in
        let c = try ctx[completenessAEs]
        return c.smoothness[0] > c.smoothness[1]
    }
    Markdown(
        #"""
        # A deep auto-encoder {#sec:deep}

        The lecture's code example (after Chollet's Keras tutorial) stacks three dense layers in the
        encoder, 784-128-64-32 with ReLU, and mirrors them in the decoder, whose last layer is a sigmoid
        because the pixels lie in $[0, 1]$; it is undercomplete, and the dense layers could as well be
        convolutions. @fig:architecture above is this model. We train it on 10,000 Fashion-MNIST images
        (the notes use MNIST digits), with one change: the 32 code units are left linear, since a ReLU
        code unit that stays at zero for every image would waste a dimension of the code. PCA with the
        same code length, 32, is fitted for comparison (@fig:deep-loss, @fig:deep-recon).
        """#)
    deepAE
    Plot(
        "Squared error per pixel of the deep auto-encoder per epoch, on the training images and on 1,000 test images",
        label: "fig:deep-loss"
    ) {
        ctx in
        let history = try ctx[deepAE].history
        return LossPlot(history, yLabel: "MSE per pixel")
    }
    Markdown { ctx in
        let deep = try ctx[deepAE]
        return #"""
            After \#(deep.epochs) epochs the deep auto-encoder reconstructs the test images with a squared
            error of \#(deep.aeMSE, digits: 4) per pixel, against \#(deep.pcaMSE, digits: 4) for PCA with the
            same 32 numbers per image (@fig:deep-recon).
            """#
    }
    Claim("the deep auto-encoder reconstructs the test images better than PCA-32") { ctx in
        let deep = try ctx[deepAE]
        return deep.aeMSE < deep.pcaMSE
    }
    Plot(
        "Test images (top), their PCA-32 reconstructions (middle) and the deep auto-encoder's (bottom), both from 32 numbers",
        label: "fig:deep-recon"
    ) {
        ctx in
        let deep = try ctx[deepAE]
        return try ImageGrid(
            rows: [
                ("original", deep.originals), ("PCA-32", deep.pcaReconstructions),
                ("auto-encoder", deep.aeReconstructions),
            ], width: 440)
    }
    Markdown(
        #"""
        # Regularised auto-encoders {#sec:regularised}

        A narrow code is not the only way to stop an auto-encoder from copying. Instead we may keep the
        code wide and add a regulariser $\Omega$ to the objective:
        """#)
    Math(
        #"\frac{1}{N}\sum_{n=1}^{N}L(\boldsymbol{x}_{n},g(f(\boldsymbol{x}_{n})))+\Omega(\boldsymbol{h})."#,
        label: "eq:regularised")
    Markdown(
        #"""
        In supervised learning a regulariser limits how closely a model can fit its training set. Here
        its purpose is to make the code ignore the nuisance factors of the data, the variations that do not
        matter; on reflection that is the same purpose. Either way the regulariser acts as a bottleneck:
        the data must be squeezed into a code that survives it, and only what matters fits through.

        ## Sparse auto-encoders {#sec:sparse}

        An $\ell_1$ penalty on the code,
        """#)
    Math(
        #"\frac{1}{N}\sum_{n=1}^{N} L(\boldsymbol{x}_n, g(f(\boldsymbol{x}_n))) + \lambda \|\boldsymbol{h}\|_1,"#,
        label: "eq:sparse")
    Markdown(
        #"""
        works as it does for the weights of a regression: it drives many code units to exactly zero, so
        each input is described by few active units. Read probabilistically, it is maximum-likelihood
        training with a Laplace prior on the code,
        """#)
    Math(#"p(\boldsymbol{h}) = \frac{\lambda}{2} e^{-\lambda \|\boldsymbol{h}\|_1},"#, label: "eq:laplace")
    Markdown(
        #"""
        since $-\log p(\boldsymbol{h}) = \lambda\|\boldsymbol{h}\|_1 + \text{const}$. We train four
        784-64 ReLU auto-encoders on 5,000 images for 5 epochs with growing $\lambda$ and draw, for each,
        the filters of its eight most often active units (@fig:sparse). Makhzani and Frey's figures show
        the same progression on MNIST and CIFAR-10.
        """#)
    sparseAEs
    Plot(
        "Filters of the eight most often active code units of 784-64 auto-encoders trained with growing sparsity weight λ (one row each); red positive, blue negative",
        label: "fig:sparse"
    ) { ctx in
        let sparse = try ctx[sparseAEs]
        return try ImageGrid(
            sparse.filters, columns: 8,
            rowLabels: sparse.lambdas.map(lambdaLabel),
            colormap: .diverging,
            scaling: .symmetricEachImage, width: 420)
    }
    DataTable(
        "Sparse 784-64 auto-encoders, 5 epochs on 5,000 images: code activity and squared error on 1,000 test images",
        label: "tab:sparse"
    ) { ctx in
        let sparse = try ctx[sparseAEs]
        return TableContent(
            header: ["sparsity weight", "active code entries", "units never active", "test MSE per pixel"],
            rows: sparse.lambdas.indices.map {
                [
                    lambdaLabel(sparse.lambdas[$0]), "\(sparse.activeFraction[$0], percent: 1)",
                    "\(sparse.deadUnits[$0]) of \(sparse.units)", "\(sparse.testMSE[$0], digits: 4)",
                ]
            })
    }
    Markdown(
        #"""
        The larger $\lambda$, the fewer code entries are non-zero on the test images, and the more the
        reconstruction pays for it (@tab:sparse).
        """#)
    Markdown { ctx in
        let sparse = try ctx[sparseAEs]
        let list = sparse.smoothness.map { "\($0, digits: 2)" }.joined(separator: ", ")
        return #"""
            In @fig:sparse the filters of the shown units change less than in Makhzani and Frey's pictures:
            a few epochs on 5,000 images leave much of the random start in every filter. Measured as the
            correlation of neighbouring weights (1 smooth, 0 speckle), the shown filters score \#(list) from
            the smallest $\lambda$ to the largest.
            """#
    }
    Claim("the share of active code entries falls as lambda grows") { ctx in
        let active = try ctx[sparseAEs].activeFraction
        return zip(active, active.dropFirst()).allSatisfy { $0 > $1 }
    }
    Claim("the sparsest auto-encoder reconstructs worse than the unpenalised one") { ctx in
        let mse = try ctx[sparseAEs].testMSE
        return (mse.last ?? 0) > (mse.first ?? 0)
    }
    Markdown { ctx in
        let deep = try ctx[deepAE]
        return #"""
            # Dimensionality reduction and visualisation {#sec:visual}

            Fix the code length $M$ and an auto-encoder reduces the data to $M$ numbers per example: less
            memory, and less time for whatever runs on the codes next, a classifier for instance. Against
            PCA, a non-linear code can be more meaningful and lose less (at $M = 32$ the deep auto-encoder
            of @sec:deep left a test error of \#(deep.aeMSE, digits: 4) against PCA's
            \#(deep.pcaMSE, digits: 4)), but it costs more: PCA needs one pass over the data and one
            eigendecomposition, the auto-encoder \#(deep.epochs) passes of gradient descent over its
            \#(deep.aeParameters, grouped: true) weights, with learning rates and epochs to choose.
            """#
    }
    Markdown(
        #"""

        With $M = 2$ or 3 the codes can be drawn. Hinton and Salakhutdinov (2006) drew the MNIST digits by
        their first two principal components and by the 2-D code of a 784-1000-500-250-2 auto-encoder.
        @fig:codes does the same for 1,000 Fashion-MNIST test images with a smaller 784-128-64-2
        auto-encoder trained on 8,000 images. To put a number on how well each map keeps the classes
        apart, the run counts how many of each image's ten nearest neighbours in the code share its class
        (neither method saw a label).
        """#)
    twoDimensionalCodes
    Plot(
        "1,000 test images by their 2-D code: the first two principal components (left) and the deep auto-encoder's code (right), coloured by class",
        label: "fig:codes"
    ) {
        ctx in
        let codes = try ctx[twoDimensionalCodes]
        return try CodeScatter(
            [
                CodePanel(
                    "PCA", codes: codes.pca, labels: codes.labels, xLabel: "component 1", yLabel: "component 2"),
                CodePanel(
                    "auto-encoder", codes: codes.autoencoder, labels: codes.labels, xLabel: "$h_1$",
                    yLabel: "$h_2$"),
            ], classNames: FashionMNIST.classNames)
    }
    Markdown { ctx in
        let codes = try ctx[twoDimensionalCodes]
        return #"""
            Of each test image's ten nearest neighbours in the plane, \#(codes.pcaPrecision, percent: 1) share
            its class in the PCA code and \#(codes.aePrecision, percent: 1) in the auto-encoder's.
            """#
    }
    Claim("the auto-encoder's 2-D code keeps classes together better than PCA's") { ctx in
        let codes = try ctx[twoDimensionalCodes]
        return codes.aePrecision > codes.pcaPrecision
    }
    Markdown(
        #"""
        # Denoising auto-encoders {#sec:dae}

        Another way to make copying useless: corrupt the input and ask for the clean one back. With
        $\tilde{\boldsymbol{x}}_n$ a corrupted copy of $\boldsymbol{x}_n$, the objective becomes
        """#)
    Math(#"\frac{1}{N}\sum_{n=1}^{N} L(\boldsymbol{x}_n, g(f(\tilde{\boldsymbol{x}}_n))),"#, label: "eq:dae")
    Markdown(
        #"""
        and the identity no longer minimises it: the network must learn a map that *removes* noise. The
        corruption can be additive Gaussian noise or masking, where a random part of the input is set to
        zero (dropout applied to the input); @fig:corruptions shows both. Since the noise already makes
        copying useless, a denoising auto-encoder may be overcomplete: the corruption is an implicit
        regulariser.

        We train one-layer sigmoid auto-encoders with 128 hidden units on 5,000 images for 4 epochs:
        without corruption, with 10 %, 20 % and 50 % of the pixels masked, and the contractive
        auto-encoder of @sec:cae, all from the same initial weights.
        """#)
    regularisedAEs
    Plot(
        "Eight test images with 0 %, 10 %, 20 % and 50 % of their pixels masked (first four rows) and with Gaussian noise of σ = 0.3 (last row, clipped to [0, 1] for display)",
        label: "fig:corruptions"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        return try ImageGrid(
            r.corruptedExamples, columns: 8,
            rowLabels: r.maskingLevels.map { "\(Int(($0 * 100).rounded())) % masked" } + ["Gaussian"], width: 420)
    }
    Markdown(
        #"""
        Vincent et al. observed that the more noise a denoising auto-encoder is trained with, the more its
        filters look like detectors of strokes and blobs instead of noise. @fig:dae-filters shows the same
        eight units of our four masking models (0, 10, 20 and 50 %); all four started from identical
        weights, so every column is one unit's filter at growing corruption.
        """#)
    Plot(
        "Filters of the same eight hidden units after training with 0 %, 10 %, 20 % and 50 % masking (one row per level; red positive, blue negative)",
        label: "fig:dae-filters"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        return try ImageGrid(
            r.filters, columns: 8,
            rowLabels: r.maskingLevels.map { "\(Int(($0 * 100).rounded())) %" }, colormap: .diverging,
            scaling: .symmetricEachImage, width: 400)
    }
    Markdown { ctx in
        let r = try ctx[regularisedAEs]
        let list = r.filterSmoothness.map { "\($0, digits: 2)" }.joined(separator: ", ")
        return #"""
            Down each column the speckle of the random start fades and larger blobs of one sign stand out.
            The correlation of neighbouring weights in the shown filters is \#(list) at 0, 10, 20 and
            50 % masking.
            """#
    }
    Claim("filters trained with 50 % masking are smoother than those trained without corruption") { ctx in
        let smoothness = try ctx[regularisedAEs].filterSmoothness
        return (smoothness.last ?? 0) > (smoothness.first ?? 1)
    }
    Markdown(
        #"""
        ## The corruption as part of the model {#sec:dae-graph}

        The corruption can be drawn as a random node of the computational graph (@fig:dae-graph): draw a
        training example $\boldsymbol{x}$, draw a corrupted version $\tilde{\boldsymbol{x}}$ from a
        corruption process $C(\tilde{\boldsymbol{x}}|\boldsymbol{x})$, and train the auto-encoder to
        reconstruct $\boldsymbol{x}$ from it. As a negative log-likelihood, the loss is
        """#)
    Math(
        #"-\mathbb{E}_{\boldsymbol{x} \sim p(\boldsymbol{x})} \mathbb{E}_{\tilde{\boldsymbol{x}} \sim C(\tilde{\boldsymbol{x}}|\boldsymbol{x})} \log p_{\text{decoder}}(\boldsymbol{x}|\boldsymbol{h} = f(\tilde{\boldsymbol{x}})),"#,
        label: "eq:dae-nll")
    Plot(
        "The denoising auto-encoder's training step: a clean test image, its corruption (here half of the pixels masked), encoder, code, decoder, and the loss against the clean image",
        label: "fig:dae-graph"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        return try Diagram(
            nodes: [
                DiagramNode(
                    "x", "", shape: try DiagramNode.thumbnail(r.clean), column: 0, caption: "$\\boldsymbol{x}$"),
                DiagramNode(
                    "c", "corrupt", shape: .roundedBox, column: 1,
                    caption: "$C(\\tilde{\\boldsymbol{x}} \\mid \\boldsymbol{x})$"),
                DiagramNode(
                    "xt", "", shape: try DiagramNode.thumbnail(r.maskedShown), column: 2,
                    caption: "$\\tilde{\\boldsymbol{x}}$"),
                DiagramNode("f", "$f$", shape: .trapezoid(narrowing: .right), column: 3, color: Palette.okabeIto[0]),
                DiagramNode("h", "$\\boldsymbol{h}$", shape: .circle, column: 4, caption: "code"),
                DiagramNode("g", "$g$", shape: .trapezoid(narrowing: .left), column: 5, color: Palette.okabeIto[1]),
                DiagramNode(
                    "r", "", shape: try DiagramNode.thumbnail(r.daeOnMasked), column: 6,
                    caption: "$g(f(\\tilde{\\boldsymbol{x}}))$"),
                DiagramNode(
                    "loss", "$L(\\boldsymbol{x}, g(f(\\tilde{\\boldsymbol{x}})))$", shape: .roundedBox, column: 7,
                    color: Palette.okabeIto[3]),
            ],
            edges: [
                DiagramEdge("x", "c"), DiagramEdge("c", "xt"), DiagramEdge("xt", "f"), DiagramEdge("f", "h"),
                DiagramEdge("h", "g"), DiagramEdge("g", "r"), DiagramEdge("r", "loss"),
                DiagramEdge("x", "loss", label: "the clean input is the target", route: .below, dashed: true),
            ],
            groups: [DiagramGroup("auto-encoder", members: ["f", "h", "g"])])
    }
    Markdown(
        #"""
        ## Denoising maps back to the manifold {#sec:dae-field}

        Why does this teach the network about the manifold? Picture training points near a curve and a
        corruption that throws each of them a random distance off it. Trained with squared error
        $\|g(f(\tilde{\boldsymbol{x}})) - \boldsymbol{x}\|^2$, the reconstruction
        $g(f(\tilde{\boldsymbol{x}}))$ estimates the average of the clean points that could have produced
        the corrupted one,
        """#)
    Math(
        #"g(f(\tilde{\boldsymbol{x}})) \approx \mathbb{E}_{\boldsymbol{x},\tilde{\boldsymbol{x}} \sim p_{\text{data}}(\boldsymbol{x})\, C(\tilde{\boldsymbol{x}} \mid \boldsymbol{x})}\left[\boldsymbol{x} \mid \tilde{\boldsymbol{x}}\right],"#,
        label: "eq:dae-mean")
    Markdown(
        #"""
        so the vector $g(f(\tilde{\boldsymbol{x}})) - \tilde{\boldsymbol{x}}$ points from the corrupted
        point $\tilde{\boldsymbol{x}}$ back towards the nearest part of the manifold. @fig:dae-field
        shows this for a small denoising auto-encoder (2-64-64-2, ReLU) trained on points of a spiral with
        Gaussian corruption of standard deviation 0.06: corrupted points (tails) against their
        reconstructions (heads). The run reports the mean distance to the spiral before and after.
        """#)
    denoisingField
    Plot(
        "A denoising auto-encoder trained on a spiral (grey): each arrow runs from a corrupted point to its reconstruction, back towards the spiral",
        label: "fig:dae-field"
    ) { ctx in
        let field = try ctx[denoisingField]
        return try VectorField(
            from: field.corrupted, to: field.reconstructed, background: field.clean, xLabel: "$x_1$", yLabel: "$x_2$",
            size: Size(380, 340))
    }
    Markdown { ctx in
        let field = try ctx[denoisingField]
        return #"""
            Over 200 corrupted points the mean distance to the spiral falls from
            \#(field.distanceBefore, digits: 3) before reconstruction to \#(field.distanceAfter, digits: 3)
            after it.
            """#
    }
    Claim("the denoising auto-encoder brings corrupted points at least twice as close to the spiral") { ctx in
        let field = try ctx[denoisingField]
        return field.distanceAfter < field.distanceBefore / 2
    }
    Markdown(
        #"""
        ## Application: removing noise from images {#sec:denoising}

        A trained denoising auto-encoder can be applied to noisy images as a whole, and its output is the
        cleaned image. This works when the noise met in use resembles the noise the model was trained
        with: the lecture's example trains and tests with Gaussian noise, and real noise must be close
        to Gaussian for it to help. We use our model trained with half of the pixels masked, on test
        images with half of their pixels masked, and compare it with the plain auto-encoder given the
        same images (@fig:denoise).
        """#)
    Plot(
        "Clean test images, the same with half of their pixels masked, and the outputs of the plain and of the denoising auto-encoder (trained with 50 % masking) given the masked images",
        label: "fig:denoise"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        return try ImageGrid(
            rows: [
                ("clean", r.clean), ("masked", r.maskedShown), ("plain AE", r.plainOnMasked),
                ("denoising AE", r.daeOnMasked),
            ], width: 440)
    }
    Markdown { ctx in
        let r = try ctx[regularisedAEs]
        return #"""
            Against the clean images, the masked test images themselves have a squared error of
            \#(r.maskedInputMSE, digits: 4) per pixel; the plain auto-encoder's outputs
            \#(r.maskedMSE[0], digits: 4), the denoising auto-encoder's \#(r.maskedMSE[1], digits: 4)
            (1,000 test images).
            """#
    }
    Claim("the denoising auto-encoder restores masked images better than the plain one and than doing nothing") {
        ctx in
        let r = try ctx[regularisedAEs]
        return r.maskedMSE[1] < r.maskedMSE[0] && r.maskedMSE[1] < r.maskedInputMSE
    }
    Markdown(
        #"""
        # Manifolds and tangent planes {#sec:tangent}

        At each point $\boldsymbol{x}$ of a $d$-dimensional manifold, $d$ basis vectors span the *tangent
        plane*: the directions in which one can move from $\boldsymbol{x}$ and stay on the manifold, to
        first order (@fig:tangent-3d). For images the tangent vectors are images themselves. The moved
        boot of @fig:shift has two: the change of the image when the boot moves a little to the right,
        and when it moves a little down (@fig:tangent-pixels). Grey pixels do not change; black and white
        ones change most, with opposite signs.
        """#)
    Plot(
        "A two-dimensional manifold in three dimensions and its tangent plane at one point (the dot): the plane contains every direction along which the surface can be left to first order without leaving it",
        label: "fig:tangent-3d"
    ) { _ in
        try Surface3D(
            x: -2...2, y: -2...2, steps: 26, tangentAt: (0.6, 0.4), camera: Camera3D(azimuth: -60, elevation: 28)
        ) { x, y in
            1.2 * exp(-(x * x + y * y) / 2.5) - 0.15 * x
        }
    }
    Plot(
        "The ankle boot of @fig:shift (left) and its two tangent vectors in pixel space: the change of the image for a small move to the right and for a small move down (grey: no change; black and white: large change of either sign)",
        label: "fig:tangent-pixels"
    ) { ctx in
        // The image, then its two tangents over one shared ±bound.
        let t = try ctx[manifoldEvidence].tangents
        return try ImageGrid(
            parts: [.init(try t.rows(0..<1)), .init(try t.rows(1..<3), scaling: .symmetricShared)], columns: 3,
            columnLabels: ["image", "move right", "move down"], width: 240)
    }
    Markdown(
        #"""
        Do auto-encoders find this structure? Two forces act on them during training. Reconstruction asks
        that every training example $\boldsymbol{x}$ be recoverable from its code
        $\boldsymbol{h} = f(\boldsymbol{x})$ through $g$; limited capacity (a narrow code, a penalty,
        noise) keeps the encoder from representing everything. Neither alone teaches anything: the first
        is satisfied by the identity, the second by a constant. Together they force a compromise: the
        encoder spends its scarce capacity only where reconstructing the training set pays for it. If the
        data lie near a manifold, those are the directions tangent to it, so the
        code $f(\boldsymbol{x})$ should change when $\boldsymbol{x}$ moves along the manifold and stay put
        when it moves off it. The encoder then works as a local coordinate system of the manifold.

        # Contractive auto-encoders {#sec:cae}

        The contractive auto-encoder writes this compromise into the objective. It adds a penalty that
        depends on the input as well as the code,
        """#)
    Math(
        #"\frac{1}{N}\sum_{n=1}^{N} L(\boldsymbol{x}_n, g(f(\boldsymbol{x}_n))) + \Omega(\boldsymbol{h}, \boldsymbol{x}),"#,
        label: "eq:cae")
    Markdown(
        #"""
        namely the squared Frobenius norm of the encoder's Jacobian, weighted by $\lambda$:
        """#)
    Math(
        #"\Omega(\boldsymbol{h}, \boldsymbol{x}) = \lambda \left\| \frac{\partial f(\boldsymbol{x})}{\partial \boldsymbol{x}} \right\|_{F}^{2}."#,
        label: "eq:cae-penalty")
    Markdown(
        #"""
        A small Jacobian means a code that barely moves when the input moves a little around a training
        example. The reconstruction term pulls the other way, so the compromise becomes explicit: the encoder
        contracts every direction it can, and only the directions that reconstruction needs, the
        manifold's tangent directions, keep a large derivative. Computing the Jacobian is expensive in
        general (automatic differentiation or finite differences will do it); for one sigmoid layer
        $\boldsymbol{h} = \operatorname{sigmoid}(W\boldsymbol{x} + \boldsymbol{b})$ it has a closed form,
        which is what our model uses:
        """#)
    Math(
        #"\left\| \frac{\partial f(\boldsymbol{x})}{\partial \boldsymbol{x}} \right\|_{F}^{2} = \sum_{j} \left(h_j (1 - h_j)\right)^2 \sum_{i} W_{ji}^2."#,
        label: "eq:cae-closed")
    Markdown(
        #"""
        To see which directions the encoder is sensitive to, compute its Jacobian at an image and take the
        singular value decomposition: the right singular vectors with the largest singular values are the
        input directions that move the code most, the estimated tangent plane, and they are images
        (@fig:cae-tangents). @fig:cae-spectrum compares the singular values of the plain and the
        contractive auto-encoder at the same image.
        """#)
    Plot(
        "Leading singular values of the encoder's Jacobian at one test image, plain against contractive auto-encoder (784-128 sigmoid)",
        label: "fig:cae-spectrum"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        let x = (1...r.plainSingularValues.count).map(Double.init)
        return LinePlot(
            [
                Series(name: "plain", x: x, y: r.plainSingularValues),
                Series(name: "contractive, λ = \(r.lambda, digits: 2)", x: x, y: r.caeSingularValues),
            ],
            xLabel: "index of the singular value", yLabel: "singular value", size: Size(400, 240), logY: true)
    }
    Markdown { ctx in
        let r = try ctx[regularisedAEs]
        let plainDrop = r.plainSingularValues[9] / r.plainSingularValues[0]
        let caeDrop = r.caeSingularValues[9] / r.caeSingularValues[0]
        return #"""
            Over the test images the mean $\|\partial f / \partial \boldsymbol{x}\|_F^2$ is
            \#(r.jacobianNorm[0], digits: 2) for the plain and \#(r.jacobianNorm[2], digits: 3) for the
            contractive auto-encoder (λ = \#(r.lambda, digits: 2)). At the image of @fig:cae-tangents the tenth
            singular value is \#(plainDrop, percent: 1) of the first for the plain encoder and
            \#(caeDrop, percent: 1) for the contractive one: the contractive encoder is sensitive to a few
            directions and nearly blind to the rest.
            """#
    }
    Claim("the contractive penalty shrinks the encoder's Jacobian") { ctx in
        let r = try ctx[regularisedAEs]
        return r.jacobianNorm[2] < r.jacobianNorm[0] / 10
    }
    Claim("the contractive encoder's singular values fall off faster than the plain encoder's") { ctx in
        let r = try ctx[regularisedAEs]
        return r.caeSingularValues[9] / r.caeSingularValues[0] < r.plainSingularValues[9] / r.plainSingularValues[0]
    }
    Plot(
        "A test image (left) and five estimated tangent directions at it: the leading principal directions of its 60 nearest training images (local PCA, top), and the leading right singular vectors of the encoder's Jacobian of the plain (middle) and the contractive (bottom) auto-encoder; red and blue are opposite signs",
        label: "fig:cae-tangents"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        // Each row: the image in grey, then five tangents in red and blue.
        let parts = try [r.localPCATangents, r.plainTangents, r.caeTangents].flatMap { tangents in
            [
                ImageGrid.Part(r.tangentImage),
                ImageGrid.Part(try tangents.rows(0..<5), colormap: .diverging, scaling: .symmetricEachImage),
            ]
        }
        return try ImageGrid(
            parts: parts, columns: 6, rowLabels: ["local PCA", "plain", "contractive"],
            columnLabels: ["image", "1", "2", "3", "4", "5"], width: 380)
    }
    Markdown { ctx in
        let r = try ctx[regularisedAEs]
        return #"""
            Local PCA (top row of @fig:cae-tangents) estimates the tangent plane from the training images
            around the test image, without any encoder: its directions are smooth changes of the boot's own
            shape. The plain encoder's directions spread over the whole frame. The mean principal angle
            between each encoder's five directions and local PCA's is \#(r.anglesToLocalPCA[0], digits: 0)°
            for the plain and \#(r.anglesToLocalPCA[1], digits: 0)° for the contractive encoder
            (0° would be the same plane, 90° an unrelated one): after so little training both are still far
            from local PCA's plane, the contractive one a few degrees less so.
            """#
    }
    Claim("the contractive encoder's tangent plane is closer to local PCA's than the plain encoder's") { ctx in
        let angles = try ctx[regularisedAEs].anglesToLocalPCA
        return angles[1] < angles[0]
    }
    Markdown(
        #"""
        ## Denoising or contractive? {#sec:dae-vs-cae}

        Both work well in practice, and they differ in what they cost and what they penalise. A denoising
        auto-encoder is the easier to write: a few lines more than a plain one, no Jacobian. A contractive
        auto-encoder's gradient is deterministic (no noise is drawn), so its training is steadier and its
        convergence easier to monitor. And they make different parts robust: denoising asks the whole map
        $g \circ f$ to undo perturbations of the input, contraction asks only the encoder $f$ to ignore
        them. @tab:dae-cae compares three of the one-layer models of @sec:dae (128 sigmoid units, same data,
        epochs and initial weights).
        """#)
    DataTable(
        "Three of the one-layer sigmoid auto-encoders of @sec:dae (128 units, 4 epochs on 5,000 images, same initial weights), on 1,000 test images",
        label: "tab:dae-cae"
    ) { ctx in
        let r = try ctx[regularisedAEs]
        return TableContent(
            header: [
                "auto-encoder", "MSE, clean inputs", "MSE, 50 % masked inputs",
                "mean $\\|\\partial f / \\partial \\boldsymbol{x}\\|_F^2$",
            ],
            rows: r.modelNames.indices.map {
                [
                    r.modelNames[$0], "\(r.cleanMSE[$0], digits: 4)", "\(r.maskedMSE[$0], digits: 4)",
                    "\(r.jacobianNorm[$0], digits: 3)",
                ]
            })
    }
    Markdown { ctx in
        let r = try ctx[regularisedAEs]
        let bestMasked = r.maskedMSE.indices.min { r.maskedMSE[$0] < r.maskedMSE[$1] } ?? 0
        let flattest = r.jacobianNorm.indices.min { r.jacobianNorm[$0] < r.jacobianNorm[$1] } ?? 0
        return """
            In @tab:dae-cae the \(r.modelNames[bestMasked]) model copes best with masked inputs, and the
            \(r.modelNames[flattest]) model has the flattest encoder.
            """
    }
    Claim("the denoising auto-encoder has the lowest error on masked inputs of the three") { ctx in
        let r = try ctx[regularisedAEs]
        return r.maskedMSE.indices.allSatisfy { $0 == 1 || r.maskedMSE[1] < r.maskedMSE[$0] }
    }
    Claim("the contractive auto-encoder has the smallest Jacobian of the three") { ctx in
        let r = try ctx[regularisedAEs]
        return r.jacobianNorm.indices.allSatisfy { $0 == 2 || r.jacobianNorm[2] < r.jacobianNorm[$0] }
    }
    Markdown(
        #"""

        # Application: pretraining, then fine-tuning {#sec:pretraining}

        An auto-encoder trained on unlabelled data can start a classifier: keep its encoder, put a
        classification layer on top of the code, and fine-tune everything on the labelled data
        (@fig:finetune). The encoder's layers are features learned without labels, up to the layer before
        the output, the same idea as transfer learning. We take the deep auto-encoder of @sec:deep and
        100 labelled images per class, and compare four classifiers on the 1,000 test images: a softmax
        layer on the frozen code, the whole network fine-tuned, the same network trained from random
        weights, and logistic regression on the pixels.
        """#)
    DataTable(
        "Test accuracy on 1,000 images of four classifiers trained on 100 labelled images per class",
        label: "tab:few-labels"
    ) { ctx in
        TableContent(
            header: ["classifier", "test accuracy"],
            rows: try ctx[deepAE].fewLabels.map { [$0.approach.title, "\($0.testAccuracy, percent: 1)"] })
    }
    Markdown { ctx in
        let best = try ctx[deepAE].fewLabels.max { $0.testAccuracy < $1.testAccuracy }
        return """
            The best of the four here is the \(best?.approach.title ?? "none") (@tab:few-labels). With 1,000
            test images one percentage point is ten images, so differences of that size are within the noise
            of the measurement.
            """
    }
    Claim("fine-tuning the pretrained encoder beats keeping it frozen") { ctx in
        let outcomes = try ctx[deepAE].fewLabels
        let accuracy = { (a: FewLabelsApproach) in outcomes.first { $0.approach == a }?.testAccuracy ?? 0 }
        return accuracy(.fineTunedEncoder) > accuracy(.frozenEncoder)
    }
    Plot(
        "The classifier built from the deep auto-encoder's encoder: a softmax layer on the 32-number code, with the encoder fine-tuned by the labels",
        label: "fig:finetune"
    ) { _ in
        let ae = try Autoencoder(sizes: [784, 128, 64, 32])
        return try NetworkDiagram(try Classifier(sizes: [32, 10], features: ae.encoder, trainFeatures: true))
    }
    Markdown(
        #"""
        # Application: semantic hashing {#sec:hashing}

        Image search asks for the images of a database most similar to a query image. Semantic hashing
        (Hinton and Salakhutdinov) trains an auto-encoder whose code units are sigmoids, rounds the code
        to bits, and retrieves the images whose bit strings differ from the query's in the fewest places
        (Hamming distance), which is fast even on huge databases. We train a 784-128-32 auto-encoder with
        a sigmoid code on 6,000 images, hash 1,000 test images to 32 bits each, and measure the share of
        each query's ten nearest hashes that show the same class (@fig:hashing shows five queries).
        """#)
    semanticHashing
    Plot(
        "Five query images (framed, left) and the eight test images with the nearest 32-bit hashes, nearest first",
        label: "fig:hashing"
    ) { ctx in
        let h = try ctx[semanticHashing]
        return try ImageGrid(
            h.retrieved, columns: h.neighbours + 1,
            columnLabels: ["query"] + (1...h.neighbours).map(String.init), highlightedColumns: [0], width: 400)
    }
    Markdown { ctx in
        let h = try ctx[semanticHashing]
        return #"""
            Of the ten nearest \#(h.bits)-bit hashes, \#(h.hammingPrecision, percent: 1) on average show the
            query's class, against 10 % for a random pick among ten classes of about equal size; PCA's 32
            real-valued coordinates compared by Euclidean distance reach \#(h.pcaPrecision, percent: 1).
            On average \#(h.bitsOn, percent: 1) of the bits are set.
            """#
    }
    Claim("the 32-bit hashes retrieve the query's class far more often than chance") { ctx in
        try ctx[semanticHashing].hammingPrecision > 0.5
    }
    Markdown(
        #"""
        # Summary {#sec:summary}

        - Natural data fill a thin, curved, low-dimensional region of their space; learning its
          coordinates without labels is the goal (@fig:noise, @fig:shift).
        - PCA is the best linear encoder–decoder pair (@eq:pca-objective to @eq:pca-optimum); its error is
          the sum of the discarded eigenvalues (@eq:discarded, @fig:error), and it cannot follow a curved
          manifold (@fig:spiral).
        - An auto-encoder is non-linear PCA; minimising squared error maximises the information the code
          keeps (@eq:mi-mse), but information alone is satisfied by copying.
        - A narrow code, a sparsity penalty (@eq:sparse), corrupted inputs (@eq:dae) or a contractive
          penalty (@eq:cae-penalty) force the code to follow the data's manifold instead.
        - Pretrained encoders start classifiers, and binary codes make fast image search.
        """#)
}

/// How a figure or a table names a sparsity weight.
private func lambdaLabel(_ lambda: Double) -> String { lambda == 0 ? "λ = 0" : "λ = \(String(format: "%g", lambda))" }

/// An image moved by (dx, dy) pixels (right and down), by bilinear interpolation; what moves in from
/// outside the frame is black.
private func shiftedImage(_ image: [Float], dx: Double, dy: Double, side: Int = 28) -> [Float] {
    func pixel(_ x: Int, _ y: Int) -> Float { x >= 0 && x < side && y >= 0 && y < side ? image[y * side + x] : 0 }
    var out = [Float](repeating: 0, count: side * side)
    for y in 0..<side {
        for x in 0..<side {
            let sx = Double(x) - dx
            let sy = Double(y) - dy
            let x0 = Int(sx.rounded(.down))
            let y0 = Int(sy.rounded(.down))
            let fx = Float(sx - Double(x0))
            let fy = Float(sy - Double(y0))
            let top = (1 - fx) * pixel(x0, y0) + fx * pixel(x0 + 1, y0)
            let bottom = (1 - fx) * pixel(x0, y0 + 1) + fx * pixel(x0 + 1, y0 + 1)
            out[y * side + x] = (1 - fy) * top + fy * bottom
        }
    }
    return out
}

/// Codes with every coordinate after the first `m` set to zero: decoding them uses `m` components.
private func keepingFirstColumns(_ codes: Tensor, _ m: Int) throws -> Tensor {
    let k = codes.columns
    var values = codes.scalars
    for i in 0..<codes.rows { for j in m..<k { values[i * k + j] = 0 } }
    return try Tensor(shape: codes.shape, scalars: values)
}

/// The first-layer weights of the given hidden units, one 784-pixel filter per row.
private func firstLayerFilters(_ model: Autoencoder, units: [Int]) throws -> Tensor {
    guard let first = model.encoder.layers.first as? Dense else {
        throw TensorError("the encoder has no dense first layer")
    }
    let weights = first.weight.value
    let width = weights.columns
    var rows: [Float] = []
    for unit in units { rows += weights.scalars[(unit * width)..<((unit + 1) * width)] }
    return try Tensor(shape: [units.count, width], scalars: rows)
}

/// How smooth 28 x 28 filters are: the correlation of each weight with its right and lower neighbours,
/// averaged over the filters (rows of `filters`).
private func filterSmoothness(_ filters: Tensor, side: Int = 28) -> Double {
    var total = 0.0
    for f in 0..<filters.rows {
        let w = Array(filters.scalars[(f * side * side)..<((f + 1) * side * side)])
        var first: [Float] = []
        var second: [Float] = []
        for y in 0..<side {
            for x in 0..<side {
                if x + 1 < side {
                    first.append(w[y * side + x])
                    second.append(w[y * side + x + 1])
                }
                if y + 1 < side {
                    first.append(w[y * side + x])
                    second.append(w[(y + 1) * side + x])
                }
            }
        }
        total += pearsonCorrelation(first, second)
    }
    return total / Double(max(filters.rows, 1))
}

/// Pearson's correlation of two equally long lists.
private func pearsonCorrelation(_ a: [Float], _ b: [Float]) -> Double {
    let n = Double(a.count)
    let ma = a.reduce(0) { $0 + Double($1) } / n
    let mb = b.reduce(0) { $0 + Double($1) } / n
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
        sab += (Double(x) - ma) * (Double(y) - mb)
        saa += (Double(x) - ma) * (Double(x) - ma)
        sbb += (Double(y) - mb) * (Double(y) - mb)
    }
    return sab / max((saa * sbb).squareRoot(), 1e-12)
}

/// The mean over `points` (n × 2) of the distance to the nearest of `curve` (m × 2).
private func meanDistance(of points: [Float], to curve: [Float]) -> Double {
    var total = 0.0
    for i in stride(from: 0, to: points.count, by: 2) {
        var best = Float.infinity
        for j in stride(from: 0, to: curve.count, by: 2) {
            let dx = points[i] - curve[j]
            let dy = points[i + 1] - curve[j + 1]
            best = min(best, dx * dx + dy * dy)
        }
        total += Double(best.squareRoot())
    }
    return total / Double(points.count / 2)
}

/// The `count` rows of `data` nearest to `sample` ([1, d]) in Euclidean distance, as a matrix.
private func nearestRows(of data: Tensor, to sample: Tensor, count: Int) throws -> Tensor {
    let d = data.columns
    var distances: [(Float, Int)] = []
    for i in 0..<data.rows {
        var s: Float = 0
        for j in 0..<d {
            let diff = data.scalars[i * d + j] - sample.scalars[j]
            s += diff * diff
        }
        distances.append((s, i))
    }
    distances.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    let rows = distances.prefix(count).flatMap { data.scalars[($0.1 * d)..<(($0.1 + 1) * d)] }
    return try Tensor(shape: [min(count, data.rows), d], scalars: rows)
}

/// The `count` rows of 0/1 `codes` nearest to row `query` in Hamming distance (ties to the lower index).
private func nearestByHamming(_ codes: Tensor, query: Int, count: Int) -> [Int] {
    let width = codes.columns
    let q = Array(codes.scalars[(query * width)..<((query + 1) * width)])
    var distances: [(Int, Int)] = []
    for other in 0..<codes.rows where other != query {
        var d = 0
        for j in 0..<width where codes.scalars[other * width + j] != q[j] { d += 1 }
        distances.append((d, other))
    }
    distances.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    return distances.prefix(count).map(\.1)
}
