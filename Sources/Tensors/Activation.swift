import COpenBLAS

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// An elementwise nonlinearity. Each derivative is written in terms of the output y = f(x), so a backward
/// pass needs only the saved output, never the pre-activation.
public enum Activation: Sendable, Equatable, Hashable, Codable {
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
        case .relu: Lanes.map(ReLUKernel(), p, p, n)
        case .leakyReLU(let s): Lanes.map(LeakyReLUKernel(slope: s), p, p, n)
        case .sigmoid: Lanes.map(SigmoidKernel(), p, p, n)
        case .tanh: for i in 0..<n { p[i] = tanhf(p[i]) }
        case .softplus: Lanes.map(SoftplusKernel(), p, p, n)
        }
    }

    /// g[i] = upstream[i] * f'(x[i]) computed from the outputs y.
    func backward(
        upstream u: UnsafePointer<Float>, output y: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>,
        count n: Int
    ) {
        switch self {
        case .identity: g.update(from: u, count: n)
        case .relu: Lanes.zip(ReLUBackward(), u, y, g, n)
        case .leakyReLU(let s): Lanes.zip(LeakyReLUBackward(slope: s), u, y, g, n)
        case .sigmoid: Lanes.zip(SigmoidBackward(), u, y, g, n)
        case .tanh: Lanes.zip(TanhBackward(), u, y, g, n)
        case .softplus: Lanes.zip(SoftplusBackward(), u, y, g, n)
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

// Forward kernels on x, backward kernels on (upstream u, output y).
struct ReLUKernel: LaneMap {
    @inline(__always) func apply(_ x: F8) -> F8 { x.replacing(with: 0, where: x .< 0) }
}
struct LeakyReLUKernel: LaneMap {
    let slope: Float
    @inline(__always) func apply(_ x: F8) -> F8 { x.replacing(with: x * slope, where: x .< 0) }
}
struct SigmoidKernel: LaneMap {
    @inline(__always) func apply(_ x: F8) -> F8 { FastMath.sigmoid(x) }
}
struct SoftplusKernel: LaneMap {
    @inline(__always) func apply(_ x: F8) -> F8 { FastMath.softplus(x) }
}
struct ReLUBackward: LaneZip {
    @inline(__always) func apply(_ u: F8, _ y: F8) -> F8 { u.replacing(with: 0, where: y .<= 0) }
}
struct LeakyReLUBackward: LaneZip {
    let slope: Float
    @inline(__always) func apply(_ u: F8, _ y: F8) -> F8 { u.replacing(with: u * slope, where: y .<= 0) }
}
struct SigmoidBackward: LaneZip {
    @inline(__always) func apply(_ u: F8, _ y: F8) -> F8 { u * y * (1 - y) }
}
struct TanhBackward: LaneZip {
    @inline(__always) func apply(_ u: F8, _ y: F8) -> F8 { u * (1 - y * y) }
}
/// softplus' = sigmoid(x) = 1 - e^{-y}.
struct SoftplusBackward: LaneZip {
    @inline(__always) func apply(_ u: F8, _ y: F8) -> F8 { u * (1 - FastMath.exp(-y)) }
}
