import Foundation
import Testing

/// `lectern tex` and `lectern bench tex-fuzz` run as a user runs them: errors are `lectern:` lines,
/// and bad input ends with exit code 1, never a trap.
struct TeXProcessTests {
    let process = ProcessTests()

    @Test func everyBatchErrorIsALecternLine() throws {
        let dir = NSTemporaryDirectory() + "lectern-batch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "id\tmode\ttex\n../x\tinline\tx\nx\tinline\t\\frac{1}{\nx\tinline\ty\ny\tdisplay\ty\n".write(
            toFile: dir + "/f.tsv", atomically: true, encoding: .utf8)
        let run = try process.runCapturing(["tex", "--batch", dir + "/f.tsv", "-o", dir + "/out"])
        #expect(run.code == 1)
        #expect(run.stdout == "1 formulas written to \(dir)/out\n")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(run.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix("lectern: \(dir)/f.tsv: ") }, "\(run.stderr)")
    }

    @Test func lengthsAndSizesThatAreNotNumbersAreClearErrors() throws {
        let nan = try process.run(["tex", #"a\hspace{nan em}"#, "--metrics"])
        #expect(nan.code == 1)
        #expect(
            nan.stderr.hasPrefix("lectern: the length 'nan em' of \\hspace is not a number within ±100em at column 10"))
        let huge = try process.run(["tex", "x", "--size", "1e308", "--metrics"])
        #expect(huge.code != 0)
        #expect(huge.stderr.contains("--size must be between 1 and 1000 points"))
    }

    @Test func theFuzzBenchmarkCountsNoCrashes() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seed-formulas.tsv").path
        let run = try process.runCapturing(["bench", "tex-fuzz", "--inputs", "300", "--seeds", seeds])
        #expect(run.code == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("inputs: 300 (accepted "))
        #expect(run.stdout.contains("crashes: 0\nerrors without a column or malformed SVG: 0\ninputs over 1 s: 0"))
    }
}
