import Foundation
import Tensors
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

    /// This process's environment with `SOURCE_DATE_EPOCH` set to `value`, or unset as on a
    /// lecturer's machine.
    static func environment(sourceDateEpoch value: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = value
        return environment
    }

    func run(_ arguments: [String]) throws -> (code: Int32, stderr: String) {
        let result = try runCapturing(arguments)
        return (result.code, result.stderr)
    }

    func runCapturing(_ arguments: [String], environment: [String: String]? = nil) throws -> (
        code: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = arguments
        if let environment { process.environment = environment }
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
        #expect(cold.stdout.contains(#"Run "Load 1,000 images and average them": ran (no cached results)"#))
        let warm = try runCapturing(arguments)
        #expect(warm.stdout.contains(#"Run "Load 1,000 images and average them": cached"#))
        #expect(warm.stdout.contains(#"Plot "Mean pixel intensity of each image row": cached"#))
        let forced = try runCapturing(arguments + ["--no-cache"])
        #expect(forced.stdout.contains(#"Run "Load 1,000 images and average them": ran (--no-cache)"#))
    }

    /// Notebooks built side by side in worker processes give the bytes of a build one at a time, and each
    /// line of their logs comes out whole, prefixed with its notebook.
    @Test func parallelBuildsGiveTheBytesOfSerialOnes() throws {
        let directory = NSTemporaryDirectory() + "lectern-jobs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notebooks = ["hello", "vae-theory", "autoencoders-intro", "deep-autoencoders-and-pretraining"]
        func build(jobs: Int, into name: String) throws -> [String: Data] {
            let result = try runCapturing(
                ["build"] + notebooks + ["--draft", "--jobs", String(jobs), "--output", "\(directory)/\(name)"])
            // Draft builds run no Plot cell, so references to figures may fail; the bytes must agree all the same.
            #expect(result.code <= 1 && !result.stderr.contains("lectern:"), "\(result.stderr)")
            if jobs > 1 {
                for line in result.stdout.split(separator: "\n") {
                    #expect(notebooks.contains { line.hasPrefix("\($0): ") }, "unprefixed line: \(line)")
                }
            }
            var files: [String: Data] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(name)") {
                files[file] = FileManager.default.contents(atPath: "\(directory)/\(name)/\(file)")
            }
            return files
        }
        let serial = try build(jobs: 1, into: "serial")
        #expect(serial.count == 2 * notebooks.count)
        for round in 1...2 {
            let parallel = try build(jobs: 3, into: "parallel-\(round)")
            for (file, bytes) in serial { #expect(parallel[file] == bytes, "\(file) differs in round \(round)") }
        }
    }

    /// A worker that dies (here: killed as it starts) fails its own notebook with a reason; the other
    /// notebook is still written and the build exits with 1.
    @Test func aWorkerThatDiesFailsOnlyItsNotebook() throws {
        let directory = NSTemporaryDirectory() + "lectern-worker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = [
            "build", "hello", "vae-theory", "--jobs", "2", "--output", directory, "--cache-directory",
            directory + "/cache",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var killed = false
        while !killed && process.isRunning {
            // The worker alone: a child just forked to start git has the parent's arguments ("hello vae-theory").
            for child in Self.children(of: process.processIdentifier)
            where Self.commandLine(of: child).contains(" build vae-theory ") {
                kill(child, SIGKILL)
                killed = true
            }
            usleep(5_000)
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(killed)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("the process was stopped by signal 9"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: directory + "/hello.pdf"))
    }

    static func children(of parent: Int32) -> [Int32] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return all.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    static func commandLine(of pid: Int32) -> String {
        let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// OpenBLAS's generic kernels on a processor that can run better ones are replaced at start-up, and
    /// `--version` says so; a core the user named stays.
    @Test func aGenericBLASKernelIsCorrected() throws {
        var environment = ProcessInfo.processInfo.environment
        // This test process may itself have been re-executed; the child must make its own check.
        for key in ["LECTERN_BLAS_CHECKED", "LECTERN_BLAS_REPLACED_CORE"] { environment[key] = nil }
        environment["OPENBLAS_CORETYPE"] = "Prescott"
        let userChoice = try runCapturing(["--version"], environment: environment)
        #expect(userChoice.code == 0)
        #expect(userChoice.stdout.contains("kernel Prescott (set by OPENBLAS_CORETYPE)"))

        environment["LECTERN_BLAS_TREAT_CORETYPE_AS_FALLBACK"] = "1"
        let fallback = try runCapturing(["--version"], environment: environment)
        #expect(fallback.code == 0)
        let expected = BLASKernel.betterCore(than: "Prescott", level: BLASKernel.vectorLevel, vendor: BLASKernel.vendor)
        if let expected {
            #expect(
                fallback.stdout.contains("kernel \(expected) (named by Lectern: OpenBLAS had fallen back to Prescott)"))
        } else {
            #expect(fallback.stdout.contains("kernel Prescott"))
        }
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
            #expect(try runCapturing(arguments, environment: Self.environment(sourceDateEpoch: nil)).code == 0)
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
            let result = try runCapturing(
                ["tex", "x^2", "-o", directory + "/x.pdf"], environment: Self.environment(sourceDateEpoch: raw))
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
                // The writer (lectern, or the worker building the notebook) was stopped: the build failed.
                #expect(killed.terminationStatus != 0, "\(format) at byte \(limit): the build went on")
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

/// Cells that trap, call `exit` or never end are contained: the cell fails with a reason at its place,
/// the cells after it still run, both outputs are written, and the build exits with 1.
struct CellContainmentTests {
    static var fixtures: String? {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("lectern-cell-crashes").path
        return FileManager.default.isExecutableFile(atPath: besideTests) ? besideTests : nil
    }

    func build(_ notebook: String, _ options: [String] = []) throws -> (
        code: Int32, stderr: String, html: String, pdf: Bool
    ) {
        let directory = NSTemporaryDirectory() + "lectern-contain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.fixtures))
        process.arguments =
            ["build", notebook, "--output", directory, "--cache-directory", directory + "/cache"] + options
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let html = (try? String(contentsOfFile: "\(directory)/\(notebook).html", encoding: .utf8)) ?? ""
        return (
            process.terminationStatus, stderr, html,
            FileManager.default.fileExists(atPath: "\(directory)/\(notebook).pdf")
        )
    }

    @Test func aTrapFailsItsCellAndTheRestIsBuilt() throws {
        let result = try build("traps")
        #expect(result.code == 1)
        #expect(result.stderr.contains("main.swift:14: Run \"Read past the end\": the process was stopped by signal"))
        #expect(result.html.contains("stopped by signal"))
        #expect(result.html.contains("stored"))
        #expect(result.html.contains("still running after the trap"))
        #expect(result.html.contains("After the trap"))
        #expect(result.pdf)
    }

    @Test func aTrapWhileTwoCellsTrainSideBySideIsFoundOneCellAtATime() throws {
        let result = try build("traps-beside", ["--jobs", "2"])
        #expect(result.code == 1)
        #expect(
            result.stderr.contains("trained side by side; building it again one cell at a time"), "\(result.stderr)")
        #expect(result.stderr.contains("Run \"Trap beside it\": the process was stopped by signal"), "\(result.stderr)")
        #expect(!result.stderr.contains("Run \"Train slowly\": the process"))
        #expect(result.html.contains("trained slowly"))
        #expect(result.html.contains("still running after both"))
        #expect(result.pdf)
    }

    @Test func anExitInACellFailsThatCell() throws {
        let result = try build("exits")
        #expect(result.code == 1)
        #expect(
            result.stderr.contains("Run \"Leave the process\": the process ended with exit code 0"), "\(result.stderr)")
        #expect(result.html.contains("still running after the exit"))
        #expect(result.pdf)
    }

    @Test func aCellOverItsTimeLimitIsStopped() throws {
        let result = try build("loops")
        #expect(result.code == 1)
        #expect(
            result.stderr.contains("Run \"Loop for ever\": ran longer than its time limit of 2.00 s"),
            "\(result.stderr)")
        #expect(result.html.contains("still running after the loop"))
        #expect(result.pdf)
    }
}
