import TeXMath

/// Takes `$...$` and `$$...$$` out of Markdown before cmark sees it, so that `_` and `*` inside a
/// formula never turn into emphasis. Each formula becomes a placeholder token of private-use
/// characters that cmark passes through as ordinary text; the reader swaps the formulas back in.
///
/// Code spans and fenced code blocks are left alone: a `$` in code is a dollar. `\$` outside math
/// is left for cmark, which reads it as a literal dollar.
///
/// The markers are private-use characters; an author who types one of them (or U+E000, which stands
/// for a formula in the PDF writer's paragraphs) gets U+FFFD (�) in its place, so what an author
/// writes can never pass for a formula.
struct MathProtection {
    /// One formula found in the source.
    struct Span: Equatable {
        var tex: String
        var display: Bool
        /// `{#eq:label}` written right after a display formula.
        var label: String?
    }

    /// Marks the start and end of a placeholder; the index between them is decimal digits.
    static let open: Character = "\u{E001}"
    static let close: Character = "\u{E002}"

    private(set) var spans: [Span] = []
    private(set) var protected = ""

    init(_ markdown: String) {
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var source = markdown
        if markdown.unicodeScalars.contains(where: ControlPictures.isFormulaMarker) {
            source = String(
                String.UnicodeScalarView(
                    markdown.unicodeScalars.map { ControlPictures.isFormulaMarker($0) ? "\u{FFFD}" : $0 }))
        }
        let chars = Array(source)
        var i = 0
        var fence: (char: Character, count: Int)? = nil
        var atLineStart = true
        while i < chars.count {
            if atLineStart {
                // A fenced code block: copy lines untouched until the closing fence.
                let (indent, runChar, runCount) = Self.fenceRun(chars, from: i)
                if let open = fence {
                    if runChar == open.char, runCount >= open.count, indent <= 3 { fence = nil }
                    i = copyLine(chars, from: i, into: &out)
                    continue
                } else if let runChar, runCount >= 3, indent <= 3 {
                    fence = (runChar, runCount)
                    i = copyLine(chars, from: i, into: &out)
                    continue
                }
            }
            let c = chars[i]
            atLineStart = false
            if c == "\n" {
                atLineStart = true
                out.append(c)
                i += 1
            } else if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
            } else if c == "`" {
                i = copyCodeSpan(chars, from: i, into: &out)
            } else if c == "$", let (span, next) = Self.math(chars, at: i) {
                out.append(Self.open)
                out += String(spans.count)
                out.append(Self.close)
                spans.append(span)
                i = next
            } else {
                out.append(c)
                i += 1
            }
        }
        protected = out
    }

    /// Leading spaces and the run of backticks or tildes that starts a line.
    private static func fenceRun(_ chars: [Character], from start: Int) -> (Int, Character?, Int) {
        var i = start
        while i < chars.count, chars[i] == " " { i += 1 }
        let indent = i - start
        guard i < chars.count, chars[i] == "`" || chars[i] == "~" else { return (indent, nil, 0) }
        let c = chars[i]
        var n = 0
        while i < chars.count, chars[i] == c {
            n += 1
            i += 1
        }
        return (indent, c, n)
    }

    private func copyLine(_ chars: [Character], from start: Int, into out: inout String) -> Int {
        var i = start
        while i < chars.count, chars[i] != "\n" {
            out.append(chars[i])
            i += 1
        }
        if i < chars.count {
            out.append("\n")
            i += 1
        }
        return i
    }

    /// Copies a code span (a run of n backticks up to the next run of exactly n) verbatim.
    private func copyCodeSpan(_ chars: [Character], from start: Int, into out: inout String) -> Int {
        var n = 0
        var i = start
        while i < chars.count, chars[i] == "`" {
            n += 1
            i += 1
        }
        var j = i
        while j < chars.count {
            if chars[j] == "`" {
                var m = 0
                var k = j
                while k < chars.count, chars[k] == "`" {
                    m += 1
                    k += 1
                }
                if m == n {
                    out += String(chars[start..<k])
                    return k
                }
                j = k
            } else {
                j += 1
            }
        }
        // No closing run: the backticks are literal.
        out += String(chars[start..<i])
        return i
    }

    /// The formula starting at the `$` at `i`, if it is one, and the index just past it (and past a
    /// `{#eq:label}` after a display formula). The rules are `TextWithMath`'s, which figure labels
    /// follow too.
    private static func math(_ chars: [Character], at i: Int) -> (Span, Int)? {
        guard let found = TextWithMath.formula(in: chars, at: i) else { return nil }
        var next = found.end
        var label: String? = nil
        if found.display, let (name, after) = equationLabel(chars, from: next) {
            label = name
            next = after
        }
        return (Span(tex: found.tex, display: found.display, label: label), next)
    }

    /// ` {#eq:name}` right after a display formula (pandoc-crossref's syntax).
    private static func equationLabel(_ chars: [Character], from start: Int) -> (String, Int)? {
        var i = start
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        guard i + 1 < chars.count, chars[i] == "{", chars[i + 1] == "#" else { return nil }
        var j = i + 2
        var name = ""
        while j < chars.count, chars[j] != "}" {
            guard Labels.isLabelCharacter(chars[j]) else { return nil }
            name.append(chars[j])
            j += 1
        }
        guard j < chars.count, !name.isEmpty else { return nil }
        return (name, j + 1)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
