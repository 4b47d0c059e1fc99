import Graphics

/// Booktabs-style tables in the PDF: caption above, header repeated on each page. A table wider than
/// the text first shrinks its type (down to `tableFloor`), then wraps its cells; when even its
/// longest words do not fit, they break inside and a `tableTooWide` warning says so.
extension PDFRenderer {
    /// Type size of table cells, in points.
    static let tableType = 10.0
    /// The smallest a wide table's type shrinks to, as a fraction of `tableType`: 7 pt stays
    /// readable on paper.
    static let tableFloor = 0.7

    /// How a table is set: its type scale and the width of each column (padding included).
    struct TableLayout {
        var scale: Double
        var widths: [Double]
        var font: Font { Font.roman(PDFRenderer.tableType * scale) }
        var pad: Double { 6 * scale }
    }

    func table(_ t: Table, indent: Double) throws {
        let target = t.target
        let available = flow.textWidth - indent
        let columns = max(t.header.count, t.rows.map(\.count).max() ?? 0)
        guard columns > 0 else {
            // Nothing to lay out, but the caption and the anchor references point at stay.
            if let caption = try tableCaption(t, target: target, width: available - 20) {
                flow.space(10)
                flow.need(caption.paragraph.height)
                if let target {
                    let at = Point(flow.left + indent, flow.y)
                    flow.draw { $0.addAnchor(target.anchor, at: at) }
                }
                place(caption.paragraph, links: caption.links, indent: indent + 10, role: .caption)
            }
            return
        }
        let layout = try tableLayout(t, columns: columns, available: available, name: target)
        let pad = layout.pad
        let widths = layout.widths
        let total = widths.reduce(0, +)
        let x0 = flow.left + indent + (available - total) / 2
        func cells(of row: [[Inline]], header: Bool) throws -> [(RichParagraph, Links)] {
            try (0..<columns).map { i in
                let p = try tableCell(
                    i < row.count ? row[i] : [], t, column: i, font: layout.font,
                    width: widths[i] - 2 * pad, bold: header)
                return (p.paragraph, p.links)
            }
        }
        func firstBaseline(_ cells: [(RichParagraph, Links)]) -> Double {
            cells.map { $0.0.lines.first?.baseline ?? 0 }.max() ?? 0
        }
        let gap = 3 * layout.scale
        func height(_ cells: [(RichParagraph, Links)]) -> Double {
            let baseline = firstBaseline(cells)
            return (cells.map { baseline - ($0.0.lines.first?.baseline ?? 0) + $0.0.height }.max() ?? 0) + 2 * gap
        }
        /// Draws one row at the cursor; `rule` draws a thick rule above it (top of the table or page).
        func draw(_ cells: [(RichParagraph, Links)], rule: Bool, underline: Bool, header: Bool) {
            let rowHeight = height(cells)
            let baseline = firstBaseline(cells)
            if !flow.hasPage { flow.newPage() }
            let top = flow.y
            if rule { flow.draw { $0.fillRect(Rect(x: x0, y: top - 0.4, width: total, height: 0.8), .black) } }
            var x = x0
            var origins: [Point] = []
            flow.beginStructure(.tableRow)
            for (i, (p, _)) in cells.enumerated() {
                // Cells share the baseline of their first lines (a lone formula has no font ascent).
                let origin = Point(x + pad, top + gap + baseline - (p.lines.first?.baseline ?? 0))
                flow.beginStructure(header ? .tableHeader : .tableCell)
                flow.draw { p.draw(on: $0, topLeft: origin, lines: 0..<p.lines.count) }
                flow.endStructure()
                origins.append(origin)
                x += widths[i]
            }
            flow.endStructure()
            // Links are elements of their own in Cairo's tree: added once the row's cells are closed.
            for ((p, links), origin) in zip(cells, origins) {
                addLinks(links, paragraph: p, lineRange: 0..<p.lines.count, origin: origin)
            }
            flow.occupied(from: top, to: top + rowHeight, firstBaseline: top + gap + baseline)
            flow.y = top + rowHeight
            if underline {
                let rule = Rect(x: x0, y: flow.y - 0.25, width: total, height: 0.5)
                flow.draw { $0.fillRect(rule, .black) }
            }
        }
        let caption = try tableCaption(t, target: target, width: available - 20)
        let header = t.header.isEmpty ? nil : try cells(of: t.header, header: true)
        // The caption, the header and the first row start the table together.
        let first = try t.rows.first.map { try cells(of: $0, header: false) }
        flow.space(10)
        flow.need((caption.map { $0.paragraph.height + 4 } ?? 0) + (header.map(height) ?? 0) + (first.map(height) ?? 0))
        if let target {
            let at = Point(flow.left + indent, flow.y)
            flow.draw { $0.addAnchor(target.anchor, at: at) }
        }
        flow.beginStructure(.table)
        defer { flow.endStructure() }
        if let caption {
            place(caption.paragraph, links: caption.links, indent: indent + 10, role: .caption)
            flow.y += 4
        }
        if let header { draw(header, rule: true, underline: true, header: true) }
        for (r, row) in t.rows.enumerated() {
            let body = try r == 0 ? (first ?? []) : cells(of: row, header: false)
            let page = flow.page
            flow.need(height(body))
            let newPage = flow.page != page
            // A table that runs on to a new page repeats its header there.
            if newPage, let header { draw(header, rule: true, underline: true, header: true) }
            draw(body, rule: header == nil && (r == 0 || newPage), underline: false, header: false)
        }
        let bottomRule = Rect(x: x0, y: flow.y - 0.4, width: total, height: 0.8)
        flow.draw { $0.fillRect(bottomRule, .black) }
        flow.y += 8
    }

    /// "Table 2: caption" (or the caption alone for an unnumbered table), centred when it fits on
    /// one line; nil for a table with neither.
    func tableCaption(_ t: Table, target: Numbering.Target?, width: Double) throws
        -> (paragraph: RichParagraph, links: Links)?
    {
        var inlines: [Inline] = []
        if let target { inlines.append(.strong([.text("Table \(target.number)" + (t.caption.isEmpty ? "" : ":"))])) }
        if !t.caption.isEmpty { inlines += (inlines.isEmpty ? [] : [.text(" ")]) + t.caption }
        guard !inlines.isEmpty else { return nil }
        let font = Font.roman(9.5)
        let p = try paragraph(inlines, font: font, width: width, alignment: .justify)
        return p.paragraph.lines.count == 1 ? try paragraph(inlines, font: font, width: width, alignment: .center) : p
    }

    func tableCell(_ inlines: [Inline], _ t: Table, column: Int, font: Font, width: Double, bold: Bool) throws
        -> (paragraph: RichParagraph, links: Links)
    {
        let alignment: TextAlignment =
            switch t.alignments.indices.contains(column) ? t.alignments[column] : .none {
            case .center: .center
            case .right: .right
            case .left, .none: .left
            }
        return try paragraph(bold ? [.strong(inlines)] : inlines, font: font, width: width, alignment: alignment)
    }

    /// The type scale and column widths: natural widths at the largest type that fits; else, at the
    /// floor, each column keeps its longest word and shares the rest of the room in proportion to
    /// what wrapping takes from it; else the words break and the table is reported.
    func tableLayout(_ t: Table, columns: Int, available: Double, name target: Numbering.Target?) throws
        -> TableLayout
    {
        let allRows = [t.header] + t.rows
        /// Widest cell of each column at `scale`, padding included; `words` measures single words.
        func widths(_ scale: Double, words: Bool) throws -> [Double] {
            let layout = TableLayout(scale: scale, widths: [])
            var widest = [Double](repeating: 0, count: columns)
            for (r, row) in allRows.enumerated() {
                for (i, cell) in row.enumerated() where i < columns {
                    for piece in words ? Self.words(cell) : [cell] {
                        let p = try tableCell(piece, t, column: i, font: layout.font, width: 100_000, bold: r == 0)
                        widest[i] = max(widest[i], p.paragraph.naturalWidth + 2 * layout.pad)
                    }
                }
            }
            return widest
        }
        // Widths grow in proportion to the type, so one measurement finds the scale; a second checks
        // it, since glyph widths do not scale exactly.
        let natural = try widths(1, words: false)
        var scale = min(1, available / max(natural.reduce(0, +), 1))
        for _ in 0..<4 where scale >= Self.tableFloor {
            let measured = scale == 1 ? natural : try widths(scale, words: false)
            let total = measured.reduce(0, +)
            if total <= available + 0.01 { return TableLayout(scale: scale, widths: measured) }
            scale *= available / total * 0.999
        }
        scale = Self.tableFloor
        let wide = try widths(scale, words: false)
        let least = try widths(scale, words: true)
        let (sumWide, sumLeast) = (wide.reduce(0, +), least.reduce(0, +))
        if sumLeast <= available {
            let share = sumWide > sumLeast ? min(1, (available - sumLeast) / (sumWide - sumLeast)) : 0
            return TableLayout(scale: scale, widths: (0..<columns).map { least[$0] + (wide[$0] - least[$0]) * share })
        }
        var name =
            target?.referenceText
            ?? (t.caption.isEmpty ? PlainText.of(t.header.first ?? []) : PlainText.of(t.caption))
        if name.isEmpty { name = "a table without caption or header" }
        diagnostics.append(
            PublishDiagnostic(
                kind: .tableTooWide(table: String(name.prefix(60)), neededWidth: sumLeast, availableWidth: available),
                isError: false))
        // Each column keeps room in proportion to its longest word; Pango breaks words inside.
        return TableLayout(scale: scale, widths: least.map { $0 * available / sumLeast })
    }

    /// The words of a cell, each with its styling: the pieces a column cannot be narrower than.
    static func words(_ inlines: [Inline]) -> [[Inline]] {
        var out: [[Inline]] = []
        for x in inlines {
            switch x {
            case .text(let s): out += s.split(whereSeparator: \.isWhitespace).map { [.text(String($0))] }
            case .code(let s): out += s.split(whereSeparator: \.isWhitespace).map { [.code(String($0))] }
            case .emphasis(let c): out += words(c).map { [.emphasis($0)] }
            case .strong(let c): out += words(c).map { [.strong($0)] }
            case .strikethrough(let c): out += words(c).map { [.strikethrough($0)] }
            case .link(let url, let c): out += words(c).map { [.link(url: url, $0)] }
            case .math, .reference: out.append([x])
            case .lineBreak, .softBreak: break
            }
        }
        return out
    }
}
