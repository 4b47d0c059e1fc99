/// How a weight matrix starts. Fan-in and fan-out are the input and output sizes of the layer.
public enum Initializer: Sendable, Equatable {
    /// Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)); suits tanh, sigmoid, linear layers.
    case glorotUniform
    /// Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)).
    case glorotNormal
    /// He/Kaiming uniform: U(-a, a), a = sqrt(6 / fanIn); suits ReLU layers.
    case heUniform
    /// He/Kaiming normal: N(0, 2 / fanIn).
    case heNormal
    /// All zeros.
    case zeros

    /// The conventional choice for a layer followed by `activation`.
    public static func automatic(for activation: Activation) -> Initializer {
        switch activation {
        case .relu, .leakyReLU: .heUniform
        default: .glorotUniform
        }
    }

    /// A tensor of `shape` drawn from this initialiser.
    public func make(_ shape: [Int], fanIn: Int, fanOut: Int, rng: inout RandomStream) -> Tensor {
        let fanIn = Float(max(fanIn, 1))
        let fanOut = Float(max(fanOut, 1))
        switch self {
        case .glorotUniform:
            let a = (6 / (fanIn + fanOut)).squareRoot()
            return rng.uniform(shape, low: -a, high: a)
        case .glorotNormal: return rng.normal(shape, std: (2 / (fanIn + fanOut)).squareRoot())
        case .heUniform:
            let a = (6 / fanIn).squareRoot()
            return rng.uniform(shape, low: -a, high: a)
        case .heNormal: return rng.normal(shape, std: (2 / fanIn).squareRoot())
        case .zeros: return Tensor(zeros: shape)
        }
    }
}
