import ArgumentParser
import Foundation
import ModelCore
import Tensors

/// `lectern bench`: what Lectern measures lives here, in a release build, never in the test suite.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Lectern in a release build: training speed, the lecture models, writing documents.",
        subcommands: [
            BenchSpeedCommand.self, BenchModelsCommand.self, BenchDocumentsCommand.self, TeXFuzzBench.self,
            TeXLinearBench.self,
        ],
        defaultSubcommand: BenchSpeedCommand.self)
}

/// What every measurement is reported with: the processor and the BLAS kernel. Measurements of a
/// debug build mean little; say so rather than refuse.
func printBenchHeader() {
    #if DEBUG
        standardError("warning: this is a debug build; measure with `swift run -c release lectern bench …`")
    #endif
    print("CPU: \(CPUModel.name)")
    print("BLAS: \(BLASKernel.summary)")
}

/// Writes `document` as sorted, indented JSON to `path`.
func writeJSON(_ document: Any, to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    try OutputFiles.write(Array(data), to: path)
}

struct BenchSpeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Training samples/s and PCA time of the model core, optionally against PyTorch.",
        discussion: """
            The deep auto-encoder 784-128-64-32-64-128-784, the VAE 784-400-20, a small conv auto-encoder \
            (batch 128, Adam 1e-3) and PCA-32 of the 60,000 training images; --only picks some of them. Run it \
            from a release build, at one thread, and repeat: 2-core machines are noisy, so the median of the \
            repeats is reported. With --baseline, scripts/torch_baseline.py trains the same models with PyTorch \
            after each of Lectern's repeats, and the ratios compare the two medians.
            """)

    @Option(name: .long, help: "Threads for OpenBLAS and the kernels.")
    var threads: Int = 1

    @Option(name: .long, help: "Training images per throughput epoch.")
    var samples: Int = 30_000

    @Option(name: .long, help: "Comma-separated models to measure, of ae, vae, conv and pca.")
    var only = "ae,vae,conv,pca"

    @Option(name: .customLong("repeat"), help: "Measure this many times and report the median.")
    var repeats: Int = 3

    @Flag(name: .long, help: "Also train 5 epochs and report test-set quality (slow).")
    var quality = false

    @Option(name: .long, help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "A Python with torch: run the PyTorch baseline in the same run and print ratios.")
    var baseline: String?

    @Option(name: .long, help: "The PyTorch baseline script (default: scripts/torch_baseline.py of this Lectern).")
    var baselineScript: String = BenchSpeedCommand.bundledBaselineScript

    /// The script beside the sources this `lectern` was built from, wherever it is run.
    static let bundledBaselineScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/torch_baseline.py")
        .path

    /// The models `--only` names.
    var models: Set<String> { Set(only.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }) }

    func validate() throws {
        guard threads >= 1, samples >= 128, repeats >= 1 else {
            throw ValidationError("--threads and --repeat must be at least 1, --samples at least 128")
        }
        guard !models.isEmpty, models.isSubset(of: ModelCoreBenchmark.allModels) else {
            throw ValidationError(
                "--only takes one or more of ae, vae, conv and pca, separated by commas; got '\(only)'")
        }
        // Checked before minutes of training, not after.
        if baseline != nil, !FileManager.default.isReadableFile(atPath: baselineScript) {
            throw ValidationError("no PyTorch baseline script at '\(baselineScript)'; pass --baseline-script")
        }
    }

    func run() throws {
        printBenchHeader()
        var runs: [[String: Double]] = []
        var torchRuns: [[String: Double]] = []
        // Lectern and PyTorch take turns, so a change in the machine's load falls on both.
        for i in 1...repeats {
            print("run \(i) of \(repeats), \(threads) thread(s)")
            do {
                runs.append(
                    try ModelCoreBenchmark.run(
                        threads: threads, samples: samples, models: models, quality: quality && i == 1,
                        log: { print("  " + $0) }))
            } catch {
                throw CommandFailure("benchmark failed: \(error)")
            }
            if let baseline { torchRuns.append(BenchFigures.torchFigures(try runBaseline(python: baseline))) }
        }
        let figures = BenchFigures.median(of: runs)
        var document = BenchFigures.nested(figures)
        if baseline != nil {
            let torch = BenchFigures.median(of: torchRuns)
            for (key, value) in torch.sorted(by: { $0.key < $1.key }) { print("PyTorch \(key): \(value)") }
            document["pytorch"] = BenchFigures.nested(torch)
            let ratios = BenchFigures.ratios(lectern: figures, torch: torch)
            for (name, ratio) in ratios.sorted(by: { $0.key < $1.key }) {
                print("\(name): \(String(format: "%.2f", ratio))x PyTorch")
            }
            document["ratio_vs_pytorch"] = ratios
        }
        for (key, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(key): \(value)") }
        if let json { try writeJSON(document, to: json) }
    }

    /// Runs the PyTorch script at the same thread count and reads its JSON.
    private func runBaseline(python: String) throws -> [String: Any] {
        let output = NSTemporaryDirectory() + "lectern-torch-\(getpid()).json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            baselineScript, "--threads", String(threads), "--samples", String(samples), "--epochs", "1", "--only",
            models.sorted().joined(separator: ","), "--json", output,
        ]
        do {
            try process.run()
        } catch {
            throw CommandFailure("cannot run the PyTorch baseline with '\(python)': \(error.localizedDescription)")
        }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw CommandFailure("the PyTorch baseline failed (exit \(process.terminationStatus)); is torch installed?")
        }
        return object
    }
}

/// Turning benchmark runs into the figures `lectern bench` reports.
enum BenchFigures {
    /// The median of each figure over the runs that have it.
    static func median(of runs: [[String: Double]]) -> [String: Double] {
        var values: [String: [Double]] = [:]
        for run in runs { for (key, value) in run { values[key, default: []].append(value) } }
        return values.mapValues { list in
            let sorted = list.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    /// `{"deep_ae.samples_per_s": x}` -> `{"deep_ae": {"samples_per_s": x}}`.
    static func nested(_ figures: [String: Double]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in figures {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                var group = out[parts[0]] as? [String: Double] ?? [:]
                group[parts[1]] = value
                out[parts[0]] = group
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// The figures of one run of `scripts/torch_baseline.py`, under the names Lectern's own have.
    static func torchFigures(_ torch: [String: Any]) -> [String: Double] {
        let paths = [
            ("deep_ae.samples_per_s", ["deep_ae_mse", "epoch1_samples_per_s"]),
            ("vae.samples_per_s", ["vae_400_20", "epoch1_samples_per_s"]),
            ("conv_ae.samples_per_s", ["conv_ae", "epoch1_samples_per_s"]),
            ("pca32.seconds", ["pca_32", "torch_cov_eigh", "seconds"]),
        ]
        var figures: [String: Double] = [:]
        for (name, path) in paths {
            var node: Any? = torch
            for key in path { node = (node as? [String: Any])?[key] }
            if let value = (node as? NSNumber)?.doubleValue { figures[name] = value }
        }
        return figures
    }

    /// Lectern's speed over PyTorch's (> 1: Lectern is faster), for the models both measured.
    static func ratios(lectern: [String: Double], torch: [String: Double]) -> [String: Double] {
        var ratios: [String: Double] = [:]
        for model in ["deep_ae", "vae", "conv_ae"] {
            if let ours = lectern["\(model).samples_per_s"], let theirs = torch["\(model).samples_per_s"], theirs > 0 {
                ratios[model] = ours / theirs
            }
        }
        if let ours = lectern["pca32.seconds"], let theirs = torch["pca32.seconds"], ours > 0 {
            ratios["pca32"] = theirs / ours
        }
        return ratios
    }
}
