import ArgumentParser
import Foundation
import ModelCore
import Tensors

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the model core: training samples/s and PCA time, optionally against PyTorch.",
        discussion: """
            Models and settings are those of ../shared/bench/torch_baseline.py: the deep auto-encoder
            784-128-64-32-64-128-784, the VAE 784-400-20, a small conv auto-encoder (batch 128, Adam 1e-3)
            and PCA-32 of the 60,000 training images. Run it from a release build, at one thread, and
            repeat: 2-core machines are noisy, so the median of the repeats is reported.

            With --models, it instead trains every model of the lectures (PCA, linear, deep, tied, stacked,
            sparse, k-sparse, denoising, contractive and convolutional auto-encoders, semantic hashing, the VAE,
            the GAN and the few-labels classifiers) on Fashion-MNIST and prints the figure each reaches on the
            test set and the seconds it took: a few minutes at one thread on the full data.
            """,
        subcommands: [TeXFuzzBench.self, TeXLinearBench.self])

    @Option(name: .long, help: "Threads for OpenBLAS and the kernels.")
    var threads: Int = 1

    @Option(name: .long, help: "Training images per throughput epoch.")
    var samples: Int = 30_000

    @Option(name: .customLong("repeat"), help: "Measure this many times and report the median.")
    var repeats: Int = 3

    @Flag(name: .long, help: "Also train 5 epochs and report test-set quality (slow).")
    var quality = false

    @Option(name: .long, help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "A Python with torch: run the PyTorch baseline in the same run and print ratios.")
    var baseline: String?

    @Option(name: .long, help: "The PyTorch baseline script.")
    var baselineScript: String = "../shared/bench/torch_baseline.py"

    @Flag(name: .long, help: "Train every lecture model and report its test figure and time instead.")
    var models = false

    @Option(name: .long, help: "With --models: epochs per model.")
    var epochs = 5

    @Option(name: .long, help: "With --models: only the first N training images (default: all 60,000).")
    var trainImages: Int?

    @Option(name: .long, help: "With --models: only the first N test images (default: all 10,000).")
    var testImages: Int?

    @Option(name: .long, help: "With --models: labelled images per class for the few-labels classifiers.")
    var labelsPerClass = 100

    func validate() throws {
        guard threads >= 1, samples >= 128, repeats >= 1 else {
            throw ValidationError("--threads and --repeat must be at least 1, --samples at least 128")
        }
        guard epochs >= 1, labelsPerClass >= 1, (trainImages ?? 1) >= 1, (testImages ?? 12) >= 12 else {
            throw ValidationError(
                "--epochs, --labels-per-class and --train-images must be at least 1, --test-images at least 12")
        }
    }

    func run() throws {
        #if DEBUG
            standardError("warning: this is a debug build; measure with `swift run -c release lectern bench`")
        #endif
        print("CPU: \(CPUModel.name)")
        print("BLAS: \(BLASKernel.summary)")
        if models { return try runModelReport() }
        var runs: [[String: Double]] = []
        for i in 1...repeats {
            print("run \(i) of \(repeats), \(threads) thread(s)")
            do {
                runs.append(
                    try ModelCoreBenchmark.run(
                        threads: threads, samples: samples, quality: quality && i == 1, log: { print("  " + $0) }))
            } catch {
                throw CommandFailure("benchmark failed: \(error)")
            }
        }
        let figures = BenchFigures.median(of: runs)
        var document = BenchFigures.nested(figures)
        if let baseline {
            let torch = try runBaseline(python: baseline)
            let ratios = BenchFigures.ratios(lectern: figures, torch: torch)
            for (name, ratio) in ratios.sorted(by: { $0.key < $1.key }) {
                print("\(name): \(String(format: "%.2f", ratio))x PyTorch")
            }
            document["ratio_vs_pytorch"] = ratios
        }
        for (key, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(key): \(value)") }
        if let json {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            try OutputFiles.write(Array(data), to: json)
        }
    }

    /// Trains every lecture model and prints a Markdown table of what each reached.
    private func runModelReport() throws {
        BLAS.setThreads(threads)
        let settings = ModelReportSettings(
            trainLimit: trainImages, testLimit: testImages, epochs: epochs, labelsPerClass: labelsPerClass)
        print("| model | measure | value | seconds |")
        print("| --- | --- | --- | --- |")
        let figures: [ModelFigure]
        do {
            figures = try ModelReport.run(settings) { figure in
                print(
                    "| \(figure.model) | \(figure.measure) | \(String(format: "%.4f", figure.value)) | "
                        + "\(String(format: "%.1f", figure.seconds)) |")
                fflush(nil)  // rows arrive minutes apart; show each at once, also through a pipe
            }
        } catch {
            throw CommandFailure("model report failed: \(error)")
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try OutputFiles.write(Array(try encoder.encode(figures)), to: json)
        }
    }

    /// Runs the PyTorch script at the same thread count and reads its JSON.
    private func runBaseline(python: String) throws -> [String: Any] {
        let output = NSTemporaryDirectory() + "lectern-torch-\(getpid()).json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            baselineScript, "--threads", String(threads), "--epochs", "1", "--only", "ae,vae,conv,pca", "--json",
            output,
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

    /// Lectern's speed over PyTorch's (> 1: Lectern is faster), for the models both measured.
    static func ratios(lectern: [String: Double], torch: [String: Any]) -> [String: Double] {
        func torchFigure(_ path: [String]) -> Double? {
            var node: Any? = torch
            for key in path { node = (node as? [String: Any])?[key] }
            return (node as? NSNumber)?.doubleValue
        }
        var ratios: [String: Double] = [:]
        let throughput = [
            ("deep_ae", ["deep_ae_mse", "epoch1_samples_per_s"]), ("vae", ["vae_400_20", "epoch1_samples_per_s"]),
            ("conv_ae", ["conv_ae", "epoch1_samples_per_s"]),
        ]
        for (model, path) in throughput {
            if let ours = lectern["\(model).samples_per_s"], let theirs = torchFigure(path), theirs > 0 {
                ratios[model] = ours / theirs
            }
        }
        if let ours = lectern["pca32.seconds"], let theirs = torchFigure(["pca_32", "torch_cov_eigh", "seconds"]),
            ours > 0
        {
            ratios["pca32"] = theirs / ours
        }
        return ratios
    }
}
