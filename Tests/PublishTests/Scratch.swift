#if canImport(Glibc)
    import Glibc
#endif

/// Writes test output to /tmp/lectern-publish-tests for looking at by hand.
func writeScratch(_ name: String, _ bytes: [UInt8]) throws {
    let dir = "/tmp/lectern-publish-tests"
    mkdir(dir, 0o755)
    guard let f = fopen(dir + "/" + name, "wb") else { return }
    defer { fclose(f) }
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
}
