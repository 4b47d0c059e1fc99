import Foundation
import Testing

/// The document `lectern build` makes of `hello`, against its snapshot in `Tests/Snapshots/notebooks`:
/// a change in a reader, a pass or a figure shows up as a diff to review. The companions' snapshots
/// sit beside it; they train for minutes, so CI compares them after `make` (`scripts/check-snapshots.sh`)
/// instead of this suite. `LECTERN_RECORD_SNAPSHOTS=1` re-records hello's.
struct NotebookSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots/notebooks").path

    @Test func helloMatchesItsSnapshot() throws {
        let scratch = NSTemporaryDirectory() + "lectern-snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let built = try ProcessTests().runCapturing([
            "build", "hello", "--format", "html", "--output", scratch, "--cache-directory", scratch + "/cache",
            "--snapshots", scratch + "/snapshots", "--quiet",
        ])
        #expect(built.code == 0, "\(built.stderr)")
        let json = try String(contentsOfFile: scratch + "/snapshots/hello.json", encoding: .utf8)
        let path = "\(Self.directory)/hello.json"
        if ProcessInfo.processInfo.environment["LECTERN_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(json == (try String(contentsOfFile: path, encoding: .utf8)), "see scripts/check-snapshots.sh")
    }
}
