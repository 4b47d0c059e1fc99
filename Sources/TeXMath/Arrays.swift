import Graphics

/// Environments (`aligned`, `cases`, `matrix`, `array`...): LaTeX's `\halign` with struts, column
/// gaps from `\arraycolsep`, and the whole table centred on the math axis (`\vcenter`).
extension Typesetter {
    func array(_ array: MathArray, _ style: Style) throws -> Box {
        let em = size(style)
        // Cell style, row stretch, extra row gap (amsmath's \jot) and gaps between columns.
        let cellStyle: Style
        var stretch = 1.0
        var jot = 0.0
        var outerGap = 0.0
        let displayCells = array.kind == .aligned || array.kind == .gathered || array.name == "dcases"
        cellStyle =
            array.name == "substack"
            ? style
            : style.with(displayCells ? .display : (style.level == .display ? .text : style.level), cramped: false)
        switch array.kind {
        case .aligned, .gathered: jot = 0.3 * em
        case .cases: stretch = 1.2
        case .array: outerGap = 0.5 * em
        case .matrix: break
        }
        if array.name == "smallmatrix" { stretch = 0.5 }
        if array.name == "substack" {
            // Lines of a \substack sit a script baselineskip apart, without extra \jot.
            jot = 0
            stretch = 0.85
        }
        func gap(after column: Int) -> Double {
            switch array.kind {
            case .aligned: return column % 2 == 0 ? 0 : 1.0 * em
            case .cases: return 1.0 * em
            case .gathered: return 0
            case .array, .matrix: return 1.0 * em
            }
        }
        let columns = array.rows.map(\.count).max() ?? 0
        var cells: [[Box]] = []
        for row in array.rows {
            var boxes: [Box] = []
            for (j, cell) in row.enumerated() {
                var content = cell
                // amsmath starts each right-hand column of align with {} so `&=` spaces as a relation.
                if array.kind == .aligned, j % 2 == 1 { content.insert(Atom(.ord, .list([])), at: 0) }
                boxes.append(try list(content, cellStyle))
            }
            cells.append(boxes)
        }
        var widths = [Double](repeating: 0, count: columns)
        for row in cells {
            for (j, b) in row.enumerated() { widths[j] = max(widths[j], b.width) }
        }
        // LaTeX's array strut: 0.7 and 0.3 of a 1.2em baselineskip, times \arraystretch.
        let strutHeight = 0.7 * 1.2 * em * stretch
        let strutDepth = 0.3 * 1.2 * em * stretch
        var columnX: [Double] = []
        var x = outerGap
        for j in 0..<columns {
            columnX.append(x)
            x += widths[j]
            if j < columns - 1 { x += gap(after: j) }
        }
        let totalWidth = x + outerGap
        var out = Box(width: totalWidth)
        var y = 0.0  // baseline of the current row, downwards from the top
        var firstRow = true
        var rowTops: [Double] = []
        for row in cells {
            let h = max(strutHeight, row.map(\.height).max() ?? 0)
            let d = max(strutDepth, row.map(\.depth).max() ?? 0)
            y += firstRow ? 0 : jot
            rowTops.append(y)
            y += h
            firstRow = false
            for (j, b) in row.enumerated() {
                let alignment =
                    array.alignments.isEmpty ? .center : array.alignments[min(j, array.alignments.count - 1)]
                let slack = widths[j] - b.width
                let dx = columnX[j] + (alignment == .left ? 0 : (alignment == .right ? slack : slack / 2))
                out.place(b, dx: dx, dy: y)
            }
            y += d
        }
        // Centre the whole table on the axis: shift everything so its middle is at axis height.
        let total = y
        let top = total / 2 + axis(style)
        var centred = Box(width: totalWidth, height: top, depth: total - top)
        centred.place(out, dx: 0, dy: -top)
        let thickness = ruleThickness(style)
        rowTops.append(total)
        for row in array.horizontalRules where row < rowTops.count {
            let ry = min(max(rowTops[row] - thickness / 2, 0), total - thickness)
            centred.rules.append(RuleItem(x: 0, y: ry - top, width: totalWidth, height: thickness, color: style.color))
        }
        for column in array.verticalRules {
            let rx = column < 0 ? 0 : (columnX[min(column, columns - 1)] + widths[min(column, columns - 1)] + outerGap)
            centred.rules.append(
                RuleItem(x: rx - thickness / 2, y: -top, width: thickness, height: total, color: style.color))
        }
        return centred
    }
}
