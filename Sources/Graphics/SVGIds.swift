/// Cairo names SVG elements `glyph0-1`, `clip1`, `surface5` from process-wide counters: two SVGs
/// inlined in one HTML page would draw each other's glyphs, and the same figure drawn twice would get
/// other names. Every id is renamed `<prefix>-<n>`, numbered in order of first appearance.
enum SVGIds {
    /// The places an id is defined or referenced in Cairo's SVG, and the byte that ends the id.
    static let markers: [(String, UInt8)] = [(" id=\"", UInt8(ascii: "\"")), ("href=\"#", UInt8(ascii: "\"")),
                                             ("url(#", UInt8(ascii: ")"))]

    /// One pass over the bytes: a formula's SVG holds hundreds of ids, and rescanning per id was slow.
    static func prefixed(_ svg: String, with prefix: String) -> String {
        let bytes = Array(svg.utf8)
        let marks = markers.map { (Array($0.0.utf8), $0.1) }
        var names: [ArraySlice<UInt8>: Int] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var i = 0
        scan: while i < bytes.count {
            for (m, end) in marks where bytes[i] == m[0] && i + m.count <= bytes.count {
                guard bytes[i..<(i + m.count)].elementsEqual(m) else { continue }
                out.append(contentsOf: m)
                var j = i + m.count
                while j < bytes.count && bytes[j] != end { j += 1 }
                let id = bytes[(i + m.count)..<j]
                let number: Int
                if let known = names[id] {
                    number = known
                } else {
                    number = names.count + 1
                    names[id] = number
                }
                out.append(contentsOf: "\(prefix)-\(number)".utf8)
                i = j
                continue scan
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
