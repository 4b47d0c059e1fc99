import Foundation

/// What is wrong with a `DataTable`'s content.
struct TableContentError: Error, CustomStringConvertible {
    let description: String
}

/// Turns a `DataTable`'s strings into a document table.
enum TableMaking {
    static func table(_ content: TableContent, caption: [Inline], label: String?) throws -> Table {
        let width = content.header.count
        guard width > 0 else { throw TableContentError(description: "the table has no columns (an empty header)") }
        for (index, row) in content.rows.enumerated() where row.count != width {
            throw TableContentError(
                description: "row \(index + 1) has \(row.count) cells, the header has \(width)")
        }
        if let alignments = content.alignments, alignments.count != width {
            throw TableContentError(
                description: "\(alignments.count) alignments given for \(width) columns")
        }
        let alignments =
            content.alignments
            ?? (0..<width).map { column in
                let cells = content.rows.map { $0[column] }.filter { !$0.isEmpty }
                return !cells.isEmpty && cells.allSatisfy(isNumber) ? .right : .left
            }
        return Table(
            header: content.header.map(CellRunner.inlines), rows: content.rows.map { $0.map(CellRunner.inlines) },
            alignments: alignments, caption: caption, label: label)
    }

    /// `0.87`, `-1.2`, `87.4%`, `60,000`, `1e-3`: a number as prose quotes it.
    static func isNumber(_ text: String) -> Bool {
        var plain = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        plain = plain.replacingOccurrences(of: "\u{2212}", with: "-")
        if plain.hasSuffix("%") { plain.removeLast() }
        return Double(plain) != nil
    }
}
