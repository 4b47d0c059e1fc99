import Testing

@testable import Tensors

@Suite struct LinearAlgebraTests {
    /// A = Q diag(values) Qᵀ with Q a 5 x 5 Householder reflection, so the eigenvectors are Q's columns.
    @Test func topEigenFindsTheLargestPairsInOrder() throws {
        let n = 5
        let u: [Double] = [1, -2, 0.5, 3, 1]
        let uu = u.reduce(0) { $0 + $1 * $1 }
        let q = (0..<n).map { i in (0..<n).map { j in (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu } }
        let values: [Double] = [0.5, 7, -1, 3, 2]
        var a = Tensor(zeros: [n, n])
        for i in 0..<n {
            for j in 0..<n {
                a[i, j] = Float((0..<n).reduce(0.0) { $0 + q[i][$1] * values[$1] * q[j][$1] })
            }
        }
        let top = try LinearAlgebra.topEigen(a, count: 3)
        #expect(top.vectors.shape == [3, n])
        for (row, column) in [1, 3, 4].enumerated() {
            #expect(abs(top.values[row] - Float(values[column])) < 1e-5, "eigenvalue \(row)")
            // Eigenvectors are defined up to sign: compare |<v, q>| with 1.
            let dot = (0..<n).reduce(0.0) { $0 + Double(top.vectors[row, $1]) * q[$1][column] }
            #expect(abs(abs(dot) - 1) < 1e-5, "eigenvector \(row) against column \(column) of Q")
        }
        #expect(throws: TensorError.self) { try LinearAlgebra.topEigen(a, count: 6) }
    }

    /// Rows in several blocks of the SSYRK loop and a partial last block, against the definition in Double; an
    /// offset of 1,000 and a trend along the rows would cancel every digit if the shift were far from the mean.
    @Test(arguments: [0, 1000] as [Float])
    func meanAndCovarianceMatchTheDefinition(offset: Float) throws {
        let (n, d) = (700, 6)
        var x = sample([n, d], seed: "covariance", low: 0, high: 2)
        for r in 0..<n { for j in 0..<d { x[r, j] += offset + (offset == 0 ? 0 : Float(r) / 350) } }
        let (mean, c) = try LinearAlgebra.meanAndCovariance(x)
        var mu = [Double](repeating: 0, count: d)
        for r in 0..<n { for j in 0..<d { mu[j] += Double(x[r, j]) / Double(n) } }
        for i in 0..<d {
            #expect(abs(Double(mean[i]) - mu[i]) < 1e-5 + 1e-7 * abs(mu[i]), "mean \(i)")
            for j in 0..<d {
                var sum = 0.0
                for r in 0..<n { sum += (Double(x[r, i]) - mu[i]) * (Double(x[r, j]) - mu[j]) }
                #expect(abs(Double(c[i, j]) - sum / Double(n)) < 1e-5, "entry (\(i), \(j))")
            }
        }
        #expect(throws: TensorError.self) { try LinearAlgebra.meanAndCovariance(Tensor(zeros: [3, 0])) }
    }
}
