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
