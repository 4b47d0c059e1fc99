import CZlib
import Foundation
import Tensors

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

    /// Reads a `.gz` or raw IDX file, at most `limit` items of it (only those are decompressed).
    public static func read(path: String, limit: Int? = nil) throws -> IDXArray {
        DataAccess.record(path)
        // A FIFO or a device would block the build or never end; a directory is no data file.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw DataError(path: path, reason: "not a regular file")
        }
        let file = try CompressedFile(path: path)
        let prefix = try file.read(upTo: 4)
        guard prefix.count == 4 else {
            throw DataError(path: path, reason: "too short for an IDX header (\(prefix.count) bytes)")
        }
        guard prefix[0] == 0, prefix[1] == 0, prefix[2] == 0x08 else {
            let magic = prefix.map { hex($0) }.joined()
            throw DataError(
                path: path, reason: "not an unsigned-byte IDX file (magic 0x\(magic), expected 0x000008nn)")
        }
        let dims = Int(prefix[3])
        let sizes = try file.read(upTo: 4 * dims)
        guard dims >= 1, sizes.count == 4 * dims else {
            throw DataError(path: path, reason: "IDX header announces \(dims) dimensions but is cut short")
        }
        var shape = (0..<dims).map { d in
            let o = 4 * d
            return Int(sizes[o]) << 24 | Int(sizes[o + 1]) << 16 | Int(sizes[o + 2]) << 8 | Int(sizes[o + 3])
        }
        guard let fileCount = Tensor.elementCount(shape) else {
            throw DataError(path: path, reason: "IDX header announces an impossible shape \(shape)")
        }
        let fileShape = shape
        if let limit, limit < shape[0] { shape[0] = max(limit, 0) }
        let expected = Tensor.elementCount(shape) ?? fileCount
        let data = try file.read(upTo: expected)
        guard data.count == expected else {
            throw DataError(
                path: path,
                reason: "truncated: shape \(fileShape) needs \(fileCount) data bytes, the file has \(data.count)")
        }
        return IDXArray(shape: shape, bytes: data)
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
}

/// A file read through zlib, which inflates gzip data and passes raw files through unchanged.
final class CompressedFile {
    let path: String
    private let handle: gzFile

    init(path: String) throws {
        guard let handle = gzopen(path, "rb") else {
            throw DataError(path: path, reason: "cannot open the file (does it exist and is it readable?)")
        }
        self.path = path
        self.handle = handle
    }

    deinit { gzclose(handle) }

    /// Reads `count` bytes, fewer only at the end of the data. Memory grows with what is actually read,
    /// so a header that announces absurd sizes costs nothing.
    func read(upTo count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var filled = 0
        while filled < count {
            let chunk = min(count - filled, 1 << 24)
            result.append(contentsOf: repeatElement(0, count: chunk))
            let n = result.withUnsafeMutableBytes { gzread(handle, $0.baseAddress! + filled, UInt32(chunk)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(handle, &code).map { String(cString: $0) } ?? "unknown zlib error"
                throw DataError(path: path, reason: "corrupt compressed data (\(message))")
            }
            if n == 0 { break }
            filled += Int(n)
        }
        // A gzip stream cut short reads as an early end; zlib says so only through gzerror.
        var code: Int32 = 0
        _ = gzerror(handle, &code)
        if code != Z_OK && code != Z_STREAM_END {
            throw DataError(path: path, reason: "corrupt or truncated compressed data")
        }
        result.removeLast(result.count - filled)
        return result
    }
}
