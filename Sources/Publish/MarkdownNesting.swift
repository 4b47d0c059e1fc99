import CCmark

/// How deep Markdown may nest. The writers lay lists and quotes out recursively and the handout
/// indents each level by about 18 points, so a deeper list has no width left, and one nested
/// thousands deep would exhaust the stack; such Markdown is an error that says where.
enum MarkdownNesting {
    /// Lists and block quotes inside one another.
    static let maximumBlocks = 16
    /// Any elements inside one another, emphasis and links included.
    static let maximumElements = 100

    /// What is nested too deep in cmark's tree, with its line, or nil. Walks without recursion.
    static func problem(in root: OpaquePointer) -> String? {
        guard let iterator = cmark_iter_new(root) else { return nil }
        defer { cmark_iter_free(iterator) }
        // The ancestors of the current node, and how many of them are lists or quotes.
        var ancestors: [OpaquePointer] = []
        var blocks = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            // Leaving a node changes nothing yet: the next node entered pops what it is not inside.
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let parent = cmark_node_parent(node)
            while let last = ancestors.last, last != parent {
                if isBlockNesting(last) { blocks -= 1 }
                ancestors.removeLast()
            }
            ancestors.append(node)
            if isBlockNesting(node) { blocks += 1 }
            let line = cmark_node_get_start_line(node)
            if blocks > maximumBlocks {
                return "lists and block quotes nested more than \(maximumBlocks) deep at line \(line)"
            }
            if ancestors.count > maximumElements {
                return "Markdown nested more than \(maximumElements) elements deep at line \(line)"
            }
        }
        return nil
    }

    private static func isBlockNesting(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_LIST || type == CMARK_NODE_BLOCK_QUOTE
    }
}
