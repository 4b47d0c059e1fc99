import Testing

@testable import ModelCore

@Suite struct SyntheticTests {
    @Test func shapesAndDeterminism() {
        let rng = RandomStream(seed: 4, name: "synthetic")
        let spiral = Synthetic.spiral(count: 300, rng: rng)
        #expect(spiral.points.shape == [300, 2] && spiral.latent.shape == [300, 1])
        #expect(Synthetic.spiral(count: 300, rng: rng).points == spiral.points)
        #expect(Synthetic.swissRoll(count: 100, rng: rng).points.shape == [100, 3])
        let blobs = Synthetic.blobs(count: 90, centers: 3, dimensions: 5, spread: 0.5, rng: rng)
        #expect(blobs.points.shape == [90, 5] && Set(blobs.labels) == [0, 1, 2])
    }

    @Test func linearSurfaceIsAPlaneAndCurvedIsNot() throws {
        let rng = RandomStream(seed: 5)
        let flat = try PCA(fitting: Synthetic.linearSurface(count: 2000, noise: 0.001, rng: rng).points, components: 2)
        #expect(flat.explainedVarianceRatio.reduce(0, +) > 0.999)
        let curved = try PCA(
            fitting: Synthetic.curvedSurface(count: 2000, noise: 0.001, rng: rng).points, components: 2)
        #expect(curved.explainedVarianceRatio.reduce(0, +) < 0.9)
    }
}

@Suite struct FormatsAndBenchmarkJSON {
    @Test func mnistFormatDirectory() throws {
        let images = try MNISTFormat.load(directory: FashionMNIST.defaultDirectory, split: .test, limit: 10)
        #expect(images.count == 10 && images.features == 784)
        #expect { try MNISTFormat.load(directory: "/tmp/no-such-kmnist", split: .train) } throws: {
            "\($0)".contains("train-images-idx3-ubyte") && "\($0)".contains("/tmp/no-such-kmnist")
        }
    }

    @Test func benchmarkJSONGroupsKeys() {
        let text = ModelCoreBenchmark.json(["deep_ae.samples_per_s": 2, "pca32.seconds": 0.5, "threads": 1])
        #expect(
            text
                == "{\n  \"threads\": 1.0,\n  \"deep_ae\": {\"samples_per_s\": 2.0},\n  \"pca32\": {\"seconds\": 0.5}\n}\n"
        )
    }
}
