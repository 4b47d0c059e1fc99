import Graphics

/// How a page shows characters that must not reach it raw: control characters (a NUL typed in
/// prose, an escape sequence a cell printed) are shown visibly, and the private-use characters
/// Lectern marks formulas with (U+E000–U+E002) become U+FFFD, so they can never stand for a formula.
/// Tab and line feed stay: they lay out code and printed output.
enum ControlPictures {
    static func isControl(_ c: Unicode.Scalar) -> Bool { (c.value < 32 && c != "\t" && c != "\n") || c.value == 127 }

    static func isFormulaMarker(_ c: Unicode.Scalar) -> Bool { (0xE000...0xE002).contains(c.value) }

    /// Unicode's picture of a control character: ␀ for NUL, ␛ for ESC, ␡ for DEL.
    static func picture(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.value == 127 { return "\u{2421}" }
        return c.value < 32 ? Unicode.Scalar(0x2400 + c.value) ?? "\u{FFFD}" : c
    }

    /// The abbreviation a control picture shows (NUL, ESC, BEL), for fonts that lack the pictures.
    static func name(_ c: Unicode.Scalar) -> String {
        if c.value == 127 { return "DEL" }
        let names = [
            "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
            "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
        ]
        return names[Int(c.value)]
    }

    static func needsCare(_ s: String) -> Bool { s.unicodeScalars.contains { isControl($0) || isFormulaMarker($0) } }

    /// Control characters as their pictures: for HTML text and attributes, and plain PDF text (outline).
    static func pictures(_ s: String) -> String {
        guard needsCare(s) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            out.append(isControl(c) ? picture(c) : (isFormulaMarker(c) ? "\u{FFFD}" : c))
        }
        return String(out)
    }

    /// For the PDF: Pango markup, escaped, with each control character as its name on a grey ground
    /// (Latin Modern has no control pictures); and the bytes of text Pango will hold.
    static func pangoMarkup(_ s: String) -> (markup: String, textBytes: Int) {
        guard needsCare(s) else { return (TextLayout.escapeMarkup(s), s.utf8.count) }
        var markup = ""
        var bytes = 0
        var plain = String.UnicodeScalarView()
        func flush() {
            markup += TextLayout.escapeMarkup(String(plain))
            bytes += String(plain).utf8.count
            plain = String.UnicodeScalarView()
        }
        for c in s.unicodeScalars {
            if isControl(c) {
                flush()
                markup += "<span size=\"smaller\" background=\"#e4e4e4\">\(name(c))</span>"
                bytes += name(c).utf8.count
            } else {
                plain.append(isFormulaMarker(c) ? "\u{FFFD}" : c)
            }
        }
        flush()
        return (markup, bytes)
    }
}
