import Testing

@testable import Tensors

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

@Suite struct LossKernelTests {
    /// The fused BCE pass against softplus(x) - x t and scale (sigmoid(x) - t) in Double. The counts cover a lone
    /// partial block, a product of 16 blocks, a flush after 128 blocks, and several of each with a partial tail.
    @Test(arguments: [5, 8, 16 * 8, 16 * 8 + 3, 128 * 8, 3 * 128 * 8 + 17 * 8 + 5])
    func binaryCrossEntropyPassMatchesItsDefinition(count: Int) {
        let x = sample([count], seed: "logits \(count)", low: -30, high: 30)
        let t = sample([count], seed: "targets \(count)", low: 0, high: 1)
        let scale: Float = 0.25
        let (total, gradient) = bceWithGradient(x, t, scale: scale)
        var expected = 0.0
        for i in 0..<count {
            let (v, target) = (Double(x.scalars[i]), Double(t.scalars[i]))
            expected += max(v, 0) - v * target + log1p(exp(-abs(v)))
            let g = Double(scale) * (1 / (1 + exp(-v)) - target)
            #expect(abs(Double(gradient.scalars[i]) - g) < 1e-6, "gradient \(i) of \(count)")
        }
        #expect(abs(total - expected) <= 1e-5 * max(1, abs(expected)), "total of \(count): \(total) vs \(expected)")
    }
}
