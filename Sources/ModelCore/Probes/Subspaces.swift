import Foundation

/// Principal angles (radians, ascending) between the row spaces of `a` [k1, d] and `b` [k2, d]: near zero
/// when e.g. a linear auto-encoder's decoder spans the PCA subspace.
public func principalAngles(between a: Tensor, and b: Tensor) throws -> [Float] {
    guard a.rank == 2, b.rank == 2, a.columns == b.columns, a.rows >= 1, b.rows >= 1 else {
        throw TensorError.mismatch("principalAngles", a.shape, b.shape, "need two row bases [k, d] with the same d")
    }
    // Orthonormal bases of the row spaces are the leading right singular vectors; the singular values of
    // Qa Qbᵀ are the cosines of the angles.
    let qa = try orthonormalRows(a)
    let qb = try orthonormalRows(b)
    let (_, cosines, _) = try LinearAlgebra.svd(qa.matmul(qb, transposeOther: true))
    return cosines.map { Float(acos(Double(Swift.min(Swift.max($0, -1), 1)))) }.sorted()
}

/// An orthonormal basis [rank, d] of the row space of `m`.
private func orthonormalRows(_ m: Tensor) throws -> Tensor {
    let (_, s, vt) = try LinearAlgebra.svd(m)
    let tolerance = (s.first ?? 0) * 1e-5
    let rank = Swift.max(s.filter { $0 > tolerance }.count, 1)
    return try vt.rows(0..<rank)
}
