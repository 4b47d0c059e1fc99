/// Keeps the k largest units of each row and sets the others to 0 (the k-sparse auto-encoder's code).
///
/// The mask is a constant of the forward pass, so gradients flow only through the kept units.
public struct KSparse: Layer {
    /// Units kept per sample.
    public let k: Int

    /// A layer keeping `k` units per row.
    public init(k: Int) throws {
        guard k >= 1 else { throw TensorError("k-sparse needs k >= 1, got \(k)") }
        self.k = k
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        let v = x.value
        guard v.rank == 2 else { throw TensorError("k-sparse needs a matrix [n, units], got \(v.shape)") }
        let (n, d) = (v.rows, v.columns)
        if k >= d { return x }
        var mask = Tensor(zeros: v.shape)
        var order = Array(0..<d)
        for i in 0..<n {
            let base = i * d
            order.sort { v.scalars[base + $0] > v.scalars[base + $1] }
            for j in order.prefix(k) { mask.scalars[base + j] = 1 }
            for j in 0..<d { order[j] = j }
        }
        return try x.masked(by: mask)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
