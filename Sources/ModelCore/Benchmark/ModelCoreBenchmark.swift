#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Throughput and quality figures of the model core on Fashion-MNIST, for `lectern bench speed`.
///
/// `scripts/torch_baseline.py` trains the same models with the same settings in PyTorch, so the numbers
/// compare directly at the same thread count.
public enum ModelCoreBenchmark {
    /// The models `run` can measure: the deep auto-encoder, the VAE, the conv auto-encoder and PCA.
    public static let allModels: Set<String> = ["ae", "vae", "conv", "pca"]

    /// Runs the benchmark and returns figures keyed "model.metric", e.g. "deep_ae.samples_per_s".
    ///
    /// Throughput: one epoch over `samples` training images per model. PCA: seconds to fit 32 components to
    /// the 60,000 training images. `models` picks among "ae", "vae", "conv" and "pca" (the names
    /// `scripts/torch_baseline.py --only` takes). With `quality`, also the 5-epoch test-set figures (slow).
    public static func run(
        threads: Int = 1, samples: Int = 30_000, models: Set<String> = allModels, quality: Bool = false,
        directory: String = FashionMNIST.defaultDirectory,
        log: ((String) -> Void)? = nil
    ) throws -> [String: Double] {
        BLAS.setThreads(threads)
        var results: [String: Double] = ["threads": Double(threads)]
        let (train, loadSeconds) = try timed { try FashionMNIST.load(.train, directory: directory) }
        results["load.seconds"] = loadSeconds
        let x = train.inputs
        let slice = try x.rows(0..<min(samples, x.rows))

        /// One epoch of `fit` over `data`, recorded under `key` and logged as `name`.
        func throughput(_ key: String, _ name: String, _ data: Tensor, fit: (Tensor) throws -> TrainingHistory)
            rethrows
        {
            let cpu = processCPUSeconds()
            let history = try fit(data)
            results["\(key).samples_per_s"] = history.samplesPerSecond
            results["\(key).samples_per_cpu_s"] = Double(data.rows) / (processCPUSeconds() - cpu)
            log?("\(name): \(Int(history.samplesPerSecond)) samples/s")
        }
        if models.contains("ae") {
            let ae = try Autoencoder(sizes: [784, 128, 64, 32], rng: RandomStream(seed: 0, name: "bench.ae"))
            try throughput("deep_ae", "deep AE", slice) { try ae.fit($0, epochs: 1, batchSize: 128) }
        }
        if models.contains("vae") {
            let vae = try VariationalAutoencoder(rng: RandomStream(seed: 0, name: "bench.vae"))
            try throughput("vae", "VAE", slice) { try vae.fit($0, epochs: 1, batchSize: 128) }
        }
        if models.contains("conv") {
            let conv = ConvAutoencoder(rng: RandomStream(seed: 0, name: "bench.conv"))
            try throughput("conv_ae", "conv AE", try x.rows(0..<min(samples / 3, x.rows))) {
                try conv.fit($0, epochs: 1, batchSize: 128)
            }
        }
        var pca: PCA?
        if models.contains("pca") {
            let cpu = processCPUSeconds()
            let (fitted, pcaSeconds) = try timed { try PCA(fitting: x, components: 32) }
            pca = fitted
            results["pca32.seconds"] = pcaSeconds
            results["pca32.cpu_seconds"] = processCPUSeconds() - cpu
            log?("PCA-32: \(pcaSeconds) s")
        }

        if quality {
            let test = try FashionMNIST.load(.test, directory: directory).inputs
            results["pca32.test_mse"] = try (pca ?? PCA(fitting: x, components: 32)).reconstructionError(test)
            let deep = try Autoencoder(sizes: [784, 128, 64, 32], rng: RandomStream(seed: 0, name: "quality.ae"))
            let h = try deep.fit(x, epochs: 5, batchSize: 128)
            results["deep_ae.test_mse"] = try deep.reconstructionError(test)
            results["deep_ae.train_loss_epoch5"] = h.epochLoss.last ?? .nan
            log?("deep AE test MSE after 5 epochs: \(results["deep_ae.test_mse"] ?? .nan)")
            let v = try VariationalAutoencoder(rng: RandomStream(seed: 0, name: "quality.vae"))
            try v.fit(x, epochs: 5, batchSize: 128)
            results["vae.test_neg_elbo"] = try v.negativeELBO(test)
            log?("VAE test -ELBO after 5 epochs: \(results["vae.test_neg_elbo"] ?? .nan) nats")
        }
        return results
    }
}

extension ModelCoreBenchmark {
    /// Groups "model.metric" figures as the JSON `lectern bench speed --json` writes:
    /// `{"deep_ae": {"samples_per_s": 41000.0, ...}, ...}`, keys sorted, plain keys at the top level.
    public static func json(_ results: [String: Double]) -> String {
        var groups: [String: [(String, Double)]] = [:]
        var plain: [(String, Double)] = []
        for (key, value) in results {
            if let dot = key.firstIndex(of: ".") {
                groups[String(key[..<dot]), default: []].append((String(key[key.index(after: dot)...]), value))
            } else {
                plain.append((key, value))
            }
        }
        func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
        var entries = plain.sorted { $0.0 < $1.0 }.map { "  \"\($0.0)\": \(number($0.1))" }
        for (group, values) in groups.sorted(by: { $0.key < $1.key }) {
            let inner = values.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\": \(number($0.1))" }.joined(separator: ", ")
            entries.append("  \"\(group)\": {\(inner)}")
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n}\n"
    }
}

/// CPU seconds used by the whole process so far: steadier than wall time on a shared machine.
public func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
