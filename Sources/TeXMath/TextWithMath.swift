/// The one grammar of text with `$…$` math in it, shared by prose (the Markdown reader) and by every
/// label a figure draws (axis labels, titles, legends, diagram labels), so that a string reads the same
/// wherever an author writes it: `"$5 and $10"` is prose in a paragraph and in an axis label alike.
///
/// Pandoc's rules: `$$…$$` is display math; `$…$` needs a non-space right after the opening dollar
/// and right before the closing one, no blank line inside, and no digit right after the closing
/// dollar. A backslash escapes the character after it, inside math and out.
public enum TextWithMath {
    /// A formula that starts at a `$`: its TeX, whether it was written `$$…$$`, and the index just past
    /// its closing dollar(s).
    public struct Span: Equatable, Sendable {
        public var tex: String
        public var display: Bool
        public var end: Int
    }

    /// The formula starting at the `$` at `i`, or nil when that dollar is a dollar.
    public static func formula(in chars: [Character], at i: Int) -> Span? {
        guard i < chars.count, chars[i] == "$" else { return nil }
        if i + 1 < chars.count, chars[i + 1] == "$" {
            var j = i + 2
            while j + 1 < chars.count {
                if chars[j] == "\\" {
                    j += 2
                    continue
                }
                if chars[j] == "$", chars[j + 1] == "$" {
                    let tex = String(chars[(i + 2)..<j]).trimmingWhitespace()
                    return tex.isEmpty ? nil : Span(tex: tex, display: true, end: j + 2)
                }
                j += 1
            }
            return nil
        }
        guard i + 1 < chars.count, !chars[i + 1].isWhitespace else { return nil }
        var j = i + 1
        while j < chars.count {
            let c = chars[j]
            if c == "\\" {
                j += 2
                continue
            }
            if c == "\n", j + 1 < chars.count, chars[j + 1] == "\n" { return nil }
            if c == "$" {
                if chars[j - 1].isWhitespace { return nil }
                if j + 1 < chars.count, chars[j + 1].isNumber { return nil }
                return Span(tex: String(chars[(i + 1)..<j]), display: false, end: j + 1)
            }
            j += 1
        }
        return nil
    }

    /// A piece of a one-line label.
    public enum Piece: Equatable, Sendable {
        case text(String)
        case math(String)
    }

    /// `text` as plain text and formulas, in order; `\$` is a dollar sign. Used for labels, which
    /// have no Markdown: every other character is text as written.
    public static func pieces(_ text: String) -> [Piece] {
        let chars = Array(text)
        var pieces: [Piece] = []
        var plain = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "$" {
                plain.append("$")
                i += 2
            } else if let span = formula(in: chars, at: i) {
                if !plain.isEmpty { pieces.append(.text(plain)) }
                plain = ""
                pieces.append(.math(span.tex))
                i = span.end
            } else {
                plain.append(chars[i])
                i += 1
            }
        }
        if !plain.isEmpty { pieces.append(.text(plain)) }
        return pieces
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
