import COpenBLAS

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An elementwise nonlinearity. Each derivative is written in terms of the output y = f(x), so a backward
/// pass needs only the saved output, never the pre-activation.
public enum Activation: Sendable, Equatable, Hashable {
    case identity
    case relu
    /// max(x, slope * x) with 0 < slope < 1.
    case leakyReLU(slope: Float)
    case sigmoid
    case tanh
    case softplus

    /// The name used in model summaries and checkpoints.
    public var name: String {
        switch self {
        case .identity: "identity"
        case .relu: "relu"
        case .leakyReLU(let s): "leaky_relu(\(s))"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        }
    }

    /// Applies the activation in place to `n` values.
    func apply(_ p: UnsafeMutablePointer<Float>, count n: Int) {
        switch self {
        case .identity: break
        case .relu: for i in 0..<n { p[i] = max(p[i], 0) }
        case .leakyReLU(let s): for i in 0..<n { p[i] = p[i] > 0 ? p[i] : s * p[i] }
        case .sigmoid: for i in 0..<n { p[i] = FastMath.sigmoid(p[i]) }
        case .tanh: for i in 0..<n { p[i] = tanhf(p[i]) }
        case .softplus: for i in 0..<n { p[i] = FastMath.softplus(p[i]) }
        }
    }

    /// g[i] = upstream[i] * f'(x[i]) computed from the outputs y.
    func backward(
        upstream u: UnsafePointer<Float>, output y: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>,
        count n: Int
    ) {
        switch self {
        case .identity: g.update(from: u, count: n)
        case .relu: for i in 0..<n { g[i] = y[i] > 0 ? u[i] : 0 }
        case .leakyReLU(let s): for i in 0..<n { g[i] = y[i] > 0 ? u[i] : s * u[i] }
        case .sigmoid: for i in 0..<n { g[i] = u[i] * y[i] * (1 - y[i]) }
        case .tanh: for i in 0..<n { g[i] = u[i] * (1 - y[i] * y[i]) }
        // softplus' = sigmoid(x) = 1 - e^{-y}
        case .softplus: for i in 0..<n { g[i] = u[i] * (1 - FastMath.exp(-y[i])) }
        }
    }

    /// The activation of every element of a tensor.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var out = x
        let n = out.count
        out.scalars.withUnsafeMutableBufferPointer { p in
            guard let b = p.baseAddress else { return }
            apply(b, count: n)
        }
        return out
    }
}
