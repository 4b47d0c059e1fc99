import Foundation
import Graphics
import ModelCore
import TeXMath
import Tensors

/// How one cell went, and why it ran or was reused.
public struct CellReport: Sendable {
    public enum Status: Sendable, Equatable {
        case ran
        /// Results restored from the cache.
        case cached
        /// Not run: a draft build.
        case notRun
        case failed(String)
        /// Not run because a cell it depends on failed.
        case skipped(String)
    }
    public let cellID: String
    public let summary: String
    public let location: SourceLocation
    public let status: Status
    /// Why the cell ran rather than being restored (`--explain`); empty for prose.
    public let reason: String
    public let seconds: Double
}

/// A notebook run: its document and what happened to each cell.
public struct NotebookRun: Sendable {
    public let document: Document
    public let reports: [CellReport]
    /// Problems that did not stop the build (a malformed formula), with their place.
    public let warnings: [String]
    /// How many data files this build read to hash them: none when they are unchanged since an
    /// earlier build remembered their digests.
    public let dataFilesHashed: Int
    /// Formulas that do not typeset (also among `warnings`): the writers show them as red source.
    public let formulaProblems: [String]
    /// Claims that do not hold on this build's results (or could not be checked), with their place.
    public let failedClaims: [String]
    /// How many claims the build checked.
    public let claimsChecked: Int
    public var failed: Bool {
        reports.contains {
            switch $0.status {
            case .failed, .skipped: true
            default: false
            }
        }
    }
}

/// How the engine treats the cache and Run cells.
public struct EngineOptions: Sendable {
    /// Where cell results are kept between builds; nil keeps nothing.
    public var cacheDirectory: String?
    /// Reuse cached results (false: run every cell, then refresh the cache).
    public var useCache: Bool
    /// Write the documents without running Run or Plot cells, showing their code.
    public var draft: Bool
    /// Where training progress of Run cells goes.
    public var progress: ProgressSink?
    /// Who the document is for: a students' document leaves out instructor-only cells (which still run).
    public var audience = Audience.instructor
    /// Told just before a Run or Plot cell's code starts, so a supervising process knows which cell a
    /// crash or a hang belongs to.
    public var cellStarting: (@Sendable (Cell) -> Void)?
    /// Told when a cell's code has ended (also for a Run cell that trained beside another).
    public var cellEnded: (@Sendable (Cell) -> Void)?
    /// Cells that ended an earlier attempt at this build (a trap, a signal, the time limit), with the
    /// reason: they fail with it instead of running again.
    public var endedCells: [String: String] = [:]
    /// Free cores this build may use to train later Run cells beside the current one when their code
    /// cannot see each other's results (`RunCellDependencies`); nil trains one cell at a time. The
    /// outputs are the same bytes either way: each cell has its own random streams and sees the same state.
    public var cellSlots: CellSlots?
    /// The hash of the model core's sources that cached results must have been computed with.
    var libraryCode = LibraryCode.digest
    /// The hash of the drawing code's sources that cached figures must have been drawn with.
    var drawingCode = LibraryCode.drawingDigest
    /// The BLAS kernel and thread count: trained weights are bit-identical only when both are the same.
    var arithmetic = "\(BLASKernel.library) \(BLASKernel.core), \(BLAS.threads) thread(s)"

    public init(
        cacheDirectory: String? = nil, useCache: Bool = true, draft: Bool = false, progress: ProgressSink? = nil
    ) {
        self.cacheDirectory = cacheDirectory
        self.useCache = useCache
        self.draft = draft
        self.progress = progress
    }
}

/// Runs a notebook's cells in order and turns them into a document.
public enum Engine {
    public static func run(
        _ notebook: Notebook, options: EngineOptions = EngineOptions(), log: @escaping (String) -> Void = { _ in }
    ) -> NotebookRun {
        var runner = CellRunner(notebook: notebook, options: options, log: log)
        var spans: [Range<Int>] = []
        for (index, cell) in notebook.cells.enumerated() {
            let start = runner.blocks.count
            runner.run(cell, at: index)
            if cell.instructorOnly, options.audience == .student { runner.blocks.removeSubrange(start...) }
            spans.append(start..<runner.blocks.count)
        }
        // The numbering pass, once: the label checks and both writers read its numbers.
        runner.blocks = Numbering.resolve(Document(title: notebook.title, blocks: runner.blocks)).blocks
        runner.reportLabelProblems(cells: notebook.cells, spans: spans)
        runner.finish()
        // `lectern build` refuses a bad date before running a cell; here it is only left out.
        var document = Document(
            title: notebook.title, author: notebook.author, date: (try? NotebookDate.of(notebook)) ?? "",
            blocks: runner.blocks, failed: !runner.failedCells.isEmpty)
        document.isNumbered = true
        return NotebookRun(
            document: document, reports: runner.reports, warnings: runner.formulaProblems + runner.warnings,
            dataFilesHashed: runner.dataDigests.filesHashed, formulaProblems: runner.formulaProblems,
            failedClaims: runner.failedClaims,
            claimsChecked: runner.claimsChecked)
    }
}

extension Engine {
    /// How many of a notebook's Run cells have cached results for their current code, the code they
    /// see and the model core, and how many Run cells it has (the results may still be stale if what
    /// they read changed).
    public static func cacheState(of notebook: Notebook, cacheDirectory: String) -> (cached: Int, runCells: Int) {
        var runner = CellRunner(
            notebook: notebook, options: EngineOptions(cacheDirectory: cacheDirectory), log: { _ in })
        var cached = 0
        var runCells = 0
        for cell in notebook.cells {
            guard case .run = cell.kind else { continue }
            runCells += 1
            if case .found(let entry) = runner.cache?.load(notebook: notebook.id, cell: cell.id),
                let key = runner.key(of: cell), CellRunner.codeStaleness(of: entry, key: key) == nil
            {
                cached += 1
            }
        }
        return (cached, runCells)
    }
}

extension Engine {
    /// Deletes the cached figures of a notebook's Plot cells (their Run cells' results stay): the next
    /// build draws every figure again, as a build did before figures were cached. For benchmarks.
    public static func forgetFigures(of notebook: Notebook, cacheDirectory: String) {
        let cache = CellCache(directory: cacheDirectory)
        for cell in notebook.cells {
            guard case .plot = cell.kind else { continue }
            try? FileManager.default.removeItem(atPath: cache.path(notebook: notebook.id, cell: cell.id))
        }
    }
}

/// The state of one notebook run as it goes from cell to cell.
struct CellRunner {
    let notebook: Notebook
    let options: EngineOptions
    let log: (String) -> Void
    let cache: CellCache?
    let dataDigests: DataDigests
    /// The notebook files, by directory, as this build read them.
    private var sources: [String: NotebookSources] = [:]
    /// Whether an earlier build cached anything for this notebook: a cell without an entry is new.
    private let builtBefore: Bool
    var blocks: [Block] = []
    var reports: [CellReport] = []
    var warnings: [String] = []
    var state = NotebookState()
    var failedCells: [String] = []
    var failedClaims: [String] = []
    var formulaProblems: [String] = []
    var claimsChecked = 0
    /// Later Run cells training beside the current one, by index in the notebook's cells.
    private var inFlight: [Int: CellInFlight] = [:]
    /// The names each Run cell stored as the notebook took in its results, in the notebook's order.
    private var mergedWrites: [Set<String>] = []
    private var dependencies: RunCellDependencies?

    init(notebook: Notebook, options: EngineOptions, log: @escaping (String) -> Void) {
        self.notebook = notebook
        self.options = options
        self.log = log
        let cache = options.cacheDirectory.map(CellCache.init(directory:))
        self.cache = cache
        dataDigests = DataDigests(file: cache?.dataDigestsPath(notebook: notebook.id))
        builtBefore = !(cache?.cells(notebook: notebook.id).isEmpty ?? true)
    }

    /// Remembers the data files' digests and forgets the results of cells the notebook no longer has.
    func finish() {
        dataDigests.save()
        guard !options.draft else { return }
        cache?.prune(notebook: notebook.id, keeping: Set(notebook.cells.map(\.id)))
    }

    /// What a Run cell's key is made of before it runs (what it reads and opens is added after).
    struct KeyParts {
        let fingerprint: String
        let libraryCode: String
        /// For a Plot cell, the drawing code's hash; nil for a Run cell.
        let drawingCode: String?
        let arithmetic: String
        let sources: [SourceDigest]
    }

    /// Nil when the cell's code cannot be read: it cannot be cached then.
    mutating func key(of cell: Cell) -> KeyParts? {
        let files = notebookSources(of: cell)
        let (path, line) = (cell.location.file, cell.location.line)
        guard let file = files.file(path), let code = CellSource.code(in: file, line: line, column: cell.column),
            let reachable = files.reachableCode(fromCellAt: path, line: line, column: cell.column)
        else { return nil }
        let fingerprint = Hashing.sha256([cell.id, String(deriveSeed(notebook.seed, cell.id)), code])
        var drawingCode: String? = nil
        if case .plot = cell.kind { drawingCode = options.drawingCode }
        return KeyParts(
            fingerprint: fingerprint, libraryCode: options.libraryCode, drawingCode: drawingCode,
            arithmetic: options.arithmetic, sources: reachable)
    }

    private mutating func notebookSources(of cell: Cell) -> NotebookSources {
        let directory = NotebookSources.directory(of: cell.location.file)
        if let known = sources[directory] { return known }
        let read = NotebookSources(directory: directory)
        sources[directory] = read
        return read
    }

    mutating func run(_ cell: Cell, at index: Int? = nil) {
        let start = DispatchTime.now().uptimeNanoseconds
        let firstBlock = blocks.count
        let (status, reason) = outcome(of: cell, at: index)
        options.cellEnded?(cell)
        // Every formula the cell put in the document, wherever it stands (captions, table cells, callouts,
        // a claim's statement), is checked once here and reported with the cell.
        formulaProblems += MathCheck.problems(in: Array(blocks[firstBlock...]), at: cell.location)
        if case .failed = status { failedCells.append(cell.id) }
        if case .skipped = status { failedCells.append(cell.id) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        reports.append(
            CellReport(
                cellID: cell.id, summary: cell.summary, location: cell.location, status: status, reason: reason,
                seconds: seconds))
    }

    private mutating func outcome(of cell: Cell, at index: Int?) -> (CellReport.Status, String) {
        switch cell.kind {
        case .markdown(let text):
            do {
                let parsed = try MarkdownReader.parse(text)
                blocks += parsed
                return (.ran, "")
            } catch {
                blocks.append(.error(message: "\(error)", location: cell.location))
                return (.failed("\(error)"), "")
            }
        case .callout(let kind, let title, let text):
            do {
                let parsed = try MarkdownReader.parse(text)
                blocks.append(.callout(kind, title: title, parsed))
                return (.ran, "")
            } catch {
                blocks.append(.error(message: "\(error)", location: cell.location))
                return (.failed("\(error)"), "")
            }
        case .computedMarkdown(let body):
            return makeBlocks(
                cell, title: "Markdown", draftNote: "Prose computed from results",
                reason: "computed prose is always rebuilt"
            ) {
                try MarkdownReader.parse(try body($0))
            }
        case .claim(let statement, let check):
            if options.draft { return (.notRun, "draft") }
            if let ended = start(cell, title: "Claim") { return (.failed(ended), "") }
            claimsChecked += 1
            let problem: String?
            do {
                problem = try Self.ambient(context(for: cell, title: "Claim"), check) ? nil : "does not hold"
            } catch {
                problem = "could not be checked: \(error)"
            }
            guard let problem else { return (.ran, "holds") }
            failedClaims.append("\(cell.location): claim \"\(statement)\" \(problem)")
            blocks.append(
                .callout(
                    .warning, title: "Claim \(problem)",
                    [.paragraph([.emphasis(Self.inlines(statement)), .text(" (\(Self.fileAndLine(cell.location)))")])]))
            return (.ran, "claim \(problem)")
        case .table(let caption, let label, let body):
            return makeBlocks(
                cell, title: caption, draftNote: "Table not made: \(caption)", reason: "tables are always made"
            ) {
                [.table(try TableMaking.table(body($0), caption: Self.inlines(caption), label: label))]
            }
        case .math(let tex, let label):
            blocks.append(.displayMath(tex: tex, label: label))
            return (.ran, "")
        case .run(let title, let body):
            if options.draft {
                blocks += echo(cell, force: true)
                return (.notRun, "draft")
            }
            blocks += echo(cell, force: false)
            return runCode(cell, at: index, title: title, body)
        case .plot(let caption, let label, let body):
            blocks += echo(cell, force: options.draft)
            return drawPlot(cell, caption: caption, label: label, body)
        }
    }

    /// A cell that makes blocks from earlier results (a Plot, a table, computed prose): a draft shows a note
    /// instead; otherwise it runs under the supervisor and the model core's ambient run, and an error
    /// becomes an error block at its place.
    private mutating func makeBlocks(
        _ cell: Cell, title: String, draftNote: String, reason: String, _ make: (RunContext) throws -> [Block]
    ) -> (CellReport.Status, String) {
        if options.draft {
            blocks.append(.callout(.note, title: "Draft", [.paragraph([.text(draftNote)])]))
            return (.notRun, "draft")
        }
        if let ended = start(cell, title: title) { return (.failed(ended), "") }
        do {
            let made = try Self.ambient(context(for: cell, title: title), make)
            blocks += made
            return (.ran, reason)
        } catch {
            blocks.append(.error(message: "\(title): \(error)", location: cell.location))
            return (failureStatus(error), "")
        }
    }

    /// Runs a cell's code with the model core's ambient run set to the cell's: a model built or trained
    /// without `rng:` or `progress:` draws from the cell's seed and reports to the cell's progress bar.
    static func ambient<T>(_ context: RunContext, _ body: (RunContext) throws -> T) rethrows -> T {
        try Ambient.$run.withValue(AmbientRun(seed: context.seed, progress: context.progress)) { try body(context) }
    }

    /// A context for a cell that reads results but stores none (a Plot, computed prose, a claim).
    private func context(for cell: Cell, title: String) -> RunContext {
        RunContext(seed: deriveSeed(notebook.seed, cell.id), cellID: cell.id, title: title, state: state)
    }

    /// `Autoencoders.swift:42`: where a cell is, short enough for a reader of the handout.
    static func fileAndLine(_ location: SourceLocation) -> String {
        "\(URL(fileURLWithPath: location.file).lastPathComponent):\(location.line)"
    }

    /// Starts a Run or Plot cell's code: nil when it may run (the supervising process is told), or why it
    /// ended an earlier attempt at this build (its error block added).
    private mutating func start(_ cell: Cell, title: String) -> String? {
        guard let ended = options.endedCells[cell.id] else {
            options.cellStarting?(cell)
            return nil
        }
        blocks.append(.error(message: "\(title): \(ended)", location: cell.location))
        return ended
    }

    /// The cell's cached entry when it still holds, or why there is none: the one lookup Run and Plot
    /// cells share.
    private mutating func cachedEntry(of cell: Cell, key parts: KeyParts?) -> (entry: CacheEntry?, reason: String) {
        guard cell.options.cache, let cache else { return (nil, "caching is off for this cell") }
        guard let parts else { return (nil, "its code cannot be read from \(cell.location.file); not cached") }
        guard options.useCache else { return (nil, "--no-cache") }
        switch cache.load(notebook: notebook.id, cell: cell.id) {
        case .missing: return (nil, builtBefore ? "new cell: nothing cached for its code" : "no cached results")
        case .corrupt(let why):
            warnings.append("\(cell.location): cache entry of \(cell.summary) was damaged (\(why)); recomputed")
            return (nil, "cached results were damaged (\(why)); recomputed")
        case .found(let entry):
            if let stale = staleness(of: entry, key: parts) { return (nil, stale) }
            return (entry, "cached")
        }
    }

    /// Runs a Run cell, or restores its results when nothing it depends on changed.
    private mutating func runCode(
        _ cell: Cell, at index: Int?, title: String, _ body: @escaping @Sendable (RunContext) throws -> Void
    ) -> (CellReport.Status, String) {
        let parts = key(of: cell)
        let lookup = cachedEntry(of: cell, key: parts)
        var reason = lookup.reason
        if let cached = lookup.entry {
            restore(cached, for: cell)
            return (.cached, "cached")
        }
        guard let execution = execute(cell, at: index, title: title, body) else {
            return (.failed(options.endedCells[cell.id] ?? ""), reason)
        }
        let context = execution.context
        var status = CellReport.Status.ran
        if let error = execution.error {
            status = failureStatus(error)
            blocks.append(.error(message: "\(title): \(error)", location: cell.location))
        } else {
            state.take(context.writes, from: context.finalState)
        }
        mergedWrites.append(status == .ran ? Set(context.writes) : [])
        if cell.options.showOutput, !context.printed.isEmpty { blocks.append(.output(context.printed)) }
        guard status == .ran else { return (status, reason) }

        let entry = makeEntry(key: parts, context: context, files: execution.dataFiles)
        for name in context.writes { state.setProducer(name, key: entry.key) }
        if cell.options.cache, let cache, parts != nil {
            if let unencodable = context.writes.first(where: { state.encoded($0) == nil }) {
                reason += "; not cached: '\(unencodable)' (\(state.typeName(unencodable))) is not Codable"
            } else {
                do {
                    try cache.store(entry, notebook: notebook.id, cell: cell.id)
                } catch {
                    warnings.append("\(cell.location): could not cache \(cell.summary): \(error)")
                }
            }
        }
        return (status, reason)
    }

    /// Draws a Plot cell's figure, or takes it from the cache when nothing it depends on changed (its
    /// code, the code it sees, the results it reads, the data files it opens). The caption and label
    /// are not part of the key: they are attached anew on every build.
    private mutating func drawPlot(
        _ cell: Cell, caption: String, label: String?, _ body: @Sendable (RunContext) throws -> any Drawable
    ) -> (CellReport.Status, String) {
        if options.draft {
            blocks.append(.callout(.note, title: "Draft", [.paragraph([.text("Figure not drawn: \(caption)")])]))
            return (.notRun, "draft")
        }
        // The caption's formulas are checked with the cell's other blocks (`run`), cached figure or not.
        func place(_ content: DisplayList) {
            blocks.append(.figure(Figure(content: content, caption: Self.inlines(caption), label: label)))
        }
        let parts = key(of: cell)
        let lookup = cachedEntry(of: cell, key: parts)
        var reason = lookup.reason
        if let figure = lookup.entry?.figure {
            place(figure)
            return (.cached, "cached")
        } else if lookup.entry != nil {
            reason = "its cached entry holds no figure"
        }
        if let ended = start(cell, title: caption) { return (.failed(ended), reason) }
        let context = context(for: cell, title: caption)
        let recorder = DataAccess.Recorder()
        let drawn: DisplayList
        do {
            let drawing = try DataAccess.$recorder.withValue(recorder) { try Self.ambient(context, body) }
            if let problem = Figure.sizeProblem(of: drawing) { throw FigureError(description: problem) }
            // Recorded as the document records figures: with its words for the alternate text.
            drawn = Figure(content: drawing, caption: []).content
        } catch {
            blocks.append(.error(message: "\(caption): \(error)", location: cell.location))
            return (failureStatus(error), reason)
        }
        place(drawn)
        if cell.options.cache, let cache, parts != nil {
            var entry = makeEntry(key: parts, context: context, files: recorder.paths)
            entry.figure = drawn
            do {
                try cache.store(entry, notebook: notebook.id, cell: cell.id)
            } catch {
                reason += "; not cached: \(error)"
            }
        }
        return (.ran, reason)
    }

    /// Runs a Run cell's code — or takes the results of its run beside an earlier cell, when what it
    /// read was not changed since it started — and starts later independent cells beside it while
    /// cores are free. Nil when the cell ended an earlier attempt at this build (its error block added).
    private mutating func execute(
        _ cell: Cell, at index: Int?, title: String, _ body: @escaping @Sendable (RunContext) throws -> Void
    ) -> CellExecution? {
        if let index, let running = inFlight.removeValue(forKey: index) {
            startCellsAhead(of: index)
            let execution = running.wait()
            let unseen = mergedWrites[running.mergedWhenStarted...].reduce(into: Set<String>()) { $0.formUnion($1) }
            // The dependency reading is cautious; this check makes it safe: a cell that read what a cell
            // before it stored after it started runs again, in its place.
            guard !unseen.contains(where: execution.context.reads.contains) else {
                log("  running \(cell.summary) again: it read what an earlier cell stored while it ran")
                return executeHere(cell, at: index, title: title, body)
            }
            return execution
        }
        return executeHere(cell, at: index, title: title, body)
    }

    private mutating func executeHere(
        _ cell: Cell, at index: Int?, title: String, _ body: @escaping @Sendable (RunContext) throws -> Void
    ) -> CellExecution? {
        if start(cell, title: title) != nil { return nil }
        log("  running \(cell.summary)")
        if let index { startCellsAhead(of: index) }
        return CellExecution.run(body, in: runContext(for: cell, title: title))
    }

    private func runContext(for cell: Cell, title: String) -> RunContext {
        RunContext(
            seed: deriveSeed(notebook.seed, cell.id), cellID: cell.id, title: title, state: state,
            progress: options.progress)
    }

    /// While a core is free, starts the next Run cells that depend on none of the cells from `current`
    /// up to them and that must run whatever the state (no cached results for their code).
    private mutating func startCellsAhead(of current: Int) {
        guard let slots = options.cellSlots, !options.draft else { return }
        let cells = notebook.cells
        let runIndices = cells.indices.filter {
            if case .run = cells[$0].kind { return true } else { return false }
        }
        if dependencies == nil {
            var reaches: [Int: CellReach?] = [:]
            for index in runIndices {
                let cell = cells[index]
                reaches[index] = notebookSources(of: cell).reach(
                    fromCellAt: cell.location.file, line: cell.location.line, column: cell.column, unnamed: false)
            }
            dependencies = RunCellDependencies(reaches: reaches)
        }
        guard let dependencies else { return }
        let ahead = runIndices.filter { $0 > current }
        for candidate in ahead where inFlight[candidate] == nil {
            let cell = cells[candidate]
            guard case .run(let title, let body) = cell.kind, options.endedCells[cell.id] == nil,
                mustRun(cell),
                !runIndices.contains(where: {
                    $0 >= current && $0 < candidate && dependencies.depends(candidate, on: $0)
                })
            else { continue }
            guard let slot = slots.tryTake() else { return }
            options.cellStarting?(cell)
            log("  running \(cell.summary), beside \(cells[current].summary)")
            let ended = options.cellEnded
            inFlight[candidate] = CellInFlight(
                body: body, context: runContext(for: cell, title: title), mergedWhenStarted: mergedWrites.count
            ) {
                ended?(cell)
                slots.release(slot)
            }
        }
    }

    /// Whether a Run cell will run whatever the cells before it store: caching is off, or nothing is
    /// cached for its code (its code, the code it sees, the model core or the arithmetic changed).
    private mutating func mustRun(_ cell: Cell) -> Bool {
        guard cell.options.cache, let cache, options.useCache else { return true }
        guard let parts = key(of: cell) else { return true }
        guard case .found(let entry) = cache.load(notebook: notebook.id, cell: cell.id) else { return true }
        return Self.codeStaleness(of: entry, key: parts) != nil
    }

    /// A reference to a label nothing carries fails the cell that holds it (the outputs show "??");
    /// a label defined a second time fails the cell that does it, naming the cell that did it first.
    mutating func reportLabelProblems(cells: [Cell], spans: [Range<Int>]) {
        var resolved = Document(title: notebook.title, blocks: blocks)
        resolved.isNumbered = true
        let numbering = Numbering(resolved)
        // A figure that was not drawn (its cell failed, was skipped, or the build is a draft) has its own
        // message at its place; references to it show "??" without a second, misleading error.
        let undrawn = Set(
            zip(cells, reports).compactMap { cell, report -> String? in
                guard report.status != .ran, report.status != .cached else { return nil }
                switch cell.kind {
                case .plot(_, let label?, _), .table(_, let label?, _): return label
                default: return nil
                }
            })
        var definedBy: [String: Cell] = [:]
        for (index, (cell, span)) in zip(cells, spans).enumerated() {
            var problems: [String] = []
            let unknown = numbering.unresolvedLabels(in: Array(blocks[span])).filter { !undrawn.contains($0) }
            if !unknown.isEmpty {
                problems.append("unknown label " + unknown.map { "'@\($0)'" }.joined(separator: ", "))
            }
            for label in Numbering.labels(definedIn: Array(blocks[span])) {
                guard let first = definedBy[label] else {
                    definedBy[label] = cell
                    continue
                }
                problems.append(
                    first.id == cell.id
                        ? "label '\(label)' is defined twice in this cell"
                        : "label '\(label)' is already defined by \(first.summary) at \(first.location)")
            }
            guard !problems.isEmpty else { continue }
            let message = problems.joined(separator: "; ")
            let old = reports[index]
            reports[index] = CellReport(
                cellID: old.cellID, summary: old.summary, location: old.location, status: .failed(message),
                reason: old.reason, seconds: old.seconds)
            failedCells.append(cell.id)
        }
    }

    /// A caption's Markdown as inlines, so captions may hold math and emphasis.
    static func inlines(_ markdown: String) -> [Inline] {
        guard let blocks = try? MarkdownReader.parse(markdown), blocks.count == 1,
            case .paragraph(let inlines) = blocks[0]
        else { return [.text(markdown)] }
        return inlines
    }

    /// Why a cached entry no longer holds, or nil when it does.
    private func staleness(of entry: CacheEntry, key: KeyParts) -> String? {
        if let stale = Self.codeStaleness(of: entry, key: key) { return stale }
        for dependency in entry.dependencies where state.producers[dependency.name] != dependency.producerKey {
            return "'\(dependency.name)', which it reads, changed"
        }
        for file in entry.dataFiles where dataDigests.sha256(of: file.path) != file.sha256 {
            return "data file \(file.path) changed"
        }
        return nil
    }

    /// Why an entry was computed by other code — the model core's, the cell's, or the code it sees —
    /// or nil when it was not.
    static func codeStaleness(of entry: CacheEntry, key: KeyParts) -> String? {
        if entry.libraryCode != key.libraryCode { return "library code changed (Tensors or ModelCore)" }
        if entry.drawingCode != key.drawingCode {
            return "drawing code changed (Graphics, TeXMath, Plots or ModelDiagrams)"
        }
        if entry.arithmetic != key.arithmetic {
            return "BLAS kernel or thread count changed (\(entry.arithmetic), now \(key.arithmetic))"
        }
        if entry.fingerprint != key.fingerprint { return "its code, id or seed changed" }
        guard entry.sources != key.sources else { return nil }
        let before = Dictionary(entry.sources.map { ($0.file, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let now = Dictionary(key.sources.map { ($0.file, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let files = Set(before.keys).union(now.keys).filter { before[$0] != now[$0] }.sorted()
        return "file-scope code of \(files.joined(separator: ", ")) changed"
    }

    private mutating func restore(_ entry: CacheEntry, for cell: Cell) {
        for (name, value) in zip(entry.writes, entry.values) {
            state.restore(name, encoded: value)
            state.setProducer(name, key: entry.key)
        }
        mergedWrites.append(Set(entry.writes))
        if cell.options.showOutput, !entry.printed.isEmpty { blocks.append(.output(entry.printed)) }
    }

    /// The entry of a cell that ran; a cell whose code cannot be read gets a key no other run shares.
    private func makeEntry(key: KeyParts?, context: RunContext, files: [String]) -> CacheEntry {
        let key =
            key
            ?? KeyParts(
                fingerprint: UUID().uuidString, libraryCode: options.libraryCode, drawingCode: nil,
                arithmetic: options.arithmetic, sources: [])
        let dependencies = context.reads.map {
            CacheEntry.Dependency(name: $0, producerKey: state.producers[$0] ?? "none")
        }
        let dataFiles = files.map { path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            return CacheEntry.DataFile(path: path, size: size ?? -1, sha256: dataDigests.sha256(of: path) ?? "missing")
        }
        let code =
            [key.fingerprint, key.libraryCode, key.arithmetic] + (key.drawingCode.map { [$0] } ?? [])
            + key.sources.flatMap { [$0.file, $0.sha256] }
        let cellKey = Hashing.sha256(
            code + dependencies.flatMap { [$0.name, $0.producerKey] } + dataFiles.map(\.sha256))
        let values = context.writes.map { state.encoded($0) ?? Data() }
        return CacheEntry(
            fingerprint: key.fingerprint, libraryCode: key.libraryCode, drawingCode: key.drawingCode,
            arithmetic: key.arithmetic, sources: key.sources,
            dependencies: dependencies, dataFiles: dataFiles, key: cellKey, printed: context.printed,
            writes: context.writes, values: values)
    }

    /// The cell's code as a Swift code block, when the cell asks for it (or a draft shows it).
    private mutating func echo(_ cell: Cell, force: Bool) -> [Block] {
        guard cell.options.echo || force, let file = notebookSources(of: cell).file(cell.location.file),
            let source = CellSource.body(in: file, line: cell.location.line, column: cell.column)
        else { return [] }
        // A Run cell's title says what its code does, above the code.
        guard case .run(let title, _) = cell.kind else { return [.codeBlock(language: "swift", source)] }
        return [.paragraph([.strong(Self.inlines(title))]), .codeBlock(language: "swift", source)]
    }

    /// A cell that only lacks state a failed cell should have stored is skipped, not failed.
    private func failureStatus(_ error: any Error) -> CellReport.Status {
        if let missing = error as? MissingStateError, !failedCells.isEmpty {
            let what = missing.producer.map { "the result of \($0)" } ?? "'\(missing.key)'"
            return .skipped("needs \(what), which an earlier failed cell did not store")
        }
        return .failed("\(error)")
    }
}

/// A figure a Plot cell returned that no page can hold.
struct FigureError: Error, CustomStringConvertible {
    let description: String
}

/// Formulas that do not typeset: the writers show them in red; the log says where they are. The walk
/// finds every formula wherever it stands: prose, headings, lists, captions, table cells, callouts.
enum MathCheck {
    static func problems(in blocks: [Block], at location: SourceLocation) -> [String] {
        let formulas: [(tex: String, display: Bool)] = blocks.query(
            blocks: { block in
                if case .displayMath(let tex, _, _) = block { [(tex, true)] } else { [] }
            },
            inlines: { inline in
                if case .math(let tex) = inline { [(tex, false)] } else { [] }
            })
        return formulas.compactMap { formula in
            do {
                _ = try Formula.typeset(formula.tex, display: formula.display)
                return nil
            } catch {
                return "\(location): formula \"\(formula.tex)\": \(error)"
            }
        }
    }
}
