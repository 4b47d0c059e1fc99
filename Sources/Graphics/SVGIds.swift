/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` in every file it writes; two such SVGs
/// inlined in one HTML page would then draw each other's glyphs. Prefixing every id keeps them apart.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG.
    static let markers = [" id=\"", "href=\"#", "url(#"]

    /// Cairo's SVG forgets nearest-neighbour filtering; this style, added to every `<image>`, keeps
    /// pixel images sharp in browsers.
    static let imageTag = "<image "
    static let sharpImageTag = "<image style=\"image-rendering:pixelated\" "

    /// One pass over the bytes (a figure of ten thousand dots has tens of thousands of ids, and
    /// searching the rest of the file for each marker in turn was quadratic); also marks images sharp.
    static func prefixed(_ svg: String, with prefix: String) -> String {
        let source = Array(svg.utf8)
        let insert = Array((prefix + "-").utf8)
        // Each pattern is copied with `insert` after it, except the image tag, which is replaced.
        let patterns = markers.map { (Array($0.utf8), insert) } + [(Array(imageTag.utf8), [UInt8]())]
        let imageReplacement = Array(sharpImageTag.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count + source.count / 16)
        var i = 0
        while i < source.count {
            let byte = source[i]
            var matched = false
            for (pattern, after) in patterns where pattern[0] == byte && i + pattern.count <= source.count {
                if source[i..<(i + pattern.count)].elementsEqual(pattern) {
                    out.append(contentsOf: after.isEmpty ? imageReplacement : pattern)
                    out.append(contentsOf: after)
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
