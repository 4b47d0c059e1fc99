import Foundation
import Testing

/// The `lectern` executable as a user runs it: exit codes, and what a killed build leaves behind.
struct ProcessTests {
    /// The `lectern` built beside this test bundle.
    static var lectern: String? {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("lectern").path
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let inBuild = packageRoot.appendingPathComponent(".build/debug/lectern").path
        return [besideTests, inBuild].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ arguments: [String]) throws -> (code: Int32, stderr: String) {
        let result = try runCapturing(arguments)
        return (result.code, result.stderr)
    }

    /// Runs `lectern`; `SOURCE_DATE_EPOCH` is the given one, or unset as on a lecturer's machine.
    func runCapturing(_ arguments: [String], sourceDateEpoch: String? = nil) throws -> (
        code: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = sourceDateEpoch
        process.environment = environment
        let errors = Pipe()
        let output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func explainSaysWhichCellsRanAndWhy() throws {
        let directory = NSTemporaryDirectory() + "lectern-explain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = [
            "build", "hello", "--explain", "--output", directory, "--cache-directory", directory + "/cache",
        ]
        let cold = try runCapturing(arguments)
        #expect(cold.code == 0)
        #expect(cold.stdout.contains("load-1-000-images-and-average-them: ran (no cached results)"))
        let warm = try runCapturing(arguments)
        #expect(warm.stdout.contains("load-1-000-images-and-average-them: cached"))
        #expect(warm.stdout.contains("fig:rows: ran (figures are always drawn)"))
        let forced = try runCapturing(arguments + ["--no-cache"])
        #expect(forced.stdout.contains("load-1-000-images-and-average-them: ran (--no-cache)"))
    }

    @Test func exitCodesAndOneLineReasons() throws {
        let unknown = try run(["build", "no-such-notebook", "--quiet"])
        #expect(unknown.code == 1)
        #expect(unknown.stderr.hasPrefix("lectern: unknown notebook 'no-such-notebook' (known: hello"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        let unwritable = try run(["build", "hello", "--output", "/proc/lectern-cannot-write", "--quiet"])
        #expect(unwritable.code == 1)
        #expect(unwritable.stderr.hasPrefix("lectern: cannot create output directory '/proc/lectern-cannot-write'"))
        #expect(unwritable.stderr.split(separator: "\n").count == 1)
        #expect(try run(["list"]).code == 0)
        #expect(try run(["--help"]).code == 0)
    }

    /// Runs `lectern` limited to files of `bytes` bytes: the kernel kills it (SIGXFSZ) at the write
    /// that crosses the limit, that is in the middle of writing the first output larger than that.
    /// The test runner ignores SIGXFSZ, and children inherit that; `env` restores the default.
    func runKilledWhileWriting(after bytes: Int, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["--default-signal=XFSZ", "prlimit", "--fsize=\(bytes)", "--core=0", "--", try #require(Self.lectern)]
            + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process
    }

    @Test func withoutSourceDateEpochAHandoutCarriesItsNotebooksCommitDateAndTheSameBytes() throws {
        let directory = NSTemporaryDirectory() + "lectern-dates-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var outputs: [[Data]] = []
        for build in ["first", "second"] {
            let arguments = [
                "build", "hello", "--quiet", "--output", "\(directory)/\(build)", "--cache-directory",
                directory + "/cache",
            ]
            #expect(try runCapturing(arguments).code == 0)
            outputs.append(
                ["html", "pdf"].compactMap { FileManager.default.contents(atPath: "\(directory)/\(build)/hello.\($0)") }
            )
        }
        #expect(outputs[0].count == 2 && outputs[0] == outputs[1])
        let html = String(decoding: outputs[0].first ?? Data(), as: UTF8.self)
        #expect(!html.contains("1970-01-01"))
        let notebookFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks/Hello.swift").path
        let expected = try #require(NotebookDateOfCommit.day(of: notebookFile))
        #expect(html.contains("<p class=\"date\">\(expected)</p>"), "expected \(expected)")
    }

    @Test func anOutOfRangeSourceDateEpochIsAnErrorNotACrash() throws {
        let directory = NSTemporaryDirectory() + "lectern-epoch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for raw in ["-9223372036854775808", "253402300800", "yesterday"] {
            let result = try runCapturing(["tex", "x^2", "-o", directory + "/x.pdf"], sourceDateEpoch: raw)
            #expect(result.code == 1)
            #expect(result.stderr.hasPrefix("lectern: SOURCE_DATE_EPOCH='\(raw)' is not a time"), "\(result.stderr)")
        }
    }

    @Test func aBuildKilledWhileWritingLeavesTheLastGoodOutputAndNoPartialFile() throws {
        let directory = NSTemporaryDirectory() + "lectern-killed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["build", "hello", "--output", directory, "--quiet", "--cache-directory", directory + "/cache"]
        // A complete build first: its outputs give the sizes, and its cache keeps the killed builds short.
        #expect(try run(arguments).code == 0)
        for format in ["html", "pdf"] {
            let path = "\(directory)/hello.\(format)"
            let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            let lastGood = Data("the last good \(format)".utf8)
            for limit in [1, size / 3, 2 * size / 3, size - 1] {
                try lastGood.write(to: URL(fileURLWithPath: path))
                let killed = try runKilledWhileWriting(after: limit, arguments + ["--format", format])
                #expect(killed.terminationReason == .uncaughtSignal && killed.terminationStatus == SIGXFSZ)
                #expect(FileManager.default.contents(atPath: path) == lastGood, "\(format) killed at byte \(limit)")
                let visible = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                    !$0.hasPrefix(".")
                }
                #expect(visible.sorted() == ["cache", "hello.html", "hello.pdf"])
            }
        }
        // The next build writes both and removes what the killed ones left behind.
        #expect(try run(arguments).code == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["cache", "hello.html", "hello.pdf"])
        #expect(
            FileManager.default.contents(atPath: directory + "/hello.html")?.starts(with: Data("<!DOCTYPE".utf8))
                == true)
    }
}

/// What git says of a file, to check `lectern` against: the day of the last commit that touched it.
enum NotebookDateOfCommit {
    static func day(of file: String) -> String? {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = [
            "git", "-C", (file as NSString).deletingLastPathComponent, "log", "-1", "--format=%cd",
            "--date=format-local:%Y-%m-%d", "--", file,
        ]
        git.environment = ["TZ": "UTC", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        git.standardOutput = output
        guard (try? git.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        git.waitUntilExit()
        let day = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return day.isEmpty ? nil : day
    }
}
