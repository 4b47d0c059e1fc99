/// Probes of a learned code space: the figures of the notes (codes by class, lines between codes, decoding
/// uniform samples of the code box, k-means, semantic hashing).

/// A model with an encoder to codes and a decoder back (auto-encoders, the VAE's means, PCA).
public protocol CodeModel {
    /// Codes of samples [n, input] -> [n, code].
    func encode(_ x: Tensor) throws -> Tensor
    /// Samples from codes [n, code] -> [n, input].
    func decode(_ z: Tensor) throws -> Tensor
}

extension Autoencoder: CodeModel {}
extension VariationalAutoencoder: CodeModel {}
extension PCA: CodeModel {}

/// Codes of a data set with their labels (Codable, so a notebook cell can cache it).
public struct CodeSet: Sendable, Equatable, Codable {
    /// Codes [n, code].
    public let codes: Tensor
    /// The label of each code (empty when the data has none).
    public let labels: [Int]

    /// Codes with labels; throws when the counts differ.
    public init(codes: Tensor, labels: [Int] = []) throws {
        guard codes.rank == 2 else { throw TensorError("codes must be a matrix [n, code], got \(codes.shape)") }
        guard labels.isEmpty || labels.count == codes.rows else {
            throw TensorError("\(labels.count) labels for \(codes.rows) codes")
        }
        self.codes = codes
        self.labels = labels
    }

    /// The codes of labelled images under `model`.
    public init(encoding images: LabeledImages, with model: some CodeModel) throws {
        try self.init(codes: model.encode(images.inputs), labels: images.labels)
    }

    /// Number of codes.
    public var count: Int { codes.rows }
    /// Width of a code.
    public var width: Int { codes.columns }
    /// The i-th code as a [1, code] tensor.
    public func code(_ i: Int) throws -> Tensor { try codes.rows(i..<(i + 1)) }

    /// Per-unit minimum and maximum over the codes: the box that uniform samples are drawn from.
    public var box: (minimum: [Float], maximum: [Float]) {
        let d = width
        var low = [Float](repeating: .infinity, count: d)
        var high = [Float](repeating: -.infinity, count: d)
        for i in 0..<count {
            for j in 0..<d {
                let v = codes.scalars[i * d + j]
                low[j] = Swift.min(low[j], v)
                high[j] = Swift.max(high[j], v)
            }
        }
        return (low, high)
    }

    /// The mean code of the samples with `label` ([1, code]); throws when there are none.
    public func classMean(_ label: Int) throws -> Tensor {
        let rows = labels.indices.filter { labels[$0] == label }
        guard !rows.isEmpty else { throw TensorError("no code has label \(label)") }
        var mean = [Float](repeating: 0, count: width)
        for i in rows { for j in 0..<width { mean[j] += codes.scalars[i * width + j] } }
        return try Tensor(shape: [1, width], scalars: mean.map { $0 / Float(rows.count) })
    }

    /// `count` codes uniform in the [min, max] box of these codes (decode them to see that a plain auto-encoder
    /// does not generate).
    public func uniformSamples(count: Int, rng: inout RandomStream) throws -> Tensor {
        guard self.count > 0 else { throw TensorError("uniform samples need at least one code") }
        let (low, high) = box
        var values = [Float]()
        values.reserveCapacity(count * width)
        for _ in 0..<Swift.max(count, 0) { for j in 0..<width { values.append(rng.uniform(low[j], high[j])) } }
        return try Tensor(shape: [Swift.max(count, 0), width], scalars: values)
    }

    /// 0/1 codes: each unit thresholded (0.5 suits sigmoid codes; use the unit medians for others).
    public func binarized(threshold: Float = 0.5) throws -> CodeSet {
        try CodeSet(codes: codes.map { $0 > threshold ? 1 : 0 }, labels: labels)
    }

    /// Semantic hashing: for each of the first `queries` codes, the fraction of its `k` nearest other codes
    /// in Hamming distance (Euclidean for non-binary codes) with the same label, averaged. Ties go to lower index.
    public func retrievalPrecision(k: Int, queries: Int? = nil) throws -> Double {
        guard labels.count == count, count > k, k >= 1 else {
            throw TensorError("retrieval precision needs labels and more than k = \(k) codes, have \(count)")
        }
        let d = width
        let q = Swift.min(queries ?? count, count)
        var total = 0.0
        var distances = [(Float, Int)](repeating: (0, 0), count: count - 1)
        for i in 0..<q {
            var slot = 0
            for other in 0..<count where other != i {
                var s: Float = 0
                for j in 0..<d {
                    let diff = codes.scalars[i * d + j] - codes.scalars[other * d + j]
                    s += diff * diff
                }
                distances[slot] = (s, other)
                slot += 1
            }
            distances.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            let hits = distances.prefix(k).filter { labels[$0.1] == labels[i] }.count
            total += Double(hits) / Double(k)
        }
        return total / Double(q)
    }
}

/// Codes on the straight line from `start` to `end` ([1, code] or [code] each), `steps` of them, ends included.
public func codeLine(from start: Tensor, to end: Tensor, steps: Int) throws -> Tensor {
    guard start.count == end.count, steps >= 2 else {
        throw TensorError(
            "a code line needs two codes of the same size and steps >= 2 (got \(start.shape), \(end.shape), \(steps))")
    }
    var values = [Float]()
    for s in 0..<steps {
        let t = Float(s) / Float(steps - 1)
        for j in 0..<start.count { values.append(start.scalars[j] + t * (end.scalars[j] - start.scalars[j])) }
    }
    return try Tensor(shape: [steps, start.count], scalars: values)
}

/// k-means (Lloyd's algorithm, k-means++ start) on rows [n, d], e.g. codes.
public struct KMeans: Sendable, Equatable, Codable {
    /// Cluster centres [k, d].
    public let centroids: Tensor
    /// The cluster of each row.
    public let assignments: [Int]
    /// Sum of squared distances of rows to their centres.
    public let inertia: Double
    /// Lloyd iterations run.
    public let iterations: Int

    /// Clusters the rows of `data` into `k` groups.
    public init(
        _ data: Tensor, k: Int, maxIterations: Int = 100, rng: RandomStream? = nil
    ) throws {
        let rng = Ambient.stream(rng, "kmeans", fallback: RandomStream(seed: 0, name: "kmeans"))
        guard data.rank == 2, k >= 1, data.rows >= k else {
            throw TensorError("k-means needs a matrix with at least k = \(k) rows, got \(data.shape)")
        }
        let (n, d) = (data.rows, data.columns)
        let x = data.scalars
        func distance(_ i: Int, _ c: [Float], _ ci: Int) -> Float {
            var s: Float = 0
            for j in 0..<d { let t = x[i * d + j] - c[ci * d + j]; s += t * t }
            return s
        }
        var r = rng
        var centres = [Float]()
        let first = Int(r.next() % UInt64(n))
        centres += x[(first * d)..<((first + 1) * d)]
        var nearest = (0..<n).map { distance($0, centres, 0) }
        while centres.count < k * d {
            let total = nearest.reduce(0, +)
            var target = r.uniform() * total
            var pick = n - 1
            for i in 0..<n { target -= nearest[i]; if target <= 0 { pick = i; break } }
            centres += x[(pick * d)..<((pick + 1) * d)]
            let c = centres.count / d - 1
            for i in 0..<n { nearest[i] = Swift.min(nearest[i], distance(i, centres, c)) }
        }
        var assign = [Int](repeating: -1, count: n)
        var steps = 0
        var inertia = 0.0
        while steps < maxIterations {
            steps += 1
            var changed = false
            inertia = 0
            for i in 0..<n {
                var best = 0
                var bestDistance = Float.infinity
                for c in 0..<k {
                    let dist = distance(i, centres, c)
                    if dist < bestDistance { (best, bestDistance) = (c, dist) }
                }
                inertia += Double(bestDistance)
                if assign[i] != best { assign[i] = best; changed = true }
            }
            if !changed { break }
            var sums = [Float](repeating: 0, count: k * d)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[assign[i]] += 1
                for j in 0..<d { sums[assign[i] * d + j] += x[i * d + j] }
            }
            // An empty cluster keeps its centre.
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d { centres[c * d + j] = sums[c * d + j] / Float(counts[c]) }
            }
        }
        centroids = try Tensor(shape: [k, d], scalars: centres)
        assignments = assign
        self.inertia = inertia
        iterations = steps
    }

    /// Purity against labels: each cluster votes for its majority label; the fraction of rows matching it.
    public func purity(labels: [Int]) throws -> Double {
        guard labels.count == assignments.count, !labels.isEmpty else {
            throw TensorError("purity needs one label per clustered row (\(labels.count) for \(assignments.count))")
        }
        var votes: [Int: [Int: Int]] = [:]
        for (c, l) in zip(assignments, labels) { votes[c, default: [:]][l, default: 0] += 1 }
        let majority = votes.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return Double(majority) / Double(labels.count)
    }
}
