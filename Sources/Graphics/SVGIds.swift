/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` in every file it writes; two such SVGs
/// inlined in one HTML page would then draw each other's glyphs. Prefixing every id keeps them apart.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG.
    static let markers = [" id=\"", "href=\"#", "url(#"]

    /// One pass over the bytes (a formula's SVG holds hundreds of ids; rescanning per id was quadratic).
    static func prefixed(_ svg: String, with prefix: String) -> String {
        let bytes = Array(svg.utf8)
        let marks = markers.map { Array($0.utf8) }
        let insert = Array((prefix + "-").utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var i = 0
        while i < bytes.count {
            var matched = 0
            for m in marks where bytes[i] == m[0] && i + m.count <= bytes.count {
                var k = 1
                while k < m.count && bytes[i + k] == m[k] { k += 1 }
                if k == m.count {
                    matched = m.count
                    break
                }
            }
            if matched > 0 {
                out.append(contentsOf: bytes[i..<(i + matched)])
                out.append(contentsOf: insert)
                i += matched
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
