import Foundation
import Testing

@testable import ModelCore

/// Trained models survive a round trip through their Codable form bit for bit (the notebook cache keeps them so).
@Suite struct ModelCodingTests {
    let data: Tensor = {
        var rng = RandomStream(seed: 41, name: "coding.data")
        return rng.uniform([24, 12])
    }()

    func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    func expectSameParameters(
        _ a: [(name: String, parameter: Parameter)], _ b: [(name: String, parameter: Parameter)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.map(\.name) == b.map(\.name), sourceLocation: sourceLocation)
        for (x, y) in zip(a, b) {
            #expect(x.parameter.shape == y.parameter.shape, sourceLocation: sourceLocation)
            #expect(bits(x.parameter.value) == bits(y.parameter.value), "\(x.name)", sourceLocation: sourceLocation)
            #expect(x.parameter !== y.parameter, "a decoded model owns its parameters", sourceLocation: sourceLocation)
        }
    }

    func json<M: Codable>(_ model: M) throws -> M {
        try JSONDecoder().decode(M.self, from: JSONEncoder().encode(model))
    }

    /// Both ways a notebook might store a model: plain JSON, and raw blobs for every `Data` (the cache's layout).
    func roundTrips<M: Codable>(_ model: M) throws -> [M] {
        [try json(model), try BlobRoundTrip.decode(M.self, from: BlobRoundTrip.encode(model))]
    }

    @Test func autoencodersOfEveryKind() throws {
        let models = [
            try Autoencoder(sizes: [12, 6, 3], codeActivation: .tanh, rng: RandomStream(seed: 1, name: "ae")),
            try Autoencoder.kSparse(sizes: [12, 6], k: 2, rng: RandomStream(seed: 2, name: "ks")),
            try Autoencoder.tied(sizes: [12, 6, 3], rng: RandomStream(seed: 3, name: "tied")),
        ]
        for model in models {
            try model.fit(data, epochs: 1, batchSize: 8, penalty: .l1(lambda: 0.01))
            for restored in try roundTrips(model) {
                #expect(restored.sizes == model.sizes)
                expectSameParameters(model.namedParameters, restored.namedParameters)
                #expect(bits(try restored.reconstruct(data)) == bits(try model.reconstruct(data)))
                #expect(bits(try restored.encode(data)) == bits(try model.encode(data)))
            }
        }
        // The tied decoder still shares the encoder's weights after decoding.
        let tied = try json(models[2])
        let decoderLayer = try #require(tied.decoder.layers.last as? TiedDense)
        let encoderLayer = try #require(tied.encoder.layers.first as? Dense)
        #expect(decoderLayer.weight === encoderLayer.weight)
    }

    @Test func continuedTrainingMatchesTheOriginal() throws {
        let model = try Autoencoder(sizes: [12, 5], rng: RandomStream(seed: 4, name: "ae"))
        try model.fit(data, epochs: 1, batchSize: 8)
        let restored = try json(model)
        let rng = RandomStream(seed: 5, name: "again")
        let a = try model.fit(data, epochs: 2, batchSize: 8, rng: rng)
        let b = try restored.fit(data, epochs: 2, batchSize: 8, rng: rng)
        #expect(a.stepLoss == b.stepLoss)
        expectSameParameters(model.namedParameters, restored.namedParameters)
    }

    @Test func variationalAutoencoder() throws {
        let model = try VariationalAutoencoder(
            inputs: 12, hidden: [8], latent: 2, rng: RandomStream(seed: 6, name: "v"))
        try model.fit(data, epochs: 1, batchSize: 8)
        for restored in try roundTrips(model) {
            expectSameParameters(model.namedParameters, restored.namedParameters)
            #expect(bits(try restored(data)) == bits(try model(data)))
            #expect(bits(try restored.encode(data)) == bits(try model.encode(data)))
            #expect(try restored.negativeELBO(data) == (try model.negativeELBO(data)))
        }
    }

    @Test func convolutionalAutoencoder() throws {
        let model = ConvAutoencoder(channels: (2, 3), rng: RandomStream(seed: 7, name: "conv"))
        var rng = RandomStream(seed: 8, name: "images")
        let images = rng.uniform([4, 784])
        try model.fit(images, epochs: 1, batchSize: 4)
        for restored in try roundTrips(model) {
            expectSameParameters(model.namedParameters, restored.namedParameters)
            #expect(bits(try restored.reconstruct(images)) == bits(try model.reconstruct(images)))
        }
    }

    @Test func gan() throws {
        let model = try GAN(
            dataSize: 12, noiseSize: 3, generatorHidden: [8], discriminatorHidden: [8], output: .sigmoid,
            rng: RandomStream(seed: 9, name: "g"))
        try model.fit(data, iterations: 2, batchSize: 8)
        var noise = RandomStream(seed: 10, name: "z")
        let z = noise.normal([5, 3])
        for restored in try roundTrips(model) {
            expectSameParameters(model.namedParameters, restored.namedParameters)
            #expect(bits(try restored.generate(noise: z)) == bits(try model.generate(noise: z)))
            #expect(try restored.realProbability(data) == (try model.realProbability(data)))
        }
    }

    @Test func pca() throws {
        let model = try PCA(fitting: data, components: 3)
        for restored in try roundTrips(model) {
            #expect(bits(restored.components) == bits(model.components) && bits(restored.mean) == bits(model.mean))
            #expect(restored.explainedVariance == model.explainedVariance)
            #expect(restored.totalVariance == model.totalVariance)
            #expect(bits(try restored.reconstruct(data)) == bits(try model.reconstruct(data)))
        }
    }

    @Test func classifierWithFrozenFeatures() throws {
        let ae = try Autoencoder(sizes: [12, 6], rng: RandomStream(seed: 11, name: "ae"))
        let model = try Classifier(sizes: [6, 3], features: ae.encoder, rng: RandomStream(seed: 12, name: "c"))
        let labels = (0..<data.rows).map { $0 % 3 }
        try model.fit(data, labels: labels, epochs: 1, batchSize: 8)
        for restored in try roundTrips(model) {
            #expect(restored.trainFeatures == false)
            expectSameParameters(model.namedParameters, restored.namedParameters)
            // The frozen features are stored too, though they are not trained parameters.
            let features = try #require(restored.features)
            expectSameParameters(ae.encoder.namedParameters, features.namedParameters)
            #expect(try restored.predict(data) == (try model.predict(data)))
            #expect(bits(try restored(data)) == bits(try model(data)))
        }
    }

    /// In the cache's layout, the weights are raw bytes after a small header, not JSON numbers.
    @Test func weightsTravelAsRawBytes() throws {
        let model = try Autoencoder(sizes: [12, 6, 3])
        let (header, blobBytes) = try BlobRoundTrip.parts(model)
        #expect(blobBytes == 4 * model.parameterCount)
        #expect(header.count < 2000, "header of \(header.count) bytes")
    }

    // MARK: payloads that do not fit

    /// The JSON of `model` with `edit` applied to it as text.
    func edited<M: Codable>(_ model: M, _ edit: (String) -> String) throws -> Data {
        Data(edit(String(decoding: try JSONEncoder().encode(model), as: UTF8.self)).utf8)
    }

    func decodingError<M: Codable>(_ type: M.Type, _ payload: Data) -> String? {
        do {
            _ = try JSONDecoder().decode(M.self, from: payload)
            return nil
        } catch let error as ModelCodingError {
            return error.description
        } catch {
            return "other error: \(error)"
        }
    }

    @Test func mismatchedPayloadsAreErrors() throws {
        let ae = try Autoencoder(sizes: [12, 6, 3])
        let renamed = try edited(ae) { $0.replacingOccurrences(of: "\"encoder.1.bias\"", with: "\"encoder.9.bias\"") }
        #expect(decodingError(Autoencoder.self, renamed)?.contains("no parameter \"encoder.1.bias\"") == true)

        let reshaped = try edited(ae) { $0.replacingOccurrences(of: "\"outputs\":3", with: "\"outputs\":4") }
        let message = decodingError(Autoencoder.self, reshaped)
        #expect(message?.contains("has shape [3, 6], the architecture needs [4, 6]") == true, "\(message ?? "")")

        let vae = try VariationalAutoencoder(inputs: 12, hidden: [4], latent: 2)
        #expect(
            decodingError(Autoencoder.self, try JSONEncoder().encode(vae))
                == "the payload holds a model of type VariationalAutoencoder, not Autoencoder")

        // A parameter no layer uses.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var text = String(decoding: try encoder.encode(ae), as: UTF8.self)
        text = text.replacingOccurrences(
            of: ",{\"dense\":{\"activation\":{\"sigmoid\":{}},\"inputs\":6,\"outputs\":12}}", with: "")
        #expect(
            decodingError(Autoencoder.self, Data(text.utf8))?.contains(
                "parameter \"decoder.1.weight\" belongs to no layer")
                == true)

        let pca = try PCA(fitting: data, components: 2)
        let badPCA = try edited(pca) { $0.replacingOccurrences(of: "\"shape\":[2,12]", with: "\"shape\":[1,24]") }
        #expect(decodingError(PCA.self, badPCA)?.contains("PCA: components of shape [1, 24]") == true)
    }

    @Test func layersThatCannotBeStoredAreNamed() throws {
        let classifier = try Classifier(
            sizes: [12, 3], features: Sequential([try Dropout(rate: 0.5, rng: RandomStream(seed: 1))]))
        #expect(throws: ModelCodingError.self) { try JSONEncoder().encode(classifier) }
    }
}

/// The notebook cache's principle, for these tests: the JSON header keeps each `Data`'s byte range, the bytes
/// follow it raw.
enum BlobRoundTrip {
    final class Blobs: @unchecked Sendable {
        var bytes = Data()
        let lock = NSLock()
        func append(_ data: Data) -> [Int] {
            lock.withLock {
                let start = bytes.count
                bytes.append(data)
                return [start, bytes.count]
            }
        }
    }

    static func parts(_ value: some Encodable) throws -> (header: Data, blobBytes: Int) {
        let blobs = Blobs()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dataEncodingStrategy = .custom { data, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(blobs.append(data))
        }
        return (try encoder.encode(value), blobs.bytes.count)
    }

    static func encode(_ value: some Encodable) throws -> (header: Data, bytes: Data) {
        let blobs = Blobs()
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .custom { data, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(blobs.append(data))
        }
        return (try encoder.encode(value), blobs.bytes)
    }

    static func decode<T: Decodable>(_ type: T.Type, from stored: (header: Data, bytes: Data)) throws -> T {
        let decoder = JSONDecoder()
        let bytes = stored.bytes
        decoder.dataDecodingStrategy = .custom { decoder in
            let range = try decoder.singleValueContainer().decode([Int].self)
            return bytes.subdata(in: range[0]..<range[1])
        }
        return try decoder.decode(type, from: stored.header)
    }
}
