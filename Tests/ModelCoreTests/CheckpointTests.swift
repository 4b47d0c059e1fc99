import Testing

@testable import ModelCore

@Suite struct CheckpointTests {
    func temporaryPath(_ name: String) -> String {
        "/tmp/lectern-modelcore-\(name)-\(UInt32.random(in: 0...UInt32.max)).safetensors"
    }

    @Test func roundTripsAModel() throws {
        let path = temporaryPath("roundtrip")
        let a = try Autoencoder(sizes: [12, 5, 3], rng: RandomStream(seed: 1))
        try a.save(to: path, metadata: ["model": "autoencoder"])
        let b = try Autoencoder(sizes: [12, 5, 3], rng: RandomStream(seed: 2))
        #expect(a.parameters.map(\.value) != b.parameters.map(\.value))
        try b.load(from: path)
        #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
        let file = try Safetensors.load(path: path)
        #expect(file.metadata["model"] == "autoencoder")
        #expect(file.tensors.map(\.name) == a.namedParameters.map(\.name))
        #expect(file.tensors.first?.tensor.shape == [5, 12])
    }

    @Test func knownBytes() throws {
        // The header a reference writer produces for one 2-element tensor, then its little-endian floats.
        let path = temporaryPath("bytes")
        try Safetensors.save([("x", Tensor(shape: [2], scalars: [1, -2]))], to: path)
        let bytes = try readAll(path)
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"x":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#))
        #expect(headerLength % 8 == 0)
        #expect(Array(bytes[(8 + headerLength)...]) == [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0])
    }

    @Test func corruptAndTruncatedFilesAreClearErrors() throws {
        let path = temporaryPath("corrupt")
        let model = try Autoencoder(sizes: [6, 2])
        try model.save(to: path)
        let good = try readAll(path)
        try writeBytes(Array(good.prefix(good.count - 10)), to: path)
        #expect { try model.load(from: path) } throws: { "\($0)".contains("truncated") && "\($0)".contains(path) }
        try writeBytes([1, 2, 3], to: path)
        #expect { try Safetensors.load(path: path) } throws: { "\($0)".contains("too short") }
        try writeBytes([200, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8), to: path)
        #expect { try Safetensors.load(path: path) } throws: { "\($0)".contains("truncated") }
        var garbled = good
        garbled[9] = UInt8(ascii: "#")
        try writeBytes(garbled, to: path)
        #expect { try Safetensors.load(path: path) } throws: { "\($0)".contains("not a JSON object") }
        let other = try Autoencoder(sizes: [6, 3])
        try model.save(to: path)
        #expect { try other.load(from: path) } throws: { "\($0)".contains("[2, 6]") && "\($0)".contains("[3, 6]") }
        #expect(throws: DataError.self) { try model.load(from: "/nonexistent/model.safetensors") }
    }
}
