/// Cross-reference labels in prose: `@fig:loss`, `@eq:rec`, `@sec:vae`, `@tab:errors` (`@tbl:x` is
/// read too, pandoc-crossref's spelling), and `{#sec:x}` written at the end of a heading.
enum Labels {
    /// The kinds of thing a reference can point at.
    static let kinds = ["fig", "eq", "sec", "tab", "tbl"]

    static func isLabelCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "-" || c == "_" || c == ":" || c == "."
    }

    /// Splits `text` into plain text and `.reference`s.
    static func references(in text: String) -> [Inline] {
        guard text.contains("@") else { return text.isEmpty ? [] : [.text(text)] }
        var result: [Inline] = []
        var plain = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            // An @ inside a word (an e-mail address) is not a reference.
            if c == "@", i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber),
                let (label, next) = label(chars, i + 1)
            {
                if !plain.isEmpty { result.append(.text(plain)) }
                plain = ""
                result.append(.reference(label))
                i = next
            } else {
                plain.append(c)
                i += 1
            }
        }
        if !plain.isEmpty { result.append(.text(plain)) }
        return result
    }

    /// A label `kind:name` starting at `start`; trailing punctuation (`.`, `:`) belongs to the sentence.
    private static func label(_ chars: [Character], _ start: Int) -> (String, Int)? {
        var j = start
        while j < chars.count, isLabelCharacter(chars[j]) { j += 1 }
        while j > start, chars[j - 1] == "." || chars[j - 1] == ":" || chars[j - 1] == "-" { j -= 1 }
        let label = String(chars[start..<j])
        guard let colon = label.firstIndex(of: ":"), kinds.contains(String(label[..<colon])),
            label.index(after: colon) < label.endIndex
        else { return nil }
        return (label, j)
    }

    /// Removes a trailing `{#label}` from heading text and returns the label.
    static func takeTrailingLabel(_ content: inout [Inline]) -> String? {
        guard case .text(let t)? = content.last else { return nil }
        let trimmed = t.trimmingSpaces()
        guard trimmed.hasSuffix("}"), let open = trimmed.lastRange(of: "{#") else { return nil }
        let name = String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])
        guard !name.isEmpty, name.allSatisfy(isLabelCharacter) else { return nil }
        let before = String(trimmed[..<open.lowerBound]).trimmingSpaces()
        content.removeLast()
        if !before.isEmpty {
            // Keep the space that separated earlier inlines from this text.
            let lead = t.first?.isWhitespace == true ? " " : ""
            content.append(.text(lead + before))
        }
        while let l = content.last, l.isBlank { content.removeLast() }
        return name
    }

    /// Joins neighbouring `.text` runs (cmark splits text at every special character).
    static func mergeText(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for item in inlines {
            if case .text(let b) = item, case .text(let a)? = result.last, !a.contains(MathProtection.open),
                !b.contains(MathProtection.open)
            {
                result[result.count - 1] = .text(a + b)
            } else {
                result.append(item)
            }
        }
        return result
    }
}

extension String {
    /// The last range of `target` in the string.
    func lastRange(of target: String) -> Range<String.Index>? {
        var found: Range<String.Index>? = nil
        var start = startIndex
        while start < endIndex, let r = self[start...].utf8Range(of: target) {
            found = r
            start = index(after: r.lowerBound)
        }
        return found
    }
}
