import Foundation

/// Tensors encode as their shape and their scalars' little-endian bytes: compact in a notebook's
/// cache, and exact (no decimal round trip).
extension Tensor: Codable {
    private enum CodingKeys: String, CodingKey { case shape, scalars }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try container.decode([Int].self, forKey: .shape)
        let bytes = try container.decode(Data.self, forKey: .scalars)
        guard bytes.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .scalars, in: container, debugDescription: "\(bytes.count) bytes is not a whole number of floats")
        }
        let scalars = bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        try self.init(shape: shape, scalars: scalars)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shape, forKey: .shape)
        var bytes = Data(capacity: scalars.count * 4)
        for value in scalars {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try container.encode(bytes, forKey: .scalars)
    }
}
