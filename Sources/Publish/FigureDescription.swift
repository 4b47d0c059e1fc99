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

    /// What kind of figure `content` is and what its axes and legend show: taken from the figure
    /// itself when it is recorded (`Figure.init`), kept with its display list.
    static func parts(of content: any Drawable) -> [String] {
        if let described = figureDescription(of: content), !described.isEmpty {
            // The figure's own words (Plots' `Describable`), the same as the HTML page's aria-label.
            return [described.hasSuffix(".") ? String(described.dropLast()) : described]
        }
        var parts = [kind(of: content)]
        if let plot = content as? PlotFigure {
            parts += details(of: plot)
        } else if let line = content as? LinePlot {
            parts += details(of: line.figure)
        } else {
            parts += namedProperties(of: content)
        }
        return parts
    }

    /// "Code scatter" for a `CodeScatter`, "Plot" for a `PlotFigure`: the figure's type in words.
    static func kind(of content: any Drawable) -> String {
        if let plot = content as? PlotFigure {
            return plot.panels.count > 1 ? "Plot of \(plot.panels.count) panels" : "Plot"
        }
        let name = String(describing: type(of: content)).prefix(while: { $0 != "<" })
        var words = ""
        for c in name {
            if c.isUppercase, !words.isEmpty { words.append(" ") }
            words.append(words.isEmpty ? c : Character(c.lowercased()))
        }
        return words.isEmpty ? "Figure" : words
    }

    private static func details(of plot: PlotFigure) -> [String] {
        var parts: [String] = []
        if !plot.title.isEmpty { parts.append(plot.title) }
        for axes in plot.panels {
            var panel: [String] = []
            if !axes.title.isEmpty { panel.append(axes.title) }
            for (name, axis) in [("x", axes.x), ("y", axes.y)] where !axis.label.isEmpty || axis.limits != nil {
                var text = "\(name) axis" + (axis.label.isEmpty ? "" : " \(axis.label)")
                if let limits = axis.limits {
                    text += " from \(short(limits.lowerBound)) to \(short(limits.upperBound))"
                }
                panel.append(text)
            }
            let names = axes.legend.map(\.label).filter { !$0.isEmpty }
            if !names.isEmpty { panel.append("series " + names.joined(separator: ", ")) }
            parts.append(panel.joined(separator: "; "))
        }
        let legend = plot.legend.map(\.label).filter { !$0.isEmpty }
        if !legend.isEmpty { parts.append("legend " + legend.joined(separator: ", ")) }
        return parts
    }

    /// What a figure of another kind says of itself in its stored properties: its title, axis
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

    private static func short(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
