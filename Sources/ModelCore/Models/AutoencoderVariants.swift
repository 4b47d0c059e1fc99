/// The auto-encoder variants of the notes (k-sparse, tied weights) and the contractive penalty and Jacobian.

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
        rng: RandomStream? = nil
    ) throws -> Autoencoder {
        let rng = Ambient.stream(rng, "k-sparse.init", fallback: RandomStream(seed: 0, name: "k-sparse"))
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
        output: Activation = .sigmoid, rng: RandomStream? = nil
    ) throws -> Autoencoder {
        let rng = Ambient.stream(rng, "tied.init", fallback: RandomStream(seed: 0, name: "tied"))
        let untied = try Autoencoder(
            sizes: sizes, activation: activation, codeActivation: codeActivation, output: output, rng: rng)
        let encoderDense = untied.encoder.layers.compactMap { $0 as? Dense }
        let decoderLayers: [any Layer] = encoderDense.reversed().enumerated().map { index, layer in
            TiedDense(transposing: layer, activation: index == encoderDense.count - 1 ? output : activation)
        }
        return Autoencoder(sizes: sizes, encoderLayers: untied.encoder.layers, decoderLayers: decoderLayers)
    }

    /// The code penalty of a batch (a scalar Var), from the encoder input and its code.
    func penalty(_ penalty: CodePenalty, input: Var, code: Var, tape: Tape?, probe: inout RandomStream) throws -> Var? {
        let n = Float(max(input.value.rows, 1))
        switch penalty {
        case .none:
            return nil
        case .l1(let lambda):
            return code.abs().sum() * (lambda / n)
        case .contractive(let lambda):
            let sum =
                try singleSigmoidLayer != nil
                ? exactContractivePenalty(code: code, tape: tape)
                : estimatedContractivePenalty(input: input, code: code, tape: tape, probe: &probe)
            return sum * (lambda / n)
        }
    }

    /// The encoder's only layer when it is one sigmoid Dense layer: the case with a closed-form penalty.
    private var singleSigmoidLayer: Dense? {
        guard encoder.layers.count == 1, let layer = encoder.layers.first as? Dense, layer.activation == .sigmoid
        else { return nil }
        return layer
    }

    /// Sum over the batch of ||dh/dx||_F^2 for h = sigmoid(x Wᵀ + b): sum_j (h_j (1 - h_j))^2 sum_i W_ji^2.
    private func exactContractivePenalty(code h: Var, tape: Tape?) throws -> Var {
        guard let layer = singleSigmoidLayer else {
            throw TensorError("the closed-form penalty needs one sigmoid layer")
        }
        let slope = try h - h * h  // dh/da = h (1 - h)
        let rowNorms = try tape.bind(layer.weight).squared().sumRows().reshaped([layer.outputs, 1])
        return try slope.squared().matmul(rowNorms).sum()
    }

    /// Standard deviation of the finite-difference probe: small against pixels in [0, 1], large against Float
    /// rounding of codes of order 1.
    static let contractiveProbeScale: Float = 0.01

    /// A finite-difference estimate of the sum over the batch of ||dh/dx||_F^2 for any encoder: for
    /// e ~ N(0, s^2 I), E ||f(x + e) - f(x)||^2 = s^2 ||J||_F^2 + O(s^4). Two forward passes, and autodiff
    /// differentiates it like any loss; one probe per sample, so the batch sum averages out its noise.
    func estimatedContractivePenalty(input: Var, code: Var, tape: Tape?, probe: inout RandomStream) throws -> Var {
        let s = Autoencoder.contractiveProbeScale
        let moved = try encoder.forward(input + Var(probe.normal(input.value.shape, std: s)), tape: tape)
        return try (moved - code).squared().sum() * (1 / (s * s))
    }

    /// The mean ||dh/dx||_F^2 per sample over a data set: in closed form for one sigmoid layer, otherwise from the
    /// exact Jacobian of each sample (one batched backward pass per sample).
    public func contractivePenalty(_ x: Tensor) throws -> Double {
        guard x.rank == 2, x.columns == sizes[0] else {
            throw TensorError.mismatch(
                "contractivePenalty", x.shape, [sizes[0]], "rows must have \(sizes[0]) values")
        }
        if singleSigmoidLayer != nil {
            let code = try encoder.forward(Var(x), tape: nil)
            return Double(try exactContractivePenalty(code: code, tape: nil).value.scalar) / Double(max(x.rows, 1))
        }
        var total = 0.0
        for i in 0..<x.rows { total += Double(try encoderJacobian(at: x.rows(i..<(i + 1))).map { $0 * $0 }.sum()) }
        return total / Double(max(x.rows, 1))
    }

    /// The encoder's Jacobian dh/dx [code, input] at one sample, by reverse-mode autodiff (any encoder).
    public func encoderJacobian(at sample: Tensor) throws -> Tensor {
        guard sample.count == sizes[0] else {
            throw TensorError.mismatch("encoderJacobian", sample.shape, [sizes[0]], "one sample of \(sizes[0]) values")
        }
        // One row per code unit, all equal to the sample; seeding the backward pass with the identity makes
        // row j of the input gradient dh_j/dx, so one pass gives the whole Jacobian.
        let copies = try Tensor(
            shape: [codeSize, sizes[0]], scalars: Array([[Float]](repeating: sample.scalars, count: codeSize).joined()))
        var identity = Tensor(zeros: [codeSize, codeSize])
        for j in 0..<codeSize { identity.scalars[j * codeSize + j] = 1 }
        let tape = Tape(training: false)
        let input = tape.variable(copies)
        try tape.backward(try encoder.forward(input, tape: tape), seed: identity)
        return tape.gradient(of: input) ?? Tensor(zeros: [codeSize, sizes[0]])
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
