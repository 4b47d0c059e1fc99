import ArgumentParser
import Foundation
import TeXMath

/// `lectern bench tex-fuzz`: typesets seeded random formulas in a worker process and reports what
/// a page must never see: crashes, errors without a column, malformed SVG, slow inputs.
struct TeXFuzzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tex-fuzz",
        abstract: "Typeset random formulas (mutated corpus, deep nesting, long repeats) and count failures.",
        discussion: """
            Inputs come from a seeded TeXFuzzer, so a run can be repeated. They are typeset in a worker
            process: a crash is counted, its input printed, and the worker restarted after it. Times are
            CPU time of the typesetting thread (typeset and SVG); measure in a release build.
            """)

    @Option(name: .long, help: "How many inputs.")
    var inputs = 100_000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 18

    @Option(name: .long, help: "A formula table (columns id, mode, tex) whose formulas are mutated.")
    var seeds = "Tests/Fixtures/seed-formulas.tsv"

    @Option(name: .long, help: .hidden)
    var workerFrom: Int?

    func run() throws {
        let formulas: [String]
        do {
            formulas = try TSV.read(path: seeds).map(\.tex)
        } catch {
            throw CommandFailure("\(error) (give the corpus with --seeds FILE)")
        }
        if let workerFrom { return work(formulas, from: workerFrom) }
        var tally = FuzzTally()
        var next = 0
        while next < inputs {
            let (lines, status, signalled) = try runWorker(from: next)
            // A worker that exits without typesetting anything did not start; it would fail again.
            if lines.isEmpty, !signalled { throw CommandFailure("the typesetting worker did not start (\(status))") }
            for line in lines { tally.add(line) }
            if let last = tally.lastIndex, last >= next { next = last + 1 }
            guard next < inputs else { break }
            // The worker stopped before the end: the input it was on crashed it.
            var fuzzer = TeXFuzzer(seeds: formulas, seed: seed)
            for _ in 0..<next { _ = fuzzer.next() }
            let input = fuzzer.next()
            tally.crashes.append("input \(next) (\(status)): \(Self.shown(input.tex))")
            next += 1
        }
        print(tally.report(inputs: inputs))
        if !tally.crashes.isEmpty || !tally.defects.isEmpty { throw ExitCode.failure }
    }

    /// The worker: one line per input, `index outcome microseconds detail`, written as it finishes.
    private func work(_ formulas: [String], from start: Int) {
        var fuzzer = TeXFuzzer(seeds: formulas, seed: seed)
        for _ in 0..<start { _ = fuzzer.next() }
        for index in start..<inputs {
            let input = fuzzer.next()
            let t0 = Self.threadCPUTime()
            let outcome = TeXFuzzer.check(input)
            let micros = Int((Self.threadCPUTime() - t0) * 1e6)
            let (kind, detail): (String, String) =
                switch outcome {
                case .accepted: ("ok", "")
                case .rejected: ("error", "")
                case .defect(let what): ("defect", what)
                }
            let line = "\(index)\t\(kind)\t\(micros)\t\(Self.shown(detail + " in " + input.tex))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// Runs a worker from input `start` and returns its lines and how it ended.
    private func runWorker(from start: Int) throws -> (lines: [Substring], status: String, signalled: Bool) {
        guard let executable = Bundle.main.executableURL else {
            throw CommandFailure("cannot find the lectern executable")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "bench", "tex-fuzz", "--inputs", String(inputs), "--seed", String(seed), "--seeds", seeds,
            "--worker-from", String(start),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let signalled = process.terminationReason == .uncaughtSignal
        let status = (signalled ? "signal " : "exit ") + String(process.terminationStatus)
        return (String(decoding: data, as: UTF8.self).split(separator: "\n"), status, signalled)
    }

    /// A formula as one printable line, shortened.
    static func shown(_ tex: String) -> String {
        let escaped = tex.unicodeScalars.map {
            $0.value < 32 || $0.value == 127 ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }
        .joined()
        return escaped.count > 100 ? escaped.prefix(100) + "… (\(tex.unicodeScalars.count) characters)" : escaped
    }

    static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// What the fuzz workers reported.
struct FuzzTally {
    var accepted = 0
    var rejected = 0
    var defects: [String] = []
    var crashes: [String] = []
    var overOneSecond = 0
    var slowest: (micros: Int, line: String) = (0, "")
    var totalMicros = 0
    var lastIndex: Int?

    mutating func add(_ line: Substring) {
        let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count == 4, let index = Int(fields[0]), let micros = Int(fields[2]) else { return }
        lastIndex = index
        switch fields[1] {
        case "ok": accepted += 1
        case "error": rejected += 1
        default: defects.append("input \(index): \(fields[3])")
        }
        totalMicros += micros
        if micros > 1_000_000 { overOneSecond += 1 }
        if micros > slowest.micros { slowest = (micros, "input \(index)\(fields[3])") }
    }

    func report(inputs: Int) -> String {
        var lines = [
            "inputs: \(inputs) (accepted \(accepted), clear errors \(rejected))",
            "crashes: \(crashes.count)", "errors without a column or malformed SVG: \(defects.count)",
            "inputs over 1 s: \(overOneSecond)",
            "slowest: \(String(format: "%.1f", Double(slowest.micros) / 1000)) ms, \(slowest.line)",
            "mean: \(String(format: "%.1f", Double(totalMicros) / Double(max(accepted + rejected + defects.count, 1)))) µs per input",
        ]
        lines += crashes.map { "crash: " + $0 } + defects.prefix(20).map { "defect: " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// `lectern bench tex-linear`: typesetting time per token for long formulas of 1k to 128k tokens.
struct TeXLinearBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tex-linear",
        abstract: "Time typesetting long formulas (1k to 128k repeats of a piece) to show time per token is flat.")

    @Option(name: .long, help: "The largest number of repeats (doubling from 1,024).")
    var largest = 131_072

    /// Pieces repeated into one long formula, with the context they need.
    static let shapes: [(name: String, piece: String, prefix: String, suffix: String)] = [
        ("x", "x", "", ""), ("\\sqrt[a]{b}", #"\sqrt[a]{b}"#, "", ""), ("x_{i}^{2}+", "x_{i}^{2}+", "", ""),
        ("\\text{a $b$}", #"\text{a $b$}"#, "", ""), ("\\frac{a}{b}", #"\frac{a}{b}"#, "", ""),
        ("a & b \\\\ (matrix rows)", #"a & b \\"#, #"\begin{matrix}"#, #"\end{matrix}"#),
    ]

    func run() throws {
        print("| piece | repeats | seconds | µs per repeat |")
        print("| --- | --- | --- | --- |")
        for shape in Self.shapes {
            var repeats = 1024
            while repeats <= largest {
                let tex = shape.prefix + String(repeating: shape.piece, count: repeats) + shape.suffix
                let t0 = TeXFuzzBench.threadCPUTime()
                do {
                    _ = try Formula.layOut(tex, display: true).svg()
                } catch {
                    throw CommandFailure("\(shape.name) × \(repeats): \(error)")
                }
                let seconds = TeXFuzzBench.threadCPUTime() - t0
                print(
                    "| `\(shape.name)` | \(repeats) | \(String(format: "%.3f", seconds)) | "
                        + "\(String(format: "%.2f", seconds / Double(repeats) * 1e6)) |")
                fflush(nil)
                repeats *= 2
            }
        }
    }
}
