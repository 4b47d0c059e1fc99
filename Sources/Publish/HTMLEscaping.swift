/// Escaping and number formatting for the HTML writer (no Foundation needed).
enum HTML {
    /// `text` safe inside an element or a double-quoted attribute; control characters as their pictures.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in ControlPictures.pictures(text).unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A URL an author may link to: web, mail, or in-page; anything else (javascript:, data:) is refused.
    static func isSafeLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("#") { return true }
        guard let colon = lower.firstIndex(of: ":") else { return !lower.contains("\\") }
        let scheme = lower[..<colon]
        if scheme.contains("/") || scheme.contains("?") || scheme.contains("#") { return true }  // relative
        return ["http", "https", "mailto"].contains(String(scheme))
    }
}

/// Fixed-point number formatting that never depends on the locale: "12.5", "0.125", "-3".
func fmt(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    var frac = Int(scaled - Double(whole) * scale)
    var s = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
    if frac > 0 {
        var digitsLeft = digits
        var fracText = ""
        while digitsLeft > 0 {
            fracText = String(frac % 10) + fracText
            frac /= 10
            digitsLeft -= 1
        }
        while fracText.hasSuffix("0") { fracText.removeLast() }
        s += "." + fracText
    }
    return s
}
