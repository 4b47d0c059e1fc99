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
        #expect(warm.stdout.contains(#"Plot "Mean pixel intensity of each image row": ran (figures are always drawn)"#))
        let forced = try runCapturing(arguments + ["--no-cache"])
        #expect(forced.stdout.contains(#"Run "Load 1,000 images and average them": ran (--no-cache)"#))
    }

    /// Notebooks built side by side in worker processes give the bytes of a build one at a time, and each
    /// line of their logs comes out whole, prefixed with its notebook.
    @Test func parallelBuildsGiveTheBytesOfSerialOnes() throws {
        let directory = NSTemporaryDirectory() + "lectern-jobs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notebooks = ["hello", "pca", "autoencoders", "vae"]
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
            "build", "hello", "pca", "--jobs", "2", "--output", directory, "--cache-directory", directory + "/cache",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var killed = false
        while !killed && process.isRunning {
            for child in Self.children(of: process.processIdentifier)
            where Self.commandLine(of: child).contains("pca") {
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

    @Test func aKilledBuildLeavesTheLastGoodOutputAndNoPartialFile() throws {
        let directory = NSTemporaryDirectory() + "lectern-killed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = Data("<!DOCTYPE html><p>the last good build</p>".utf8)
        try previous.write(to: URL(fileURLWithPath: directory + "/autoencoders.html"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = [
            "build", "autoencoders", "--output", directory, "--quiet", "--no-cache", "--cache-directory",
            directory + "/cache",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)  // well into training the first model
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.allSatisfy { !$0.hasSuffix(".tmp") }, "partial files: \(files)")
        #expect(!files.contains("autoencoders.pdf"))
        #expect(FileManager.default.contents(atPath: directory + "/autoencoders.html") == previous)
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

    func build(_ notebook: String) throws -> (code: Int32, stderr: String, html: String, pdf: Bool) {
        let directory = NSTemporaryDirectory() + "lectern-contain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.fixtures))
        process.arguments = ["build", notebook, "--output", directory, "--cache-directory", directory + "/cache"]
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
