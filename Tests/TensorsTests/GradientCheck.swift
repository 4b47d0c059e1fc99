import Testing

@testable import Tensors

/// Compares the tape's gradients of a scalar function with central finite differences for every input element.
///
/// Non-scalar outputs are reduced to a scalar by a fixed random weighting, so every output element's VJP counts.
func checkGradients(
    _ inputs: [Tensor], tolerance: Float = 2e-2, step: Float = 1e-2, seed: UInt64 = 7,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Var]) throws -> Var
) throws {
    var weighting: Tensor?
    func scalarOutput(_ vars: [Var]) throws -> Var {
        let y = try f(vars)
        if y.value.count == 1 { return y }
        if weighting == nil {
            var rng = RandomStream(seed: seed, name: "weights")
            weighting = rng.uniform(y.value.shape, low: 0.5, high: 1.5)
        }
        return try y.masked(by: weighting!).sum()
    }
    let tape = Tape()
    let vars = inputs.map { tape.variable($0) }
    let out = try scalarOutput(vars)
    try tape.backward(out)
    for (k, input) in inputs.enumerated() {
        let analytic = tape.gradient(of: vars[k]) ?? Tensor(zeros: input.shape)
        #expect(analytic.shape == input.shape, "gradient shape of input \(k)", sourceLocation: sourceLocation)
        for i in 0..<input.count {
            var plus = inputs
            var minus = inputs
            plus[k].scalars[i] += step
            minus[k].scalars[i] -= step
            let fp = try scalarOutput(plus.map { Var($0) }).value.scalar
            let fm = try scalarOutput(minus.map { Var($0) }).value.scalar
            let numeric = (fp - fm) / (2 * step)
            let a = analytic.scalars[i]
            let err = abs(a - numeric) / max(1, abs(numeric))
            #expect(
                err <= tolerance, "input \(k) element \(i): analytic \(a), numeric \(numeric)",
                sourceLocation: sourceLocation)
        }
    }
}

/// Random test data away from kinks (|x| >= 0.1) so finite differences do not straddle them.
func sample(_ shape: [Int], seed: String, low: Float = -1, high: Float = 1, awayFromZero: Bool = false) -> Tensor {
    var rng = RandomStream(seed: 42, name: seed)
    var t = rng.uniform(shape, low: low, high: high)
    if awayFromZero {
        t = t.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
    }
    return t
}
