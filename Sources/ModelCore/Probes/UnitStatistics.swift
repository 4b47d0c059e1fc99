/// Per-unit activation statistics of codes [n, units]: how often and how strongly each unit fires (sparsity).
public struct UnitStatistics: Sendable, Equatable, Codable {
    /// Mean value of each unit.
    public let mean: [Double]
    /// Mean |value| of each unit.
    public let meanAbsoluteByUnit: [Double]
    /// Fraction of samples where |value| exceeds the threshold, per unit.
    public let activeFraction: [Double]
    /// Mean |value| over all units and samples.
    public let meanAbsolute: Double
    /// Fraction of all values above the threshold (1 - sparsity).
    public let fractionActive: Double
    /// Units never above the threshold on this data ("dead" units).
    public let deadUnits: Int

    /// Statistics of `codes`; a value counts as active when |value| > `threshold`.
    public init(codes: Tensor, threshold: Float = 1e-3) throws {
        guard codes.rank == 2, codes.rows > 0 else {
            throw TensorError("unit statistics need codes [n > 0, units], got \(codes.shape)")
        }
        let (n, d) = (codes.rows, codes.columns)
        var sum = [Double](repeating: 0, count: d)
        var absSum = [Double](repeating: 0, count: d)
        var active = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d {
                let v = codes.scalars[i * d + j]
                sum[j] += Double(v)
                absSum[j] += Double(Swift.abs(v))
                if Swift.abs(v) > threshold { active[j] += 1 }
            }
        }
        mean = sum.map { $0 / Double(n) }
        meanAbsoluteByUnit = absSum.map { $0 / Double(n) }
        activeFraction = active.map { $0 / Double(n) }
        meanAbsolute = absSum.reduce(0, +) / Double(n * d)
        fractionActive = active.reduce(0, +) / Double(n * d)
        deadUnits = active.filter { $0 == 0 }.count
    }
}
