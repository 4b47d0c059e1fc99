import Testing

@testable import Notebook

struct CellSourceTests {
    @Test func findsTheBodyOfTheClosureOnALine() {
        let line = #line + 1
        let cell = Run("Sum") { ctx in
            let values = [1, 2, 3]  // a comment with a } brace
            ctx.print("sum: {\(values.reduce(0, +))}")
        }
        let body = CellSource.body(file: cell.cell.location.file, line: line)
        #expect(body == """
            let values = [1, 2, 3]  // a comment with a } brace
            ctx.print("sum: {\\(values.reduce(0, +))}")
            """)
    }

    @Test func skipsBracesInsideRawAndMultiLineStrings() {
        let text = #"""
            Math(#"\frac{1}{2}"#) { x in
                let s = """
                  } not the end {
                  """
                return s
            } trailing
            """#
        let range = CellSource.closureBody(in: text)
        #expect(range.map { String(text[$0]) }?.contains("return s") == true)
        #expect(range.map { String(text[$0]) }?.contains("trailing") == false)
    }

    @Test func aMissingFileGivesNoSource() {
        #expect(CellSource.body(file: "/nonexistent/Notebook.swift", line: 3) == nil)
    }
}
