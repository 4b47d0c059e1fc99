/// Principal component analysis by the covariance matrix and LAPACK's symmetric eigensolver.
///
/// The covariance is accumulated from centred blocks of rows with SSYRK (half the work of a full product,
/// no centred copy of the whole data set); the top `k` eigenpairs come from SSYEVR.
public struct PCA: Sendable {
    /// The mean sample [d].
    public let mean: Tensor
    /// The principal directions as rows [k, d], most variance first.
    public let components: Tensor
    /// Variance along each component (the top eigenvalues of the covariance), descending.
    public let explainedVariance: [Float]
    /// Total variance (trace of the covariance).
    public let totalVariance: Float

    /// Fraction of the total variance each component explains.
    public var explainedVarianceRatio: [Float] {
        explainedVariance.map { $0 / max(totalVariance, .leastNonzeroMagnitude) }
    }
    /// Number of components.
    public var count: Int { explainedVariance.count }

    /// Fits `k` components to the rows of `data` [n, d] (covariance with divisor n).
    public init(fitting data: Tensor, components k: Int) throws {
        guard data.rank == 2, data.rows >= 2 else {
            throw TensorError("PCA needs a matrix of at least 2 samples, got shape \(data.shape)")
        }
        let d = data.columns
        guard k >= 1, k <= d else { throw TensorError("PCA: \(k) components asked of \(d)-dimensional data") }
        let (mean, covariance) = try LinearAlgebra.meanAndCovariance(data)
        var trace: Float = 0
        for j in 0..<d { trace += covariance.scalars[j * d + j] }
        let eigen = try LinearAlgebra.topEigen(covariance, count: k)
        self.mean = mean
        self.components = eigen.vectors
        self.explainedVariance = eigen.values
        self.totalVariance = trace
    }

    /// Coordinates of samples in the component basis: (x - mean) Wᵀ, [n, d] -> [n, k].
    public func encode(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.columns == mean.count else {
            throw TensorError.mismatch("PCA.encode", x.shape, components.shape, "samples need \(mean.count) values")
        }
        var centred = x
        let d = mean.count
        mean.scalars.withUnsafeBufferPointer { mu in
            centred.scalars.withUnsafeMutableBufferPointer { c in
                for i in 0..<x.rows {
                    for j in 0..<d { c[i * d + j] -= mu[j] }
                }
            }
        }
        return try centred.matmul(components, transposeOther: true)
    }

    /// Samples back from coordinates: z W + mean, [n, k] -> [n, d].
    public func decode(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2, z.columns == count else {
            throw TensorError.mismatch("PCA.decode", z.shape, components.shape, "codes need \(count) values")
        }
        var out = try z.matmul(components)
        let d = mean.count
        mean.scalars.withUnsafeBufferPointer { mu in
            out.scalars.withUnsafeMutableBufferPointer { o in
                for i in 0..<z.rows {
                    for j in 0..<d { o[i * d + j] += mu[j] }
                }
            }
        }
        return out
    }

    /// Encodes and decodes.
    public func reconstruct(_ x: Tensor) throws -> Tensor { try decode(encode(x)) }

    /// Mean squared reconstruction error per element.
    public func reconstructionError(_ x: Tensor) throws -> Double {
        Double(try (reconstruct(x) - x).map { $0 * $0 }.mean())
    }
}
