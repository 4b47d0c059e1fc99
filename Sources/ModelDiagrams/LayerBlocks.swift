import ModelCore
import Plots

/// A layer as a block: what comes out of it and a caption saying what it does.
struct LayerBlock {
    var shape: NetworkArchitecture.Shape
    var detail: String
}

/// Follows data of a known shape through a stack of layers and describes each layer with weights as
/// a block. Layers without weights (activations, k-sparse, dropout) are added to the caption of the
/// block before them; reshapes and flattening only change the shape that flows on.
struct LayerWalk {
    /// The data between layers: a vector, feature maps, or numbers reshaped but not yet read by a layer.
    enum Flow {
        case units(Int)
        case maps(channels: Int, height: Int, width: Int)
        case reshaped([Int])
    }

    private(set) var blocks: [LayerBlock] = []
    private(set) var flow: Flow

    init(input: Flow) { flow = input }

    /// The shape of the data a stack expects, read from its first layer, or `nil` when it cannot tell.
    static func input(of layers: [any Layer]) -> Flow? {
        switch layers.first {
        case let dense as Dense: .units(dense.inputs)
        case let tied as TiedDense: .units(tied.weight.value.shape[0])
        case let reshape as Reshape:
            // Images reshaped for a convolution: read them in its layout.
            switch layers.dropFirst().first {
            case let conv as Conv2D where reshape.shape.count == 3:
                conv.layout == .channelsLast
                    ? .maps(channels: reshape.shape[2], height: reshape.shape[0], width: reshape.shape[1])
                    : .maps(channels: reshape.shape[0], height: reshape.shape[1], width: reshape.shape[2])
            default: .units(reshape.shape.reduce(1, *))
            }
        case let stack as Sequential: input(of: stack.layers)
        default: nil
        }
    }

    /// The input of a stack, or an error naming `what` (the encoder, the classifier).
    static func input(of layers: [any Layer], _ what: String) throws -> Flow {
        guard let flow = input(of: layers) else {
            throw TensorError("NetworkDiagram: the \(what) has no layers (or none whose input size is known)")
        }
        return flow
    }

    mutating func walk(_ layers: [any Layer]) throws {
        for layer in layers { try walk(layer) }
    }

    mutating func walk(_ layer: any Layer) throws {
        switch layer {
        case let stack as Sequential:
            try walk(stack.layers)
        case let dense as Dense:
            try expectUnits(dense.inputs, "a dense layer")
            add(.units(dense.outputs), Self.name(dense.activation))
        case let tied as TiedDense:
            // The encoder's weight [code, input] used transposed.
            try expectUnits(tied.weight.value.shape[0], "a tied layer")
            add(.units(tied.weight.value.shape[1]), "tied, " + Self.name(tied.activation))
        case let conv as Conv2D:
            let (c, h, w) = try maps(conv.layout, "a convolution")
            let shape = conv.weight.value.shape  // [out, in, k, k]
            guard shape[1] == c else { throw shapeError("a convolution expects \(shape[1]) channels, gets \(c)") }
            let k = shape[2]
            let out = { (n: Int) in (n + 2 * conv.padding - k) / conv.stride + 1 }
            add(
                .featureMaps(channels: shape[0], height: out(h), width: out(w)),
                "conv \(k)×\(k)\(Self.stride(conv.stride)), \(Self.name(conv.activation))")
        case let conv as ConvTranspose2D:
            let (c, h, w) = try maps(conv.layout, "a transposed convolution")
            let shape = conv.weight.value.shape  // [in, out, k, k]
            guard shape[0] == c else {
                throw shapeError("a transposed convolution expects \(shape[0]) channels, gets \(c)")
            }
            let k = shape[2]
            let out = { (n: Int) in (n - 1) * conv.stride - 2 * conv.padding + k + conv.outputPadding }
            add(
                .featureMaps(channels: shape[1], height: out(h), width: out(w)),
                "deconv \(k)×\(k)\(Self.stride(conv.stride)), \(Self.name(conv.activation))")
        case let reshape as Reshape:
            flow = .reshaped(reshape.shape)
        case is Flatten:
            if case .maps(let c, let h, let w) = flow { flow = .units(c * h * w) }
        case let activation as ActivationLayer:
            annotate(Self.name(activation.activation))
        case let sparse as KSparse:
            annotate("k-sparse, k = \(sparse.k)")
        case let dropout as Dropout:
            annotate("dropout \(dropout.rate)")
        default:
            // A layer Lectern does not know: a block named after its type, the shape unchanged.
            blocks.append(LayerBlock(shape: .operation, detail: String(describing: type(of: layer))))
        }
    }

    private mutating func add(_ shape: NetworkArchitecture.Shape, _ detail: String) {
        blocks.append(LayerBlock(shape: shape, detail: detail))
        switch shape {
        case .units(let n): flow = .units(n)
        case .featureMaps(let c, let h, let w): flow = .maps(channels: c, height: h, width: w)
        case .operation: break
        }
    }

    private mutating func annotate(_ text: String) {
        guard !blocks.isEmpty else { return }
        let detail = blocks[blocks.count - 1].detail
        blocks[blocks.count - 1].detail = detail.isEmpty || detail == "linear" ? text : detail + ", " + text
    }

    private func expectUnits(_ n: Int, _ what: String) throws {
        let have: Int
        switch flow {
        case .units(let u): have = u
        case .maps(let c, let h, let w): have = c * h * w
        case .reshaped(let s): have = s.reduce(1, *)
        }
        guard have == n else { throw shapeError("\(what) expects \(n) inputs, gets \(have)") }
    }

    /// The feature maps flowing in, reading a pending reshape in the convolution's layout.
    private func maps(_ layout: ConvLayout, _ what: String) throws -> (Int, Int, Int) {
        switch flow {
        case .maps(let c, let h, let w): return (c, h, w)
        case .reshaped(let s) where s.count == 3:
            return layout == .channelsLast ? (s[2], s[0], s[1]) : (s[0], s[1], s[2])
        default: throw shapeError("\(what) needs feature maps; reshape its input first")
        }
    }

    private func shapeError(_ message: String) -> TensorError {
        TensorError("NetworkDiagram: layer \(blocks.count + 1): \(message)")
    }

    static func stride(_ s: Int) -> String { s == 1 ? "" : " /\(s)" }

    /// Activation names as the notes write them.
    static func name(_ activation: Activation) -> String {
        switch activation {
        case .identity: "linear"
        case .relu: "ReLU"
        case .leakyReLU: "leaky ReLU"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        }
    }
}

extension LayerWalk.Flow {
    /// The flow as a block shape (numbers reshaped but not yet read count as units).
    var shape: NetworkArchitecture.Shape {
        switch self {
        case .units(let n): .units(n)
        case .maps(let c, let h, let w): .featureMaps(channels: c, height: h, width: w)
        case .reshaped(let s): .units(s.reduce(1, *))
        }
    }
}
