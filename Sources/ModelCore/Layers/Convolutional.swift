/// A 2-D convolution layer on [n, channels, height, width] with a square kernel, as PyTorch's `nn.Conv2d`
/// (weight [out, in, k, k]).
public struct Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int
    public let activation: Activation

    /// A layer with He (ReLU-like) or Glorot initial weights and zero bias.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        activation: Activation = .identity, initializer: Initializer? = nil, rng: inout RandomStream
    ) {
        let initializer = initializer ?? .automatic(for: activation)
        weight = Parameter(
            initializer.make(
                [outChannels, inChannels, kernel, kernel], fanIn: inChannels * kernel * kernel,
                fanOut: outChannels * kernel * kernel, rng: &rng))
        bias = Parameter(Tensor(zeros: [outChannels]))
        self.stride = stride
        self.padding = padding
        self.activation = activation
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try x.conv2d(weight: tape.bind(weight), bias: tape.bind(bias), stride: stride, padding: padding)
            .activation(activation)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}

/// A transposed 2-D convolution layer, as PyTorch's `nn.ConvTranspose2d` (weight [in, out, k, k]); with
/// stride 2, padding 1 and output padding 1 it doubles the height and width.
public struct ConvTranspose2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int
    public let outputPadding: Int
    public let activation: Activation

    /// A layer with He (ReLU-like) or Glorot initial weights and zero bias.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
        activation: Activation = .identity, initializer: Initializer? = nil, rng: inout RandomStream
    ) {
        let initializer = initializer ?? .automatic(for: activation)
        weight = Parameter(
            initializer.make(
                [inChannels, outChannels, kernel, kernel], fanIn: inChannels * kernel * kernel,
                fanOut: outChannels * kernel * kernel, rng: &rng))
        bias = Parameter(Tensor(zeros: [outChannels]))
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.activation = activation
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        try x.convTranspose2d(
            weight: tape.bind(weight), bias: tape.bind(bias), stride: stride, padding: padding,
            outputPadding: outputPadding
        ).activation(activation)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
