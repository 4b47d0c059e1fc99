/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` in every file it writes; two such SVGs
/// inlined in one HTML page would then draw each other's glyphs. Prefixing every id keeps them apart.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG.
    static let markers = [" id=\"", "href=\"#", "url(#"]

    static func prefixed(_ svg: String, with prefix: String) -> String {
        var out = ""
        out.reserveCapacity(svg.utf8.count + svg.utf8.count / 16)
        var rest = Substring(svg)
        while true {
            let hits = markers.compactMap { rest.firstRange(of: $0) }
            guard let first = hits.min(by: { $0.lowerBound < $1.lowerBound }) else { break }
            out += rest[..<first.upperBound]
            out += prefix + "-"
            rest = rest[first.upperBound...]
        }
        out += rest
        return out
    }
}
