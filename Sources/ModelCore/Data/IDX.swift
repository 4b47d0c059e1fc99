import CZlib

/// An error reading a data file, naming the file and what is wrong with it.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// An array in the IDX format of MNIST and its relatives: unsigned bytes with a shape.
///
/// The format: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, each
/// dimension as a big-endian UInt32, then the data in row-major order.
public struct IDXArray: Sendable, Equatable {
    public let shape: [Int]
    public let bytes: [UInt8]

    public var count: Int { shape.first ?? 0 }
    /// Elements per item (e.g. 784 for 28 x 28 images, 1 for labels).
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    /// Reads a `.gz` or raw IDX file, at most `limit` items of it.
    public static func read(path: String, limit: Int? = nil) throws -> IDXArray {
        // With a limit, stop inflating once the header and `limit` items are in (a 1,000-image slice of a
        // 60,000-image file then costs a fraction of the whole).
        let raw = try readMaybeGzipped(path: path) { prefix in
            guard let limit, prefix.count >= 4 else { return nil }
            let dims = Int(prefix[3])
            guard dims >= 1, prefix.count >= 4 + 4 * dims else { return nil }
            let dimensions = (1..<dims).map { d in
                let o = 4 + 4 * d
                return Int(prefix[o]) << 24 | Int(prefix[o + 1]) << 16 | Int(prefix[o + 2]) << 8 | Int(prefix[o + 3])
            }
            // An absurd header reads everything and is then rejected by `parse`.
            guard let itemSize = Tensor.elementCount(dimensions),
                let needed = Tensor.elementCount([max(limit, 0), itemSize]), needed < Int.max / 2
            else { return nil }
            return 4 + 4 * dims + needed
        }
        return try parse(raw, path: path, limit: limit)
    }

    static func parse(_ raw: [UInt8], path: String, limit: Int?) throws -> IDXArray {
        guard raw.count >= 4 else {
            throw DataError(path: path, reason: "too short for an IDX header (\(raw.count) bytes)")
        }
        guard raw[0] == 0, raw[1] == 0, raw[2] == 0x08 else {
            let magic = raw[0..<4].map { hex($0) }.joined()
            throw DataError(
                path: path, reason: "not an unsigned-byte IDX file (magic 0x\(magic), expected 0x000008nn)")
        }
        let dims = Int(raw[3])
        guard dims >= 1, raw.count >= 4 + 4 * dims else {
            throw DataError(path: path, reason: "IDX header announces \(dims) dimensions but is cut short")
        }
        var shape: [Int] = []
        for d in 0..<dims {
            let o = 4 + 4 * d
            shape.append(Int(raw[o]) << 24 | Int(raw[o + 1]) << 16 | Int(raw[o + 2]) << 8 | Int(raw[o + 3]))
        }
        let header = 4 + 4 * dims
        guard let fileCount = Tensor.elementCount(shape), let itemSize = Tensor.elementCount(Array(shape.dropFirst()))
        else { throw DataError(path: path, reason: "IDX header announces an impossible shape \(shape)") }
        let fileShape = shape
        if let limit, limit < shape[0] { shape[0] = max(limit, 0) }
        // Only the items asked for need to be present (a limited read stops inflating after them).
        let expected = shape[0] * itemSize
        guard raw.count - header >= expected else {
            throw DataError(
                path: path,
                reason: "truncated: shape \(fileShape) needs \(fileCount) data bytes, the file has "
                    + "\(raw.count - header)")
        }
        let used = shape[0] * itemSize
        return IDXArray(shape: shape, bytes: Array(raw[header..<(header + used)]))
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
}

/// Reads a file, inflating it when it is gzip-compressed (zlib reads raw files unchanged).
///
/// `enough` looks at the bytes read so far and may name how many suffice; reading stops once that many are in.
func readMaybeGzipped(path: String, enough: ([UInt8]) -> Int? = { _ in nil }) throws -> [UInt8] {
    guard let file = gzopen(path, "rb") else {
        throw DataError(path: path, reason: "cannot open the file (does it exist and is it readable?)")
    }
    defer { gzclose(file) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if n < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
            throw DataError(path: path, reason: "corrupt compressed data (\(message))")
        }
        if n == 0 { break }
        result.append(contentsOf: chunk[0..<Int(n)])
        if let needed = enough(result), result.count >= needed { return result }
    }
    // A gzip stream cut short reads as a clean end of file; zlib reports it only through gzerror.
    var code: Int32 = 0
    _ = gzerror(file, &code)
    if code != Z_OK && code != Z_STREAM_END {
        throw DataError(path: path, reason: "corrupt or truncated compressed data")
    }
    return result
}
