/// The models are `Codable` values, so a notebook cell can keep a trained model in its cache and a later build
/// restores it bit for bit: each encodes its architecture (`LayerArchitecture`) and every parameter tensor under
/// its name, as a `Tensor` (raw little-endian bytes in the cache). Decoding rebuilds the architecture and takes
/// the tensors, checking names and shapes; a payload that does not fit throws `ModelCodingError`.
///
/// Optimiser state is not part of a model (each `fit` call starts its own), so a restored model predicts
/// exactly as the original and `fit` continues from it exactly as it would from the original.
enum ModelCoding {
    /// The model-wide name of every parameter, by identity (a tied layer names the weight it shares).
    static func names(_ parameters: [(name: String, parameter: Parameter)]) -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        for (name, parameter) in parameters where names[ObjectIdentifier(parameter)] == nil {
            names[ObjectIdentifier(parameter)] = name
        }
        return names
    }

    /// The tensors to store, in the model's parameter order (so the encoded bytes are the same every time).
    static func tensors(_ parameters: [(name: String, parameter: Parameter)]) -> [NamedTensor] {
        parameters.map { NamedTensor(name: $0.name, tensor: $0.parameter.value) }
    }

    /// Parameters of `layer` named under `prefix`.
    static func prefixed(_ prefix: String, _ layer: any Layer) -> [(name: String, parameter: Parameter)] {
        layer.namedParameters.map { (name: prefix + $0.name, parameter: $0.parameter) }
    }

    /// Checks that a payload holds the model `expected` (the "model" key every model writes first).
    static func checkKind<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K, _ expected: String) throws {
        let kind = try container.decode(String.self, forKey: key)
        guard kind == expected else {
            throw ModelCodingError("the payload holds a model of type \(kind), not \(expected)")
        }
    }
}

extension Autoencoder: Codable {
    private enum CodingKeys: String, CodingKey { case model, sizes, encoder, decoder, parameters }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let names = ModelCoding.names(namedParameters)
        try container.encode("Autoencoder", forKey: .model)
        try container.encode(sizes, forKey: .sizes)
        try container.encode(LayerArchitecture(describing: self.encoder, names: names), forKey: .encoder)
        try container.encode(LayerArchitecture(describing: decoder, names: names), forKey: .decoder)
        try container.encode(ModelCoding.tensors(namedParameters), forKey: .parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "Autoencoder")
        let sizes = try container.decode([Int].self, forKey: .sizes)
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw ModelCodingError("Autoencoder: stored sizes \(sizes) are not an input and a code size")
        }
        let store = try ParameterStore(
            container.decode([NamedTensor].self, forKey: .parameters), model: "Autoencoder")
        self.sizes = sizes
        self.encoder = try container.decode(LayerArchitecture.self, forKey: .encoder)
            .buildSequential(prefix: "encoder.", from: store)
        self.decoder = try container.decode(LayerArchitecture.self, forKey: .decoder)
            .buildSequential(prefix: "decoder.", from: store)
        try store.finish()
    }
}

extension VariationalAutoencoder: Codable {
    private enum CodingKeys: String, CodingKey {
        case model, inputs, latent, encoder, meanHead, logVarianceHead, decoder, parameters
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let names = ModelCoding.names(namedParameters)
        try container.encode("VariationalAutoencoder", forKey: .model)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(latent, forKey: .latent)
        try container.encode(LayerArchitecture(describing: self.encoder, names: names), forKey: .encoder)
        try container.encode(LayerArchitecture(describing: meanHead, names: names), forKey: .meanHead)
        try container.encode(LayerArchitecture(describing: logVarianceHead, names: names), forKey: .logVarianceHead)
        try container.encode(LayerArchitecture(describing: decoder, names: names), forKey: .decoder)
        try container.encode(ModelCoding.tensors(namedParameters), forKey: .parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "VariationalAutoencoder")
        let store = try ParameterStore(
            container.decode([NamedTensor].self, forKey: .parameters), model: "VariationalAutoencoder")
        inputs = try container.decode(Int.self, forKey: .inputs)
        latent = try container.decode(Int.self, forKey: .latent)
        self.encoder = try container.decode(LayerArchitecture.self, forKey: .encoder)
            .buildSequential(prefix: "encoder.", from: store)
        func head(_ key: CodingKeys, _ prefix: String) throws -> Dense {
            let layer = try container.decode(LayerArchitecture.self, forKey: key).build(prefix: prefix, from: store)
            guard let dense = layer as? Dense else {
                throw ModelCodingError("VariationalAutoencoder: \(key.stringValue) must be a dense layer")
            }
            return dense
        }
        meanHead = try head(.meanHead, "mean.")
        logVarianceHead = try head(.logVarianceHead, "logvar.")
        self.decoder = try container.decode(LayerArchitecture.self, forKey: .decoder)
            .buildSequential(prefix: "decoder.", from: store)
        try store.finish()
        guard inputs >= 1, latent >= 1, meanHead.outputs == latent, logVarianceHead.outputs == latent else {
            throw ModelCodingError(
                "VariationalAutoencoder: stored sizes (inputs \(inputs), latent \(latent)) do not fit its heads")
        }
    }
}

extension ConvAutoencoder: Codable {
    private enum CodingKeys: String, CodingKey { case model, encoder, decoder, parameters }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let names = ModelCoding.names(namedParameters)
        try container.encode("ConvAutoencoder", forKey: .model)
        try container.encode(LayerArchitecture(describing: self.encoder, names: names), forKey: .encoder)
        try container.encode(LayerArchitecture(describing: decoder, names: names), forKey: .decoder)
        try container.encode(ModelCoding.tensors(namedParameters), forKey: .parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "ConvAutoencoder")
        let store = try ParameterStore(
            container.decode([NamedTensor].self, forKey: .parameters), model: "ConvAutoencoder")
        self.encoder = try container.decode(LayerArchitecture.self, forKey: .encoder)
            .buildSequential(prefix: "encoder.", from: store)
        self.decoder = try container.decode(LayerArchitecture.self, forKey: .decoder)
            .buildSequential(prefix: "decoder.", from: store)
        try store.finish()
    }
}

extension Classifier: Codable {
    private enum CodingKeys: String, CodingKey { case model, features, trainFeatures, head, parameters }

    /// Every parameter, the frozen features' too (`namedParameters` lists only the trained ones).
    private var storedParameters: [(name: String, parameter: Parameter)] {
        (features.map { ModelCoding.prefixed("features.", $0) } ?? []) + ModelCoding.prefixed("head.", head)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let stored = storedParameters
        let names = ModelCoding.names(stored)
        try container.encode("Classifier", forKey: .model)
        try container.encodeIfPresent(
            features.map { try LayerArchitecture(describing: $0, names: names) }, forKey: .features)
        try container.encode(trainFeatures, forKey: .trainFeatures)
        try container.encode(LayerArchitecture(describing: head, names: names), forKey: .head)
        try container.encode(ModelCoding.tensors(stored), forKey: .parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "Classifier")
        let store = try ParameterStore(container.decode([NamedTensor].self, forKey: .parameters), model: "Classifier")
        features = try container.decodeIfPresent(LayerArchitecture.self, forKey: .features)?
            .buildSequential(prefix: "features.", from: store)
        trainFeatures = try container.decode(Bool.self, forKey: .trainFeatures)
        head = try container.decode(LayerArchitecture.self, forKey: .head).buildSequential(prefix: "head.", from: store)
        try store.finish()
    }
}

extension GAN: Codable {
    private enum CodingKeys: String, CodingKey { case model, dataSize, noiseSize, generator, discriminator, parameters }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let names = ModelCoding.names(namedParameters)
        try container.encode("GAN", forKey: .model)
        try container.encode(dataSize, forKey: .dataSize)
        try container.encode(noiseSize, forKey: .noiseSize)
        try container.encode(LayerArchitecture(describing: generator, names: names), forKey: .generator)
        try container.encode(LayerArchitecture(describing: discriminator, names: names), forKey: .discriminator)
        try container.encode(ModelCoding.tensors(namedParameters), forKey: .parameters)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "GAN")
        let store = try ParameterStore(container.decode([NamedTensor].self, forKey: .parameters), model: "GAN")
        dataSize = try container.decode(Int.self, forKey: .dataSize)
        noiseSize = try container.decode(Int.self, forKey: .noiseSize)
        generator = try container.decode(LayerArchitecture.self, forKey: .generator)
            .buildSequential(prefix: "generator.", from: store)
        discriminator = try container.decode(LayerArchitecture.self, forKey: .discriminator)
            .buildSequential(prefix: "discriminator.", from: store)
        try store.finish()
    }
}

extension PCA: Codable {
    private enum CodingKeys: String, CodingKey { case model, mean, components, explainedVariance, totalVariance }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("PCA", forKey: .model)
        try container.encode(mean, forKey: .mean)
        try container.encode(components, forKey: .components)
        // The variances go as tensors too: raw bytes, exact, and NaN-safe unlike JSON numbers.
        try container.encode(
            Tensor(shape: [explainedVariance.count], scalars: explainedVariance), forKey: .explainedVariance)
        try container.encode(Tensor(shape: [1], scalars: [totalVariance]), forKey: .totalVariance)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelCoding.checkKind(container, .model, "PCA")
        mean = try container.decode(Tensor.self, forKey: .mean)
        components = try container.decode(Tensor.self, forKey: .components)
        explainedVariance = try container.decode(Tensor.self, forKey: .explainedVariance).scalars
        let total = try container.decode(Tensor.self, forKey: .totalVariance)
        guard total.count == 1 else { throw ModelCodingError("PCA: the total variance must be one number") }
        totalVariance = total.scalars[0]
        guard mean.rank == 1, components.rank == 2, components.shape == [explainedVariance.count, mean.count] else {
            throw ModelCodingError(
                "PCA: components of shape \(components.shape) do not fit \(explainedVariance.count) variances and a "
                    + "mean of shape \(mean.shape)")
        }
    }
}
