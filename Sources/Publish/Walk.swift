/// One generic walk over the document tree, as pandoc's `Walkable`: `walk` transforms every block or
/// inline at any depth, `query` collects from them. Every pass that looks inside a document (the
/// numbering, the label and reference lists, the engine's formula check) goes through here, so a new
/// kind of block or inline is met in the two `switch`es below — which have no `default`, so the
/// compiler names each place that must learn about it — and never skipped silently by a pass.
///
/// Order: children first, then the node itself, in document order. Nodes that carry a number
/// (headings, figures, tables, display formulas) hold no blocks, so they are met in reading order.
extension Block {
    /// This block with `blocks` applied to each list of blocks directly inside it (list items, quoted
    /// and boxed passages) and `inlines` to each run of inlines directly inside it (heading text,
    /// paragraphs, figure and table captions, table cells).
    func mapChildren(
        blocks: ([Block]) throws -> [Block], inlines: ([Inline]) throws -> [Inline]
    ) rethrows -> Block {
        switch self {
        case .heading(let level, let content, let label, let target):
            return .heading(level: level, try inlines(content), label: label, target: target)
        case .paragraph(let content):
            return .paragraph(try inlines(content))
        case .bulletList(let items):
            return .bulletList(try items.map(blocks))
        case .orderedList(let start, let items):
            return .orderedList(start: start, try items.map(blocks))
        case .blockQuote(let inner):
            return .blockQuote(try blocks(inner))
        case .callout(let kind, let title, let inner):
            return .callout(kind, title: title, try blocks(inner))
        case .table(var table):
            table.caption = try inlines(table.caption)
            table.header = try table.header.map(inlines)
            table.rows = try table.rows.map { try $0.map(inlines) }
            return .table(table)
        case .figure(var figure):
            figure.caption = try inlines(figure.caption)
            return .figure(figure)
        case .codeBlock, .horizontalRule, .displayMath, .output, .error:
            return self
        }
    }
}

extension Inline {
    /// This inline with `inlines` applied to the inlines directly inside it (emphasis, links…).
    func mapChildren(_ inlines: ([Inline]) throws -> [Inline]) rethrows -> Inline {
        switch self {
        case .emphasis(let c): return .emphasis(try inlines(c))
        case .strong(let c): return .strong(try inlines(c))
        case .strikethrough(let c): return .strikethrough(try inlines(c))
        case .link(let url, let c): return .link(url: url, try inlines(c))
        case .text, .code, .math, .reference, .lineBreak, .softBreak: return self
        }
    }
}

extension Array where Element == Block {
    /// Every block and every inline at any depth, transformed: `inlines` on each inline (after the
    /// inlines inside it), `blocks` on each block (after everything inside it).
    public func walk(
        blocks: (Block) -> Block = { $0 }, inlines: (Inline) -> Inline = { $0 }
    ) -> [Block] {
        func inline(_ x: Inline) -> Inline { inlines(x.mapChildren { $0.map(inline) }) }
        func block(_ b: Block) -> Block {
            blocks(b.mapChildren(blocks: { $0.map(block) }, inlines: { $0.map(inline) }))
        }
        return map(block)
    }

    /// What `blocks` and `inlines` find in every block and inline at any depth, in the walk's order.
    public func query<T>(
        blocks: (Block) -> [T] = { _ in [] }, inlines: (Inline) -> [T] = { _ in [] }
    ) -> [T] {
        var found: [T] = []
        _ = walk(
            blocks: {
                found += blocks($0)
                return $0
            },
            inlines: {
                found += inlines($0)
                return $0
            })
        return found
    }
}

extension Document {
    /// The document with every block and inline transformed (see `[Block].walk`).
    public func walk(
        blocks: (Block) -> Block = { $0 }, inlines: (Inline) -> Inline = { $0 }
    ) -> Document {
        var copy = self
        copy.blocks = self.blocks.walk(blocks: blocks, inlines: inlines)
        return copy
    }

    /// What `blocks` and `inlines` find anywhere in the document (see `[Block].query`).
    public func query<T>(
        blocks: (Block) -> [T] = { _ in [] }, inlines: (Inline) -> [T] = { _ in [] }
    ) -> [T] {
        self.blocks.query(blocks: blocks, inlines: inlines)
    }
}
