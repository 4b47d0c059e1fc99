import Graphics

/// Booktabs-style tables in the PDF: natural column widths shrunk to fit, header repeated on each page.
extension PDFRenderer {
    func table(_ t: Table, indent: Double) throws {
        let available = flow.textWidth - indent
        let columns = max(t.header.count, t.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return }
        let pad = 6.0
        let font = Font.roman(10)
        func alignment(_ i: Int) -> TextAlignment {
            switch t.alignments.indices.contains(i) ? t.alignments[i] : .none {
            case .center: .center
            case .right: .right
            default: .left
            }
        }
        func cell(_ inlines: [Inline], _ width: Double, _ col: Int, bold: Bool) throws -> (RichParagraph, Links) {
            let content: [Inline] = bold ? [.strong(inlines)] : inlines
            let p = try paragraph(content, font: font, width: width, alignment: alignment(col))
            return (p.paragraph, p.links)
        }
        // Natural widths, then shrink the widest columns until the table fits.
        var natural = [Double](repeating: 0, count: columns)
        let allRows = [t.header] + t.rows
        for (r, row) in allRows.enumerated() {
            for (i, c) in row.enumerated() where i < columns {
                let (p, _) = try cell(c, 10_000, i, bold: r == 0)
                natural[i] = max(natural[i], p.naturalWidth + 2 * pad)
            }
        }
        var widths = natural
        if widths.reduce(0, +) > available {
            var budget = available
            var open = Array(0..<columns)
            while !open.isEmpty {
                let share = budget / Double(open.count)
                let small = open.filter { natural[$0] <= share }
                if small.isEmpty {
                    for i in open { widths[i] = share }
                    break
                }
                for i in small {
                    widths[i] = natural[i]
                    budget -= natural[i]
                }
                open.removeAll { small.contains($0) }
            }
        }
        let total = widths.reduce(0, +)
        let x0 = flow.left + indent + (available - total) / 2
        flow.space(10)
        func cells(of row: [[Inline]], header: Bool) throws -> [(RichParagraph, Links)] {
            try (0..<columns).map { i in try cell(i < row.count ? row[i] : [], widths[i] - 2 * pad, i, bold: header) }
        }
        func firstBaseline(_ cells: [(RichParagraph, Links)]) -> Double {
            cells.map { $0.0.lines.first?.baseline ?? 0 }.max() ?? 0
        }
        func height(_ cells: [(RichParagraph, Links)]) -> Double {
            let baseline = firstBaseline(cells)
            return (cells.map { baseline - ($0.0.lines.first?.baseline ?? 0) + $0.0.height }.max() ?? 0) + 6
        }
        /// Draws one row at the cursor; `rule` draws a thick rule above it (top of the table or page).
        func draw(_ cells: [(RichParagraph, Links)], rule: Bool, underline: Bool) {
            let rowHeight = height(cells)
            let baseline = firstBaseline(cells)
            let c = flow.current()
            let top = flow.y
            if rule { c.fillRect(Rect(x: x0, y: top - 0.4, width: total, height: 0.8), .black) }
            var x = x0
            for (i, (p, links)) in cells.enumerated() {
                // Cells share the baseline of their first lines (a lone formula has no font ascent).
                let origin = Point(x + pad, top + 3 + baseline - (p.lines.first?.baseline ?? 0))
                p.draw(on: c, topLeft: origin, lines: 0..<p.lines.count)
                addLinks(links, paragraph: p, lineRange: 0..<p.lines.count, origin: origin)
                x += widths[i]
            }
            flow.occupied(from: top, to: top + rowHeight, firstBaseline: top + 3 + baseline)
            flow.y = top + rowHeight
            if underline { c.fillRect(Rect(x: x0, y: flow.y - 0.25, width: total, height: 0.5), .black) }
        }
        let header = t.header.isEmpty ? nil : try cells(of: t.header, header: true)
        // The header and the first row start the table together.
        let first = t.rows.first.map { try? cells(of: $0, header: false) } ?? nil
        flow.need((header.map(height) ?? 0) + (first.map(height) ?? 0))
        if let header { draw(header, rule: true, underline: true) }
        for (r, row) in t.rows.enumerated() {
            let body = r == 0 ? (first ?? []) : try cells(of: row, header: false)
            let page = flow.page
            flow.need(height(body))
            let newPage = flow.page != page
            // A table that runs on to a new page repeats its header there.
            if newPage, let header { draw(header, rule: true, underline: true) }
            draw(body, rule: header == nil && (r == 0 || newPage), underline: false)
        }
        flow.current().fillRect(Rect(x: x0, y: flow.y - 0.4, width: total, height: 0.8), .black)
        flow.y += 8
    }
}
