import Foundation
import Testing

@testable import Notebook

/// Cache keys and entry checksums are these hex strings: they must stay the standard SHA-256, the
/// same digests earlier Lectern versions wrote, or every lecturer's cache would be recomputed.
struct HashingTests {
    @Test func standardTestVectors() {
        #expect(Hashing.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Hashing.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func bytesInSeveralRegionsHashAsOne() {
        // DispatchData can hold its bytes in pieces; they must be hashed in order, as one message.
        var pieces = DispatchData.empty
        for text in ["a", "", "bc"] {
            text.utf8.withContiguousStorageIfAvailable { pieces.append(UnsafeRawBufferPointer($0)) }
        }
        #expect(Array(pieces.regions).count > 1)
        #expect(Hashing.sha256(pieces) == Hashing.sha256(Data("abc".utf8)))
    }

    @Test func partsAreLengthPrefixed() {
        // The digest of "2:ab1:c", as the cache keys of earlier versions were built.
        #expect(Hashing.sha256(["ab", "c"]) == "430fb1b4ac43316eca81fab27a1930ab8eff8fef6a1dc7903dce44bbc2790dc5")
        #expect(Hashing.sha256(["ab", "c"]) != Hashing.sha256(["a", "bc"]))
    }

    @Test func fileLargerThanOneReadIsHashedWhole() throws {
        // 3 MiB and a bit, read in three full 1 MiB pieces and a short one. The pattern's period, 251
        // bytes, does not divide a piece, so pieces hashed out of order would give another digest.
        let count = (3 << 20) + 12_345
        let pattern = Data((0..<251).map { UInt8($0) })
        var bytes = Data(capacity: count)
        while bytes.count < count { bytes.append(pattern.prefix(count - bytes.count)) }
        let path = NSTemporaryDirectory() + "lectern-hashing-\(UUID().uuidString)"
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = "1cdde29b8090c73a27338d4ca7cfd64e3a6433439643d9b311b5a8fb424d122b"
        #expect(Hashing.sha256(file: path) == expected)
        #expect(Hashing.sha256(bytes) == expected)
    }

    @Test func missingFileHasNoHash() {
        #expect(Hashing.sha256(file: "/nonexistent/lectern/data.idx") == nil)
    }
}
