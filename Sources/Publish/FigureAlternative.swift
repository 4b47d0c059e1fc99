import Graphics

extension Figure {
    /// What the figure shows, in words made from its own data when it was recorded (`Describable` in
    /// Plots: the kind of figure, axes and their ranges, series and classes, an image grid's size, a
    /// diagram's nodes; else its kind and named properties), or nil when there are none.
    public var dataDescription: String? {
        content.describedAs.isEmpty ? nil : content.describedAs.joined(separator: ". ") + "."
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
