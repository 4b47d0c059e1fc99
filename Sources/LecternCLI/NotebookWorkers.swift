import Foundation
import Notebook

/// Builds each notebook in a child `lectern` process and watches it. A Swift trap cannot be caught in the
/// process where it happens, so a process of its own per notebook is what keeps a crash, a hang or an
/// `exit` in one cell from taking the build down: the child says which cell it starts (a status file),
/// and when it dies in a cell or overruns the cell's time limit, the build runs again with that cell
/// marked failed — the cells before it come from the cache, the cells after it still run. Notebooks
/// share nothing, so side by side they give the bytes of a build on their own.
enum NotebookWorkers {
    /// The `lectern` executable that workers start from; `LecternCLI.main` sets it. Tests that call
    /// `LecternCLI.run` in-process leave it nil and build in their own process.
    nonisolated(unsafe) static var executable: String?

    /// Set in a worker's environment: where it reports the cell it starts.
    static let statusVariable = "LECTERN_WORKER_STATUS"
    /// Set in a worker's environment: the directory of the build's cores (`CellSlots`), which its
    /// workers share to train independent cells side by side while cores are free.
    static let coresVariable = "LECTERN_CORES"

    /// Builds each notebook with `arguments(id)`, at most `jobs` at once, on at most `cores` cores in all.
    /// With several notebooks every line of output is prefixed with its notebook's id. Returns for each id
    /// whether its build failed.
    static func build(
        _ ids: [String], jobs: Int, cores: Int, blasThreads: Int, executable: String, cellTimeout: Duration,
        arguments: (String) -> [String]
    ) -> [Bool] {
        let failed = ConcurrentResults<Bool>(count: ids.count)
        let argumentLists = ids.map(arguments)
        // Without the shared cores' files each worker trains one cell at a time.
        let coresDirectory = try? CellSlots.create(count: cores)
        defer { if let coresDirectory { try? FileManager.default.removeItem(atPath: coresDirectory) } }
        let slots = DispatchSemaphore(value: jobs)
        DispatchQueue.concurrentPerform(iterations: ids.count) { i in
            slots.wait()
            defer { slots.signal() }
            let worker = Worker(
                executable: executable, id: ids[i], arguments: argumentLists[i], cellTimeout: cellTimeout,
                prefixLines: ids.count > 1, coresDirectory: coresDirectory, blasThreads: blasThreads)
            failed[i] = .success(worker.build())
        }
        return failed.values.map { (try? $0.get()) ?? true }
    }
}

/// One notebook's build, attempted until no cell ends the process.
private struct Worker {
    let executable: String
    let id: String
    let arguments: [String]
    let cellTimeout: Duration
    let prefixLines: Bool
    let coresDirectory: String?
    let blasThreads: Int

    /// What ended an attempt.
    enum Ending {
        /// The build ran to its end; whether a cell failed.
        case finished(failed: Bool)
        /// The process ended while this cell ran.
        case inCell(WorkerStatus.Cell, reason: String)
        /// The process ended while several cells trained side by side: which one ended it is not known.
        case inCells([WorkerStatus.Cell], reason: String)
        /// The process ended outside any cell (or could not start).
        case outsideCells(String)
    }

    /// Returns whether the notebook failed.
    func build() -> Bool {
        var ended: [String: String] = [:]
        var oneCellAtATime = false
        while true {
            switch attempt(endedCells: ended, oneCellAtATime: oneCellAtATime) {
            case .finished(let failed):
                return failed
            case .inCell(let cell, let reason):
                guard ended[cell.id] == nil else {
                    standardError(
                        "lectern: building '\(id)' stopped again in the same cell; its outputs were not written")
                    return true
                }
                standardError(
                    "note: \(cell.location): \(cell.summary) ended the build process; building '\(id)' again without it"
                )
                ended[cell.id] = reason
            case .inCells(let cells, let reason):
                guard !oneCellAtATime else {
                    standardError("lectern: building '\(id)' \(reason); its outputs were not written")
                    return true
                }
                standardError(
                    "note: building '\(id)' ended while \(cells.map(\.summary).joined(separator: " and ")) trained "
                        + "side by side; building it again one cell at a time to find the cell")
                oneCellAtATime = true
            case .outsideCells(let reason):
                standardError("lectern: building '\(id)' \(reason); its outputs were not written")
                return true
            }
        }
    }

    private func attempt(endedCells: [String: String], oneCellAtATime: Bool) -> Ending {
        let status = NSTemporaryDirectory() + "lectern-worker-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: status) }
        guard FileManager.default.createFile(atPath: status, contents: nil) else {
            return .outsideCells("could not create a status file in \(NSTemporaryDirectory())")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            arguments + endedCells.sorted { $0.key < $1.key }.flatMap { ["--ended-cell", "\($0.key)=\($0.value)"] }
            + (oneCellAtATime ? ["--one-cell-at-a-time"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment[NotebookWorkers.statusVariable] = status
        environment[NotebookWorkers.coresVariable] = coresDirectory
        // OpenBLAS starts its thread pool as it loads, and an idle pool thread spins for about 0.1 s of CPU
        // in every worker: sized here, a worker at one thread starts none.
        environment["OPENBLAS_NUM_THREADS"] = String(blasThreads)
        process.environment = environment
        // One notebook keeps the terminal, and with it the progress bar; several get whole, prefixed lines.
        let output = prefixLines ? LineForwarder(prefix: "\(id): ", to: .standardOutput) : nil
        // Standard error always passes through here, to catch the runtime's "Fatal error" line.
        let errors = LineForwarder(prefix: "", to: .standardError)
        process.standardOutput = output?.pipe ?? FileHandle.standardOutput
        process.standardError = errors.pipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return .outsideCells("could not start a worker: \(error.localizedDescription)")
        }
        let overrun = watch(process, status: status, exited: exited)
        process.waitUntilExit()
        output?.finish()
        errors.finish()
        let report = WorkerStatus(file: status)
        if let overrun { return overrun }
        let fatal = errors.fatalError.map { ": \($0)" } ?? ""
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, let code) where report.done && code <= 1:
            return .finished(failed: code == 1)
        case (.exit, let code):
            return ending(report, "the process ended with exit code \(code)")
        case (.uncaughtSignal, let signal):
            return ending(report, "the process was stopped by signal \(signal) (\(Self.signalName(signal)))\(fatal)")
        @unknown default:
            return ending(report, "the process ended abnormally")
        }
    }

    private func ending(_ report: WorkerStatus, _ reason: String) -> Ending {
        guard let cell = report.runningCells.last, !report.writing else {
            return .outsideCells("ended outside any cell: " + reason)
        }
        guard report.runningCells.count == 1 else { return .inCells(report.runningCells, reason: reason) }
        return .inCell(cell, reason: reason)
    }

    /// Waits for the process to end (`exited` is signalled then), killing it when a cell overruns its
    /// limit; returns that ending.
    private func watch(_ process: Process, status: String, exited: DispatchSemaphore) -> Ending? {
        // When each running cell was first seen; cells training side by side each have their own limit.
        var since: [String: ContinuousClock.Instant] = [:]
        // Woken by the exit at once, or every 50 ms to look at the running cells' time.
        while exited.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            let report = WorkerStatus(file: status)
            guard !report.writing else { continue }
            let running = Set(report.runningCells.map(\.id))
            since = since.filter { running.contains($0.key) }
            for cell in report.runningCells {
                let started = since[cell.id] ?? .now
                since[cell.id] = started
                let limit = cell.timeLimit ?? cellTimeout
                if ContinuousClock.now - started > limit {
                    kill(process.processIdentifier, SIGKILL)
                    return .inCell(cell, reason: "ran longer than its time limit of \(limit.formatted) and was stopped")
                }
            }
        }
        return nil
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGILL, SIGTRAP: "a trap: a failed precondition, an index out of range or a nil unwrapped"
        case SIGSEGV, SIGBUS: "a memory fault, often a stack overflow"
        case SIGKILL: "killed, perhaps for lack of memory"
        case SIGABRT: "aborted"
        case SIGTERM, SIGINT: "interrupted"
        default: "signal \(signal)"
        }
    }
}

/// What a worker wrote to its status file: a line per cell it started (`cell`) and per cell that
/// ended (`ended`), `writing` once the cells are done, `done` once the outputs are written.
struct WorkerStatus {
    struct Cell: Equatable {
        let id: String
        let timeLimit: Duration?
        let location: String
        let summary: String
    }

    /// The cells started and not ended, in the order they started: more than one when cells train
    /// side by side.
    private(set) var runningCells: [Cell] = []
    private(set) var writing = false
    private(set) var done = false

    init(file: String) {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "cell" where fields.count == 5:
                runningCells.removeAll { $0.id == fields[1] }
                runningCells.append(
                    Cell(
                        id: fields[1], timeLimit: Double(fields[2]).map { .milliseconds(Int64($0 * 1000)) },
                        location: fields[3], summary: fields[4]))
            case "ended" where fields.count == 2:
                runningCells.removeAll { $0.id == fields[1] }
            case "writing": writing = true
            case "done": done = true
            default: break
            }
        }
    }

    private static let recordLock = NSLock()

    /// Appends one line for the supervising process to read.
    static func record(_ fields: [String], in file: String) {
        // Cells training side by side end on threads of their own: one line at a time.
        recordLock.lock()
        defer { recordLock.unlock() }
        guard let handle = FileHandle(forWritingAtPath: file) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        let line = fields.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        try? handle.write(contentsOf: Data((line.joined(separator: "\t") + "\n").utf8))
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
    /// The last "Fatal error: …" line the Swift runtime printed, once `finish` has returned.
    private(set) var fatalError: String?

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
        let text = String(decoding: line, as: UTF8.self)
        if let range = text.range(of: "Fatal error: ") {
            fatalError = text[range.lowerBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // The summary line already names its notebook.
        let prefixed = line.starts(with: Data(prefix.utf8)) ? line : Data(prefix.utf8) + line
        Self.writeLock.withLock { target.write(prefixed) }
    }
}
