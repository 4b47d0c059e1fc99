import Foundation
import Graphics
import Publish
import Testing

@testable import Notebook

/// A lecture as a notebook file; the tests edit it and compare the page the prose path gives with
/// the page a compile of the edited file gives.
private let lecture = ##"""
    import Lectern

    let lecture = Notebook(id: "lecture", title: "Lecture", date: "2026-01-05") {
        Markdown(
            """
            # Losses {#sec:loss}
            The squared error of @eq:sq is the loss.
            """)
        Math(#"L = \sum_i (x_i - \hat{x}_i)^2"#, label: "eq:sq")
        Run("Sum") { ctx in
            ctx.print("the sum")
        }
        Markdown("After the sum, $x^2$ grows.", id: "after")
        Plot("Figure of $L$") { ctx in
            TextLayout("drawn")
        }
        Callout(.note, title: "Mind", "The loss is never negative.")
        Math("e = mc^2")
        Run("Second", echo: false) { ctx in ctx.print("second") }
    }
    """##

struct ProseEditTests {
    @Test func aProseEditGivesThePageOfACompile() throws {
        try expectSamePage(
            after: lecture.replacingOccurrences(of: "is the loss.", with: "is the loss we *minimise*.")
                .replacingOccurrences(of: "Figure of $L$", with: "The loss $L$, drawn")
                .replacingOccurrences(of: #"title: "Mind""#, with: #"title: "Note well""#)
                .replacingOccurrences(of: "never negative.", with: "never below zero."))
    }

    @Test func aFormulaEditGivesThePageOfACompile() throws {
        try expectSamePage(after: lecture.replacingOccurrences(of: "(x_i - \\hat{x}_i)^2", with: "|x_i|"))
    }

    /// A formula and prose that gain lines move every cell below them: their ids, cache keys and
    /// echoed code are found at their new lines.
    @Test func editsThatAddLinesMoveTheCellsBelow() throws {
        let edited =
            lecture
            .replacingOccurrences(
                of: ##"Math(#"L = \sum_i (x_i - \hat{x}_i)^2"#"##,
                with:
                    "Math(\n        #\"\"\"\n        L = \\sum_i (x_i - \\hat{x}_i)^2\n          + \\lambda\n        \"\"\"#"
            )
            .replacingOccurrences(of: "is the loss.", with: "is the loss.\n\n        A second paragraph.")
            .replacingOccurrences(of: "After the sum", with: #"After \"the\" sum"#)
        let (fast, full) = try expectSamePage(after: edited)
        let run = try #require(fast.cells.first { $0.summary == "Run \"Sum\"" })
        #expect(run.location.line == 16)
        #expect(fast.cells.map(\.location.line) == full.cells.map(\.location.line))
        #expect(fast.cells.map(\.column) == full.cells.map(\.column))
    }

    /// Edits that look like prose but change what the code does, or that this binary cannot know.
    @Test func editsOfCodeNeedACompile() throws {
        let cases: [(String, String, String)] = [
            (#"ctx.print("the sum")"#, #"ctx.print("another sum")"#, "code changed at Lecture.swift:11"),
            (
                #""After the sum, $x^2$ grows.""#, #""After \(1 + 1) sums.""#,
                "the text at Lecture.swift:13 is not a plain literal"
            ),
            (#"id: "after""#, #"id: "later""#, "code changed at Lecture.swift:13"),
            (#"label: "eq:sq""#, #"label: "eq:squared""#, "code changed at Lecture.swift:9"),
            (#"Run("Sum")"#, #"Run("Add")"#, "code changed at Lecture.swift:10"),
            ("ctx.print(\"second\") }", "ctx.print(\"second\") }\n    Markdown(\"new\")", "code changed"),
            ("Math(\"e = mc^2\")", "Math(\"e = mc^2\"); Markdown(\"x\")", "code changed"),
        ]
        for (old, new, reason) in cases {
            let edited = lecture.replacingOccurrences(of: old, with: new)
            #expect(edited != lecture)
            let error = try compileNeeded(after: edited)
            #expect(error.hasPrefix(reason), "\(new): \(error)")
        }
    }

    @Test func onlyPlainTextArgumentsOfCellsAreProse() {
        let tokens = SwiftTokenizer.tokens(
            of: """
                Markdown("a"); Markdown { ctx in "b" }; Markdown(intro + "c"); Math("d", label: "e")
                Plot("f") { _ in g("h") }; Callout(.note, title: "i", "j"); x.Markdown("k"); Claim("l") { _ in }
                """)
        let texts = CellTextLiteral.find(in: tokens).values.sorted { $0.token < $1.token }.map {
            "\(tokens[$0.token].text) \($0.role.rawValue)"
        }
        #expect(
            texts == [
                #""a" markdown"#, #""d" math"#, #""f" plotCaption"#, #""i" calloutTitle"#, #""j" calloutText"#,
            ])
    }

    /// A binary compiled from other texts than the ones it is given (they were saved elsewhere) is
    /// not trusted: the texts it holds must be the compiled ones.
    @Test func aBinaryThatHoldsOtherTextsNeedsACompile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Lecture.swift"
        let claimed = lecture.replacingOccurrences(of: "is the loss.", with: "was the loss.")
        let edited = lecture.replacingOccurrences(of: "is the loss.", with: "is the loss, again.")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let compiled = try CompiledFixture.notebook(lecture, file: path)
        #expect(throws: CompileNeeded.self) {
            _ = try compiled.applyingProseEdits(compiledFrom: CompiledSources(files: [path: claimed]))
        }
        try "let more = 1".write(toFile: directory + "/More.swift", atomically: true, encoding: .utf8)
        let added = #expect(throws: CompileNeeded.self) {
            _ = try compiled.applyingProseEdits(compiledFrom: CompiledSources(files: [path: lecture]))
        }
        #expect(added?.description == "More.swift was added")
    }

    /// `lectern` creates its notebooks before it reads its command line, at the lines it was compiled
    /// with, when the file may have gained lines since: a cell named from its code is named from the
    /// compiled text, or it would take the code of the closure now at its old place (the Plot below
    /// would take the Run cell's).
    @Test func cellsMadeFromAnEditedFileAreNamedFromTheCompiledText() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Lecture.swift"
        let edited = lecture.replacingOccurrences(of: "is the loss.", with: "is the loss.\n\n\n\n")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        CompiledSources.forCellIDs = CompiledSources(files: [path: lecture])
        let madeLate = try CompiledFixture.notebook(lecture, file: path)
        CompiledSources.forCellIDs = nil
        let full = try CompiledFixture.notebook(edited, file: path)
        let fast = try madeLate.applyingProseEdits(compiledFrom: CompiledSources(files: [path: lecture]))
        #expect(fast.cells.map(\.id) == full.cells.map(\.id))
        #expect(Set(full.cells.map(\.id)).count == full.cells.count)
    }

    // MARK: - Helpers

    /// Writes `edited` where `lecture` was compiled from and checks that the prose path's notebook
    /// and page are a compile's. Returns both notebooks.
    @discardableResult
    private func expectSamePage(after edited: String) throws -> (fast: Notebook, full: Notebook) {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Lecture.swift"
        try lecture.write(toFile: path, atomically: true, encoding: .utf8)
        let compiled = try CompiledFixture.notebook(lecture, file: path)
        let options = EngineOptions(cacheDirectory: directory + "/cache")
        let before = HTMLWriter.render(Engine.run(compiled, options: options).document).html

        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let full = try CompiledFixture.notebook(edited, file: path)
        let fullRun = Engine.run(full, options: options)
        let fast = try compiled.applyingProseEdits(compiledFrom: CompiledSources(files: [path: lecture]))
        let fastRun = Engine.run(fast, options: options)
        let page = HTMLWriter.render(fastRun.document).html
        #expect(!fullRun.failed)
        #expect(page == HTMLWriter.render(fullRun.document).html)
        #expect(page != before)
        #expect(fast.cells.map(\.id) == full.cells.map(\.id))
        #expect(fast.location.line == full.location.line)
        // Same ids and keys: the Run cells come from the cache the compiled build filled.
        #expect(fastRun.reports.filter { $0.summary.hasPrefix("Run") }.map(\.status) == [.cached, .cached])
        return (fast, full)
    }

    private func compileNeeded(after edited: String) throws -> String {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/Lecture.swift"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let compiled = try CompiledFixture.notebook(lecture, file: path)
        let sources = CompiledSources(files: [path: lecture])
        guard case .code(let why) = sources.difference(to: CompiledSources.read(directory: directory)) else {
            return "no compile needed"
        }
        let error = #expect(throws: CompileNeeded.self) { _ = try compiled.applyingProseEdits(compiledFrom: sources) }
        #expect(error?.description == why)
        return why
    }

    private func temporaryDirectory() throws -> String {
        let directory = CompiledSources.resolved(NSTemporaryDirectory() + "lectern-prose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// The notebook a compile of a small notebook file would make: its cells with the lines, columns
/// and literal values the compiler gives them (`#line` and `#column` of a call are where its name
/// starts). Run cells print their string literals; Plot cells draw their first one as text.
enum CompiledFixture {
    struct Unsupported: Error {}

    static func notebook(_ source: String, file: String) throws -> Notebook {
        let tokens = SwiftTokenizer.tokens(of: source)
        guard let start = tokens.firstIndex(where: { $0.text == "Notebook" }),
            let open = tokens[start...].firstIndex(where: { $0.isSymbol("{") })
        else { throw Unsupported() }
        let notebookArguments = arguments(tokens, (start + 2)..<TopLevelDeclarations.closing(tokens, from: start + 1))
        let close = TopLevelDeclarations.closing(tokens, from: open)
        var cells: [any CellConvertible] = []
        var k = open + 1
        while k < close {
            let call = tokens[k]
            guard call.kind == .word, tokens[k + 1].isSymbol("(") else {
                k += 1
                continue
            }
            let end = TopLevelDeclarations.closing(tokens, from: k + 1)
            let given = arguments(tokens, (k + 2)..<end)
            var next = end + 1
            var closure: [String] = []
            if next < close, tokens[next].isSymbol("{") {
                let closureEnd = TopLevelDeclarations.closing(tokens, from: next)
                closure = try tokens[next..<closureEnd].filter { $0.kind == .string }.map(value)
                next = closureEnd + 1
            }
            let (line, column) = (call.line, call.column)
            let texts = closure
            switch call.text {
            case "Markdown": cells.append(Markdown(given[""] ?? "", id: given["id"], file: file, line: line))
            case "Math": cells.append(Math(given[""] ?? "", label: given["label"], file: file, line: line))
            case "Callout":
                cells.append(Callout(.note, title: given["title"], given[""] ?? "", file: file, line: line))
            case "Run":
                cells.append(
                    Run(given[""] ?? "", echo: given["echo"] != "false", file: file, line: line, column: column) {
                        ctx in
                        for text in texts { ctx.print(text) }
                    })
            case "Plot":
                cells.append(
                    Plot(given[""] ?? "", label: given["label"], file: file, line: line, column: column) { _ in
                        TextLayout(texts.first ?? "", font: .roman(10))
                    })
            default: throw Unsupported()
            }
            k = next
        }
        return Notebook(
            id: notebookArguments["id"] ?? "", title: notebookArguments["title"] ?? "", date: notebookArguments["date"],
            file: file, line: tokens[start].line
        ) {
            for cell in cells { AnyCell(cell: cell.cell) }
        }
    }

    private struct AnyCell: CellConvertible {
        let cell: Cell
    }

    /// `"text", label: "eq:x", echo: false` → ["": "text", "label": "eq:x", "echo": "false"].
    private static func arguments(_ tokens: [SourceToken], _ range: Range<Int>) -> [String: String] {
        var found: [String: String] = [:]
        var k = range.lowerBound
        while k < range.upperBound {
            if tokens[k].kind == .word, k + 2 < range.upperBound, tokens[k + 1].isSymbol(":") {
                let argument = tokens[k + 2]
                found[tokens[k].text] = argument.kind == .string ? (try? value(argument)) : argument.text
                k += 3
            } else {
                if tokens[k].kind == .string, found[""] == nil { found[""] = try? value(tokens[k]) }
                k += 1
            }
        }
        return found
    }

    private static func value(_ token: SourceToken) throws -> String {
        guard let value = SwiftStringLiteral.value(of: token.text) else { throw Unsupported() }
        return value
    }
}
