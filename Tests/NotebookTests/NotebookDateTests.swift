import Foundation
import Testing

@testable import Notebook

/// Where a notebook's date comes from when nobody sets `SOURCE_DATE_EPOCH`: never 1970, never the clock.
struct NotebookDateTests {
    func message(_ body: () throws -> String) -> String? {
        do {
            let date = try body()
            Issue.record("expected an error, got '\(date)'")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func theNotebooksOwnDateComesFirst() throws {
        let notebook = Notebook(id: "n", title: "N", date: "2024-02-29") {}
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: "1700000000") == "2024-02-29")
    }

    @Test func aDateThatIsNoDayIsAnErrorNamingItAndTheNotebook() {
        for bad in [
            "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "26-10-05", "2026-1-05", "tomorrow", "2026-10-05 ",
        ] {
            let notebook = Notebook(id: "week3", title: "N", date: bad) {}
            let text = message { try NotebookDate.of(notebook, sourceDateEpoch: nil) } ?? ""
            #expect(
                text.contains("'\(bad)'") && text.contains("week3") && text.contains("NotebookDateTests.swift:"),
                "\(text)")
        }
    }

    @Test func sourceDateEpochWhenTheNotebookHasNoDate() throws {
        let notebook = Notebook(id: "n", title: "N") {}
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: "1700000000") == "2023-11-14")
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: "253402300799") == "9999-12-31")
    }

    @Test func sourceDateEpochOutOfRangeIsAClearError() {
        let notebook = Notebook(id: "n", title: "N") {}
        for raw in [
            "-9223372036854775808", "-1", "253402300800", "9223372036854775807", "99999999999999999999", "1.5", "soon",
        ] {
            let text = message { try NotebookDate.of(notebook, sourceDateEpoch: raw) } ?? ""
            #expect(text.hasPrefix("SOURCE_DATE_EPOCH='\(raw)' is not a time"), "\(text)")
        }
    }

    @Test func theLastCommitThatTouchedTheNotebooksFile() throws {
        let repository = NSTemporaryDirectory() + "lectern-date-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: repository) }
        func git(_ arguments: String..., at epoch: Int = 0) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", repository, "-c", "user.name=L", "-c", "user.email=l@example.org"] + arguments
            process.environment = [
                "GIT_COMMITTER_DATE": "@\(epoch) +0000", "GIT_AUTHOR_DATE": "@\(epoch) +0000", "PATH": "/usr/bin:/bin",
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "git \(arguments)")
        }
        let file = repository + "/week1.swift"
        try Data("let week1 = 1\n".utf8).write(to: URL(fileURLWithPath: file))
        try Data("other\n".utf8).write(to: URL(fileURLWithPath: repository + "/other.swift"))
        try git("init", "-q")
        try git("add", "week1.swift")
        try git("commit", "-q", "-m", "Week 1", at: 1_000_000_000)
        try git("add", "other.swift")
        try git("commit", "-q", "-m", "Another lecture", at: 1_700_000_000)

        // Only commits touching this notebook's file count, and an uncommitted edit does not.
        try Data("let week1 = 2\n".utf8).write(to: URL(fileURLWithPath: file))
        let notebook = Notebook(id: "week1", title: "Week 1", file: file) {}
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: nil) == "2001-09-09")
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: "") == "2001-09-09")
    }

    @Test func aFileOutsideGitIsDatedByItsModificationTime() throws {
        let file = NSTemporaryDirectory() + "lectern-date-\(UUID().uuidString).swift"
        try Data("let notes = 1\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 951_782_400)], ofItemAtPath: file)
        #expect(try NotebookDate.of(Notebook(id: "n", title: "N", file: file) {}, sourceDateEpoch: nil) == "2000-02-29")
    }

    @Test func aNotebookWhoseFileIsGoneHasNoDateRatherThan1970() throws {
        let notebook = Notebook(id: "n", title: "N", file: "/nonexistent/lectern/notes.swift") {}
        #expect(try NotebookDate.of(notebook, sourceDateEpoch: nil) == "")
    }
}
