/// What a layer is without its weights: enough to rebuild it around stored parameter tensors.
///
/// Models encode (`Codable`) as architectures plus their parameter tensors by name; decoding rebuilds each
/// layer and takes its tensors from a `ParameterStore`, which checks every name and shape.
public indirect enum LayerArchitecture: Sendable, Equatable, Codable {
    /// `Dense`: weight [outputs, inputs], bias [outputs].
    case dense(inputs: Int, outputs: Int, activation: Activation)
    /// `TiedDense`: the transpose of the weight named `weight` elsewhere in the model, own bias [inputs].
    case tiedDense(weight: String, inputs: Int, outputs: Int, activation: Activation)
    /// `Conv2D`: weight [outputs, inputs, kernel, kernel], bias [outputs].
    case conv2d(
        inputs: Int, outputs: Int, kernel: Int, stride: Int, padding: Int, activation: Activation, layout: ConvLayout)
    /// `ConvTranspose2D`: weight [inputs, outputs, kernel, kernel], bias [outputs].
    case convTranspose2d(
        inputs: Int, outputs: Int, kernel: Int, stride: Int, padding: Int, outputPadding: Int, activation: Activation,
        layout: ConvLayout)
    /// `KSparse`.
    case kSparse(k: Int)
    /// `ActivationLayer`.
    case activation(Activation)
    /// `Reshape`.
    case reshape([Int])
    /// `Flatten`.
    case flatten
    /// `Sequential`: the layers in order, child i's parameters named "i.<name>".
    case sequential([LayerArchitecture])

    /// The architecture of `layer`; `names` gives the model-wide name of every parameter, so a tied layer can
    /// name the weight it shares. Layers that cannot be rebuilt (dropout, types from outside the model core)
    /// throw an error naming them.
    init(describing layer: any Layer, names: [ObjectIdentifier: String]) throws {
        switch layer {
        case let dense as Dense:
            self = .dense(inputs: dense.inputs, outputs: dense.outputs, activation: dense.activation)
        case let tied as TiedDense:
            guard let name = names[ObjectIdentifier(tied.weight)] else {
                throw ModelCodingError("a tied layer shares a weight that is not part of the model")
            }
            self = .tiedDense(
                weight: name, inputs: tied.weight.shape[0], outputs: tied.bias.shape[0], activation: tied.activation)
        case let conv as Conv2D:
            let s = conv.weight.shape
            self = .conv2d(
                inputs: s[1], outputs: s[0], kernel: s[2], stride: conv.stride, padding: conv.padding,
                activation: conv.activation, layout: conv.layout)
        case let conv as ConvTranspose2D:
            let s = conv.weight.shape
            self = .convTranspose2d(
                inputs: s[0], outputs: s[1], kernel: s[2], stride: conv.stride, padding: conv.padding,
                outputPadding: conv.outputPadding, activation: conv.activation, layout: conv.layout)
        case let sparse as KSparse: self = .kSparse(k: sparse.k)
        case let f as ActivationLayer: self = .activation(f.activation)
        case let reshape as Reshape: self = .reshape(reshape.shape)
        case is Flatten: self = .flatten
        case let sequential as Sequential:
            self = .sequential(try sequential.layers.map { try LayerArchitecture(describing: $0, names: names) })
        default:
            throw ModelCodingError(
                "a \(type(of: layer)) layer cannot be stored (only the model core's layers without random state can)")
        }
    }

    /// Rebuilds the layer whose parameters are named `prefix` + their own names, taking them from `store`.
    func build(prefix: String, from store: ParameterStore) throws -> any Layer {
        switch self {
        case .dense(let inputs, let outputs, let activation):
            return Dense(
                weight: try store.take(prefix + "weight", shape: [outputs, inputs]),
                bias: try store.take(prefix + "bias", shape: [outputs]), activation: activation)
        case .tiedDense(let weight, let inputs, let outputs, let activation):
            return TiedDense(
                weight: try store.take(weight, shape: [inputs, outputs]),
                bias: try store.take(prefix + "bias", shape: [outputs]), activation: activation)
        case .conv2d(let inputs, let outputs, let kernel, let stride, let padding, let activation, let layout):
            return Conv2D(
                weight: try store.take(prefix + "weight", shape: [outputs, inputs, kernel, kernel]),
                bias: try store.take(prefix + "bias", shape: [outputs]), stride: stride, padding: padding,
                activation: activation, layout: layout)
        case .convTranspose2d(
            let inputs, let outputs, let kernel, let stride, let padding, let outputPadding, let activation, let layout):
            return ConvTranspose2D(
                weight: try store.take(prefix + "weight", shape: [inputs, outputs, kernel, kernel]),
                bias: try store.take(prefix + "bias", shape: [outputs]), stride: stride, padding: padding,
                outputPadding: outputPadding, activation: activation, layout: layout)
        case .kSparse(let k): return try KSparse(k: k)
        case .activation(let f): return ActivationLayer(f)
        case .reshape(let shape): return Reshape(shape)
        case .flatten: return Flatten()
        case .sequential:
            return try buildSequential(prefix: prefix, from: store)
        }
    }

    /// Rebuilds a `Sequential` (a stored model's encoders and decoders are always ones).
    func buildSequential(prefix: String, from store: ParameterStore) throws -> Sequential {
        guard case .sequential(let layers) = self else {
            throw ModelCodingError("\"\(prefix)\" must be a sequence of layers, the payload has \(self)")
        }
        return Sequential(
            try layers.enumerated().map { index, layer in try layer.build(prefix: "\(prefix)\(index).", from: store) })
    }
}

/// A stored model could not be encoded or decoded; the message says which part and why.
public struct ModelCodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One parameter tensor of a stored model under its name ("encoder.0.weight"); encoded as a `Tensor`, so the
/// notebook cache stores its scalars as raw bytes.
struct NamedTensor: Codable {
    let name: String
    let tensor: Tensor
}

/// The parameter tensors of a payload being decoded: each is taken once by name with the shape the rebuilt
/// architecture needs (a tied weight is taken again and gets the same `Parameter`), and none may be left over.
final class ParameterStore {
    private var tensors: [String: Tensor] = [:]
    private var order: [String] = []
    private var taken: [String: Parameter] = [:]
    private let model: String

    init(_ entries: [NamedTensor], model: String) throws {
        self.model = model
        for entry in entries {
            guard tensors.updateValue(entry.tensor, forKey: entry.name) == nil else {
                throw ModelCodingError("\(model): the payload has the parameter \"\(entry.name)\" twice")
            }
            order.append(entry.name)
        }
    }

    /// The parameter `name`, which must have `shape`.
    func take(_ name: String, shape: [Int]) throws -> Parameter {
        if let parameter = taken[name] {
            guard parameter.shape == shape else { throw mismatch(name, parameter.shape, shape) }
            return parameter
        }
        guard let tensor = tensors[name] else {
            throw ModelCodingError("\(model): the payload has no parameter \"\(name)\" (shape \(shape))")
        }
        guard tensor.shape == shape else { throw mismatch(name, tensor.shape, shape) }
        let parameter = Parameter(tensor)
        taken[name] = parameter
        return parameter
    }

    /// Checks that the architecture used every stored tensor.
    func finish() throws {
        if let extra = order.first(where: { taken[$0] == nil }) {
            throw ModelCodingError("\(model): the payload's parameter \"\(extra)\" belongs to no layer")
        }
    }

    private func mismatch(_ name: String, _ stored: [Int], _ needed: [Int]) -> ModelCodingError {
        ModelCodingError("\(model): parameter \"\(name)\" has shape \(stored), the architecture needs \(needed)")
    }
}

// Rebuilding layers around stored parameters (the public initialisers draw fresh weights or copy tensors).

extension Dense {
    init(weight: Parameter, bias: Parameter, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}

extension Conv2D {
    init(weight: Parameter, bias: Parameter, stride: Int, padding: Int, activation: Activation, layout: ConvLayout) {
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.activation = activation
        self.layout = layout
    }
}

extension ConvTranspose2D {
    init(
        weight: Parameter, bias: Parameter, stride: Int, padding: Int, outputPadding: Int, activation: Activation,
        layout: ConvLayout
    ) {
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.activation = activation
        self.layout = layout
    }
}
