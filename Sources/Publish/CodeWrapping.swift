/// Long lines of a code listing or a cell's output, folded to fit a page's width in a monospaced
/// font: a folded line continues on the next with a hanging indent and a mark, so nothing is cut off
/// and a reader sees where a line was broken.
enum CodeWrapping {
    /// Begins each continuation line.
    static let mark = "↪ "

    /// `text` with every line longer than `columns` characters folded; a line breaks after the last
    /// space or punctuation in its final third when there is one, else at the column.
    static func wrap(_ text: String, columns: Int) -> String {
        guard columns >= 8 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { fold(Array($0), columns: columns) }
            .joined(separator: "\n")
    }

    private static func fold(_ line: [Character], columns: Int) -> String {
        guard line.count > columns else { return String(line) }
        let indent = line.prefix { $0 == " " }.count
        // Continuations hang two columns deeper than the line they continue, capped so text always fits.
        let hang = String(repeating: " ", count: min(indent + 2, columns / 2)) + mark
        var pieces: [String] = []
        var rest = line[...]
        var width = columns
        while rest.count > width {
            var cut = rest.startIndex + width
            let earliest = rest.startIndex + width * 2 / 3
            if let space = rest[earliest..<cut].lastIndex(where: { " ,;.(".contains($0) }) {
                cut = space + 1
            }
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
            width = columns - hang.count
        }
        pieces.append(String(rest))
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : hang + $0.element }.joined(separator: "\n")
    }
}
