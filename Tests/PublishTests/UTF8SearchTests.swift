import Testing

@testable import Publish

struct UTF8SearchTests {
    @Test func findsTheFirstOccurrenceAsStringIndices() throws {
        let text = "ε → <svg a><svg b>"
        let range = try #require(text.utf8Range(of: "<svg"))
        #expect(text[range.upperBound...] == " a><svg b>")
        #expect(text.utf8Range(of: "<svg b>").map { String(text[$0]) } == "<svg b>")
        #expect(text.utf8Range(of: "</svg>") == nil)
        #expect("<sv".utf8Range(of: "<svg") == nil)
        #expect(text.utf8Range(of: "b>").map { text[$0.upperBound...].isEmpty } == true)
    }

    /// A substring is searched from its own start, and the range indexes the string it came from.
    @Test func searchesASubstringWithinItsBounds() throws {
        let text = "<g>x</g><g>y</g>"
        let rest = text[text.index(text.startIndex, offsetBy: 1)...]
        let range = try #require(rest.utf8Range(of: "<g>"))
        #expect(text.distance(from: text.startIndex, to: range.lowerBound) == 8)
        #expect(text[range.upperBound...] == "y</g>")
    }
}
