#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

struct WriteError: Error { let path: String }

/// Writes raw bytes to a file (test fixture helper).
func writeBytes(_ bytes: [UInt8], to path: String) throws {
    guard let f = fopen(path, "wb") else { throw WriteError(path: path) }
    defer { fclose(f) }
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
}

/// Reads a whole file (test fixture helper).
func readAll(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw WriteError(path: path) }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
        if n == 0 { break }
        out += buffer[0..<n]
    }
    return out
}
