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
///
/// `resolve` is the numbering pass: it puts a `Target` on each heading, figure, labelled table and
/// labelled display formula. `Numbering(document)` then only looks the numbers up (by label, and the
/// headings in order for contents and outline); nothing after the pass counts.
public struct Numbering: Sendable {
    /// A numbered thing a reference can point at.
    public struct Target: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Equatable, Codable { case section, figure, equation, table }
        public var kind: Kind
        /// "2.1", "3", ...
        public var number: String
        /// Id in HTML and named destination in PDF.
        public var anchor: String
        public init(kind: Kind, number: String, anchor: String) {
            self.kind = kind
            self.number = number
            self.anchor = anchor
        }
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
    public private(set) var diagnostics: [PublishDiagnostic] = []

    /// The numbers of `document`, resolving it first unless `resolve` already has.
    public init(_ document: Document) {
        let resolved = document.isNumbered ? document : Self.resolve(document)
        let defined: [(label: String?, target: Target, level: Int?, title: [Inline])] = resolved.query(blocks: {
            switch $0 {
            case .heading(let level, let content, let label, let target?):
                [(label, target, Self.clamped(level), content)]
            case .figure(let figure): figure.target.map { [(figure.label, $0, nil, [])] } ?? []
            case .table(let table): table.target.map { [(table.label, $0, nil, [])] } ?? []
            case .displayMath(_, let label, let target?): [(label, target, nil, [])]
            case .heading(_, _, _, nil), .displayMath(_, _, nil), .paragraph, .bulletList, .orderedList, .blockQuote,
                .codeBlock, .horizontalRule, .output, .callout, .error:
                []
            }
        })
        for (label, target, level, title) in defined {
            if let level {
                sections.append(Section(level: level, number: target.number, title: title, anchor: target.anchor))
            }
            guard let label else { continue }
            if byLabel[label] != nil {
                diagnostics.append(PublishDiagnostic(kind: .duplicateLabel(label), isError: true))
            } else {
                byLabel[label] = target
            }
        }
        for label in Self.references(in: resolved.blocks) where byLabel[label] == nil {
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

    /// The numbering pass: `document` with the number and anchor of each heading (1, 1.1, …, counted
    /// from the shallowest level seen so far), figure, labelled table and labelled display formula
    /// stored on it, in reading order. A label given twice numbers both things; references go to the
    /// first (`Numbering(document)` reports the second). Anchors are unique in the document.
    public static func resolve(_ document: Document) -> Document {
        var counters = [Int](repeating: 0, count: 7)
        var shallowest: Int? = nil
        var figures = 0
        var equations = 0
        var tables = 0
        var usedAnchors: Set<String> = []
        func unique(_ base: String) -> String {
            var candidate = base
            var n = 2
            while usedAnchors.contains(candidate) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            usedAnchors.insert(candidate)
            return candidate
        }
        var resolved = document.walk(blocks: { block in
            switch block {
            case .heading(let level, let content, let label, _):
                let l = clamped(level)
                counters[l] += 1
                for deeper in (l + 1)..<counters.count { counters[deeper] = 0 }
                let top = min(shallowest ?? l, l)
                shallowest = top
                let number = (top...l).map { String(counters[$0]) }.joined(separator: ".")
                let anchor = unique(label.map(anchorSafe) ?? "sec-" + slug(PlainText.of(content)))
                return .heading(
                    level: level, content, label: label, target: Target(kind: .section, number: number, anchor: anchor))
            case .figure(var figure):
                figures += 1
                let anchor = unique(figure.label.map(anchorSafe) ?? "fig-\(figures)")
                figure.target = Target(kind: .figure, number: String(figures), anchor: anchor)
                return .figure(figure)
            case .displayMath(let tex, let label?, _):
                equations += 1
                let target = Target(kind: .equation, number: String(equations), anchor: unique(anchorSafe(label)))
                return .displayMath(tex: tex, label: label, target: target)
            case .table(var table):
                guard let label = table.label else { return block }
                tables += 1
                table.target = Target(kind: .table, number: String(tables), anchor: unique(anchorSafe(label)))
                return .table(table)
            case .displayMath(_, nil, _), .paragraph, .bulletList, .orderedList, .blockQuote, .codeBlock,
                .horizontalRule, .output, .callout, .error:
                // Not numbered; the walk goes inside those that hold blocks.
                return block
            }
        })
        resolved.isNumbered = true
        return resolved
    }

    static func clamped(_ level: Int) -> Int { min(max(level, 1), 6) }

    /// Every label `blocks` define (headings, figures, equations, tables), in order and with repeats, so the
    /// notebook can name the cells that define one label twice.
    public static func labels(definedIn blocks: [Block]) -> [String] {
        blocks.query(blocks: { block in
            switch block {
            case .heading(_, _, let label?, _), .displayMath(_, let label?, _): [label]
            case .figure(let f): f.label.map { [$0] } ?? []
            case .table(let t): t.label.map { [$0] } ?? []
            case .heading(_, _, nil, _), .displayMath(_, nil, _), .paragraph, .bulletList, .orderedList,
                .blockQuote, .codeBlock, .horizontalRule, .output, .callout, .error:
                []
            }
        })
    }

    /// Every label referenced anywhere in `blocks`, in order.
    static func references(in blocks: [Block]) -> [String] {
        blocks.query(inlines: { inline in
            if case .reference(let label) = inline { [label] } else { [] }
        })
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
