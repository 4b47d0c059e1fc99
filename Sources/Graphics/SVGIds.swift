/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` from process-wide counters: two SVGs
/// inlined in one HTML page would draw each other's glyphs, and the same figure drawn twice would get
/// other names. Every id is renamed `<prefix>-<n>`, numbered in order of first appearance.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG, and the byte that ends the id.
    static let markers: [(pattern: [UInt8], end: UInt8)] = [
        (Array(" id=\"".utf8), UInt8(ascii: "\"")),
        (Array("href=\"#".utf8), UInt8(ascii: "\"")),
        (Array("url(#".utf8), UInt8(ascii: ")")),
    ]

    /// Cairo's SVG forgets nearest-neighbour filtering; this style, added to every `<image>`, keeps
    /// pixel images sharp in browsers.
    static let imageTag = Array("<image ".utf8)
    static let sharpImageTag = Array("<image style=\"image-rendering:pixelated\" ".utf8)

    /// One pass over the bytes: a figure of ten thousand dots has tens of thousands of ids.
    static func prefixed(_ svg: String, with prefix: String) -> String {
        let source = Array(svg.utf8)
        var names: [ArraySlice<UInt8>: [UInt8]] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(source.count + source.count / 16)
        var i = 0
        scan: while i < source.count {
            if source[i] == imageTag[0], matches(imageTag, in: source, at: i) {
                // Leave the space after `<image` unread: it starts the ` id="` that follows.
                out += sharpImageTag.dropLast()
                i += imageTag.count - 1
                continue
            }
            for (pattern, end) in markers where source[i] == pattern[0] && matches(pattern, in: source, at: i) {
                out += pattern
                i += pattern.count
                let start = i
                while i < source.count, source[i] != end { i += 1 }
                let id = source[start..<i]
                if names[id] == nil { names[id] = Array("\(prefix)-\(names.count + 1)".utf8) }
                out += names[id] ?? []
                continue scan
            }
            out.append(source[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func matches(_ pattern: [UInt8], in source: [UInt8], at i: Int) -> Bool {
        i + pattern.count <= source.count && source[i..<(i + pattern.count)].elementsEqual(pattern)
    }
}
