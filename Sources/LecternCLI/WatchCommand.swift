import ArgumentParser
import Foundation
import Notebook

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Rebuild a notebook whenever a Swift file changes, and show it on localhost with reload.",
        discussion: """
            When only the text of cells changed — the prose of Markdown, a Math formula, a Callout, a Plot
            caption, written as plain literals — nothing is compiled: the lectern last compiled builds the
            notebook with the new texts read from the file (the page is the one a compile would give).
            Any other change runs `swift build -c release --product lectern` (the build `make` already
            made), then the new lectern builds the notebook (cached cells are reused). The log says which
            path each change took and why. A failed compile or build is reported and the last good page
            stays. Stop with Ctrl-C.
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
    var interval: Double = 0.25

    @Flag(name: .long, help: "Compile on every change, prose edits too (to measure what the prose path saves).")
    var alwaysCompile = false

    func run() throws {
        _ = try LecternCommand.notebook(notebookID)
        let server = try PreviewServer(port: port)
        server.start()
        say("watching \(packagePath)/notebooks and \(packagePath)/Sources; open http://127.0.0.1:\(server.port)/")
        var watcher = SourceWatcher(directories: [notebooks, "\(packagePath)/Sources"])
        var compiled: CompiledLectern?
        say("compiling: first build")
        compile(into: server, compiled: &compiled)
        while true {
            Thread.sleep(forTimeInterval: interval)
            let changed = watcher.changedFiles()
            guard !changed.isEmpty else { continue }
            say("changed: \(changed.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))")
            rebuild(changed, into: server, compiled: &compiled)
        }
    }

    private var notebooks: String { "\(packagePath)/notebooks" }

    /// Shows a change of prose without a compile when it can, else compiles.
    private func rebuild(_ changed: [String], into server: PreviewServer, compiled: inout CompiledLectern?) {
        let clock = ContinuousClock.now
        switch proseOnly(changed, compiled: compiled) {
        case .failure(let why):
            say("compiling: \(why)")
        case .success(let (lectern, sourcesFile, what)):
            say("no compile: \(what)")
            let build = runProcess(lectern, buildArguments + ["--compiled-sources", sourcesFile])
            if build.status == 0 || build.status == 1 {
                say(build.output, terminator: "")
                publish(into: server, since: clock)
                return
            }
            let why = build.output.split(separator: "\n").last.map(String.init) ?? "exit code \(build.status)"
            say("compiling: the prose path was refused (\(why))")
        }
        compile(into: server, compiled: &compiled)
    }

    /// The binary to run and what changed, when only cell texts did; otherwise why a compile is needed.
    private func proseOnly(
        _ changed: [String], compiled: CompiledLectern?
    ) -> Result<(String, String, String), WatchReason> {
        guard !alwaysCompile else { return .failure("--always-compile") }
        guard let compiled else { return .failure("the last compile failed or was not watched") }
        guard let sources = compiled.sources, let sourcesFile = compiled.sourcesFile else {
            return .failure("the notebooks changed while lectern compiled")
        }
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        let notebooksPrefix = absolute(notebooks) + "/"
        if let other = changed.first(where: { !absolute($0).hasPrefix(notebooksPrefix) }) {
            return .failure(WatchReason("\((other as NSString).lastPathComponent) is not a notebook file"))
        }
        guard FileStamp(compiled.executable) == compiled.stamp else {
            return .failure("lectern was rebuilt outside watch")
        }
        switch sources.difference(to: CompiledSources.read(directory: notebooks)) {
        case .code(let why): return .failure(WatchReason(why))
        case .none: return .success((compiled.executable, sourcesFile, "the notebooks are as compiled"))
        case .proseOnly(let texts, let files):
            let what = "only cell texts changed (\(texts) in \(files.joined(separator: ", ")))"
            return .success((compiled.executable, sourcesFile, what))
        }
    }

    /// Compiles lectern, builds the notebook with the new binary, and publishes the page; remembers
    /// the notebook files the binary was compiled from.
    private func compile(into server: PreviewServer, compiled: inout CompiledLectern?) {
        let clock = ContinuousClock.now
        let swift = ProcessInfo.processInfo.environment["SWIFT"] ?? "swift"
        let release = ["--package-path", packagePath, "-c", "release"]
        let before = CompiledSources.read(directory: notebooks)
        let compile = runProcess("/usr/bin/env", [swift, "build"] + release + ["--product", "lectern"])
        guard compile.status == 0 else {
            compiled = nil
            standardError("compile failed; the last good page stays:\n" + compile.output)
            return
        }
        let lectern: String
        if let known = compiled?.executable {
            lectern = known
        } else {
            let binPath = runProcess("/usr/bin/env", [swift, "build"] + release + ["--show-bin-path"])
            lectern = binPath.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/lectern"
        }
        // The files were read before and after the compile: equal, they are what it compiled.
        let sources = before == CompiledSources.read(directory: notebooks) ? before : nil
        compiled = CompiledLectern(
            executable: lectern, stamp: FileStamp(lectern), sources: sources, sourcesFile: sources.flatMap(save))
        let build = runProcess(lectern, buildArguments)
        say(build.output, terminator: "")
        publish(into: server, since: clock)
    }

    private var buildArguments: [String] { ["build", notebookID, "--format", "html", "--output", output] }

    private func publish(into server: PreviewServer, since clock: ContinuousClock.Instant) {
        guard let page = FileManager.default.contents(atPath: "\(output)/\(notebookID).html") else { return }
        server.publish(Array(page))
        say("page updated (version \(server.currentVersion)) in \((ContinuousClock.now - clock).formatted)")
    }

    /// Writes the compiled sources where the builds of this watch read them.
    private func save(_ sources: CompiledSources) -> String? {
        let path = NSTemporaryDirectory() + "lectern-watch-\(getpid())-compiled-sources.json"
        guard let data = try? JSONEncoder().encode(sources), (try? data.write(to: URL(fileURLWithPath: path))) != nil
        else { return nil }
        return path
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

/// The lectern binary `watch` compiled last, and the notebook files it was compiled from.
struct CompiledLectern {
    let executable: String
    /// Told apart from a binary something else rebuilt since.
    let stamp: FileStamp
    /// Nil when the notebooks changed while it compiled: which version it read is unknown.
    let sources: CompiledSources?
    /// Where `sources` is saved for `lectern build --compiled-sources`.
    let sourcesFile: String?
}

/// A file's modification time and size.
struct FileStamp: Equatable {
    let modified: Date?
    let size: Int?

    init(_ path: String) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        modified = attributes?[.modificationDate] as? Date
        size = (attributes?[.size] as? NSNumber)?.intValue
    }
}

/// Why `watch` compiles, for its log.
struct WatchReason: Error, CustomStringConvertible, ExpressibleByStringLiteral {
    let description: String
    init(_ description: String) { self.description = description }
    init(stringLiteral value: String) { description = value }
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
