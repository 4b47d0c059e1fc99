import Graphics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Color {
    /// WCAG 2.1's relative luminance: 0 for black, 1 for white, from the linearised sRGB channels.
    public var relativeLuminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG 2.1's contrast ratio, from 1 (none) to 21 (black on white): AA asks 4.5 of body text,
    /// 3 of large text and of lines and marks a reader must see.
    public func contrastRatio(with other: Color) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Black or white, whichever reads better on this colour: on any background one of them has at
    /// least 4.58:1 contrast, enough for small text (numbers printed in heatmap cells).
    public var readableText: Color {
        contrastRatio(with: .black) >= contrastRatio(with: .white) ? .black : .white
    }
}
