import CCmark

/// A Markdown source cmark-gfm could not read.
public struct MarkdownError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads GitHub-flavoured Markdown with `$math$` into the document model.
///
/// Tables, strikethrough and autolinks come from cmark-gfm's extensions. Raw HTML is kept as text
/// (writers escape it), never passed through. `@fig:x`, `@eq:x`, `@sec:x` and `@tab:x` (or
/// `@tbl:x`) become references; `# Heading {#sec:x}` labels a heading and `$$...$$ {#eq:x}` an
/// equation.
public enum MarkdownReader {
    /// Parses `markdown` into blocks.
    public static func parse(_ markdown: String) throws -> [Block] {
        let math = MathProtection(markdown)
        cmark_gfm_core_extensions_ensure_registered()
        // Smart punctuation: curly quotes and apostrophes, en and em dashes in prose (never in code or math).
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART
        guard let parser = cmark_parser_new(options) else { throw MarkdownError(description: "cmark-gfm: no parser") }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        let bytes = Array(math.protected.utf8)
        bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { cbuf in
                cmark_parser_feed(parser, cbuf.baseAddress, cbuf.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            throw MarkdownError(description: "cmark-gfm could not parse the Markdown")
        }
        defer { cmark_node_free(root) }
        if let problem = MarkdownNesting.problem(in: root) { throw MarkdownError(description: problem) }
        let converter = Converter(spans: math.spans)
        return converter.blocks(childrenOf: root)
    }
}

/// Turns cmark's node tree into `Block`s and `Inline`s.
private final class Converter {
    let spans: [MathProtection.Span]
    /// cmark-gfm lists footnote definitions in the order of their first reference, numbered from 1.
    var footnotes = 0

    init(spans: [MathProtection.Span]) { self.spans = spans }

    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            result.append(c)
            child = cmark_node_next(c)
        }
        return result
    }

    func literal(_ node: OpaquePointer) -> String {
        guard let s = cmark_node_get_literal(node) else { return "" }
        return String(cString: s)
    }

    func typeName(_ node: OpaquePointer) -> String {
        guard let s = cmark_node_get_type_string(node) else { return "" }
        return String(cString: s)
    }

    func blocks(childrenOf node: OpaquePointer) -> [Block] {
        children(node).flatMap { block($0) }
    }

    func block(_ node: OpaquePointer) -> [Block] {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return paragraph(inlines(childrenOf: node))
        case CMARK_NODE_HEADING:
            var content = inlineOnly(inlines(childrenOf: node))
            let label = Labels.takeTrailingLabel(&content)
            return [.heading(level: Int(cmark_node_get_heading_level(node)), content, label: label)]
        case CMARK_NODE_BLOCK_QUOTE:
            return [.blockQuote(blocks(childrenOf: node))]
        case CMARK_NODE_LIST:
            let items = children(node).map { blocks(childrenOf: $0) }
            if cmark_node_get_list_type(node) == CMARK_ORDERED_LIST {
                return [.orderedList(start: Int(cmark_node_get_list_start(node)), items)]
            }
            return [.bulletList(items)]
        case CMARK_NODE_CODE_BLOCK:
            var code = restoreMathSource(literal(node))
            if code.hasSuffix("\n") { code.removeLast() }
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(separator: " ").first.map(String.init)
            return [.codeBlock(language: language, code)]
        case CMARK_NODE_HTML_BLOCK:
            var html = restoreMathSource(literal(node))
            if html.hasSuffix("\n") { html.removeLast() }
            return [.paragraph([.text(html)])]
        case CMARK_NODE_THEMATIC_BREAK:
            return [.horizontalRule]
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            // Footnotes become a small note at the place they are defined (the end of the text).
            footnotes += 1
            let body = blocks(childrenOf: node)
            return [.callout(.note, title: "Note \(footnotes)", body)]
        default:
            if typeName(node) == "table" { return [.table(table(node))] }
            return blocks(childrenOf: node)
        }
    }

    /// A paragraph, split where display formulas sit inside it.
    func paragraph(_ content: [Inline]) -> [Block] {
        var result: [Block] = []
        var current: [Inline] = []
        func flush() {
            while let f = current.first, f == .softBreak || f == .lineBreak { current.removeFirst() }
            while let l = current.last, l == .softBreak || l == .lineBreak { current.removeLast() }
            if current.contains(where: { !$0.isBlank }) { result.append(.paragraph(current)) }
            current = []
        }
        for item in content {
            if case .text(let t) = item, let display = displayMath(in: t) {
                flush()
                result.append(.displayMath(tex: display.tex, label: display.label))
            } else {
                current.append(item)
            }
        }
        flush()
        return result
    }

    /// `$$...$$` where no display block can go (a heading, a table cell) is set inline.
    func inlineOnly(_ content: [Inline]) -> [Inline] {
        content.map { item in
            if case .text(let t) = item, let display = displayMath(in: t) { return .math(display.tex) }
            return item
        }
    }

    /// The display formula a text node stands for (the splitter gives each its own node).
    func displayMath(in text: String) -> MathProtection.Span? {
        guard text.first == MathProtection.open, text.last == MathProtection.close,
            let index = Int(text.dropFirst().dropLast()), spans.indices.contains(index), spans[index].display
        else { return nil }
        return spans[index]
    }

    func table(_ node: OpaquePointer) -> Table {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [ColumnAlignment] = []
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for i in 0..<columns {
                switch UInt8(raw[i]) {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        for row in children(node) {
            let cells = children(row).map { inlineOnly(inlines(childrenOf: $0)) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        return Table(header: header, rows: rows, alignments: alignments)
    }

    func inlines(childrenOf node: OpaquePointer) -> [Inline] {
        Labels.mergeText(children(node).flatMap { inline($0) })
    }

    func inline(_ node: OpaquePointer) -> [Inline] {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            return text(literal(node))
        case CMARK_NODE_SOFTBREAK:
            return [.softBreak]
        case CMARK_NODE_LINEBREAK:
            return [.lineBreak]
        case CMARK_NODE_CODE:
            return [.code(restoreMathSource(literal(node)))]
        case CMARK_NODE_HTML_INLINE:
            return [.text(restoreMathSource(literal(node)))]
        case CMARK_NODE_EMPH:
            return [.emphasis(inlines(childrenOf: node))]
        case CMARK_NODE_STRONG:
            return [.strong(inlines(childrenOf: node))]
        case CMARK_NODE_LINK:
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            return [.link(url: restoreMathSource(url), inlines(childrenOf: node))]
        case CMARK_NODE_IMAGE:
            // Pictures from elsewhere would break the no-external-resource promise: keep the alt text.
            let alt = inlines(childrenOf: node)
            return [.emphasis([.text("[image: ")] + alt + [.text("]")])]
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            return [.text("[\(literal(node))]")]
        default:
            if typeName(node) == "strikethrough" { return [.strikethrough(inlines(childrenOf: node))] }
            return inlines(childrenOf: node)
        }
    }

    /// Text with math placeholders swapped back and `@kind:name` references split out.
    func text(_ raw: String) -> [Inline] {
        var result: [Inline] = []
        var plain = ""
        forEachPlaceholder(
            in: raw, plain: { plain += $0 },
            math: { index in
                result += Labels.references(in: plain)
                plain = ""
                let span = spans[index]
                if span.display {
                    // Kept as its own text node; `paragraph` lifts it out into a display block.
                    result.append(.text(String(MathProtection.open) + String(index) + String(MathProtection.close)))
                } else {
                    result.append(.math(span.tex))
                }
            })
        result += Labels.references(in: plain)
        return result
    }

    /// Code and raw HTML show the formula's source, dollars included, as the author typed it.
    func restoreMathSource(_ s: String) -> String {
        guard s.contains(MathProtection.open) else { return s }
        var out = ""
        forEachPlaceholder(
            in: s, plain: { out += $0 },
            math: { index in
                let span = spans[index]
                out += span.display ? "$$\(span.tex)$$" : "$\(span.tex)$"
            })
        return out
    }

    /// Walks `s`, handing the text between math placeholders to `plain` and each placeholder's span index
    /// to `math`; a marker that is no placeholder is dropped.
    private func forEachPlaceholder(in s: String, plain: (Substring) -> Void, math: (Int) -> Void) {
        var rest = Substring(s)
        while let open = rest.firstIndex(of: MathProtection.open) {
            plain(rest[..<open])
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: MathProtection.close),
                let index = Int(rest[afterOpen..<close]), spans.indices.contains(index)
            else {
                rest = rest[afterOpen...]
                continue
            }
            math(index)
            rest = rest[rest.index(after: close)...]
        }
        plain(rest)
    }
}

extension Inline {
    /// True for text that shows nothing (spaces, breaks).
    var isBlank: Bool {
        switch self {
        case .text(let t): t.allSatisfy(\.isWhitespace)
        case .softBreak, .lineBreak: true
        default: false
        }
    }
}
