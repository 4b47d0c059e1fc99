/// The regularised auto-encoders of the notes: sparse (L1), k-sparse, denoising, contractive and tied weights.

/// A penalty on the code added to the reconstruction loss while training.
public enum CodePenalty: Sendable, Equatable, Codable {
    /// No penalty.
    case none
    /// lambda * mean over samples of sum_j |h_j| (a sparse auto-encoder).
    case l1(lambda: Float)
    /// lambda * mean over samples of ||dh/dx||_F^2, exact for an encoder that is one sigmoid Dense layer.
    case contractive(lambda: Float)
}

/// How inputs are corrupted before encoding while training (the target stays the clean input).
public enum Corruption: Sendable, Equatable, Codable {
    /// Clean inputs.
    case none
    /// x + N(0, sigma^2) per value.
    case gaussian(sigma: Float)
    /// Each value set to 0 with probability `fraction`.
    case masking(fraction: Float)

    /// A corrupted copy of `x`, drawing the noise from `rng`.
    public func apply(to x: Tensor, rng: inout RandomStream) throws -> Tensor {
        switch self {
        case .none:
            return x
        case .gaussian(let sigma):
            guard sigma >= 0, sigma.isFinite else { throw TensorError("Gaussian noise needs sigma >= 0, got \(sigma)") }
            return try x + rng.normal(x.shape, std: sigma)
        case .masking(let fraction):
            guard fraction >= 0, fraction <= 1 else {
                throw TensorError("masking noise needs a fraction in [0, 1], got \(fraction)")
            }
            return try x * rng.bernoulli(x.shape, probability: 1 - fraction)
        }
    }

    /// Masking noise at each level (e.g. [0, 0.1, 0.2, 0.5]) applied to the same batch: the notes' figure.
    public static func maskingLevels(_ levels: [Float], of x: Tensor, rng: RandomStream) throws -> [Tensor] {
        try levels.enumerated().map { index, level in
            var stream = rng.derived("level.\(index)")
            return try Corruption.masking(fraction: level).apply(to: x, rng: &stream)
        }
    }
}

/// Keeps the k largest units of each row and sets the others to 0 (the k-sparse auto-encoder's code).
///
/// The mask is a constant of the forward pass, so gradients flow only through the kept units.
public struct KSparse: Layer {
    /// Units kept per sample.
    public let k: Int

    /// A layer keeping `k` units per row.
    public init(k: Int) throws {
        guard k >= 1 else { throw TensorError("k-sparse needs k >= 1, got \(k)") }
        self.k = k
    }

    public func forward(_ x: Var, tape: Tape?) throws -> Var {
        let v = x.value
        guard v.rank == 2 else { throw TensorError("k-sparse needs a matrix [n, units], got \(v.shape)") }
        let (n, d) = (v.rows, v.columns)
        if k >= d { return x }
        var mask = Tensor(zeros: v.shape)
        var order = Array(0..<d)
        for i in 0..<n {
            let base = i * d
            order.sort { v.scalars[base + $0] > v.scalars[base + $1] }
            for j in order.prefix(k) { mask.scalars[base + j] = 1 }
            for j in 0..<d { order[j] = j }
        }
        return try x.masked(by: mask)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

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

    private init(weight: Parameter, bias: Parameter, activation: Activation) {
        self.weight = weight
        self.bias = bias
        self.activation = activation
    }
}

extension Autoencoder {
    /// An auto-encoder from explicit layers (the variants below use it).
    init(sizes: [Int], encoderLayers: [any Layer], decoderLayers: [any Layer]) {
        self.sizes = sizes
        self.encoder = Sequential(encoderLayers)
        self.decoder = Sequential(decoderLayers)
    }

    /// A k-sparse auto-encoder: linear code layer, then only the k largest code units of each sample are kept
    /// (also when encoding after training).
    public static func kSparse(
        sizes: [Int], k: Int, activation: Activation = .relu, output: Activation = .sigmoid,
        rng: RandomStream = RandomStream(seed: 0, name: "k-sparse")
    ) throws -> Autoencoder {
        let dense = try Autoencoder(
            sizes: sizes, activation: activation, codeActivation: .identity, output: output, rng: rng)
        guard k <= dense.codeSize else {
            throw TensorError("k-sparse: k = \(k) exceeds the code size \(dense.codeSize)")
        }
        return Autoencoder(
            sizes: sizes, encoderLayers: dense.encoder.layers + [try KSparse(k: k)], decoderLayers: dense.decoder.layers
        )
    }

    /// An auto-encoder whose decoder layers use the transposed encoder weights (one storage each) and own biases.
    public static func tied(
        sizes: [Int], activation: Activation = .sigmoid, codeActivation: Activation? = nil,
        output: Activation = .sigmoid, rng: RandomStream = RandomStream(seed: 0, name: "tied")
    ) throws -> Autoencoder {
        let untied = try Autoencoder(
            sizes: sizes, activation: activation, codeActivation: codeActivation, output: output, rng: rng)
        let encoderDense = untied.encoder.layers.compactMap { $0 as? Dense }
        let decoderLayers: [any Layer] = encoderDense.reversed().enumerated().map { index, layer in
            TiedDense(transposing: layer, activation: index == encoderDense.count - 1 ? output : activation)
        }
        return Autoencoder(sizes: sizes, encoderLayers: untied.encoder.layers, decoderLayers: decoderLayers)
    }

    /// The code penalty of a batch (a scalar Var), from the encoder input and its code.
    func penalty(_ penalty: CodePenalty, input: Var, code: Var, tape: Tape?) throws -> Var? {
        let n = Float(max(input.value.rows, 1))
        switch penalty {
        case .none:
            return nil
        case .l1(let lambda):
            return code.abs().sum() * (lambda / n)
        case .contractive(let lambda):
            return try contractivePenalty(code: code, tape: tape) * (lambda / n)
        }
    }

    /// Sum over the batch of ||dh/dx||_F^2 for h = sigmoid(x Wᵀ + b): sum_j (h_j (1 - h_j))^2 sum_i W_ji^2.
    func contractivePenalty(code h: Var, tape: Tape?) throws -> Var {
        guard encoder.layers.count == 1, let layer = encoder.layers.first as? Dense, layer.activation == .sigmoid else {
            throw TensorError(
                "the contractive penalty is exact for an encoder of one sigmoid Dense layer; "
                    + "build it with Autoencoder(sizes: [input, code], activation: .sigmoid)")
        }
        let slope = try h - h * h  // dh/da = h (1 - h)
        let rowNorms = try tape.bind(layer.weight).squared().sumRows().reshaped([layer.outputs, 1])
        return try slope.squared().matmul(rowNorms).sum()
    }

    /// The mean contractive penalty ||dh/dx||_F^2 per sample over a data set (for a one-layer sigmoid encoder).
    public func contractivePenalty(_ x: Tensor) throws -> Double {
        let code = try encoder.forward(Var(x), tape: nil)
        return Double(try contractivePenalty(code: code, tape: nil).value.scalar) / Double(max(x.rows, 1))
    }

    /// The encoder's Jacobian dh/dx [code, input] at one sample, by reverse-mode autodiff (any encoder).
    public func encoderJacobian(at sample: Tensor) throws -> Tensor {
        let x = try sample.reshaped([1, sizes[0]])
        var rows: [Float] = []
        for j in 0..<codeSize {
            let tape = Tape(training: false)
            let input = tape.variable(x)
            let code = try encoder.forward(input, tape: tape)
            var seed = Tensor(zeros: code.shape)
            seed.scalars[j] = 1
            try tape.backward(code, seed: seed)
            rows += tape.gradient(of: input)?.scalars ?? [Float](repeating: 0, count: sizes[0])
        }
        return try Tensor(shape: [codeSize, sizes[0]], scalars: rows)
    }

    /// The leading right singular vectors of the encoder Jacobian at a sample (rows [count, input]) and their
    /// singular values: the input directions the code is most sensitive to (the notes' tangent directions).
    public func tangentDirections(at sample: Tensor, count: Int) throws -> (directions: Tensor, singularValues: [Float])
    {
        let (_, s, vt) = try LinearAlgebra.svd(encoderJacobian(at: sample))
        let k = min(count, s.count)
        return (try vt.rows(0..<k), Array(s.prefix(k)))
    }
}
