import Foundation
import Testing

@testable import ModelCore

@Suite struct ProbeTests {
    @Test func codeSetOfPCAIsCodableAndHasABox() throws {
        let images = try FashionMNIST.load(.train, limit: 300)
        let pca = try PCA(fitting: images.inputs, components: 8)
        let set = try CodeSet(encoding: images, with: pca)
        #expect(set.codes.shape == [300, 8] && set.labels == images.labels)
        let decoded = try JSONDecoder().decode(CodeSet.self, from: JSONEncoder().encode(set))
        #expect(decoded == set)
        var rng = RandomStream(seed: 1, name: "box")
        let samples = try set.uniformSamples(count: 200, rng: &rng)
        let (low, high) = set.box
        for i in 0..<200 {
            for j in 0..<8 {
                let v = samples.scalars[i * 8 + j]
                #expect(v >= low[j] && v <= high[j])
            }
        }
        #expect(try pca.decode(samples).shape == [200, 784])
        let mean = try set.classMean(images.labels[0])
        #expect(mean.shape == [1, 8])
        #expect(throws: TensorError.self) { try set.classMean(42) }
    }

    @Test func lineBetweenCodesEndsAtBothCodes() throws {
        let a = try Tensor(rows: [[0, 2, 4]])
        let b = try Tensor(rows: [[4, 2, 0]])
        let line = try codeLine(from: a, to: b, steps: 5)
        #expect(line == (try Tensor(rows: [[0, 2, 4], [1, 2, 3], [2, 2, 2], [3, 2, 1], [4, 2, 0]])))
        #expect(throws: TensorError.self) { try codeLine(from: a, to: b, steps: 1) }
    }

    @Test func kMeansRecoversBlobs() throws {
        let blobs = Synthetic.blobs(
            count: 600, centers: 4, dimensions: 3, spread: 0.5, rng: RandomStream(seed: 2, name: "b"))
        let clusters = try KMeans(blobs.points, k: 4, rng: RandomStream(seed: 3, name: "km"))
        #expect(try clusters.purity(labels: blobs.labels) > 0.97)
        #expect(clusters.centroids.shape == [4, 3] && Set(clusters.assignments).count == 4)
        #expect(throws: TensorError.self) { try KMeans(Tensor(zeros: [2, 3]), k: 3) }
    }

    @Test func retrievalPrecisionOfPerfectAndUninformativeCodes() throws {
        // Codes that are a one-hot of the label retrieve only their own class; constant codes retrieve by index.
        let labels = (0..<40).map { $0 % 4 }
        let perfect = try CodeSet(
            codes: Tensor(shape: [40, 4], scalars: labels.flatMap { l in (0..<4).map { $0 == l ? 0.9 : 0.1 } }),
            labels: labels
        ).binarized()
        #expect(perfect.codes.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(try perfect.retrievalPrecision(k: 5) == 1)
        let constant = try CodeSet(codes: Tensor(zeros: [40, 4]), labels: labels)
        let chance = try constant.retrievalPrecision(k: 8)
        #expect(chance > 0.15 && chance < 0.35, "constant codes: \(chance)")
    }

    @Test func unitStatisticsCountActiveUnits() throws {
        let stats = try UnitStatistics(codes: Tensor(rows: [[0, 1, 0], [0, 3, -2]]))
        #expect(stats.activeFraction == [0, 1, 0.5] && stats.deadUnits == 1)
        #expect(Swift.abs(stats.fractionActive - 0.5) < 1e-12 && Swift.abs(stats.meanAbsolute - 1) < 1e-12)
    }

    @Test func vaeGridInterpolationAndAttributes() throws {
        #expect(Swift.abs(normalQuantile(0.975) - 1.959964) < 1e-5)
        #expect(normalQuantile(0.5) == 0 || Swift.abs(normalQuantile(0.5)) < 1e-12)
        let vae = try VariationalAutoencoder(
            inputs: 784, hidden: [32], latent: 3, rng: RandomStream(seed: 4, name: "v"))
        let grid = try vae.latentGrid(side: 3, dimensions: (0, 2))
        #expect(grid.shape == [9, 3])
        #expect(
            Swift.abs(grid[0, 0] + 0.967422) < 1e-5 && Swift.abs(grid[4, 0]) < 1e-6 && grid[0, 2] > 0 && grid[0, 1] == 0
        )
        #expect(try vae.decodeGrid(side: 4).shape == [16, 784])
        #expect(throws: TensorError.self) { try vae.latentGrid(side: 3, dimensions: (1, 1)) }
        let images = try FashionMNIST.load(.test, limit: 2)
        let path = try vae.interpolate(from: images.inputs.rows(0..<1), to: images.inputs.rows(1..<2), steps: 6)
        #expect(path.shape == [6, 784])
        let difference = try (path.rows(0..<1) - vae(images.inputs.rows(0..<1))).map { Swift.abs($0) }
        #expect(difference.scalars.max() ?? 1 < 1e-5)
        let z = try Tensor(rows: [[1, 1, 1]])
        let shifted = try vae.attributeShift(z, toward: Tensor(rows: [[3, 1, -1]]), alphas: [0, 0.5, 1])
        #expect(shifted == (try Tensor(rows: [[1, 1, 1], [2, 1, 0], [3, 1, -1]])))
    }
}

@Suite struct LinearAutoencoderTests {
    @Test func principalAnglesOfKnownSubspaces() throws {
        let a = try Tensor(rows: [[1, 0, 0], [0, 1, 0]])
        let b = try Tensor(rows: [[1, 1, 0], [0, 0, 1]])
        let angles = try principalAngles(between: a, and: b)
        #expect(Swift.abs(angles[0] - 0) < 1e-4 && Swift.abs(angles[1] - Float.pi / 2) < 1e-4)
    }

    @Test func linearAutoencoderDecoderSpansThePCASubspace() throws {
        // Ten Gaussian directions with well separated variances, rotated by a random orthogonal matrix.
        var rng = RandomStream(seed: 14, name: "linear ae")
        var x = rng.normal([800, 10])
        for i in 0..<800 { for j in 0..<10 { x.scalars[i * 10 + j] *= Float(10 - j) * 0.2 } }
        let (_, _, rotation) = try LinearAlgebra.svd(rng.normal([10, 10]))
        x = try x.matmul(rotation)
        let pca = try PCA(fitting: x, components: 3)
        let ae = try Autoencoder(sizes: [10, 3], activation: .identity, output: .identity, rng: rng.derived("model"))
        let before = try principalAngles(
            between: pca.components, and: ae.decoder.layers[0].parameters[0].value.transposed())
        try ae.fit(x, epochs: 30, batchSize: 40, optimizer: .adam(lr: 1e-2))
        let decoderBasis = try ae.decoder.layers[0].parameters[0].value.transposed()  // [3, 10]
        let angles = try principalAngles(between: pca.components, and: decoderBasis)
        #expect((angles.max() ?? 1) < 0.05, "principal angles \(before) -> \(angles)")
        #expect(Swift.abs(try ae.reconstructionError(x) - pca.reconstructionError(x)) < 0.01)
    }
}
