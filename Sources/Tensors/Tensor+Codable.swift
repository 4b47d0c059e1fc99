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
        var scalars = [Float](repeating: 0, count: bytes.count / 4)
        // One copy of the whole buffer (a model's weights are megabytes); byte order is fixed to little-endian.
        _ = scalars.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
        #if _endian(big)
            scalars = scalars.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        try self.init(shape: shape, scalars: scalars)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shape, forKey: .shape)
        #if _endian(big)
            let stored = scalars.map { Float(bitPattern: $0.bitPattern.littleEndian) }
        #else
            let stored = scalars
        #endif
        try container.encode(stored.withUnsafeBytes { Data($0) }, forKey: .scalars)
    }
}
