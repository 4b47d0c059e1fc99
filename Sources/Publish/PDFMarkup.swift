import Graphics
import TeXMath

/// Inlines turned into Pango markup for a `RichParagraph`: formulas become placeholders with their
/// drawables, references and links become byte ranges of the plain text to lay links over.
struct PDFMarkup {
    enum LinkTarget: Equatable {
        case anchor(String)
        case uri(String)
    }

    var markup = ""
    /// Bytes of plain text so far (what Pango's text will hold once the markup is parsed).
    var textBytes = 0
    var drawables: [any Drawable] = []
    var links: [(range: Range<Int>, target: LinkTarget)] = []
    var diagnostics: [PublishDiagnostic] = []

    let numbering: Numbering
    let fontSize: Double
    /// Mark allowed word breaks with soft hyphens (running text, not headings or code).
    var hyphenator: Hyphenator?
    let monoFamily = "LM Mono 10"
    static let linkColor = "#1f4e8c"
    static let errorColor = "#b3261e"

    init(numbering: Numbering, fontSize: Double) {
        self.numbering = numbering
        self.fontSize = fontSize
    }

    /// Appends author text, escaped, its control characters shown by name.
    mutating func text(_ s: String) {
        let (escaped, bytes) = ControlPictures.pangoMarkup(hyphenator?.hyphenate(s) ?? s)
        markup += escaped
        textBytes += bytes
    }

    mutating func open(_ tag: String) { markup += tag }

    mutating func inlines(_ list: [Inline]) {
        for x in list { inline(x) }
    }

    mutating func inline(_ x: Inline) {
        switch x {
        case .text(let t): text(t)
        case .emphasis(let c):
            open("<i>")
            inlines(c)
            open("</i>")
        case .strong(let c):
            open("<b>")
            inlines(c)
            open("</b>")
        case .strikethrough(let c):
            open("<s>")
            inlines(c)
            open("</s>")
        case .code(let t):
            open("<span font_family=\"\(monoFamily)\">")
            let saved = hyphenator
            hyphenator = nil
            text(t)
            hyphenator = saved
            open("</span>")
        case .link(let url, let c):
            let start = textBytes
            open("<span color=\"\(Self.linkColor)\">")
            inlines(c)
            open("</span>")
            if HTML.isSafeLink(url), !url.hasPrefix("#") { links.append((start..<textBytes, .uri(url))) }
        case .math(let tex):
            do {
                let formula = try Formula.typeset(tex, display: false, fontSize: fontSize)
                drawables.append(formula)
                markup += String(RichParagraph.placeholder)
                textBytes += 3
            } catch {
                let message = (error as? TeXError)?.description ?? String(describing: error)
                diagnostics.append(PublishDiagnostic(kind: .badFormula(tex: tex, message: message), isError: false))
                open("<span color=\"\(Self.errorColor)\" font_family=\"\(monoFamily)\">")
                text("$\(tex)$ [\(message)]")
                open("</span>")
            }
        case .reference(let label):
            if let target = numbering.target(label) {
                let saved = hyphenator
                hyphenator = nil
                defer { hyphenator = saved }
                let start = textBytes
                open("<span color=\"\(Self.linkColor)\">")
                text(target.referenceText)
                open("</span>")
                links.append((start..<textBytes, .anchor(target.anchor)))
            } else {
                open("<span color=\"\(Self.errorColor)\">")
                text("??\(label)")
                open("</span>")
            }
        case .lineBreak:
            // A new Pango paragraph: the line before it is not stretched by justification.
            markup += "\n"
            textBytes += 1
        case .softBreak: text(" ")
        }
    }
}
