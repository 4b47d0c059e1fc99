import ArgumentParser
import Foundation
import Graphics
import ModelCore
import Notebook

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case html, pdf, all
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Run notebooks and write their HTML page and PDF handout.")

    @Argument(
        help: ArgumentHelp("Notebooks to build, by id (default: all). See `lectern list`.", valueName: "notebook"))
    var notebookIDs: [String] = []

    @Option(name: .long, help: "Which outputs to write: html, pdf or all.")
    var format: OutputFormat = .all

    @Option(name: .long, help: "Directory for the outputs.")
    var output: String = "output"

    @Option(
        name: .long,
        help:
            "Who the handouts are for: instructor (everything) or student (no solutions or instructor-only cells, written as <notebook>.student.html and .pdf)."
    )
    var audience: Audience = .instructor

    @Option(name: .long, help: "Paper size of the PDF: a4 or letter.")
    var paper: PaperSize = .a4

    @Flag(name: .long, help: "Write the documents without running Run and Plot cells; show their code.")
    var draft = false

    @Flag(name: .long, help: "Say for each cell whether it was reused from the cache, or why it ran.")
    var explain = false

    @Flag(name: .long, help: "Run every cell, ignoring cached results (the cache is refreshed).")
    var noCache = false

    @OptionGroup var cache: CacheLocation

    @Option(name: .long, help: "BLAS threads for training (results are bit-identical only at the same count).")
    var threads: Int = 1

    @Option(
        name: .long,
        help: "How many notebooks to build at once, each in a process of its own (default: one per core).")
    var jobs: Int?

    @Option(name: .long, help: "Seconds a Run or Plot cell may take before it is stopped and marked failed.")
    var cellTimeout: Double = 1800

    @Option(
        name: .long,
        help:
            "Also write each notebook's document as JSON into this directory (<notebook>.json), to compare with a snapshot."
    )
    var snapshots: String?

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Flag(
        name: .long,
        help: "Fail on anything to fix before handing out: a claim that does not hold, a formula that does not typeset."
    )
    var strict = false

    /// Train one cell at a time: a worker's next attempt after it ended while several cells trained.
    @Flag(name: .long, help: .hidden)
    var oneCellAtATime = false

    /// Cells that ended an earlier attempt at this build, as `id=reason`: they fail without running.
    @Option(name: .long, help: .hidden)
    var endedCell: [String] = []

    /// The notebook files this binary was compiled from (JSON of `CompiledSources`): `lectern watch`
    /// passes it to show an edit of prose without a compile. When the files differ from it in more
    /// than cell texts, the build stops with exit code 3 and says why.
    @Option(name: .long, help: .hidden)
    var compiledSources: String?

    /// The exit code that tells `lectern watch` a compile is needed after all.
    static let compileNeededExitCode: Int32 = 3

    func validate() throws {
        guard (jobs ?? 1) >= 1, threads >= 1 else { throw ValidationError("--jobs and --threads must be at least 1") }
        guard cellTimeout > 0, cellTimeout <= 1e6 else {
            throw ValidationError("--cell-timeout must be a number of seconds above 0 and at most 1000000")
        }
    }

    func run() throws {
        let status = ProcessInfo.processInfo.environment[NotebookWorkers.statusVariable]
        // A worker says it reached its end, whether or not a cell failed, so its supervisor can tell an
        // `exit` in cell code from a finished build.
        defer { if let status { WorkerStatus.record(["done"], in: status) } }
        BLAS.setThreads(threads)
        var selected = notebookIDs.isEmpty ? LecternCommand.notebooks : try notebookIDs.map(LecternCommand.notebook)
        if let compiledSources { selected = try Self.withProseEdits(selected, compiledFrom: compiledSources) }
        for notebook in selected {
            do { try NotebookDate.check(notebook) } catch { throw CommandFailure("\(error)") }
        }
        try OutputFiles.prepareDirectory(output)
        if let snapshots { try OutputFiles.prepareDirectory(snapshots) }
        // Every notebook trains with `threads` BLAS threads; more processes than cores would only take turns.
        // The cores left over by fewer notebooks than jobs train independent cells of a notebook at once.
        let cores = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount / threads)
        let jobs = min(selected.count, cores)
        let failed: [Bool]
        if status == nil, let executable = NotebookWorkers.executable {
            failed = NotebookWorkers.build(
                selected.map(\.id), jobs: jobs, cores: cores, blasThreads: threads, executable: executable,
                cellTimeout: .milliseconds(Int64(cellTimeout * 1000))
            ) { workerArguments(for: $0) }
        } else {
            let slots = oneCellAtATime ? nil : Self.cellSlots(cores: cores)
            failed = try selected.map { try build($0, cellSlots: slots) }
        }
        if failed.contains(true) { throw ExitCode.failure }
    }

    /// The notebooks as a compile of the files as they are now would make them, or exit code 3.
    private static func withProseEdits(_ notebooks: [Notebook], compiledFrom path: String) throws -> [Notebook] {
        let sources: CompiledSources
        do {
            sources = try JSONDecoder().decode(CompiledSources.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CommandFailure("cannot read the compiled sources \(path): \(error.localizedDescription)")
        }
        do {
            return try notebooks.map { try $0.applyingProseEdits(compiledFrom: sources) }
        } catch {
            standardError("lectern: a compile is needed: \(error)")
            throw ExitCode(compileNeededExitCode)
        }
    }

    /// The arguments that build notebook `id` alone, with every other option as given.
    private func workerArguments(for id: String) -> [String] {
        var arguments = [
            "build", id, "--jobs", "1", "--format", format.rawValue, "--output", output, "--audience",
            audience.rawValue, "--paper",
            paper.rawValue, "--threads", String(threads), "--cache-directory", cache.cacheDirectory,
        ]
        if let compiledSources { arguments += ["--compiled-sources", compiledSources] }
        if let snapshots { arguments += ["--snapshots", snapshots] }
        for (flag, on) in [
            ("--draft", draft), ("--explain", explain), ("--no-cache", noCache), ("--quiet", quiet),
            ("--strict", strict),
        ]
        where on {
            arguments.append(flag)
        }
        return arguments
    }

    /// The cores this process may train cells on: those its supervisor shares among its workers, or
    /// `cores` of its own when it builds in-process.
    private static func cellSlots(cores: Int) -> CellSlots {
        if let directory = ProcessInfo.processInfo.environment[NotebookWorkers.coresVariable] {
            let slots = CellSlots(directory: directory)
            slots.takeNotebookCore()
            return slots
        }
        return CellSlots(count: cores)
    }

    /// Runs one notebook and writes its outputs; returns whether a cell failed.
    private func build(_ notebook: Notebook, cellSlots: CellSlots?) throws -> Bool {
        let clock = ContinuousClock.now
        let quiet = quiet
        let printer = ProgressPrinter()
        var progress: ProgressSink?
        if !quiet { progress = { @Sendable cell, step in printer.show(cell: cell, step) } }
        var options = EngineOptions(
            cacheDirectory: cache.cacheDirectory, useCache: !noCache, draft: draft, progress: progress)
        options.audience = audience
        options.cellSlots = cellSlots
        let status = ProcessInfo.processInfo.environment[NotebookWorkers.statusVariable]
        if let status {
            options.cellStarting = { cell in
                let limit = cell.timeLimit.map { String($0.seconds) } ?? ""
                WorkerStatus.record(["cell", cell.id, limit, "\(cell.location)", cell.summary], in: status)
            }
            options.cellEnded = { cell in WorkerStatus.record(["ended", cell.id], in: status) }
        }
        for ended in endedCell {
            guard let equals = ended.firstIndex(of: "=") else { continue }
            options.endedCells[String(ended[..<equals])] = String(ended[ended.index(after: equals)...])
        }
        let run = Engine.run(notebook, options: options, log: { if !quiet { printer.line($0) } })
        if let status { WorkerStatus.record(["writing"], in: status) }
        report(run)
        var written: [String] = []
        // Both handouts can sit side by side: vae.html and vae.student.html.
        let name = audience == .student ? "\(notebook.id).student" : notebook.id
        let rendered = RenderedOutputs(
            cacheDirectory: noCache ? nil : cache.cacheDirectory, notebook: notebook.id, document: run.document)
        if format != .pdf {
            let html = rendered.output("\(name).html", settings: "html") {
                (Array(HTMLWriter.render(run.document).html.utf8), [])
            }
            written.append(try OutputFiles.write(html.bytes, to: "\(output)/\(name).html"))
        }
        if format != .html {
            let pdf = try rendered.output("\(name).pdf", settings: "pdf \(paper)") {
                let pdf = try PDFWriter.render(run.document, paper: paper)
                // Formulas and labels are reported by the engine already; a table only the PDF's page can overflow.
                let warnings = pdf.diagnostics.compactMap { diagnostic -> String? in
                    guard case .tableTooWide = diagnostic.kind else { return nil }
                    return "warning: \(notebook.id).pdf: \(diagnostic)"
                }
                return (pdf.bytes, warnings)
            }
            for warning in pdf.warnings { standardError(warning) }
            written.append(try OutputFiles.write(pdf.bytes, to: "\(output)/\(name).pdf"))
        }
        if let snapshots {
            let json = try DocumentSnapshot.json(of: run.document)
            written.append(try OutputFiles.write(Array(json.utf8), to: "\(snapshots)/\(name).json"))
        }
        // Failed claims and formula warnings leave a document worth reading, but not one to hand out.
        let failed = run.failed || (strict && !(run.failedClaims.isEmpty && run.formulaProblems.isEmpty))
        if !quiet {
            let elapsed = ContinuousClock.now - clock
            let status = failed ? "FAILED" : "ok"
            let claims =
                run.claimsChecked == 0
                ? "" : ", \(run.claimsChecked - run.failedClaims.count) of \(run.claimsChecked) claims hold"
            print(
                "\(notebook.id): \(status), \(notebook.cells.count) cells\(claims) in \(elapsed.formatted) -> "
                    + written.joined(separator: ", "))
        }
        return failed
    }

    private func report(_ run: NotebookRun) {
        for warning in run.warnings { standardError("warning: \(warning)") }
        for claim in run.failedClaims { standardError("warning: \(claim)") }
        for report in run.reports {
            switch report.status {
            case .failed(let why): standardError("error: \(report.location): \(report.summary): \(why)")
            case .skipped(let why): standardError("skipped: \(report.location): \(report.summary): \(why)")
            default: break
            }
            if explain, let line = Self.explanation(report) { print(line) }
        }
    }

    /// What `--explain` says about a cell: reused, or why it ran; nil for prose.
    static func explanation(_ report: CellReport) -> String? {
        guard !report.reason.isEmpty else { return nil }
        let verdict =
            switch report.status {
            case .cached: "cached"
            case .notRun: "not run (draft)"
            default: "ran (\(report.reason))"
            }
        return "  \(report.summary): \(verdict)"
    }
}

/// One result per index, filled from several threads.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Result<Value, any Error>? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Result<Value, any Error>] { lock.withLock { slots.compactMap { $0 } } }
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension PaperSize: ExpressibleByArgument {}
extension Audience: ExpressibleByArgument {}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var formatted: String { String(format: "%.2f s", seconds) }
}
