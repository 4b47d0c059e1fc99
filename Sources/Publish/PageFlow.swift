import Graphics

/// The page being filled: a cursor running down the text block, new pages with their running
/// header and page number, and the coloured bars that mark quotes, callouts and errors.
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
    private(set) var canvas: Canvas?
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
    var atPageTop: Bool { canvas == nil || y <= top + 0.01 }
    var remaining: Double { bottom - y }

    /// The current page, starting the first one if needed.
    func current() -> Canvas {
        if let canvas { return canvas }
        return newPage()
    }

    @discardableResult
    func newPage() -> Canvas {
        let c = pdf.newPage()
        canvas = c
        page += 1
        y = top
        for i in bars.indices { bars[i].lastBottom = nil }
        drawFurniture(on: c)
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
        return c
    }

    /// Vertical space before a block, dropped at the top of a page.
    func space(_ h: Double) {
        if !atPageTop { y += h }
    }

    /// Starts a new page unless `h` points still fit (or we are at the top of a page already).
    func need(_ h: Double) {
        if canvas == nil {
            newPage()
        } else if y + h > bottom + 0.01 && !atPageTop {
            newPage()
        }
    }

    /// Tells the flow that `top..<bottom` of the current page now holds content; draws the bars.
    func occupied(from top: Double, to bottom: Double, firstBaseline: Double) {
        guard let canvas else { return }
        if let marker = pendingMarker {
            pendingMarker = nil
            marker(canvas, firstBaseline)
        }
        for i in bars.indices {
            let start = bars[i].lastBottom ?? top
            canvas.fillRect(Rect(x: bars[i].x, y: start, width: bars[i].width, height: bottom - start), bars[i].color)
            bars[i].lastBottom = bottom
        }
    }

    /// Running header (pages after the first) and page number.
    private func drawFurniture(on c: Canvas) {
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
