import Graphics
import Plots
import Testing

@testable import Publish

/// The HTML page for readers who use a screen reader, the keyboard alone, or a large zoom (WCAG 2.1 AA);
/// scripts/check-a11y-html.py runs axe-core over the built handouts on top of these checks.

/// Every `<tag …>` opening tag in `html`.
private func tags(_ tag: String, in html: String) -> [Substring] {
    var found: [Substring] = []
    var rest = Substring(html)
    while let r = rest.firstRange(of: "<\(tag)") {
        let after = rest[r.lowerBound...]
        guard let end = after.firstIndex(of: ">") else { break }
        found.append(after[...end])
        rest = after[after.index(after: end)...]
    }
    return found
}

@Test func figuresSpeakTheirDataAndCaption() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    let pictures = tags("svg", in: html).filter { $0.contains("role=\"img\"") }
    #expect(pictures.count == 3)
    for svg in pictures {
        #expect(!svg.contains("aria-label=\"\""), "a figure without a text alternative: \(svg.prefix(120))")
    }
    // The line plot says what it plots, made from its data, not from its caption.
    #expect(html.contains("aria-label=\"Line plot “Loss”: x axis “epoch” from 1 to 30, y axis from "))
    // Every figure is a <figure> whose caption names it.
    #expect(tags("figure", in: html).count == tags("figcaption", in: html).count)

    let document = try Fixtures.document()
    let figures = document.blocks.compactMap { block -> Figure? in
        if case .figure(let f) = block { f } else { nil }
    }
    #expect(figures[1].textAlternative.hasPrefix("Line plot “Loss”"))
    #expect(figures[1].textAlternative.hasSuffix(" A real line plot with L_{rec}."), "\(figures[1].textAlternative)")
    // A drawing that cannot describe itself is named by its kind, then its caption.
    #expect(figures[0].dataDescription == "Test picture.")
    #expect(figures[0].textAlternative == "Test picture. Reconstruction loss per epoch.")
    #expect(html.contains("aria-label=\"Test picture.\""))
    // Recorded figures keep their words: a display list made into a figure again says the same.
    #expect(Figure(content: figures[1].content, caption: []).dataDescription == figures[1].dataDescription)
}

@Test func formulasKeepTheirMathMLForScreenReaders() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    var rest = Substring(html)
    var formulas = 0
    while let r = rest.firstRange(of: "<span class=\"math") {
        let after = rest[r.upperBound...]
        if after.hasPrefix("-error") {  // a formula that did not typeset shows its TeX instead
            rest = after
            continue
        }
        guard let close = after.firstRange(of: "</math></span></span>") else {
            Issue.record("a formula without its MathML: \(after.prefix(200))")
            break
        }
        let formula = after[..<close.upperBound]
        // The picture is hidden from screen readers, its MathML is not.
        let mathML = try #require(formula.firstRange(of: "<math"))
        let picture = try #require(tags("svg", in: String(formula[..<mathML.lowerBound])).first)
        #expect(picture.contains(" aria-hidden=\"true\""))
        #expect(!formula[mathML.lowerBound...].contains("aria-hidden"))
        formulas += 1
        rest = after[close.upperBound...]
    }
    #expect(formulas >= 5)
}

@Test func keyboardReachesTheContentAndEveryScrollingBox() throws {
    let html = try HTMLWriter.write(Fixtures.document())
    let body = try #require(html.firstRange(of: "<body>\n"))
    #expect(html[body.upperBound...].hasPrefix("<a class=\"skip-link\" href=\"#content\">Skip to the content</a>"))
    #expect(html.contains("<div id=\"content\" tabindex=\"-1\">"))
    // Code, output and tables scroll sideways when wider than the page: each box takes the focus.
    for pre in tags("pre", in: html) { #expect(pre.contains("tabindex=\"0\""), "\(pre)") }
    for wrap in tags("div class=\"table-wrap\"", in: html) {
        #expect(wrap.contains("tabindex=\"0\" role=\"region\" aria-label=\""), "\(wrap)")
    }
    #expect(HTMLStyle.css.contains(":focus-visible { outline: 3px solid"))
    #expect(HTMLStyle.css.contains(".skip-link:focus { top:"))
}

/// `--name: #rrggbb` of the style sheet's `:root`.
private func cssColor(_ name: String) throws -> Color {
    let r = try #require(HTMLStyle.css.firstRange(of: "--\(name): #"))
    let hex = HTMLStyle.css[r.upperBound...].prefix(6)
    return Color(hex: try #require(UInt32(hex, radix: 16)))
}

@Test func pageTextMeetsAAContrast() throws {
    let white = Color.white
    let backgrounds = [
        white, try cssColor("code-bg"), Color(hex: 0xF5F8FC), Color(hex: 0xFDF7EE), Color(hex: 0xF2F9F4),
        Color(hex: 0xF7F4FB), Color(hex: 0xFBEAEA), Color(hex: 0xFAFAFA),
    ]
    // Body text, captions and quotes, links and section anchors, errors: 4.5:1 on every box they sit in.
    for name in ["ink", "muted", "accent", "error"] {
        let text = try cssColor(name)
        for background in backgrounds {
            #expect(text.contrastRatio(with: background) >= 4.5, "\(name) on \(background.cssHex)")
        }
    }
    // The callout backgrounds named above are the ones the style sheet uses.
    for hex in ["#f5f8fc", "#fdf7ee", "#f2f9f4", "#f7f4fb", "#fbeaea", "#fafafa"] {
        #expect(HTMLStyle.css.contains("background: \(hex)"), "\(hex)")
    }
    // The section anchor "#" is a link: it is drawn in a text colour, never in the rule grey.
    #expect(HTMLStyle.css.contains(".anchor { margin-left: 0.4em; color: var(--muted);"))
}
