import Foundation

/// Writes test output to /tmp/lectern-publish-tests for looking at by hand.
func writeScratch(_ name: String, _ bytes: [UInt8]) throws {
    let dir = "/tmp/lectern-publish-tests"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
}
