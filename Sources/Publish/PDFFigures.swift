import Graphics

/// Figures in the PDF: scaled to the text width, kept with their captions, floated to the next page
/// when they do not fit.
extension PDFRenderer {
    /// A figure measured and scaled, ready to draw anywhere.
    struct PreparedFigure {
        var content: any Drawable
        var scale: Double
        var caption: RichParagraph
        var links: Links
        var anchor: String?
        var indent: Double
        /// What a screen reader says for the figure.
        var alternate: String
        var height: Double { content.height * scale + 6 + caption.height }
    }

    func figure(_ f: Figure, indent: Double) throws {
        let target = f.target
        if let problem = Figure.sizeProblem(of: f.content) {
            let caption = PlainText.of(f.caption)
            try block(.error(message: "The figure '\(caption)': \(problem).", location: nil), indent: indent, next: nil)
            return
        }
        let width = flow.textWidth - indent
        var captionInlines: [Inline] = []
        if let target { captionInlines.append(.strong([.text("Figure \(target.number).")])) }
        if !f.caption.isEmpty { captionInlines += [.text(" ")] + f.caption }
        var caption = try paragraph(captionInlines, font: Font.roman(9.5), width: width - 20, alignment: .justify)
        if caption.paragraph.lines.count == 1 {
            caption = try paragraph(captionInlines, font: Font.roman(9.5), width: width - 20, alignment: .center)
        }
        let maxHeight = (flow.bottom - flow.top) * 0.75 - caption.paragraph.height
        let content = f.content
        var scale = min(1, width / max(content.width, 1), maxHeight / max(content.height, 1))
        if !scale.isFinite || scale <= 0 { scale = 1 }
        let prepared = PreparedFigure(
            content: content, scale: scale, caption: caption.paragraph, links: caption.links,
            anchor: target?.anchor, indent: indent,
            alternate: FigureDescription.alternate(for: f, number: target?.number))
        // The figure and its caption stay together; when they do not fit here, text goes on filling
        // this page and the figure opens the next one.
        if !deferredFigures.isEmpty || (flow.hasPage && !flow.atPageTop && prepared.height + 12 > flow.remaining) {
            deferredFigures.append(prepared)
            return
        }
        flow.space(12)
        flow.need(prepared.height)
        placeFigure(prepared)
    }

    func placeDeferredFigures() {
        while let f = deferredFigures.first, flow.atPageTop || f.height + 12 <= flow.remaining {
            deferredFigures.removeFirst()
            flow.space(12)
            placeFigure(f)
        }
    }

    func placeFigure(_ f: PreparedFigure) {
        if !flow.hasPage { flow.newPage() }
        let top = flow.y
        let width = flow.textWidth - f.indent
        if let anchor = f.anchor {
            let at = Point(flow.left + f.indent, top)
            flow.draw { $0.addAnchor(anchor, at: at) }
        }
        let x = flow.left + f.indent + (width - f.content.width * f.scale) / 2
        flow.beginStructure(.figure, alternate: f.alternate)
        flow.draw { c in
            c.withSavedState {
                c.translate(x, top)
                c.scale(f.scale, f.scale)
                f.content.draw(on: c, at: Point(0, f.content.ascent))
            }
        }
        flow.endStructure()
        let h = f.content.height * f.scale
        flow.occupied(from: top, to: top + h, firstBaseline: top + f.content.ascent * f.scale)
        flow.y = top + h + 6
        place(f.caption, links: f.links, indent: f.indent + 10, role: .caption)
        flow.y += 6
    }
}
