/// An activation as a layer of its own.
public struct ActivationLayer: Layer {
    public let activation: Activation
    public init(_ activation: Activation) { self.activation = activation }
    public func forward(_ x: Var, tape: Tape?) throws -> Var { x.activation(activation) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Reshapes each sample: the batch dimension is kept, the rest becomes `shape`.
public struct Reshape: Layer {
    /// The per-sample shape after the layer.
    public let shape: [Int]
    public init(_ shape: [Int]) { self.shape = shape }
    public func forward(_ x: Var, tape: Tape?) throws -> Var { try x.reshaped([x.shape.first ?? 1] + shape) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Flattens each sample to a vector: [n, ...] -> [n, product].
public struct Flatten: Layer {
    public init() {}
    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        let n = x.shape.first ?? 1
        return try x.reshaped([n, x.value.count / max(n, 1)])
    }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Zeroes each input with probability `rate` while training and scales the rest by 1 / (1 - rate)
/// (inverted dropout), so evaluation needs no change. Draws come from its own named random stream.
public struct Dropout: Layer {
    /// Probability of dropping an element.
    public let rate: Float
    private let stream: StreamBox

    /// A dropout layer drawing masks from `rng`.
    public init(rate: Float, rng: RandomStream) throws {
        guard rate >= 0, rate < 1 else { throw TensorError("Dropout rate must be in [0, 1), got \(rate)") }
        self.rate = rate
        self.stream = StreamBox(rng)
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        guard let tape, tape.isTraining, rate > 0 else { return x }
        let keep = 1 - rate
        let mask = stream.draw { $0.bernoulli(x.shape, probability: keep) } * (1 / keep)
        return try x.masked(by: mask)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// A random stream shared by reference, so a layer value can advance it during a forward pass.
final class StreamBox: @unchecked Sendable {
    private var rng: RandomStream
    init(_ rng: RandomStream) { self.rng = rng }
    func draw<T>(_ body: (inout RandomStream) -> T) -> T { body(&rng) }
}
