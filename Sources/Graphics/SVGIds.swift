/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` in every file it writes; two such SVGs
/// inlined in one HTML page would then draw each other's glyphs. Prefixing every id keeps them apart.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG.
    static let markers = [" id=\"", "href=\"#", "url(#"]

    /// One pass over the bytes (a figure of ten thousand dots has tens of thousands of ids, and
    /// searching the rest of the file for each marker in turn was quadratic).
    static func prefixed(_ svg: String, with prefix: String) -> String {
        let source = Array(svg.utf8)
        let insert = Array((prefix + "-").utf8)
        let patterns = markers.map { Array($0.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(source.count + source.count / 16)
        var i = 0
        while i < source.count {
            let byte = source[i]
            var matched = false
            for pattern in patterns where pattern[0] == byte && i + pattern.count <= source.count {
                if source[i..<(i + pattern.count)].elementsEqual(pattern) {
                    out.append(contentsOf: pattern)
                    out.append(contentsOf: insert)
                    i += pattern.count
                    matched = true
                    break
                }
            }
            if !matched {
                out.append(byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
