import Graphics
import Plots

/// The alternate text of a figure in the tagged PDF: what kind of figure it is, what its axes show
/// and what its legend names, then its number and caption. Made from the figure itself, so every
/// figure has one without the author writing it.
enum FigureDescription {
    static func alternate(for figure: Figure, number: String?) -> String {
        var parts = figure.content.describedAs.isEmpty ? parts(of: figure.content) : figure.content.describedAs
        let caption = ControlPictures.pictures(PlainText.of(figure.caption))
        if let number {
            parts.append("Figure \(number)" + (caption.isEmpty ? "" : ": \(caption)"))
        } else if !caption.isEmpty {
            parts.append(caption)
        }
        return parts.joined(separator: ". ")
    }

    /// What `content` shows, in the words kept with its display list when it is recorded (`Figure.init`):
    /// its own description when it is `Describable`, else its kind and what its properties name.
    static func parts(of content: any Drawable) -> [String] {
        if let described = figureDescription(of: content), !described.isEmpty {
            // The figure's own words (Plots' `Describable`), the same as the HTML page's aria-label.
            return [described.hasSuffix(".") ? String(described.dropLast()) : described]
        }
        return [kind(of: content)] + namedProperties(of: content)
    }

    /// "Test picture" for a `TestPicture`: the drawing's type in words.
    static func kind(of content: any Drawable) -> String {
        let name = String(describing: type(of: content)).prefix(while: { $0 != "<" })
        var words = ""
        for c in name {
            if c.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(words.isEmpty ? c : Character(c.lowercased()))
        }
        return words.isEmpty ? "Figure" : words
    }

    /// What a drawing that cannot describe itself says in its stored properties: its title, axis
    /// labels and class names, when it has them.
    private static func namedProperties(of content: any Drawable) -> [String] {
        var parts: [String] = []
        for child in Mirror(reflecting: content).children {
            switch (child.label, child.value) {
            case ("title", let text as String) where !text.isEmpty: parts.append(text)
            case ("xLabel", let text as String) where !text.isEmpty: parts.append("x axis \(text)")
            case ("yLabel", let text as String) where !text.isEmpty: parts.append("y axis \(text)")
            case ("classNames", let names as [String]) where !names.isEmpty:
                parts.append("classes " + names.joined(separator: ", "))
            default: break
            }
        }
        return parts
    }
}
