import Testing

@testable import ModelCore

@Suite struct PCATests {
    /// Correlated 6-D data: a random linear map of independent Gaussians with unequal scales.
    func data(_ n: Int) throws -> Tensor {
        var rng = RandomStream(seed: 8, name: "pca")
        let z = rng.normal([n, 6])
        let scales = try Tensor(rows: [
            [3, 0, 0, 0, 0, 0], [0, 2, 0, 0, 0, 0], [0, 0, 1.5, 0, 0, 0],
            [0, 0, 0, 0.7, 0, 0], [0, 0, 0, 0, 0.3, 0], [0, 0, 0, 0, 0, 0.1],
        ])
        let mix = rng.normal([6, 6])
        return try z.matmul(scales).matmul(mix) + 2
    }

    @Test func reconstructionErrorIsTheDiscardedVariance() throws {
        let x = try data(4000)
        let full = try PCA(fitting: x, components: 6)
        for k in 1...5 {
            let pca = try PCA(fitting: x, components: k)
            // Mean squared error per element times d is the per-sample error: the sum of discarded eigenvalues.
            let perSample = try pca.reconstructionError(x) * 6
            let discarded = full.explainedVariance[k...].reduce(0, +)
            #expect(abs(perSample - Double(discarded)) <= 1e-3 * Double(full.totalVariance), "k = \(k)")
        }
        #expect(abs(full.explainedVariance.reduce(0, +) - full.totalVariance) < 1e-3 * full.totalVariance)
        #expect(abs(full.explainedVarianceRatio.reduce(0, +) - 1) < 1e-4)
    }

    @Test func componentsAreOrthonormalAndOrdered() throws {
        let pca = try PCA(fitting: try data(2000), components: 3)
        let gram = try pca.components.matmul(pca.components, transposeOther: true)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(gram[i, j] - (i == j ? 1 : 0)) < 1e-4) } }
        #expect(pca.explainedVariance == pca.explainedVariance.sorted(by: >))
        let codes = try pca.encode(try data(10))
        #expect(codes.shape == [10, 3])
        #expect(try pca.decode(codes).shape == [10, 6])
        #expect { try pca.encode(Tensor(zeros: [2, 5])) } throws: {
            "\($0)".contains("[2, 5]") && "\($0)".contains("[3, 6]")
        }
    }

    @Test func fashionMNISTPCAExplainsMostVariance() throws {
        let images = try FashionMNIST.load(.train, limit: 2000)
        let pca = try PCA(fitting: images.inputs, components: 32)
        let ratio = pca.explainedVarianceRatio.reduce(0, +)
        #expect(ratio > 0.75 && ratio < 0.95)
        #expect(try pca.reconstructionError(images.inputs) < 0.02)
    }
}

@Suite struct DataTests {
    @Test func subsets() throws {
        let images = try FashionMNIST.load(.train, limit: 3000)
        let sandalsAndBags = images.filtered(labels: [5, 8])
        #expect(sandalsAndBags.count > 0 && sandalsAndBags.labels.allSatisfy { $0 == 5 || $0 == 8 })
        let balanced = try images.labelledSubset(perClass: 20, rng: RandomStream(seed: 1))
        #expect(balanced.count == 200)
        for c in 0..<10 { #expect(balanced.labels.filter { $0 == c }.count == 20) }
        let again = try images.labelledSubset(perClass: 20, rng: RandomStream(seed: 1))
        #expect(again.pixels == balanced.pixels)
        #expect(throws: DataError.self) { try images.labelledSubset(perClass: 5000, rng: RandomStream(seed: 1)) }
        #expect(images.inputs.shape == [3000, 784] && images.images.shape == [3000, 1, 28, 28])
    }

    @Test func corruptIDXFileIsAClearError() throws {
        let path = "/tmp/lectern-modelcore-corrupt-\(UInt32.random(in: 0...UInt32.max)).idx"
        let bytes: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]
        try writeBytes(bytes, to: path)
        #expect { try IDXArray.read(path: path) } throws: { "\($0)".contains("truncated") && "\($0)".contains(path) }
        try writeBytes([1, 2, 3, 4, 5], to: path)
        #expect { try IDXArray.read(path: path) } throws: { "\($0)".contains("not an unsigned-byte IDX") }
        #expect { try FashionMNIST.load(.train, directory: "/nonexistent") } throws: {
            "\($0)".contains("/nonexistent")
        }
    }
}
