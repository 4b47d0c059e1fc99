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
    }
}
