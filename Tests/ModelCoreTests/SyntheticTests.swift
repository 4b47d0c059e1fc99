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
