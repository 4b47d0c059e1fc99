import Foundation
import Testing

@testable import LecternCLI
@testable import Notebook

/// `lectern build --compiled-sources`, the prose path of `lectern watch`: it shows edited texts only
/// when asked, and a plain build never shows them.
struct ProsePathTests {
    @Test func editedProseShowsOnlyWithTheCompiledSourcesAndCodeEditsStop() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "lectern-prose-\(UUID().uuidString)")
            .resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: directory + "/notebooks", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/notebooks/Talk.swift"
        let source = """
            import Lectern

            let talk = Notebook(id: "talk", title: "Talk", date: "2026-01-05") {
                Markdown("The first sentence.")
                Run("Say") { ctx in ctx.print("said") }
            }
            """
        // What a compile of `source` makes of it.
        let talk = Notebook(id: "talk", title: "Talk", date: "2026-01-05", file: path, line: 3) {
            Markdown("The first sentence.", file: path, line: 4)
            Run("Say", file: path, line: 5, column: 5) { ctx in ctx.print("said") }
        }
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        let sources = directory + "/compiled-sources.json"
        try JSONEncoder().encode(CompiledSources(files: [path: source])).write(to: URL(fileURLWithPath: sources))
        let cache = ["--cache-directory", directory + "/cache"]
        func build(_ output: String, _ options: [String] = []) -> (code: Int32, page: String?) {
            let code = LecternCLI.run(
                ["build", "talk", "--format", "html", "--output", directory + "/" + output, "--quiet"] + cache
                    + options,
                notebooks: [talk])
            return (code, try? String(contentsOfFile: directory + "/\(output)/talk.html", encoding: .utf8))
        }
        let compiled = try #require(build("compiled").page)

        try source.replacingOccurrences(of: "The first sentence.", with: "The edited sentence.")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let prose = try #require(build("prose", ["--compiled-sources", sources]).page)
        #expect(prose.contains("The edited sentence."))
        #expect(!prose.contains("The first sentence."))
        #expect(prose.contains("said"))
        // Without the option the binary shows what it was compiled from, as before the prose build.
        #expect(build("plain").page == compiled)

        try source.replacingOccurrences(of: "\"said\"", with: "\"shouted\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let code = build("code", ["--compiled-sources", sources])
        #expect(code.code == BuildCommand.compileNeededExitCode)
        #expect(code.page == nil)
    }
}
