import Foundation
import Testing

@testable import TeXMath

/// `lectern tex --batch`: an id names a file inside the output directory or the row fails, and a
/// failing row never stops the others.
@Suite struct BatchTests {
    @Test func idsThatCannotNameAFileFailTheirRowAndTheRestIsWritten() throws {
        let dir = NSTemporaryDirectory() + "texmath-ids-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let table = dir + "/f.tsv"
        try """
        id\tmode\ttex
        ../escaped\tinline\tx
        \tinline\ty
        .hidden\tinline\tz
        a\tdisplay\tx^2
        a\tinline\ty^2
        sub\\dir\tinline\tw
        bad mode\tsideways\tx
        short
        ok\tinline\t\\alpha
        """.write(toFile: table, atomically: true, encoding: .utf8)
        let report = try TeXBatch.run(tsvPath: table, outputDirectory: dir + "/out", format: .svg)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == ["a.svg", "ok.svg"])
        #expect(!FileManager.default.fileExists(atPath: dir + "/escaped.svg"))
        #expect(
            report.failures.map(\.description) == [
                "../escaped (line 2): the id '../escaped' holds a path separator",
                " (line 3): the id is empty",
                ".hidden (line 4): the id '.hidden' starts with '.'",
                "a (line 6): the id 'a' is already used on line 5",
                #"sub\dir (line 7): the id 'sub\dir' holds a path separator"#,
                "bad mode (line 8): mode must be inline or display, not 'sideways'",
                "short (line 9): expected 3 tab-separated columns",
            ])
        // The first 'a' was written, not overwritten by the second.
        let a = try String(contentsOfFile: dir + "/out/a.svg", encoding: .utf8)
        #expect(a.contains("aria-label=\"x^2\""))
    }

    @Test func aFileThatCannotBeWrittenFailsOnlyItsRow() throws {
        let dir = NSTemporaryDirectory() + "texmath-unwritable-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/out/taken.svg", withIntermediateDirectories: true)
        try "id\tmode\ttex\ntaken\tinline\tx\nfree\tinline\ty\n".write(
            toFile: dir + "/f.tsv", atomically: true, encoding: .utf8)
        let report = try TeXBatch.run(tsvPath: dir + "/f.tsv", outputDirectory: dir + "/out", format: .svg)
        #expect(report.written == [dir + "/out/free.svg"])
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.hasPrefix("cannot write \(dir)/out/taken.svg") == true)
    }
}
