import Foundation

/// Encodes a `Codable` value as a JSON header followed by the raw bytes of every `Data` in it — a
/// tensor's little-endian floats — laid out as a safetensors file is: the header's length as 8
/// little-endian bytes, the header, then the bytes. Cached results stay compact and are read without
/// decoding base64 (tensors encode their scalars as `Data`).
enum BlobCoding {
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// How numbers JSON cannot write are spelled.
    static let nonFinite = (positive: "inf", negative: "-inf", nan: "nan")

    static func encode(_ value: some Encodable) throws -> Data {
        let blobs = Blobs()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // A figure may hold an infinite or undefined coordinate; JSON has no number for those.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        encoder.dataEncodingStrategy = .custom { data, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(blobs.append(data))
        }
        let header = try encoder.encode(value)
        var out = Data(capacity: 8 + header.count + blobs.bytes.count)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(header)
        out.append(blobs.bytes)
        return out
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let data = Data(data)  // indices from 0, whatever slice was passed in
        guard data.count >= 8 else { throw FormatError(description: "\(data.count) bytes is too short for a header") }
        let length = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(data.count - 8) else {
            throw FormatError(description: "header of \(length) bytes in \(data.count) bytes")
        }
        let header = data[8..<(8 + Int(length))]
        let bytes = data[(8 + Int(length))...]
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        decoder.dataDecodingStrategy = .custom { decoder in
            let range = try decoder.singleValueContainer().decode([Int].self)
            guard range.count == 2, range[0] >= 0, range[1] >= range[0], range[1] <= bytes.count else {
                throw FormatError(description: "byte range \(range) outside the \(bytes.count) bytes stored")
            }
            return Data(bytes[(bytes.startIndex + range[0])..<(bytes.startIndex + range[1])])
        }
        return try decoder.decode(type, from: header)
    }
}

/// The bytes of every `Data` met while encoding, one after another; the header keeps each one's range.
private final class Blobs: @unchecked Sendable {
    private(set) var bytes = Data()
    private let lock = NSLock()

    func append(_ data: Data) -> [Int] {
        lock.withLock {
            let start = bytes.count
            bytes.append(data)
            return [start, bytes.count]
        }
    }
}
