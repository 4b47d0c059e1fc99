import Graphics

/// One lecture companion, as both writers see it: the pandoc idea of a closed tree of blocks and
/// inlines. Readers produce it, writers consume it, and they meet nowhere else.
public struct Document: Sendable, Equatable, Codable {
    public var title: String
    public var author: String
    /// `YYYY-MM-DD`, or "" for none; never the clock's, so that builds are reproducible.
    public var date: String
    public var blocks: [Block]
    /// Set when a cell failed: both outputs say so at the top.
    public var failed: Bool
    /// True once `Numbering.resolve` has put its number and anchor on every heading, figure, table and
    /// equation; the writers resolve a document that is not, and read the numbers of one that is.
    public var isNumbered: Bool = false

    public init(title: String, author: String = "", date: String = "", blocks: [Block] = [], failed: Bool = false) {
        self.title = title
        self.author = author
        self.date = date
        self.blocks = blocks
        self.failed = failed
    }
}

public indirect enum Block: Sendable, Equatable, Codable {
    /// A section heading, level 1...6, with an optional label for `@sec:` references; `target` (its
    /// number and anchor) is set by `Numbering.resolve`.
    case heading(level: Int, [Inline], label: String?, target: Numbering.Target? = nil)
    /// A paragraph of running text.
    case paragraph([Inline])
    /// A bulleted list; each item is a list of blocks.
    case bulletList([[Block]])
    /// A numbered list starting at `start`.
    case orderedList(start: Int, [[Block]])
    /// A quoted passage.
    case blockQuote([Block])
    /// Preformatted code, with the language if known.
    case codeBlock(language: String?, String)
    /// A table with a header row and column alignments.
    case table(Table)
    /// A horizontal rule.
    case horizontalRule
    /// A display formula in TeX, numbered when it has a label (`eq:...`); `Numbering.resolve` sets the
    /// `target` of a labelled one.
    case displayMath(tex: String, label: String?, target: Numbering.Target? = nil)
    /// A figure: something drawn, a caption, a label for `@fig:` references.
    case figure(Figure)
    /// Text a cell printed, shown as-is in a mono font.
    case output(String)
    /// A boxed aside.
    case callout(CalloutKind, title: String?, [Block])
    /// A failure at this place in the notebook: what went wrong and where.
    case error(message: String, location: SourceLocation?)
}

public indirect enum Inline: Sendable, Equatable, Codable {
    /// Plain text.
    case text(String)
    /// Emphasised (italic) text.
    case emphasis([Inline])
    /// Strong (bold) text.
    case strong([Inline])
    /// Struck-out text.
    case strikethrough([Inline])
    /// Inline code.
    case code(String)
    /// A hyperlink.
    case link(url: String, [Inline])
    /// An inline formula in TeX.
    case math(String)
    /// A reference to a label (`@fig:loss`), numbered by the writers.
    case reference(String)
    /// A line break the author asked for.
    case lineBreak
    /// A break between words in the source; a space when rendered.
    case softBreak
}

public enum ColumnAlignment: String, Sendable, Equatable, Codable { case left, center, right, none }

public struct Table: Sendable, Equatable, Codable {
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public var alignments: [ColumnAlignment]
    /// Shown above the table; "Table 2: caption" when the table is numbered.
    public var caption: [Inline]
    /// A `tab:` label numbers the table ("Table 2") and lets prose refer to it with `@tab:x`.
    public var label: String?
    /// Number and anchor of a labelled table, set by `Numbering.resolve`.
    public var target: Numbering.Target?
    public init(
        header: [[Inline]], rows: [[[Inline]]], alignments: [ColumnAlignment], caption: [Inline] = [],
        label: String? = nil
    ) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.caption = caption
        self.label = label
    }
}

public struct Figure: Sendable, Equatable, Codable {
    /// What the figure draws, as data: every writer replays it on its own surface.
    public var content: DisplayList
    public var caption: [Inline]
    public var label: String?
    /// Number and anchor, set by `Numbering.resolve`.
    public var target: Numbering.Target?
    /// A figure of `content`'s drawing, recorded now.
    public init(content: any Drawable, caption: [Inline], label: String? = nil) {
        var recorded = DisplayList(recording: content)
        // The words of the figure's alternate text come from the figure itself, before it becomes data.
        if !(content is DisplayList) { recorded.describedAs = FigureDescription.parts(of: content) }
        self.content = recorded
        self.caption = caption
        self.label = label
    }

    /// Why a drawing cannot be placed on a page (a size that is not finite, negative, or 100,000 points
    /// or more), or nil when it can.
    public static func sizeProblem(of content: any Drawable) -> String? {
        let size = [content.width, content.ascent, content.descent]
        guard size.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < 100_000 }) else {
            let shown = size.map { $0.isFinite ? String(Int($0.rounded())) : "\($0)" }
            return "the figure has no usable size (width \(shown[0]), height \(shown[1]) + \(shown[2]) points; "
                + "a figure must be finite and under 100,000 points)"
        }
        return nil
    }
}

public enum CalloutKind: String, Sendable, CaseIterable, Codable { case note, warning, exercise, solution }

/// Where in a notebook something came from.
public struct SourceLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public var cell: String?
    public init(file: String, line: Int, column: Int? = nil, cell: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.cell = cell
    }
    public var description: String {
        var s = "\(file):\(line)"
        if let column { s += ":\(column)" }
        if let cell { s += " (cell \(cell))" }
        return s
    }
}
