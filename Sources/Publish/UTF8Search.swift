#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

extension StringProtocol {
    /// The first occurrence of `needle`, compared byte for byte in UTF-8. Pages and figures hold
    /// megabytes of SVG, where the general `firstRange(of:)` walks characters and costs ten times more.
    func utf8Range(of needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        let offset: Int?? = utf8.withContiguousStorageIfAvailable { Self.offset(of: pattern, in: $0) }
        guard let offset = offset ?? Array(utf8).withUnsafeBufferPointer({ Self.offset(of: pattern, in: $0) })
        else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }

    private static func offset(of pattern: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pattern.first, let base = haystack.baseAddress, haystack.count >= pattern.count else {
            return nil
        }
        let last = haystack.count - pattern.count
        var start = 0
        // memchr finds each candidate first byte at vector speed; most candidates are the match.
        while start <= last, let hit = memchr(base + start, Int32(first), last - start + 1) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, pattern, pattern.count) == 0 { return at }
            start = at + 1
        }
        return nil
    }
}
