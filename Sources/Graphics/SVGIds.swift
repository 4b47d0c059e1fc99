/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` from process-wide counters: two SVGs
/// inlined in one HTML page would draw each other's glyphs, and the same figure drawn twice would get
/// other names. Every id is renamed `<prefix>-<n>`, numbered in order of first appearance.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG, and what ends the id.
    static let markers: [(String, Character)] = [(" id=\"", "\""), ("href=\"#", "\""), ("url(#", ")")]

    static func prefixed(_ svg: String, with prefix: String) -> String {
        var names: [Substring: String] = [:]
        var out = ""
        out.reserveCapacity(svg.utf8.count)
        var rest = Substring(svg)
        while true {
            var best: (range: Range<Substring.Index>, end: Character)?
            for (marker, end) in markers {
                if let r = rest.firstRange(of: marker), best.map({ r.lowerBound < $0.range.lowerBound }) ?? true {
                    best = (r, end)
                }
            }
            guard let (range, end) = best else { break }
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let id = rest.prefix { $0 != end }
            if names[id] == nil { names[id] = "\(prefix)-\(names.count + 1)" }
            out += names[id]!
            rest = rest[id.endIndex...]
        }
        out += rest
        return out
    }
}
