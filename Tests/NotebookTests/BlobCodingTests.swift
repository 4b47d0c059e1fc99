import Foundation
import Synchronization
import Tensors
import Testing

@testable import Notebook

struct BlobCodingTests {
    struct Stored: Codable, Equatable {
        let name: String
        let weights: Tensor
        let codes: [Tensor]
        let losses: [Double]
    }

    @Test func aValueWithTensorsComesBackBitForBit() throws {
        let value = Stored(
            name: "vae", weights: try Tensor(shape: [2, 3], scalars: [0.1, -2.5, .pi, 1e-30, -0, .nan]),
            codes: [try Tensor(shape: [1, 2], scalars: [4, 5]), try Tensor(shape: [0], scalars: [])],
            losses: [0.25, 0.125])
        let decoded = try BlobCoding.decode(Stored.self, from: BlobCoding.encode(value))
        #expect(decoded.name == value.name && decoded.losses == value.losses)
        #expect(decoded.weights.shape == [2, 3])
        #expect(decoded.weights.scalars.map(\.bitPattern) == value.weights.scalars.map(\.bitPattern))
        #expect(decoded.codes == value.codes)
    }

    /// The floats are stored as raw little-endian bytes after the header, not as base64 text.
    @Test func floatsAreStoredRaw() throws {
        let scalars = (0..<1000).map { Float($0) * 0.37 }
        let encoded = try BlobCoding.encode(try Tensor(shape: [1000], scalars: scalars))
        let headerLength = Int(
            encoded.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        #expect(encoded.count == 8 + headerLength + 4000)
        let raw = encoded.suffix(4000).withUnsafeBytes { buffer in
            (0..<1000).map {
                Float(bitPattern: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
            }
        }
        #expect(raw == scalars)
        // Encoding twice gives the same bytes: cache entries must not drift.
        #expect(try BlobCoding.encode(try Tensor(shape: [1000], scalars: scalars)) == encoded)
    }

    @Test func damagedInputIsAnErrorNotATrap() throws {
        let good = try BlobCoding.encode(try Tensor(shape: [4], scalars: [1, 2, 3, 4]))
        let cases: [Data] = [
            Data(), Data([1, 2, 3]), good.prefix(20), good.prefix(good.count - 1),
            Data([255, 255, 255, 255, 255, 255, 255, 127]) + good.dropFirst(8),
        ]
        for bad in cases {
            #expect(throws: (any Error).self) { try BlobCoding.decode(Tensor.self, from: bad) }
        }
    }

    /// A warm build's prose and claims read the same cached results many times: a value is decoded once
    /// per type, an instance of a class once per reader (it may change it).
    @Test func aRestoredValueIsDecodedOncePerTypeAndAClassForEachReader() throws {
        let data = try BlobCoding.encode(7)
        DecodeCounter.count.withLock { $0 = 0 }
        let restored = EncodedValue(data)
        #expect(try restored.decoded(as: CountedValue.self)?.number == 7)
        #expect(try restored.decoded(as: CountedValue.self)?.number == 7)
        #expect(DecodeCounter.count.withLock { $0 } == 1)
        let first = try #require(try restored.decoded(as: CountedInstance.self))
        let second = try #require(try restored.decoded(as: CountedInstance.self))
        #expect(first !== second)
        #expect(DecodeCounter.count.withLock { $0 } == 3)
        #expect(try restored.decoded(as: Int.self) == 7)
    }
}

private enum DecodeCounter {
    static let count = Mutex(0)
}

private struct CountedValue: Decodable, Sendable {
    let number: Int
    init(from decoder: any Decoder) throws {
        number = try decoder.singleValueContainer().decode(Int.self)
        DecodeCounter.count.withLock { $0 += 1 }
    }
}

private final class CountedInstance: Decodable, Sendable {
    let number: Int
    init(from decoder: any Decoder) throws {
        number = try decoder.singleValueContainer().decode(Int.self)
        DecodeCounter.count.withLock { $0 += 1 }
    }
}
