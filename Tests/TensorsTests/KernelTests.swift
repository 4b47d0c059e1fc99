import Testing

@testable import Tensors

@Suite struct KernelTests {
    @Test(arguments: [1, 3, 8, 9, 16, 32, 37, 40, 64, 70])
    func columnSumsMatchALoopInDouble(cols: Int) {
        let rows = 53
        let x = sample([rows, cols], seed: "columns \(cols)")
        var out = [Float](repeating: .nan, count: cols)
        x.withPointer { p in
            out.withUnsafeMutableBufferPointer { Kernels.columnSums(p, rows: rows, cols: cols, into: $0.baseAddress!) }
        }
        for j in 0..<cols {
            var expected = 0.0
            for i in 0..<rows { expected += Double(x.scalars[i * cols + j]) }
            #expect(abs(Double(out[j]) - expected) < 1e-4, "column \(j) of \(cols)")
        }
        // Accumulating adds the same sums again.
        x.withPointer { p in
            out.withUnsafeMutableBufferPointer {
                Kernels.columnSums(p, rows: rows, cols: cols, into: $0.baseAddress!, accumulate: true)
            }
        }
        for j in 0..<cols {
            var expected = 0.0
            for i in 0..<rows { expected += Double(x.scalars[i * cols + j]) }
            #expect(abs(Double(out[j]) - 2 * expected) < 2e-4, "column \(j) of \(cols), accumulated")
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmulMatchesTheDefinitionForEveryTranspose(transposeA: Bool, transposeB: Bool) throws {
        let a = sample(transposeA ? [4, 3] : [3, 4], seed: "a")
        let b = sample(transposeB ? [5, 4] : [4, 5], seed: "b")
        let product = try a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB)
        #expect(product.shape == [3, 5])
        for i in 0..<3 {
            for j in 0..<5 {
                var expected: Float = 0
                for k in 0..<4 {
                    expected +=
                        a.scalars[transposeA ? k * 3 + i : i * 4 + k] * b.scalars[transposeB ? j * 4 + k : k * 5 + j]
                }
                #expect(abs(product.scalars[i * 5 + j] - expected) < 1e-5, "entry (\(i), \(j))")
            }
        }
    }
}
