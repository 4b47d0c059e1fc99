import Graphics
import TeXMath

/// Writes a `Document` as a PDF handout straight onto Cairo's PDF surface: Pango text in Latin
/// Modern (embedded), formulas and figures drawn as vectors, outline, internal links, page numbers.
public enum PDFWriter {
    /// The PDF bytes, or a `PublishError` when a reference points at an unknown label.
    public static func write(_ document: Document, paper: PaperSize = .a4) throws -> [UInt8] {
        let (bytes, diagnostics) = try render(document, paper: paper)
        let errors = diagnostics.filter(\.isError)
        if !errors.isEmpty { throw PublishError(diagnostics: errors) }
        return bytes
    }

    /// The PDF and every problem found; unknown references show as red "??label" instead of failing.
    public static func render(_ document: Document, paper: PaperSize = .a4) throws
        -> (bytes: [UInt8], diagnostics: [PublishDiagnostic])
    {
        let document = document.isNumbered ? document : Numbering.resolve(document)
        let numbering = Numbering(document)
        // The table of contents shows page numbers, known only once the pages are laid out: the whole
        // document is laid out first, then drawn, and the contents' numbers are read as they are drawn.
        let renderer = PDFRenderer(document: document, numbering: numbering, paper: paper)
        try renderer.run()
        renderer.flow.drawPages()
        let bytes = try renderer.pdf.finish()
        return (bytes, numbering.diagnostics + renderer.diagnostics)
    }
}

/// One run of the PDF writer.
final class PDFRenderer {
    let document: Document
    let numbering: Numbering
    let pdf: PDFDocument
    let flow: PageFlow
    /// Problems found while drawing: formulas that do not typeset, tables too wide for the page.
    var diagnostics: [PublishDiagnostic] = []
    /// Outline item ids of the latest heading at each level, for nesting bookmarks.
    var outlineParents: [(level: Int, id: Int)] = []
    /// Page of each section's anchor, complete once the document is laid out: the contents read it
    /// when they are drawn.
    var sectionPages: [String: Int] = [:]

    // The handout's type: 11 pt Latin Modern Roman, 9 pt mono for code.
    let bodySize = 11.0
    let body = Font.roman(11)
    let mono = Font.mono(9)
    /// The width of one character of `mono`, to fold code lines to the column.
    let monoAdvance = TextLayout(String(repeating: "0", count: 10), font: .mono(9)).width / 10
    let paragraphGap = 6.0

    init(document: Document, numbering: Numbering, paper: PaperSize) {
        self.document = document
        self.numbering = numbering
        let subject = document.author.isEmpty ? "Lecture companion" : "Lecture companion by \(document.author)"
        pdf = PDFDocument(
            pageSize: paper.size,
            metadata: .init(
                title: document.title, author: document.author, subject: subject, date: document.date,
                language: "en"))
        flow = PageFlow(pdf: pdf, paper: paper.size, runningTitle: document.title)
    }

    /// Figures that did not fit where they stood; they open the next page, as LaTeX floats do.
    var deferredFigures: [PreparedFigure] = []

    func run() throws {
        flow.onNewPage = { [unowned self] in self.placeDeferredFigures() }
        try titleBlock()
        try tableOfContents()
        try blocks(document.blocks, indent: 0)
        if !flow.hasPage { flow.newPage() }
        while !deferredFigures.isEmpty {
            // Room left on the last page: place what fits, then start pages for the rest.
            let f = deferredFigures[0]
            if f.height > flow.remaining - 12 {
                flow.newPage()
            } else {
                deferredFigures.removeFirst()
                flow.space(12)
                placeFigure(f)
            }
        }
    }

    // MARK: Title, contents

    func titleBlock() throws {
        flow.newPage()
        // The first element begun must be a top-level one for Cairo to mark the PDF as tagged.
        flow.beginStructure(.section)
        defer { flow.endStructure() }
        flow.y += 10
        let title = try paragraph(
            [.text(document.title)], font: Font.roman(20).bold(), width: flow.textWidth,
            alignment: .center)
        place(title.paragraph, links: title.links, indent: 0)
        let titleAnchor = Point(flow.left, flow.top)
        flow.draw { $0.addAnchor("title", at: titleAnchor) }
        if !document.author.isEmpty {
            flow.space(8)
            let author = try paragraph(
                [.text(document.author)], font: Font.roman(12), width: flow.textWidth,
                alignment: .center)
            place(author.paragraph, links: [], indent: 0)
        }
        if !document.date.isEmpty {
            flow.space(4)
            let date = try paragraph(
                [.text(document.date)], font: Font.roman(11), width: flow.textWidth,
                alignment: .center)
            place(date.paragraph, links: [], indent: 0)
        }
        flow.y += 18
        if document.failed {
            try callout(
                color: Color(hex: 0xB3261E), title: "Incomplete",
                body: [.paragraph([.text("A cell failed; its error is shown where it happened.")])], indent: 0)
        }
    }

    static func contentsSections(_ numbering: Numbering) -> [Numbering.Section] {
        let top = numbering.sections.map(\.level).min() ?? 1
        return numbering.sections.filter { $0.level <= top + 1 }
    }

    static func showsContents(_ numbering: Numbering) -> Bool { contentsSections(numbering).count >= 2 }

    func tableOfContents() throws {
        let sections = Self.contentsSections(numbering)
        guard sections.count >= 2 else { return }
        let top = sections.map(\.level).min() ?? 1
        flow.space(6)
        let heading = try paragraph(
            [.text("Contents")], font: Font.roman(13).bold(), width: flow.textWidth,
            alignment: .left)
        flow.need(heading.paragraph.height + 40)
        place(heading.paragraph, links: [], indent: 0, role: .heading1)
        flow.space(4)
        flow.beginStructure(.contents)
        defer { flow.endStructure() }
        for s in sections {
            let indent = Double(s.level - top) * 18
            var m = PDFMarkup(numbering: numbering, fontSize: bodySize)
            m.open(s.level == top ? "<b>" : "")
            m.text(s.number + "  ")
            m.inlines(s.title)
            m.open(s.level == top ? "</b>" : "")
            diagnostics += m.diagnostics
            let p = try RichParagraph(
                markup: m.markup, inline: m.drawables, font: body,
                width: flow.textWidth - indent - 30, alignment: .left)
            flow.space(s.level == top ? 3 : 1)
            let links = [(range: 0..<m.textBytes, target: PDFMarkup.LinkTarget.anchor(s.anchor))]
            do {
                let right = flow.right
                // Dot leaders from the end of the entry's first line to its page number.
                let textEnd = flow.left + indent + (p.lines.first?.width ?? 0)
                let dot = TextLayout(".", font: body, color: Color(gray: 0.45))
                let pitch = 5.0
                let font = s.level == top ? body.bold() : body
                let anchor = s.anchor
                // Drawn once every page is laid out, when the section's page is known.
                flow.pendingMarker = { [unowned self] canvas, baseline in
                    guard let page = self.sectionPages[anchor] else { return }
                    let number = TextLayout(String(page), font: font)
                    number.draw(on: canvas, at: Point(right - number.width, baseline))
                    // Dots on a fixed grid, so that the leaders of all entries line up.
                    var x = ((textEnd + 6) / pitch).rounded(.up) * pitch
                    while x + dot.width < right - number.width - 6 {
                        dot.draw(on: canvas, at: Point(x, baseline))
                        x += pitch
                    }
                }
            }
            place(p, links: links, indent: indent, role: .contentsItem)
            flow.pendingMarker = nil
        }
        flow.y += 14
    }

    // MARK: Blocks

    func blocks(_ list: [Block], indent: Double) throws {
        for (i, b) in list.enumerated() {
            try block(b, indent: indent, next: i + 1 < list.count ? list[i + 1] : nil)
        }
    }

    func block(_ b: Block, indent: Double, next: Block?) throws {
        let width = flow.textWidth - indent
        switch b {
        case .heading(let level, let content, _, let target):
            try heading(level: level, content, target: target, indent: indent, next: next)
        case .paragraph(let content):
            flow.space(paragraphGap)
            let p = try paragraph(content, font: body, width: width, alignment: .justify)
            // A short lead-in (a Run cell's title) stays on the page of the code it introduces: room for
            // it and the listing's first lines, or both move on.
            if case .codeBlock(_, let code) = next, p.paragraph.lines.count <= 2 {
                // A listing of up to a third of a page moves whole (see `preformatted`); a longer one splits.
                let listing = Double(code.split(separator: "\n", omittingEmptySubsequences: false).count) * 11 + 10
                flow.need(p.paragraph.height + paragraphGap + (listing <= (flow.bottom - flow.top) / 3 ? listing : 54))
            }
            place(p.paragraph, links: p.links, indent: indent)
        case .bulletList(let items):
            try list(items, indent: indent) { _ in "•" }
        case .orderedList(let start, let items):
            try list(items, indent: indent) { "\(start + $0)." }
        case .blockQuote(let inner):
            flow.bars.append(.init(x: flow.left + indent + 2, color: Color(gray: 0.75), width: 2))
            flow.beginStructure(.blockQuote)
            try blocks(inner, indent: indent + 16)
            flow.endStructure()
            flow.bars.removeLast()
        case .codeBlock(_, let code):
            try preformatted(code, indent: indent, background: Color(hex: 0xF4F4F1), bar: nil)
        case .table(let t):
            try table(t, indent: indent)
        case .horizontalRule:
            flow.space(8)
            flow.need(8)
            let rule = Rect(x: flow.left + indent + width * 0.25, y: flow.y + 4, width: width * 0.5, height: 0.5)
            flow.draw { $0.fillRect(rule, Color(gray: 0.6)) }
            flow.occupied(from: flow.y, to: flow.y + 8, firstBaseline: flow.y + 8)
            flow.y += 8
        case .displayMath(let tex, _, let target):
            try displayMath(tex, target: target, indent: indent)
        case .figure(let f):
            try figure(f, indent: indent)
        case .output(let text):
            try preformatted(text, indent: indent, background: Color(hex: 0xFAFAFA), bar: Color(gray: 0.8))
        case .callout(let kind, let title, let inner):
            try callout(color: kind.color, title: title ?? kind.displayName, body: inner, indent: indent)
        case .error(let message, let location):
            let color = Color(hex: 0xB3261E)
            flow.space(paragraphGap)
            flow.bars.append(.init(x: flow.left + indent, color: color, width: 3))
            flow.beginStructure(.division)
            defer { flow.endStructure() }
            var title: [Inline] = [.strong([.text("Error")])]
            if let location { title += [.text(" at "), .code(location.description)] }
            let t = try paragraph(title, font: body, width: width - 12, alignment: .left, color: color)
            // The title stays with the start of the message.
            flow.need(t.paragraph.height + 3 * 11)
            place(t.paragraph, links: [], indent: indent + 12)
            try preformatted(message, indent: indent + 12, background: nil, bar: nil)
            flow.bars.removeLast()
        }
    }

    func heading(
        level: Int, _ content: [Inline], target section: Numbering.Target?, indent: Double, next: Block?
    ) throws {
        let anchor = section?.anchor ?? "sec-" + Numbering.slug(PlainText.of(content))
        let sizes = [15.5, 13.0, 11.5, 11.0, 11.0, 11.0]
        let size = sizes[min(max(level, 1), 6) - 1]
        var m = PDFMarkup(numbering: numbering, fontSize: size)
        m.open("<b>")
        if let section { m.text(section.number + "   ") }
        m.inlines(content)
        m.open("</b>")
        diagnostics += m.diagnostics
        let p = try RichParagraph(
            markup: m.markup, inline: m.drawables, font: Font.roman(size),
            width: flow.textWidth - indent, alignment: .left)
        flow.space(level <= 1 ? 20 : 14)
        // A heading never ends a page: it needs room for itself and three lines of what follows.
        let below = try keptBelowTitle(next, width: flow.textWidth - indent, lines: 3)
        flow.need(p.height + 3 + paragraphGap + below)
        let anchorPoint = Point(flow.left + indent, flow.y)
        flow.draw { $0.addAnchor(anchor, at: anchorPoint) }
        sectionPages[anchor] = flow.page
        let title = ControlPictures.pictures(PlainText.of(content))
        let full = section.map { "\($0.number) \(title)" } ?? title
        while let last = outlineParents.last, last.level >= level { outlineParents.removeLast() }
        let id = pdf.addOutline(full, anchor: anchor, parent: outlineParents.last?.id ?? 0, open: level <= 1)
        outlineParents.append((level, id))
        if level <= 2 { flow.currentSection = full }
        place(p, links: m.links, indent: indent, role: .heading(level))
        flow.y += 3
    }

    func list(_ items: [[Block]], indent: Double, marker: (Int) -> String) throws {
        let labelWidth = 18.0
        flow.beginStructure(.list)
        defer { flow.endStructure() }
        for (i, item) in items.enumerated() {
            flow.beginStructure(.listItem)
            let label = TextLayout(marker(i), font: body)
            let x = flow.left + indent + labelWidth - 5 - label.width
            flow.pendingMarker = { canvas, baseline in label.draw(on: canvas, at: Point(x, baseline)) }
            if i > 0 { flow.space(2) }
            // The first paragraph of an item sits tight under the previous item.
            var inner = item
            if case .paragraph(let content)? = inner.first {
                flow.space(i == 0 ? paragraphGap : 0)
                let p = try paragraph(
                    content, font: body, width: flow.textWidth - indent - labelWidth,
                    alignment: .justify)
                // The marker, its label element and the item's body open where the first line goes.
                place(p.paragraph, links: p.links, indent: indent + labelWidth, opensListBody: true)
                inner.removeFirst()
            } else {
                flow.beginStructure(.listBody)
            }
            try blocks(inner, indent: indent + labelWidth)
            flow.pendingMarker = nil
            flow.endStructure()  // LBody
            flow.endStructure()  // LI
        }
    }

    func callout(color: Color, title: String, body inner: [Block], indent: Double) throws {
        flow.space(paragraphGap + 2)
        let t = try paragraph(
            [.strong([.text(title)])], font: body, width: flow.textWidth - indent - 12,
            alignment: .left, color: color)
        // The title stays with two lines of what it introduces.
        let below = try keptBelowTitle(inner.first, width: flow.textWidth - indent - 12, lines: 2)
        flow.need(t.paragraph.height + paragraphGap + below)
        flow.bars.append(.init(x: flow.left + indent, color: color, width: 3))
        flow.beginStructure(.division)
        place(t.paragraph, links: [], indent: indent + 12)
        try blocks(inner, indent: indent + 12)
        flow.endStructure()
        flow.bars.removeLast()
        flow.y += 2
    }

    /// The room a title (a heading, a callout's title) keeps below it on its page: `lines` lines of
    /// text, or more when `next` is a paragraph whose first lines are taller or that must move whole.
    /// A paragraph of up to three lines is never split (one line alone is a widow or an orphan), so
    /// the title needs room for all of it, or it would be left alone at the page's bottom.
    func keptBelowTitle(_ next: Block?, width: Double, lines: Double) throws -> Double {
        let usual = lines * bodySize * 1.25
        guard case .paragraph(let content)? = next else { return usual }
        let reported = diagnostics.count
        let p = try paragraph(content, font: body, width: width, alignment: .justify).paragraph
        diagnostics.removeSubrange(reported...)  // reported when the paragraph is placed
        guard p.lines.count > 0 else { return usual }
        let kept = p.lines.count <= 3 ? p.lines.count - 1 : 1
        return max(usual, p.lines[kept].top + p.lines[kept].height - p.lines[0].top)
    }

    /// Code or cell output: mono lines, split across pages line by line.
    func preformatted(_ text: String, indent: Double, background: Color?, bar: Color?) throws {
        flow.space(paragraphGap)
        let pad = background == nil ? 0.0 : 5.0
        // A printed line ends in a newline; laid out, it would add an empty last line to the box.
        var shown = Substring(text)
        while shown.last == "\n" { shown = shown.dropLast() }
        let width = flow.textWidth - indent - 2 * pad - (bar == nil ? 0 : 4)
        let columns = Int(width / monoAdvance)
        let folded = CodeWrapping.wrap(shown.isEmpty ? " " : String(shown), columns: columns)
        let markup = ControlPictures.pangoMarkup(folded).markup
        let p = try RichParagraph(markup: markup, inline: [], font: mono, width: width, alignment: .left)
        // A short listing is not split: up to a third of a page moves whole to the next page.
        let total = p.height + 2 * pad
        if total <= (flow.bottom - flow.top) / 3 { flow.need(total) }
        if let bar { flow.bars.append(.init(x: flow.left + indent, color: bar, width: 2)) }
        place(
            p, links: [], indent: indent + pad + (bar == nil ? 0 : 4), background: background, padding: pad,
            role: .code)
        if bar != nil { flow.bars.removeLast() }
    }

    func displayMath(_ tex: String, target: Numbering.Target?, indent: Double) throws {
        let width = flow.textWidth - indent
        flow.space(8)
        let drawable: any Drawable
        do {
            drawable = try Formula.typeset(tex, display: true, fontSize: bodySize)
        } catch {
            let message = (error as? TeXError)?.description ?? String(describing: error)
            diagnostics.append(PublishDiagnostic(kind: .badFormula(tex: tex, message: message), isError: false))
            let p = try paragraph(
                [.code("$$\(tex)$$"), .text(" [\(message)]")], font: body, width: width,
                alignment: .left, color: Color(hex: 0xB3261E))
            place(p.paragraph, links: [], indent: indent)
            flow.y += 8
            return
        }
        let number = target.map { TextLayout("(\($0.number))", font: body) }
        let room = width - (number.map { $0.width * 2 + 12 } ?? 0)
        var scale = drawable.width > room ? room / drawable.width : 1
        if !scale.isFinite || scale <= 0 { scale = 1 }
        let height = drawable.height * scale
        flow.need(height)
        let top = flow.y
        let baselineY = top + drawable.ascent * scale
        let x = flow.left + indent + (width - drawable.width * scale) / 2
        if let target {
            let at = Point(flow.left + indent, top)
            flow.draw { $0.addAnchor(target.anchor, at: at) }
        }
        // A screen reader reads the formula's TeX (and its number).
        flow.beginStructure(.formula, alternate: tex + (target.map { " (\($0.number))" } ?? ""))
        flow.draw { c in
            c.withSavedState {
                c.translate(x, baselineY)
                c.scale(scale, scale)
                drawable.draw(on: c, at: Point(0, 0))
            }
        }
        if let number {
            // The number sits on the axis of the formula, as in TeX: centred vertically.
            let mid = top + height / 2
            let at = Point(flow.right - number.width, mid + (number.ascent - number.descent) / 2)
            flow.draw { number.draw(on: $0, at: at) }
        }
        flow.endStructure()
        flow.occupied(from: top, to: top + height, firstBaseline: baselineY)
        flow.y = top + height + 8
    }

    // MARK: Paragraph placement

    typealias Links = [(range: Range<Int>, target: PDFMarkup.LinkTarget)]

    func paragraph(
        _ content: [Inline], font: Font, width: Double, alignment: TextAlignment, color: Color = .black
    ) throws -> (paragraph: RichParagraph, links: Links) {
        var m = PDFMarkup(numbering: numbering, fontSize: font.size)
        if alignment == .justify { m.hyphenator = Hyphenator.english }
        m.inlines(content)
        diagnostics += m.diagnostics
        let p = try RichParagraph(
            markup: m.markup.isEmpty ? " " : m.markup, inline: m.drawables, font: font,
            width: width, alignment: alignment, color: color)
        return (p, m.links)
    }

    /// Places a paragraph at the cursor, line by line, breaking pages between lines; never leaves a
    /// single first line at a page bottom or a single last line at a page top. Each page's part is one
    /// `role` element of the structure tree; `opensListBody` draws the pending list marker as the
    /// item's label and opens the item's body before the first line.
    func place(
        _ p: RichParagraph, links: Links, indent: Double, background: Color? = nil, padding: Double = 0,
        role: StructureRole = .paragraph, opensListBody: Bool = false
    ) {
        let lines = p.lines
        var i = 0
        while i < lines.count {
            flow.need(lines[i].height + 2 * padding)
            let startTop = lines[i].top
            var j = i
            while j < lines.count,
                flow.y + padding * 2 + lines[j].top + lines[j].height - startTop <= flow.bottom + 0.01
            {
                j += 1
            }
            if j == i {
                if !flow.atPageTop {
                    flow.newPage()
                    continue
                }
                j = i + 1
            }
            if j < lines.count {
                // Orphan: a lone first line at the bottom goes to the next page with its paragraph.
                if i == 0, j == 1, lines.count > 1, !flow.atPageTop {
                    flow.newPage()
                    continue
                }
                // Widow: the last line never starts a page alone. Two lines go on when three or more
                // stay; a paragraph that would keep only one line here moves whole.
                if j == lines.count - 1 {
                    if j - i >= 3 {
                        j -= 1
                    } else if i == 0, !flow.atPageTop {
                        flow.newPage()
                        continue
                    }
                }
            }
            let top = flow.y
            let height = lines[j - 1].top + lines[j - 1].height - startTop + 2 * padding
            if let background {
                let box = Rect(x: flow.left + indent - padding, y: top, width: p.width + 2 * padding, height: height)
                flow.draw { $0.fillRect(box, background) }
            }
            let origin = Point(flow.left + indent, top + padding)
            let firstBaseline = top + padding + lines[i].baseline - startTop
            if i == 0, opensListBody {
                if let marker = flow.pendingMarker {
                    flow.pendingMarker = nil
                    flow.beginStructure(.listLabel)
                    flow.draw { marker($0, firstBaseline) }
                    flow.endStructure()
                }
                flow.beginStructure(.listBody)
            }
            flow.beginStructure(role)
            let range = i..<j
            flow.draw { p.draw(on: $0, topLeft: origin, lines: range) }
            flow.endStructure()
            // Links are elements of their own in Cairo's tree: added after the text's element closes.
            addLinks(links, paragraph: p, lineRange: i..<j, origin: Point(origin.x, origin.y - startTop))
            flow.occupied(from: top, to: top + height, firstBaseline: firstBaseline)
            flow.y = top + height
            i = j
            if i < lines.count { flow.newPage() }
        }
    }

    /// Lays link rectangles over the lines of `p` in `lineRange`; `origin` is where the paragraph's
    /// top-left would be on this page.
    func addLinks(_ links: Links, paragraph p: RichParagraph, lineRange: Range<Int>, origin: Point) {
        guard !links.isEmpty, flow.hasPage else { return }
        for link in links {
            for (line, rect) in p.rects(forTextBytes: link.range) where lineRange.contains(line) {
                let r = Rect(x: origin.x + rect.x, y: origin.y + rect.y, width: rect.width, height: rect.height)
                switch link.target {
                case .anchor(let a): flow.draw { $0.addLink(to: a, over: r) }
                case .uri(let u): flow.draw { $0.addLink(uri: u, over: r) }
                }
            }
        }
    }
}

extension CalloutKind {
    var color: Color {
        switch self {
        case .note: Color(hex: 0x2F6DB5)
        case .warning: Color(hex: 0xB8741A)
        case .exercise: Color(hex: 0x2E7D4F)
        case .solution: Color(hex: 0x6B4FA3)
        }
    }
}
