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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.lectern))
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
