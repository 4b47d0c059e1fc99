@_exported import Tensors

/// A building block of a model: a forward pass plus the parameters it owns.
///
/// `forward` records on `tape` when one is given (training) and records nothing when it is nil (evaluation).
public protocol Layer: Sendable {
    /// Computes the layer's output for a batch.
    func forward(_ x: Var, tape: Tape?) throws -> Var
    /// The trainable parameters, each with a stable name ("weight", "bias", "0.weight", ...).
    var namedParameters: [(name: String, parameter: Parameter)] { get }
}

extension Layer {
    /// The trainable parameters in a fixed order.
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Evaluates the layer on a tensor without recording anything.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(Var(x), tape: nil).value }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

extension Optional where Wrapped == Tape {
    /// A parameter as a variable: on the tape when recording, a constant otherwise.
    func bind(_ parameter: Parameter) -> Var {
        if let tape = self { return tape.variable(parameter) }
        return Var(parameter.value)
    }
}

/// Layers applied one after another.
public struct Sequential: Layer {
    /// The layers in order.
    public let layers: [any Layer]

    /// A stack of layers.
    public init(_ layers: [any Layer]) { self.layers = layers }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        var h = x
        for layer in layers { h = try layer.forward(h, tape: tape) }
        return h
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { (name: "\(index).\($0.name)", parameter: $0.parameter) }
        }
    }
}
