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

    func runCapturing(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = arguments
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
