import Foundation
import Testing

@testable import Notebook

struct CellSourceTests {
    @Test func findsTheBodyOfTheClosureOnALine() throws {
        let line = #line + 1
        let cell = Run("Sum") { ctx in
            let values = [1, 2, 3]  // a comment with a } brace
            ctx.print("sum: {\(values.reduce(0, +))}")
        }
        let file = try #require(SourceFile(path: cell.cell.location.file))
        let body = CellSource.body(in: file, line: line)
        #expect(
            body == """
                let values = [1, 2, 3]  // a comment with a } brace
                ctx.print("sum: {\\(values.reduce(0, +))}")
                """)
        #expect(
            CellSource.code(in: file, line: line)
                == #"ctx in let values = [ 1 , 2 , 3 ] ctx . print ( "sum: {\(values.reduce(0, +))}" )"#)
    }

    @Test func skipsBracesInsideRawAndMultiLineStringsAndInterpolations() {
        let text = #"""
            Math(#"\frac{1}{2}"#) { x in
                let s = """
                  } not the end {
                  """
                let t = "\(f("}")) \(x)"
                return s /* { */
            } trailing
            """#
        let file = SourceFile(path: "Test.swift", text: text)
        let body = CellSource.body(in: file, line: 1) ?? ""
        #expect(body.contains("return s"))
        #expect(!body.contains("trailing"))
        #expect(file.tokens.last?.text == "trailing")
        #expect(file.tokens.last?.line == 7)
    }

    @Test func codeIgnoresCommentsSpacesAndLineBreaks() {
        let a = SourceFile(path: "A.swift", text: "Run(\"A\") { ctx in ctx.print(1 + 2) }")
        let b = SourceFile(
            path: "B.swift",
            text: """
                Run("B") { ctx in
                    // Three.
                    ctx.print(1+2)  /* printed */
                }
                """)
        #expect(CellSource.code(in: a, line: 1) == CellSource.code(in: b, line: 1))
        let c = SourceFile(path: "C.swift", text: "Run(\"C\") { ctx in ctx.print(1 + 3) }")
        #expect(CellSource.code(in: a, line: 1) != CellSource.code(in: c, line: 1))
    }

    /// A file being edited can end anywhere: inside a string, an escape, an interpolation, a comment.
    @Test func everyPrefixOfTrickySourceTokenizes() {
        let text = ##"""
            let a = "x\"y\(f("(")) \\" + #"raw \#(b) "# /* c /* d */ */ // e
            let m = """
              \(g) \
              """
            `default` 1...3 x?.y
            """##
        for end in 0...text.utf8.count {
            let prefix = String(decoding: text.utf8.prefix(end), as: UTF8.self)
            let tokens = SwiftTokenizer.tokens(of: prefix)
            #expect(tokens.allSatisfy { $0.start <= $0.end && $0.end <= prefix.utf8.count })
        }
        let words = SwiftTokenizer.tokens(of: text).filter { $0.kind == .word }.map(\.text)
        #expect(words == ["let", "a", "let", "m", "default", "x", "y"])
    }

    @Test func aMissingFileGivesNoSource() {
        #expect(SourceFile(path: "/nonexistent/Notebook.swift") == nil)
    }

    @Test func topLevelDeclarationsKnowTheirNames() {
        let text = """
            import Lectern

            extension StateKey where Value == Tensor {
                static let codes = StateKey("codes")
            }
            private let (walkFrom, walkTo) = (0, 1)
            let steps: Int =
                16
            func path(_ n: Int) -> Int { n + steps }
            extension Tensor: CustomStringConvertible { var description: String { "" } }
            extension Pair { init(_ x: Int) { self.init(x, x) } }
            func + (a: Pair, b: Pair) -> Pair { a }
            let notebook = Notebook(id: "n", title: "A title") {
                Markdown("Prose with `code`.")
                for k in ranks {
                    Run("Rank \\(k)") { ctx in ctx.print(k) }
                }
            }
            LecternCLI.main(notebooks: [notebook])
            """
        let declarations = TopLevelDeclarations.parse(SwiftTokenizer.tokens(of: text), file: "N.swift")
        // `StateKey` alone reaches no key; `Pair(…)` reaches the extension that adds the initialiser.
        #expect(
            declarations.map(\.names) == [
                [], ["codes"], ["walkFrom", "walkTo"], ["steps"], ["path"], ["description"], ["Pair"], [],
                ["notebook"], [],
            ])
        #expect(
            declarations.map(\.reachedByEveryCell) == [
                true, false, false, false, false, true, false, true, false, false,
            ])
        #expect(
            declarations.map(\.isFilePrivate) == [false, false, true, false, false, false, false, false, false, false])
        #expect(declarations[3].lines == 7...8)
        // A notebook's own code is what lies between its cells.
        #expect(declarations[8].content == "for k in ranks { }")
        #expect(declarations[8].words == ["for", "k", "in", "ranks"])
    }

    /// Every cell reads its notebook's file; it is read once, and again whenever it changes.
    @Test func aSourceFileIsReadAgainWhenItChanges() throws {
        let path = NSTemporaryDirectory() + "lectern-source-\(UUID().uuidString).swift"
        defer { try? FileManager.default.removeItem(atPath: path) }
        func write(_ text: String, modified: Date) throws {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        let settled = Date(timeIntervalSinceNow: -60)
        try write("let a = 1", modified: settled)
        #expect(SourceFile(path: path)?.tokens.last?.text == "1")
        try write("let a = 2", modified: settled.addingTimeInterval(1))
        #expect(SourceFile(path: path)?.tokens.last?.text == "2")
        // Saved just now, at the same size: not remembered, so a second save is seen whatever its time.
        let now = Date()
        try write("let a = 3", modified: now)
        #expect(SourceFile(path: path)?.tokens.last?.text == "3")
        try write("let a = 4", modified: now)
        #expect(SourceFile(path: path)?.tokens.last?.text == "4")
    }
}
