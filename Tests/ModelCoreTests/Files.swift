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
