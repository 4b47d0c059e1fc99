/// Glyph outlines shared by all formulas of a page.
///
/// Cairo's SVG repeats every glyph outline in every picture that uses it, so a page with 150
/// formulas carries the outline of `x` 150 times. The pool keeps one `<symbol>` per distinct outline,
/// written once at the top of the page, and formulas point at it with `<use>` (same-document
/// references work across inline SVGs). SVG that does not look like Cairo's is left as it is.
struct SVGGlyphPool {
    private var idsByOutline: [Substring: Int] = [:]
    private(set) var symbols: [String] = []
    /// Glyph paths of TeXMath's own SVG, by id (`<prefix>-g<glyph id>`: one outline per id).
    private var pathIds: Set<Substring> = []
    private(set) var paths: [String] = []

    /// Moves the `<defs>` of a formula written by `Formula.inlineSVG` (one `<path id=...>` per glyph,
    /// ids naming the glyph, so equal ids are equal outlines) into the pool. Nil when the SVG does not
    /// have that shape; the caller then keeps the formula's SVG whole under ids of its own.
    mutating func sharePaths(_ svg: String, prefix: String) -> String? {
        guard let open = svg.utf8Range(of: "<defs>"), let close = svg[open.upperBound...].utf8Range(of: "</defs>")
        else { return nil }
        var found: [(id: Substring, element: Substring)] = []
        var rest = svg[open.upperBound..<close.lowerBound]
        let start = "<path id=\""
        while !rest.isEmpty {
            guard rest.hasPrefix(start), let idEnd = rest.dropFirst(start.count).firstIndex(of: "\""),
                let end = rest[idEnd...].utf8Range(of: "/>")
            else { return nil }
            let id = rest[rest.index(rest.startIndex, offsetBy: start.count)..<idEnd]
            guard id.hasPrefix(prefix + "-g") else { return nil }
            found.append((id, rest[..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        for (id, element) in found where pathIds.insert(id).inserted { paths.append(String(element)) }
        return String(svg[..<open.lowerBound]) + String(svg[close.upperBound...])
    }

    static let symbolOpen = "<symbol overflow=\"visible\" id=\""

    /// `svg` with its glyph symbols moved into the pool; `prefix` is the id prefix of this SVG.
    mutating func share(_ svg: String, prefix: String) -> String {
        guard svg.utf8Range(of: Self.symbolOpen) != nil else { return svg }
        var renames: [(from: String, to: String)] = []
        var kept = ""
        kept.reserveCapacity(svg.utf8.count / 4)
        var rest = Substring(svg)
        while let open = rest.utf8Range(of: Self.symbolOpen) {
            guard let idEnd = rest[open.upperBound...].firstIndex(of: "\""),
                let close = rest[idEnd...].utf8Range(of: "</symbol>")
            else { break }
            let id = String(rest[open.upperBound..<idEnd])
            guard id.hasPrefix(prefix), let bodyStart = rest[idEnd...].firstIndex(of: ">") else { break }
            let outline = rest[rest.index(after: bodyStart)..<close.lowerBound]
            let number: Int
            if let known = idsByOutline[outline] {
                number = known
            } else {
                number = symbols.count + 1
                idsByOutline[outline] = number
                symbols.append("\(Self.symbolOpen)lectern-glyph-\(number)\">\(outline)</symbol>")
            }
            renames.append((id, "lectern-glyph-\(number)"))
            kept += rest[..<open.lowerBound]
            rest = rest[close.upperBound...]
            if rest.first == "\n" { rest = rest.dropFirst() }
        }
        kept += rest
        guard !renames.isEmpty else { return svg }
        // Point the uses at the pool; the symbols' old ids are gone from this picture.
        var table: [String: String] = [:]
        for r in renames { table[r.from] = r.to }
        var out = ""
        out.reserveCapacity(kept.utf8.count)
        var tail = Substring(kept)
        let marker = "href=\"#"
        while let r = tail.utf8Range(of: marker) {
            out += tail[..<r.upperBound]
            let after = tail[r.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            let id = String(after[..<end])
            out += table[id] ?? id
            tail = after[end...]
        }
        out += tail
        return out.replacingAll("<defs>\n<g>\n</g>\n</defs>\n", with: "")
    }

    /// The hidden SVG holding every shared outline, or "" when there is none.
    var element: String {
        guard !symbols.isEmpty || !paths.isEmpty else { return "" }
        return "<svg class=\"glyph-pool\" aria-hidden=\"true\" width=\"0\" height=\"0\"><defs>\n"
            + (symbols + paths).joined(separator: "\n") + "\n</defs></svg>\n"
    }
}
