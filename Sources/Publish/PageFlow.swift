import Graphics

/// The page being filled: a cursor running down the text block, new pages with their running
/// header and page number, and the coloured bars that mark quotes, callouts and errors.
///
/// Laying out and drawing are apart: what goes on each page is recorded as it is laid out, and drawn
/// onto the PDF by `draw()` once the whole document is laid out, so that the table of contents on
/// page 1 can show the page of every section without laying the document out twice.
final class PageFlow {
    /// A vertical bar beside everything placed while it is active (a callout's edge).
    struct Bar {
        var x: Double
        var color: Color
        var width: Double
        /// Where this bar last ended on the current page, so consecutive pieces join up.
        var lastBottom: Double?
    }

    let pdf: PDFDocument
    let paper: Size
    let left: Double
    let top: Double
    let bottom: Double
    let textWidth: Double
    let runningTitle: String
    /// What each page draws, in order: laid out now, drawn by `draw()`.
    private var pages: [[(Canvas) -> Void]] = []
    private(set) var page = 0
    var y: Double
    var bars: [Bar] = []
    /// The section title shown in the running header of the next page.
    var currentSection = ""
    /// Called with the canvas and the first baseline of the next thing placed (list markers).
    var pendingMarker: ((Canvas, Double) -> Void)?
    /// Called at the top of every new page after the first: where deferred figures float to.
    var onNewPage: (() -> Void)?

    init(pdf: PDFDocument, paper: Size, runningTitle: String) {
        self.pdf = pdf
        self.paper = paper
        // About 65 characters a line at 11 pt, as in a LaTeX article with generous margins.
        left = (paper.width - 440) / 2
        textWidth = 440
        top = 78
        bottom = paper.height - 78
        y = top
        self.runningTitle = runningTitle
    }

    var right: Double { left + textWidth }
    var hasPage: Bool { !pages.isEmpty }
    var atPageTop: Bool { !hasPage || y <= top + 0.01 }
    var remaining: Double { bottom - y }

    /// Adds `op` to what the current page draws, starting the first page if needed. `op` runs later,
    /// in `draw()`: it must capture the positions it needs, not read the cursor.
    func draw(_ op: @escaping (Canvas) -> Void) {
        if pages.isEmpty { newPage() }
        pages[pages.count - 1].append(op)
    }

    /// Opens an element of the PDF's structure tree at this point of the current page.
    func beginStructure(_ role: StructureRole, alternate: String? = nil) {
        draw { [pdf] _ in pdf.beginStructure(role, alternate: alternate) }
    }

    func endStructure() {
        draw { [pdf] _ in pdf.endStructure() }
    }

    /// Draws every page laid out onto the PDF, in order.
    func drawPages() {
        for ops in pages {
            let c = pdf.newPage()
            for op in ops { op(c) }
        }
        pages = []
    }

    func newPage() {
        // The running header and page number belong to no element of the structure tree, and floats
        // stand outside the text they interrupt: the open elements close at the end of a page and open
        // again after the next page's header and floats.
        let suspended = SuspendedBox()
        if !pages.isEmpty { pages[pages.count - 1].append { [pdf] _ in suspended.value = pdf.suspendStructure() } }
        defer {
            pages[pages.count - 1].append { [pdf] _ in
                if let open = suspended.value { pdf.resumeStructure(open) }
            }
        }
        pages.append([])
        page += 1
        y = top
        for i in bars.indices { bars[i].lastBottom = nil }
        drawFurniture()
        if page > 1, let hook = onNewPage {
            // Bars and markers belong to the text that continues, not to floats placed first.
            let savedBars = bars
            let savedMarker = pendingMarker
            bars = []
            pendingMarker = nil
            onNewPage = nil
            hook()
            onNewPage = hook
            bars = savedBars
            pendingMarker = savedMarker
        }
    }

    private final class SuspendedBox {
        var value: PDFDocument.SuspendedStructure?
    }

    /// Vertical space before a block, dropped at the top of a page.
    func space(_ h: Double) {
        if !atPageTop { y += h }
    }

    /// Starts a new page unless `h` points still fit (or we are at the top of a page already).
    func need(_ h: Double) {
        if !hasPage {
            newPage()
        } else if y + h > bottom + 0.01 && !atPageTop {
            newPage()
        }
    }

    /// Tells the flow that `top..<bottom` of the current page now holds content; draws the bars.
    func occupied(from top: Double, to bottom: Double, firstBaseline: Double) {
        guard hasPage else { return }
        if let marker = pendingMarker {
            pendingMarker = nil
            draw { marker($0, firstBaseline) }
        }
        for i in bars.indices {
            let start = bars[i].lastBottom ?? top
            let bar = Rect(x: bars[i].x, y: start, width: bars[i].width, height: bottom - start)
            let color = bars[i].color
            draw { $0.fillRect(bar, color) }
            bars[i].lastBottom = bottom
        }
    }

    /// Running header (pages after the first) and page number.
    private func drawFurniture() {
        let (page, currentSection, runningTitle, left, right, top, textWidth, paper) =
            (page, currentSection, runningTitle, left, right, top, textWidth, paper)
        draw { c in
            Self.drawFurniture(
                on: c, page: page, section: currentSection, title: runningTitle,
                left: left, right: right, top: top, textWidth: textWidth, paper: paper)
        }
    }

    private static func drawFurniture(
        on c: Canvas, page: Int, section currentSection: String, title runningTitle: String, left: Double,
        right: Double, top: Double, textWidth: Double, paper: Size
    ) {
        let small = Font.roman(8.5)
        if page > 1 {
            let title = TextLayout(runningTitle, font: small.italicized(), color: Color(gray: 0.35))
            title.draw(on: c, at: Point(left, top - 30))
            if !currentSection.isEmpty {
                let section = TextLayout(currentSection, font: small, color: Color(gray: 0.35))
                if section.width < textWidth - title.width - 20 {
                    section.draw(on: c, at: Point(right - section.width, top - 30))
                }
            }
            c.fillRect(Rect(x: left, y: top - 25, width: textWidth, height: 0.4), Color(gray: 0.6))
        }
        let number = TextLayout(String(page), font: Font.roman(9.5))
        number.draw(on: c, at: Point(left + (textWidth - number.width) / 2, paper.height - 40))
    }
}
