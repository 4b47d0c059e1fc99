/// A decoder layer f(z W + b) reusing the weight W [code, input] of an encoder Dense layer (tied weights).
///
/// Only the bias is its own parameter; the weight is listed by the encoder, so optimisers update it once and
/// its gradient is the sum of both uses.
public struct TiedDense: Layer {
    /// The encoder layer's weight, shared (the same object).
    public let weight: Parameter
    /// The decoder bias [input].
    public let bias: Parameter
    /// The activation.
    public let activation: Activation

    /// The transpose of `encoderLayer` as a decoder layer.
    public init(transposing encoderLayer: Dense, activation: Activation) {
        weight = encoderLayer.weight
        bias = Parameter(Tensor(zeros: [encoderLayer.inputs]))
        self.activation = activation
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try x.matmul(tape.bind(weight)).addingRow(tape.bind(bias)).activation(activation)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("bias", bias)] }

    /// The same layer (sharing weight and bias) with another activation, e.g. logits instead of sigmoid.
    public func with(activation: Activation) -> TiedDense {
        TiedDense(weight: weight, bias: bias, activation: activation)
    }

    /// A layer around existing parameters (`with(activation:)`, a model decoded from a cache).
    init(weight: Parameter, bias: Parameter, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}
