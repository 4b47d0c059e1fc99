#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Φ⁻¹(p), the p-quantile of the standard normal distribution: the one quantile function of Lectern, used by
/// every figure and probe that places points on a latent space where N(0, 1) puts its mass.
///
/// Found by bisection on Φ(z) = erfc(−z/√2)/2, to about 1e-15. Exactly antisymmetric: for p above ½ it
/// returns −Φ⁻¹(1 − p) (1 − p is exact there), and Φ⁻¹(½) is 0.
/// Returns −∞ for p ≤ 0, +∞ for p ≥ 1 and NaN for NaN.
public func normalQuantile(_ p: Double) -> Double {
    if p.isNaN { return .nan }
    guard p > 0 else { return -.infinity }
    guard p < 1 else { return .infinity }
    if p == 0.5 { return 0 }
    if p > 0.5 { return -normalQuantile(1 - p) }
    var low = -40.0
    var high = 0.0
    for _ in 0..<200 {
        let mid = (low + high) / 2
        if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { low = mid } else { high = mid }
        if high - low < 1e-15 { break }
    }
    return (low + high) / 2
}

/// The `steps` grid points of a latent axis under a N(0, 1) prior, ascending: Φ⁻¹((i + ½)/steps) for
/// i = 0 ..< steps. Each point is the centre (in probability) of one of `steps` equally likely slices, so the
/// grid covers where the prior puts its mass without reaching ±∞, and the middle of an odd grid is 0.
/// This is Lectern's one grid convention for latent manifolds. Empty for `steps` ≤ 0.
public func normalQuantileGrid(_ steps: Int) -> [Double] {
    guard steps > 0 else { return [] }
    var grid = (0..<steps).map { normalQuantile((Double($0) + 0.5) / Double(steps)) }
    // Mirror the lower half so the grid is symmetric to the last bit, whatever (i + ½)/steps rounds to.
    for i in 0..<(steps / 2) { grid[steps - 1 - i] = -grid[i] }
    if steps % 2 == 1 { grid[steps / 2] = 0 }
    return grid
}
