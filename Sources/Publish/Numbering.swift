/// Something a writer could not render as the author meant, reported so the notebook can name the cell.
public struct PublishDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `@label` points at nothing in the document.
        case unknownLabel(String)
        /// Two things carry the same label; each keeps its own number, references go to the first.
        case duplicateLabel(String)
        /// A formula that does not typeset; it is shown as red source.
        case badFormula(tex: String, message: String)
        /// A table wider than the handout's text even at its smallest type, so its cells break words
        /// inside. `table` names it ("Table 2", else its caption or first header cell); the widths are
        /// in points: what its unbroken words need, and what the page offers.
        case tableTooWide(table: String, neededWidth: Double, availableWidth: Double)
    }
    public var kind: Kind
    /// True when the output is wrong (an unknown or duplicate label), false for things shown in place
    /// (bad formulas, tables too wide for the page).
    public var isError: Bool

    public init(kind: Kind, isError: Bool) {
        self.kind = kind
        self.isError = isError
    }

    public var description: String {
        switch kind {
        case .unknownLabel(let l): "unknown label '\(l)': nothing in the document is labelled so"
        case .duplicateLabel(let l): "label '\(l)' is defined more than once; references go to the first"
        case .badFormula(let tex, let message): "formula '\(tex)' does not typeset: \(message)"
        case .tableTooWide(let table, let needed, let available):
            "table '\(table)' is too wide for the page even at \(Int(PDFRenderer.tableFloor * 100))% type: "
                + "its words need \(Int(needed.rounded())) pt of \(Int(available.rounded())) pt, so some break inside"
        }
    }
}

/// Writing failed because of the listed problems.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [PublishDiagnostic]
    public init(diagnostics: [PublishDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Numbers of sections, figures, labelled tables and labelled equations, and the anchor of each: the one
/// truth both writers take their "Figure 3" and their link targets from.
public struct Numbering: Sendable {
    /// A numbered thing a reference can point at.
    public struct Target: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case section, figure, equation, table }
        public var kind: Kind
        /// "2.1", "3", ...
        public var number: String
        /// Id in HTML and named destination in PDF.
        public var anchor: String
        /// How a reference shows it: "Section 2.1", "Figure 3", "Eq. (2)", "Table 1".
        public var referenceText: String {
            switch kind {
            case .section: "Section \(number)"
            case .figure: "Figure \(number)"
            case .equation: "Eq. (\(number))"
            case .table: "Table \(number)"
            }
        }
    }

    /// A heading in document order, for the table of contents and the PDF outline.
    public struct Section: Sendable, Equatable {
        public var level: Int
        public var number: String
        public var title: [Inline]
        public var anchor: String
    }

    public private(set) var sections: [Section] = []
    private(set) var byLabel: [String: Target] = [:]
    /// Anchors of headings, figures and equations in document order of discovery.
    private var headingAnchors: [String] = []
    private var figureTargets: [Target] = []
    /// The target of each display equation in order, nil for one without a label.
    private var equationTargets: [Target?] = []
    /// The target of each table in order, nil for one without a label (it is not numbered).
    private var tableTargets: [Target?] = []
    public private(set) var diagnostics: [PublishDiagnostic] = []
    private var usedAnchors: Set<String> = []

    public init(_ document: Document) {
        var counters = [Int](repeating: 0, count: 7)
        var figures = 0
        var equations = 0
        var tables = 0
        walk(document.blocks, counters: &counters, figures: &figures, equations: &equations, tables: &tables)
        for label in Self.references(in: document.blocks) where byLabel[label] == nil {
            let d = PublishDiagnostic(kind: .unknownLabel(label), isError: true)
            if !diagnostics.contains(d) { diagnostics.append(d) }
        }
    }

    /// The target of `label`, or nil when nothing carries it.
    public func target(_ label: String) -> Target? { byLabel[label] }

    /// Labels referenced in `blocks` that the document does not define, for per-cell reports.
    public func unresolvedLabels(in blocks: [Block]) -> [String] {
        var seen: [String] = []
        for l in Self.references(in: blocks) where byLabel[l] == nil && !seen.contains(l) { seen.append(l) }
        return seen
    }

    /// Errors only (unknown and duplicate labels).
    public var errors: [PublishDiagnostic] { diagnostics.filter(\.isError) }

    // The writers walk blocks in the same order as `walk`, asking for the next anchor of each kind.

    func headingAnchor(_ i: Int) -> String { headingAnchors.indices.contains(i) ? headingAnchors[i] : "sec-\(i)" }
    func figureTarget(_ i: Int) -> Target? { figureTargets.indices.contains(i) ? figureTargets[i] : nil }
    func equationTarget(_ i: Int) -> Target? { equationTargets.indices.contains(i) ? equationTargets[i] : nil }
    func tableTarget(_ i: Int) -> Target? { tableTargets.indices.contains(i) ? tableTargets[i] : nil }

    private mutating func unique(_ base: String) -> String {
        var candidate = base
        var n = 2
        while usedAnchors.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        usedAnchors.insert(candidate)
        return candidate
    }

    private mutating func define(_ label: String?, _ target: Target) {
        guard let label else { return }
        if byLabel[label] != nil {
            diagnostics.append(PublishDiagnostic(kind: .duplicateLabel(label), isError: true))
        } else {
            byLabel[label] = target
        }
    }

    private mutating func walk(
        _ blocks: [Block], counters: inout [Int], figures: inout Int, equations: inout Int, tables: inout Int
    ) {
        for block in blocks {
            switch block {
            case .heading(let level, let content, let label):
                let l = min(max(level, 1), 6)
                counters[l] += 1
                for deeper in (l + 1)..<counters.count { counters[deeper] = 0 }
                let top = sections.map(\.level).min().map { min($0, l) } ?? l
                let number = (top...l).map { String(counters[$0]) }.joined(separator: ".")
                let anchor = unique(label.map(Self.anchorSafe) ?? "sec-" + Self.slug(PlainText.of(content)))
                headingAnchors.append(anchor)
                sections.append(Section(level: l, number: number, title: content, anchor: anchor))
                define(label, Target(kind: .section, number: number, anchor: anchor))
            case .figure(let figure):
                figures += 1
                let anchor = unique(figure.label.map(Self.anchorSafe) ?? "fig-\(figures)")
                let target = Target(kind: .figure, number: String(figures), anchor: anchor)
                figureTargets.append(target)
                define(figure.label, target)
            case .displayMath(_, nil):
                equationTargets.append(nil)
            case .displayMath(_, let label?):
                equations += 1
                let target = Target(kind: .equation, number: String(equations), anchor: unique(Self.anchorSafe(label)))
                equationTargets.append(target)
                define(label, target)
            case .table(let table):
                guard let label = table.label else {
                    tableTargets.append(nil)
                    break
                }
                tables += 1
                let target = Target(kind: .table, number: String(tables), anchor: unique(Self.anchorSafe(label)))
                tableTargets.append(target)
                define(label, target)
            case .bulletList(let items), .orderedList(_, let items):
                for item in items {
                    walk(item, counters: &counters, figures: &figures, equations: &equations, tables: &tables)
                }
            case .blockQuote(let inner), .callout(_, _, let inner):
                walk(inner, counters: &counters, figures: &figures, equations: &equations, tables: &tables)
            default:
                break
            }
        }
    }

    /// Every label `blocks` define (headings, figures, equations, tables), in order and with repeats, so the
    /// notebook can name the cells that define one label twice.
    public static func labels(definedIn blocks: [Block]) -> [String] {
        var found: [String] = []
        func visit(_ bs: [Block]) {
            for b in bs {
                switch b {
                case .heading(_, _, let label?), .displayMath(_, let label?): found.append(label)
                case .figure(let f): if let label = f.label { found.append(label) }
                case .table(let t): if let label = t.label { found.append(label) }
                case .bulletList(let items), .orderedList(_, let items): items.forEach(visit)
                case .blockQuote(let inner), .callout(_, _, let inner): visit(inner)
                default: break
                }
            }
        }
        visit(blocks)
        return found
    }

    /// Every label referenced anywhere in `blocks`, in order.
    static func references(in blocks: [Block]) -> [String] {
        var found: [String] = []
        func inlines(_ xs: [Inline]) {
            for x in xs {
                switch x {
                case .reference(let l): found.append(l)
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): inlines(c)
                default: break
                }
            }
        }
        func visit(_ bs: [Block]) {
            for b in bs {
                switch b {
                case .heading(_, let c, _), .paragraph(let c): inlines(c)
                case .bulletList(let items), .orderedList(_, let items): items.forEach(visit)
                case .blockQuote(let inner), .callout(_, _, let inner): visit(inner)
                case .table(let t):
                    inlines(t.caption)
                    t.header.forEach(inlines)
                    t.rows.forEach { $0.forEach(inlines) }
                case .figure(let f): inlines(f.caption)
                default: break
                }
            }
        }
        visit(blocks)
        return found
    }

    /// Lower-case words joined by `-`: a readable, valid id.
    static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                if dash && !out.isEmpty { out.append("-") }
                out.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "section" : String(out.prefix(48))
    }

    /// A label as an id: letters, digits and `-_:.` kept, anything else turned into `-`.
    static func anchorSafe(_ label: String) -> String {
        String(label.map { $0.isASCII && (Labels.isLabelCharacter($0)) ? $0 : "-" })
    }
}

/// Inlines flattened to plain text (for bookmarks, the TOC, ids and metadata).
enum PlainText {
    static func of(_ inlines: [Inline]) -> String {
        inlines.map { x in
            switch x {
            case .text(let t), .code(let t): t
            case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, let c): of(c)
            case .math(let tex): tex
            case .reference(let l): l
            case .lineBreak, .softBreak: " "
            }
        }.joined()
    }
}
