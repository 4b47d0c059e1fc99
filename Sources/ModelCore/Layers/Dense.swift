/// A fully connected layer f(x Wᵀ + b) with W stored [outputs, inputs] as PyTorch's `nn.Linear` does.
public struct Dense: Layer {
    /// Weight matrix [outputs, inputs].
    public let weight: Parameter
    /// Bias vector [outputs].
    public let bias: Parameter
    /// The activation fused into the layer.
    public let activation: Activation

    /// Number of inputs.
    public var inputs: Int { weight.shape[1] }
    /// Number of outputs.
    public var outputs: Int { weight.shape[0] }

    /// A layer with weights from `initializer` (He for ReLU-like activations, Glorot otherwise) and zero bias.
    public init(
        _ inputs: Int, _ outputs: Int, activation: Activation = .identity, initializer: Initializer? = nil,
        rng: inout RandomStream
    ) {
        let initializer = initializer ?? .automatic(for: activation)
        weight = Parameter(initializer.make([outputs, inputs], fanIn: inputs, fanOut: outputs, rng: &rng))
        bias = Parameter(Tensor(zeros: [outputs]))
        self.activation = activation
    }

    /// A layer with the given weight [outputs, inputs] and bias [outputs].
    public init(weight: Tensor, bias: Tensor, activation: Activation = .identity) throws {
        guard weight.rank == 2, bias.shape == [weight.shape.first ?? 0] else {
            throw TensorError.mismatch("Dense", weight.shape, bias.shape, "weight [out, in] needs bias [out]")
        }
        self.weight = Parameter(weight)
        self.bias = Parameter(bias)
        self.activation = activation
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try dense(x, weight: tape.bind(weight), bias: tape.bind(bias), activation: activation)
    }

    /// The same layer (sharing its parameters) with another activation, e.g. logits instead of sigmoid.
    public func with(activation: Activation) -> Dense {
        Dense(weight: weight, bias: bias, activation: activation)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
