import Graphics
import TeXMath

/// Writes a `Document` as one self-contained HTML page: CSS inline, figures and formulas as inline
/// SVG (formulas carry MathML for screen readers), no external resource of any kind.
public enum HTMLWriter {
    /// The page, or a `PublishError` when a reference points at an unknown label.
    public static func write(_ document: Document) throws -> String {
        let (html, diagnostics) = render(document)
        let errors = diagnostics.filter(\.isError)
        if !errors.isEmpty { throw PublishError(diagnostics: errors) }
        return html
    }

    /// The page and every problem found; unknown references show as red "??" instead of failing.
    public static func render(_ document: Document) -> (html: String, diagnostics: [PublishDiagnostic]) {
        var state = HTMLRenderer(document: document.isNumbered ? document : Numbering.resolve(document))
        let html = state.page()
        return (html, state.numbering.diagnostics + state.formulaDiagnostics)
    }
}

/// One run of the HTML writer over a resolved document: numbers and anchors are read off the nodes
/// (`Numbering.resolve`), references looked up in `numbering`.
struct HTMLRenderer {
    let document: Document
    let numbering: Numbering
    var out = ""
    var svgCount = 0
    var formulaDiagnostics: [PublishDiagnostic] = []
    var glyphs = SVGGlyphPool()
    /// Body text size the formulas are set at; their SVG is sized in em so it scales with the text.
    let mathSize = 10.0

    init(document: Document) {
        self.document = document
        numbering = Numbering(document)
    }

    mutating func page() -> String {
        out.reserveCapacity(1 << 16)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"Lectern\">\n<meta name=\"color-scheme\" content=\"light\">\n"
        if !document.author.isEmpty { out += "<meta name=\"author\" content=\"\(HTML.escape(document.author))\">\n" }
        out += "<title>\(HTML.escape(document.title))</title>\n<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n"
        // For keyboard and screen-reader users: past the title and contents straight to the text.
        out += "<a class=\"skip-link\" href=\"#content\">Skip to the content</a>\n"
        out += "<main>\n<header class=\"title-block\">\n<h1 class=\"title\">\(HTML.escape(document.title))</h1>\n"
        if !document.author.isEmpty { out += "<p class=\"author\">\(HTML.escape(document.author))</p>\n" }
        if !document.date.isEmpty { out += "<p class=\"date\">\(HTML.escape(document.date))</p>\n" }
        out += "</header>\n"
        let front = out
        out = ""
        if document.failed {
            out += "<div class=\"failed\" role=\"alert\">This companion is incomplete: a cell failed. "
            out += "Its error is shown where it happened.</div>\n"
        }
        tableOfContents()
        // Focusable by script only (tabindex -1), so the skip link moves the keyboard focus here too.
        out += "<div id=\"content\" tabindex=\"-1\">\n"
        blocks(document.blocks)
        out += "</div>\n</main>\n</body>\n</html>\n"
        // The shared glyph outlines are known only now; they go before everything that uses them.
        return front + glyphs.element + out
    }

    mutating func tableOfContents() {
        let sections = numbering.sections.filter { $0.level <= 3 }
        guard sections.count >= 2 else { return }
        let top = sections.map(\.level).min() ?? 1
        out += "<nav class=\"toc\" aria-label=\"Contents\">\n<h2 class=\"toc-title\">Contents</h2>\n<ol>\n"
        for s in sections {
            out += "<li class=\"toc-l\(s.level - top + 1)\"><a href=\"#\(HTML.escape(s.anchor))\">"
            out += "<span class=\"num\">\(s.number)</span> \(HTML.escape(PlainText.of(s.title)))</a></li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    // MARK: Blocks

    mutating func blocks(_ list: [Block]) {
        for b in list { block(b) }
    }

    mutating func block(_ b: Block) {
        switch b {
        case .heading(let level, let content, _, let target):
            let anchor = target?.anchor ?? "sec-" + Numbering.slug(PlainText.of(content))
            let h = min(level + 1, 6)
            out += "<h\(h) id=\"\(HTML.escape(anchor))\">"
            if let target { out += "<span class=\"num\">\(target.number)</span> " }
            inlines(content)
            out += "<a class=\"anchor\" href=\"#\(HTML.escape(anchor))\" aria-label=\"Link to this section\">#</a>"
            out += "</h\(h)>\n"
        case .paragraph(let content):
            element("p", content)
            out += "\n"
        case .bulletList(let items):
            out += "<ul>\n"
            listItems(items)
            out += "</ul>\n"
        case .orderedList(let start, let items):
            out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
            listItems(items)
            out += "</ol>\n"
        case .blockQuote(let inner):
            out += "<blockquote>\n"
            blocks(inner)
            out += "</blockquote>\n"
        case .codeBlock(let language, let code):
            let cls = language.map { " class=\"language-\(HTML.escape($0))\"" } ?? ""
            // tabindex: a listing wider than the page scrolls in its box, which the keyboard must reach.
            out += "<pre class=\"code\" tabindex=\"0\"><code\(cls)>\(HTML.escape(code))</code></pre>\n"
        case .table(let t):
            table(t)
        case .horizontalRule:
            out += "<hr>\n"
        case .displayMath(let tex, _, let target):
            out += "<div class=\"equation\""
            if let target { out += " id=\"\(HTML.escape(target.anchor))\"" }
            out += ">"
            math(tex, display: true)
            if let target { out += "<span class=\"eqno\">(\(target.number))</span>" }
            out += "</div>\n"
        case .figure(let figure):
            self.figure(figure)
        case .output(let text):
            out += "<pre class=\"output\" tabindex=\"0\">\(HTML.escape(text))</pre>\n"
        case .callout(let kind, let title, let inner):
            out += "<aside class=\"callout \(kind.rawValue)\">\n<p class=\"callout-title\">"
            out += HTML.escape(title ?? kind.displayName) + "</p>\n"
            blocks(inner)
            out += "</aside>\n"
        case .error(let message, let location):
            out += "<div class=\"error\" role=\"alert\"><p class=\"error-title\">Error"
            if let location { out += " at <code>\(HTML.escape(location.description))</code>" }
            out += "</p><pre tabindex=\"0\">\(HTML.escape(message))</pre></div>\n"
        }
    }

    mutating func listItems(_ items: [[Block]]) {
        for item in items {
            out += "<li>"
            // A tight item is one paragraph: show it without a <p> so the list stays compact.
            if item.count == 1, case .paragraph(let content) = item[0] {
                inlines(content)
            } else {
                out += "\n"
                blocks(item)
            }
            out += "</li>\n"
        }
    }

    mutating func table(_ t: Table) {
        func align(_ i: Int) -> String {
            switch t.alignments.indices.contains(i) ? t.alignments[i] : .none {
            case .left: " class=\"al-l\""
            case .center: " class=\"al-c\""
            case .right: " class=\"al-r\""
            case .none: ""
            }
        }
        let target = t.target
        // A numbered or captioned table is a figure of its own, caption above as is usual for tables;
        // only the table scrolls sideways in its box when it is wider than the page, never the caption.
        let captioned = target != nil || !t.caption.isEmpty
        if captioned {
            out += "<figure class=\"table\""
            if let target { out += " id=\"\(HTML.escape(target.anchor))\"" }
            out += ">\n<figcaption>"
            if let target {
                out += "<span class=\"fig-num\">Table \(target.number)\(t.caption.isEmpty ? "" : ":")</span> "
            }
            inlines(t.caption)
            out += "</figcaption>\n"
        }
        // A table wider than the page scrolls in this box; the keyboard reaches it and a screen
        // reader names it.
        let name = target.map { "Table \($0.number)" } ?? (t.caption.isEmpty ? "Table" : PlainText.of(t.caption))
        out += "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTML.escape(name))\"><table>\n"
        if !t.header.isEmpty {
            out += "<thead><tr>"
            for (i, cell) in t.header.enumerated() {
                out += "<th\(align(i))>"
                inlines(cell)
                out += "</th>"
            }
            out += "</tr></thead>\n"
        }
        out += "<tbody>\n"
        for row in t.rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += "<td\(align(i))>"
                inlines(cell)
                out += "</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        if captioned { out += "</figure>\n" }
    }

    mutating func figure(_ figure: Figure) {
        let target = figure.target
        out += "<figure"
        if let target { out += " id=\"\(HTML.escape(target.anchor))\"" }
        out += ">\n"
        svgCount += 1
        // The picture speaks what its data says; the figure's caption is its name through <figcaption>.
        let label = figure.dataDescription ?? figure.textAlternative
        do {
            // Sized in em against the PDF's 11 pt body text, so labels keep their size relative to the
            // prose on a phone and on a projector alike; CSS caps it at the column width.
            let em = fmt(figure.content.width / 11, digits: 2) + "em"
            let svg = try InlineSVG.render(
                figure.content, idPrefix: "svg\(svgCount)", width: em, height: nil,
                attributes: "role=\"img\" aria-label=\"\(HTML.escape(label))\"")
            out += glyphs.share(svg, prefix: "svg\(svgCount)-")
        } catch {
            out += "<p class=\"error\">The figure could not be drawn: \(HTML.escape(String(describing: error)))</p>"
        }
        out += "\n<figcaption>"
        if let target { out += "<span class=\"fig-num\">Figure \(target.number).</span> " }
        inlines(figure.caption)
        out += "</figcaption>\n</figure>\n"
    }

    // MARK: Inlines

    mutating func inlines(_ list: [Inline]) {
        for x in list { inline(x) }
    }

    /// `<tag>content</tag>`.
    mutating func element(_ tag: String, _ content: [Inline]) {
        out += "<\(tag)>"
        inlines(content)
        out += "</\(tag)>"
    }

    mutating func inline(_ x: Inline) {
        switch x {
        case .text(let t): out += HTML.escape(t)
        case .emphasis(let c): element("em", c)
        case .strong(let c): element("strong", c)
        case .strikethrough(let c): element("del", c)
        case .code(let t): out += "<code>\(HTML.escape(t))</code>"
        case .link(let url, let c):
            if HTML.isSafeLink(url) {
                out += "<a href=\"\(HTML.escape(url))\">"
                inlines(c)
                out += "</a>"
            } else {
                inlines(c)
            }
        case .math(let tex): math(tex, display: false)
        case .reference(let label):
            if let target = numbering.target(label) {
                out += "<a class=\"ref\" href=\"#\(HTML.escape(target.anchor))\">\(target.referenceText)</a>"
            } else {
                out +=
                    "<span class=\"ref-missing\" title=\"unknown label \(HTML.escape(label))\">??\(HTML.escape(label))</span>"
            }
        case .lineBreak: out += "<br>"
        case .softBreak: out += "\n"
        }
    }

    /// A formula as inline SVG sized in em, with MathML beside it for screen readers; a formula that
    /// does not typeset shows its source in red with the error.
    mutating func math(_ tex: String, display: Bool) {
        do {
            let rendered = try renderedFormula(tex, display: display)
            let cls = display ? "math display" : "math"
            out += "<span class=\"\(cls)\">\(rendered.svg)<span class=\"sr-only\">\(rendered.mathML)</span></span>"
        } catch {
            let message = (error as? TeXError)?.description ?? String(describing: error)
            formulaDiagnostics.append(PublishDiagnostic(kind: .badFormula(tex: tex, message: message), isError: false))
            let delim = display ? "$$" : "$"
            out +=
                "<span class=\"math-error\" title=\"\(HTML.escape(message))\"><code>\(delim)\(HTML.escape(tex))\(delim)</code>"
            out += " <span class=\"math-error-message\">(\(HTML.escape(message)))</span></span>"
        }
    }

    /// Id prefix of TeXMath's glyph paths: ids name glyphs, so all formulas share one set.
    static let mathGlyphPrefix = "lectern-math"
    /// Formulas already drawn: lectures repeat $x$, $z$ and their main equations many times.
    var formulaCache: [String: (svg: String, mathML: String)] = [:]

    mutating func renderedFormula(_ tex: String, display: Bool) throws -> (svg: String, mathML: String) {
        let key = (display ? "D" : "I") + tex
        if let known = formulaCache[key] { return known }
        let formula = try Formula.typeset(tex, display: display, fontSize: mathSize)
        let em = mathSize
        let style = display ? "" : " style=\"vertical-align:-\(fmt(formula.descent / em, digits: 4))em\""
        let width = fmt(formula.width / em, digits: 4) + "em"
        let height = fmt(formula.height / em, digits: 4) + "em"
        let attributes = "aria-hidden=\"true\"\(style)"
        // TeXMath writes the SVG itself, each outline once, straight from HarfBuzz; its glyph paths go to
        // the page's pool. Its ids name glyphs: one the pool could not take apart still draws right.
        let direct = formula.inlineSVG(
            idPrefix: Self.mathGlyphPrefix, width: width, height: height, attributes: attributes)
        let svg = glyphs.sharePaths(direct, prefix: Self.mathGlyphPrefix) ?? direct
        let result = (svg, htmlMathML(formula.mathML))
        formulaCache[key] = result
        return result
    }
}

extension String {
    /// Every occurrence of `target` replaced, in one pass over the bytes.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let bytes = Array(utf8)
        let t = Array(target.utf8)
        let r = Array(replacement.utf8)
        guard let first = t.first else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == first, i + t.count <= bytes.count, bytes[i..<(i + t.count)].elementsEqual(t) {
                out += r
                i += t.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension CalloutKind {
    /// "Note", "Warning", "Exercise", "Solution".
    public var displayName: String {
        switch self {
        case .note: "Note"
        case .warning: "Warning"
        case .exercise: "Exercise"
        case .solution: "Solution"
        }
    }
}

/// MathML as HTML5 embeds it: the parser puts `<math>` in its namespace, so the declaration goes.
private func htmlMathML(_ mathML: String) -> String {
    mathML.replacingOccurrences(of: " xmlns=\"http://www.w3.org/1998/Math/MathML\"", with: "")
}
