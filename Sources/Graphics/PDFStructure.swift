import CCairo

/// The kinds of element in a tagged PDF's structure tree that Lectern's handouts use (PDF 1.7,
/// 14.8.4, the standard structure types). Screen readers announce them: "heading level 2", "list of
/// 3 items", "table with 4 rows", "figure", and read a figure's or formula's alternate text.
public enum StructureRole: String, Sendable {
    case section = "Sect"
    case heading1 = "H1", heading2 = "H2", heading3 = "H3", heading4 = "H4", heading5 = "H5", heading6 = "H6"
    case paragraph = "P"
    case list = "L", listItem = "LI", listLabel = "Lbl", listBody = "LBody"
    case table = "Table", tableRow = "TR", tableHeader = "TH", tableCell = "TD"
    case figure = "Figure", formula = "Formula", caption = "Caption"
    case contents = "TOC", contentsItem = "TOCI"
    case code = "Code", blockQuote = "BlockQuote", division = "Div"

    /// The heading role of `level` (1…6; deeper levels are H6).
    public static func heading(_ level: Int) -> StructureRole {
        [.heading1, .heading2, .heading3, .heading4, .heading5, .heading6][min(max(level, 1), 6) - 1]
    }

    /// Elements that hold drawn content. Cairo 1.16 keeps only the child elements of an element that
    /// has both, so content goes into these and the others hold elements only.
    var holdsContent: Bool {
        switch self {
        case .section, .list, .listItem, .listBody, .table, .tableRow, .contents, .blockQuote, .division: false
        default: true
        }
    }
}

/// The open elements of a PDF's structure tree, kept so that a page break can close them (the
/// running header and page number then stay outside the tree: Cairo 1.16 has no artifacts) and open
/// them again on the next page.
///
/// Container elements are begun lazily, when the first content inside them is, so a page break
/// between a list's start and its first line leaves no empty list behind.
final class PDFStructure {
    struct Open {
        var role: StructureRole
        var alternate: String?
        var begun: Bool
    }

    private let cr: OpaquePointer
    private(set) var open: [Open] = []
    /// The alternate text of each element that has one, in the order Cairo numbered them: the order
    /// in which they were begun.
    private(set) var alternates: [(role: StructureRole, text: String)] = []
    /// Whether any element was begun, which makes Cairo write a structure tree.
    private(set) var isTagged = false

    init(cr: OpaquePointer) { self.cr = cr }

    func begin(_ role: StructureRole, alternate: String?) {
        open.append(Open(role: role, alternate: alternate, begun: false))
        if role.holdsContent { beginPending() }
    }

    func end() {
        guard let last = open.popLast() else { return }
        if last.begun { cairo_tag_end(cr, last.role.rawValue) }
    }

    /// Ends every open element in Cairo and hands them back, to be opened again by `resume`.
    func suspend() -> [Open] {
        let saved = open
        for element in open.reversed() where element.begun { cairo_tag_end(cr, element.role.rawValue) }
        open = []
        return saved.map { Open(role: $0.role, alternate: $0.alternate, begun: false) }
    }

    func resume(_ saved: [Open]) {
        open += saved
        if open.last?.role.holdsContent == true { beginPending() }
    }

    private func beginPending() {
        for i in open.indices where !open[i].begun {
            cairo_tag_begin(cr, open[i].role.rawValue, "")
            open[i].begun = true
            isTagged = true
            if let text = open[i].alternate { alternates.append((open[i].role, text)) }
        }
    }
}
