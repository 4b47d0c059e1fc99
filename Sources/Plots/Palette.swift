import Graphics

/// Categorical colours for lines and classes.
public struct Palette: Sendable, Equatable {
    public let colors: [Color]

    public init(_ colors: [Color]) {
        self.colors = colors.isEmpty ? [.black] : colors
    }

    /// The `i`-th colour, cycling when there are more series than colours.
    public subscript(i: Int) -> Color { colors[((i % colors.count) + colors.count) % colors.count] }

    /// Okabe and Ito's colour-blind-safe set (blue, orange, bluish green, vermillion, reddish purple,
    /// sky blue, yellow, black), extended by Paul Tol's wine and a grey so ten classes stay distinct.
    ///
    /// Orange (E69F00), sky blue (56B4E9), yellow (F0E442) and grey (999999) are darkened in their own hue
    /// to 3:1 contrast against the white page, what WCAG 2.1 AA asks of lines and dots a reader must
    /// see (1.4.11); a yellow line at 1.3:1 all but disappears on paper and on a projector.
    public static let okabeIto = Palette([
        Color(hex: 0x0072B2), Color(hex: 0xC38700), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x4A9BC8), Color(hex: 0x9E962C), Color(hex: 0x000000),
        Color(hex: 0x882255), Color(hex: 0x939393),
    ])

    /// matplotlib's default `tab10` (Tableau 10).
    public static let tab10 = Palette([
        Color(hex: 0x1F77B4), Color(hex: 0xFF7F0E), Color(hex: 0x2CA02C), Color(hex: 0xD62728),
        Color(hex: 0x9467BD), Color(hex: 0x8C564B), Color(hex: 0xE377C2), Color(hex: 0x7F7F7F),
        Color(hex: 0xBCBD22), Color(hex: 0x17BECF),
    ])
}
