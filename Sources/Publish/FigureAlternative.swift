import Plots

extension Figure {
    /// What the figure shows, in words made from its own data (`Describable` in Plots: the kind of
    /// figure, axes and their ranges, series and classes, an image grid's size, a diagram's nodes),
    /// or nil for a drawing that cannot describe itself.
    public var dataDescription: String? {
        figureDescription(of: content).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The figure's whole text alternative, for a reader who cannot see it: the description made from
    /// its data, then its caption; "Figure" alone when it has neither. The HTML page speaks the
    /// description on the picture and the caption through `<figcaption>`; a tagged PDF can use this as
    /// the figure's /Alt.
    public var textAlternative: String {
        let caption = PlainText.of(self.caption)
        let parts = [dataDescription, caption.isEmpty ? nil : caption].compactMap { $0 }
        return parts.isEmpty ? "Figure" : parts.joined(separator: " ")
    }
}
