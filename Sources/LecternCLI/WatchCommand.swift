import ArgumentParser
import Foundation

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Rebuild a notebook whenever a Swift file changes, and show it on localhost with reload.",
        discussion: """
            Each change runs `swift build -c release --product lectern` (the build `make` already made, so
            nothing is compiled twice), then the new lectern builds the notebook
            (cached cells are reused). A failed compile or build is reported and the last good page stays.
            Stop with Ctrl-C.
            """)

    @Argument(help: "The notebook, by id.")
    var notebookID: String

    @Option(name: .long, help: "Port on 127.0.0.1 to serve the HTML on.")
    var port: UInt16 = 8000

    @Option(name: .long, help: "The package directory (holding Package.swift).")
    var packagePath: String = "."

    @Option(name: .long, help: "Directory for the outputs.")
    var output: String = "output"

    @Option(name: .long, help: "Seconds between looks at the files.")
    var interval: Double = 0.5

    func run() throws {
        _ = try LecternCommand.notebook(notebookID)
        let server = try PreviewServer(port: port)
        server.start()
        say("watching \(packagePath)/notebooks and \(packagePath)/Sources; open http://127.0.0.1:\(server.port)/")
        var watcher = SourceWatcher(directories: ["\(packagePath)/notebooks", "\(packagePath)/Sources"])
        rebuild(into: server)
        while true {
            Thread.sleep(forTimeInterval: interval)
            let changed = watcher.changedFiles()
            guard !changed.isEmpty else { continue }
            say("changed: \(changed.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
            rebuild(into: server)
        }
    }

    /// Compiles lectern, builds the notebook with the new binary, and publishes the page.
    private func rebuild(into server: PreviewServer) {
        let swift = ProcessInfo.processInfo.environment["SWIFT"] ?? "swift"
        let release = ["--package-path", packagePath, "-c", "release"]
        let compile = runProcess("/usr/bin/env", [swift, "build"] + release + ["--product", "lectern"])
        guard compile.status == 0 else {
            standardError("compile failed; the last good page stays:\n" + compile.output)
            return
        }
        let binPath = runProcess("/usr/bin/env", [swift, "build"] + release + ["--show-bin-path"])
        let lectern = binPath.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/lectern"
        let build = runProcess(lectern, ["build", notebookID, "--format", "html", "--output", output])
        say(build.output, terminator: "")
        guard let page = FileManager.default.contents(atPath: "\(output)/\(notebookID).html") else { return }
        server.publish(Array(page))
        say("page updated (version \(server.currentVersion))")
    }

    private func runProcess(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (127, "cannot run \(executable): \(error.localizedDescription)\n")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Notices Swift files that were added, removed or modified since the last look.
struct SourceWatcher {
    let directories: [String]
    private var stamps: [String: Date]

    init(directories: [String]) {
        self.directories = directories
        stamps = Self.snapshot(directories)
    }

    mutating func changedFiles() -> [String] {
        let now = Self.snapshot(directories)
        let changed = Set(now.keys).union(stamps.keys).filter { now[$0] != stamps[$0] }.sorted()
        stamps = now
        return changed
    }

    static func snapshot(_ directories: [String]) -> [String: Date] {
        var stamps: [String: Date] = [:]
        for directory in directories {
            guard let files = FileManager.default.enumerator(atPath: directory) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let path = "\(directory)/\(file)"
                stamps[path] = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            }
        }
        return stamps
    }
}

/// A line to standard output, at once (print is buffered when the output is a pipe).
private func say(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}
