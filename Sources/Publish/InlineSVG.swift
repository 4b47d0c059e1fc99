import Graphics

/// A drawable as an `<svg>` element ready to sit inside HTML: no XML declaration, no namespace
/// URLs (HTML parsers put inline SVG in the SVG namespace by themselves), ids prefixed so that
/// many pictures can share one page.
enum InlineSVG {
    /// - Parameters:
    ///   - width: the CSS width attribute value (e.g. "12.5em" or "480"); height follows the viewBox.
    ///   - attributes: extra attributes for the `<svg>` tag, already escaped.
    static func render(_ drawable: any Drawable, idPrefix: String, width: String, height: String,
                       attributes: String) throws -> String {
        let bytes = try Surface.render(drawable, as: .svg, idPrefix: idPrefix)
        let svg = renumberIds(String(decoding: bytes, as: UTF8.self), prefix: idPrefix + "-")
        guard let start = svg.firstRange(of: "<svg"),
            let tagEnd = svg[start.upperBound...].firstIndex(of: ">")
        else { throw GraphicsError("Cairo wrote SVG without an <svg> element") }
        let body = svg[svg.index(after: tagEnd)...]
        let w = fmt(drawable.width)
        let h = fmt(drawable.height)
        var out = "<svg viewBox=\"0 0 \(w) \(h)\" width=\"\(width)\" height=\"\(height)\""
        if !attributes.isEmpty { out += " " + attributes }
        out += ">"
        out += body.trimmingSuffixNewlines()
        // Cairo's SVG forgets nearest-neighbour filtering; lecture images (filters, digits) want
        // their pixels square. A presentation attribute, because CSS does not reach <use> copies.
        return out.replacingAll("<image ", with: "<image style=\"image-rendering:pixelated\" ")
    }
}

/// Cairo numbers surfaces and images with process-wide counters (`surface233`), so the same
/// picture drawn twice gets different ids. Renaming every `prefix-name` to `prefix-1`, `prefix-2`, ...
/// in order of appearance makes the output depend only on the picture.
func renumberIds(_ svg: String, prefix: String) -> String {
    let bytes = Array(svg.utf8)
    let mark = Array(prefix.utf8)
    var names: [ArraySlice<UInt8>: Int] = [:]
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        guard bytes[i] == mark[0], i + mark.count <= bytes.count, bytes[i..<(i + mark.count)].elementsEqual(mark) else {
            out.append(bytes[i])
            i += 1
            continue
        }
        out.append(contentsOf: mark)
        var end = i + mark.count
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: ")"),
            bytes[end] != UInt8(ascii: " ")
        {
            end += 1
        }
        let name = bytes[(i + mark.count)..<end]
        let number: Int
        if let known = names[name] {
            number = known
        } else {
            number = names.count + 1
            names[name] = number
        }
        out.append(contentsOf: String(number).utf8)
        i = end
    }
    return String(decoding: out, as: UTF8.self)
}

extension Substring {
    func trimmingSuffixNewlines() -> Substring {
        var s = self
        while let l = s.last, l == "\n" || l == " " { s.removeLast() }
        return s
    }
}
