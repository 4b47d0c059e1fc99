import Foundation

/// Builds notebooks in child `lectern` processes, a few at a time. A process of its own gives each notebook
/// nothing shared with the others — its bytes are those of a build on its own — and a notebook that
/// crashes cannot take the others down with it.
enum NotebookWorkers {
    /// The `lectern` executable that workers start from; `LecternCLI.main` sets it. Tests that call
    /// `LecternCLI.run` in-process leave it nil and build serially, in their own process.
    nonisolated(unsafe) static var executable: String?

    /// Runs `lectern` with `arguments(id)` for each id, at most `jobs` at once, forwarding every line of output
    /// prefixed with the notebook's id. Returns for each id whether its build failed.
    static func build(_ ids: [String], jobs: Int, executable: String, arguments: (String) -> [String]) -> [Bool] {
        let failed = ConcurrentResults<Bool>(count: ids.count)
        let slots = DispatchSemaphore(value: jobs)
        let argumentLists = ids.map(arguments)
        DispatchQueue.concurrentPerform(iterations: ids.count) { i in
            slots.wait()
            defer { slots.signal() }
            failed[i] = .success(run(executable, argumentLists[i], id: ids[i]))
        }
        return failed.values.map { (try? $0.get()) ?? true }
    }

    /// Runs one worker to its end; returns whether the notebook failed.
    private static func run(_ executable: String, _ arguments: [String], id: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = LineForwarder(prefix: "\(id): ", to: .standardOutput)
        let errors = LineForwarder(prefix: "", to: .standardError)
        process.standardOutput = output.pipe
        process.standardError = errors.pipe
        do {
            try process.run()
        } catch {
            standardError("lectern: cannot start a worker for '\(id)': \(error.localizedDescription)")
            return true
        }
        process.waitUntilExit()
        output.finish()
        errors.finish()
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return false
        case (.exit, 1): return true
        case (.exit, let code):
            standardError("lectern: building '\(id)' ended with exit code \(code); its outputs were not written")
        case (.uncaughtSignal, let signal):
            standardError(
                "lectern: building '\(id)' was stopped by signal \(signal) (\(signalName(signal))); "
                    + "its outputs were not written, the last lines above say where it was")
        @unknown default:
            standardError("lectern: building '\(id)' ended abnormally")
        }
        return true
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL, SIGTRAP: "a trap: a failed precondition, an index out of range or a nil unwrapped"
        case SIGSEGV, SIGBUS: "a memory fault, often a stack overflow"
        case SIGKILL: "killed, perhaps out of memory"
        case SIGABRT: "aborted"
        case SIGTERM, SIGINT: "interrupted"
        default: "signal \(signal)"
        }
    }
}

/// Reads a child's output on a thread of its own and writes it on a whole line at a time, so lines of
/// several workers never mix.
private final class LineForwarder: @unchecked Sendable {
    let pipe = Pipe()
    private let prefix: String
    private let target: FileHandle
    private let done = DispatchSemaphore(value: 0)
    private static let writeLock = NSLock()

    init(prefix: String, to target: FileHandle) {
        self.prefix = prefix
        self.target = target
        Thread.detachNewThread { [self] in
            var pending = Data()
            let reader = pipe.fileHandleForReading
            while case let data = reader.availableData, !data.isEmpty {
                pending.append(data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    emit(pending[pending.startIndex...newline])
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if !pending.isEmpty { emit(pending + Data("\n".utf8)) }
            done.signal()
        }
    }

    /// Waits until the child's end of the pipe is closed and everything has been written on.
    func finish() {
        try? pipe.fileHandleForWriting.close()
        done.wait()
    }

    private func emit(_ line: Data) {
        // The summary line already names its notebook.
        let prefixed = line.starts(with: Data(prefix.utf8)) ? line : Data(prefix.utf8) + line
        Self.writeLock.withLock { target.write(prefixed) }
    }
}
