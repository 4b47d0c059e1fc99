/// How a loss turns per-element terms into one number.
public enum Reduction: Sendable, Equatable {
    /// Mean over every element (PyTorch's default).
    case mean
    /// Sum over the features of each sample, averaged over the samples ("nats per image").
    case sumPerSample
    /// Plain sum.
    case sum

    func divisor(_ t: Tensor) -> Float {
        switch self {
        case .mean: Float(Swift.max(t.count, 1))
        case .sumPerSample: Float(Swift.max(t.rows, 1))
        case .sum: 1
        }
    }
}

/// Losses as single operations: one fused forward pass, one fused gradient pass.
public enum Loss {
    /// Mean squared error between a prediction and a target of the same shape.
    public static func mse(_ prediction: Var, _ target: Var, reduction: Reduction = .mean) throws -> Var {
        try prediction.value.requireSameShape(target.value, "mse loss")
        let (p, t) = (prediction.value, target.value)
        let scale = 1 / reduction.divisor(p)
        let total = Kernels.sum8(p, t, SquaredDifference())
        return Var.make(Tensor(Float(total) * scale), [prediction, target]) { g, needs in
            let k = 2 * scale * g.scalar
            let d = Kernels.zip8(p, t, ScaledDifference(scale: k))
            return [needs[0] ? d : nil, needs[1] ? d * -1 : nil]
        }
    }

    /// Mean absolute error.
    public static func l1(_ prediction: Var, _ target: Var, reduction: Reduction = .mean) throws -> Var {
        try prediction.value.requireSameShape(target.value, "l1 loss")
        let (p, t) = (prediction.value, target.value)
        let scale = 1 / reduction.divisor(p)
        let total = Kernels.sum2(p, t) { Swift.abs($0 - $1) }
        return Var.make(Tensor(Float(total) * scale), [prediction, target]) { g, needs in
            let k = scale * g.scalar
            let d = Kernels.zip(p, t) { $0 > $1 ? k : ($0 < $1 ? -k : 0) }
            return [needs[0] ? d : nil, needs[1] ? d * -1 : nil]
        }
    }

    /// Binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed from the logits so it stays
    /// finite when the sigmoid saturates: max(x, 0) - x t + log(1 + e^-|x|).
    public static func binaryCrossEntropy(
        logits: Var, targets: Var, reduction: Reduction = .mean
    ) throws -> Var {
        try logits.value.requireSameShape(targets.value, "binary cross-entropy")
        let (x, t) = (logits.value, targets.value)
        let scale = 1 / reduction.divisor(x)
        guard logits.tape != nil else {
            let total = Kernels.sum8(x, t, BCEFromLogits())
            return Var.make(Tensor(Float(total) * scale), [logits, targets]) { g, _ in [nil, x * (-scale * g.scalar)] }
        }
        // Training: one pass computes the loss and its gradient, sharing e^-|x| between softplus and sigmoid.
        let (total, gradient) = bceWithGradient(x, t, scale: scale)
        return Var.make(Tensor(Float(total) * scale), [logits, targets]) { g, needs in
            let k = g.scalar
            return [
                needs[0] ? (k == 1 ? gradient : gradient * k) : nil,
                needs[1] ? x * (-scale * k) : nil,
            ]
        }
    }

    /// Softmax cross-entropy of logits [n, classes] against integer labels, averaged over the n rows.
    public static func softmaxCrossEntropy(logits: Var, labels: [Int]) throws -> Var {
        let x = logits.value
        guard x.rank == 2, labels.count == x.rows else {
            throw TensorError.mismatch(
                "softmax cross-entropy", x.shape, [labels.count], "logits [n, classes] need n labels")
        }
        let (n, k) = (x.rows, x.columns)
        if let bad = labels.first(where: { $0 < 0 || $0 >= k }) {
            throw TensorError("softmax cross-entropy: label \(bad) is outside 0..<\(k) for logits of shape \(x.shape)")
        }
        var probabilities = Tensor(uninitialized: [n, k])
        var total: Double = 0
        x.withPointer { xp in
            probabilities.withMutablePointer { pp in
                for i in 0..<n {
                    let row = xp + i * k
                    let out = pp + i * k
                    var m = -Float.infinity
                    for j in 0..<k { m = Swift.max(m, row[j]) }
                    var s: Float = 0
                    for j in 0..<k {
                        out[j] = FastMath.exp(row[j] - m)
                        s += out[j]
                    }
                    let inv = 1 / s
                    for j in 0..<k { out[j] *= inv }
                    total += Double(m + FastMath.log(s) - row[labels[i]])
                }
            }
        }
        let scale = 1 / Float(Swift.max(n, 1))
        let probs = probabilities
        return Var.make(Tensor(Float(total) * scale), [logits]) { g, _ in
            var d = probs
            let s = scale * g.scalar
            d.withMutablePointer { dp in
                for i in 0..<n { dp[i * k + labels[i]] -= 1 }
                for i in 0..<(n * k) { dp[i] *= s }
            }
            return [d]
        }
    }

    /// KL(N(mu, e^logVar) || N(0, I)) in closed form, summed over the latent dimensions and averaged over the
    /// samples: 0.5 * sum(mu^2 + e^logVar - 1 - logVar) / n.
    public static func gaussianKL(mean mu: Var, logVariance logVar: Var) throws -> Var {
        try mu.value.requireSameShape(logVar.value, "gaussian KL")
        let (m, lv) = (mu.value, logVar.value)
        let scale = 1 / Float(Swift.max(m.rows, 1))
        let total = Kernels.sum2(m, lv) { $0 * $0 + FastMath.exp($1) - 1 - $1 }
        return Var.make(Tensor(0.5 * Float(total) * scale), [mu, logVar]) { g, needs in
            let k = scale * g.scalar
            return [
                needs[0] ? m * k : nil,
                needs[1] ? Kernels.map(lv) { 0.5 * k * (FastMath.exp($0) - 1) } : nil,
            ]
        }
    }
}

struct SquaredDifference: LaneZip {
    @inline(__always) func apply(_ p: F8, _ t: F8) -> F8 { (p - t) * (p - t) }
}
struct ScaledDifference: LaneZip {
    let scale: Float
    @inline(__always) func apply(_ p: F8, _ t: F8) -> F8 { scale * (p - t) }
}
/// Per-element BCE from a logit x and target t: softplus(x) - x t.
struct BCEFromLogits: LaneZip {
    @inline(__always) func apply(_ x: F8, _ t: F8) -> F8 { FastMath.softplus(x) - x * t }
}
struct BCEFromLogitsGradient: LaneZip {
    let scale: Float
    @inline(__always) func apply(_ x: F8, _ t: F8) -> F8 { scale * (FastMath.sigmoid(x) - t) }
}

/// Sum of softplus(x) - x t and the gradient scale * (sigmoid(x) - t), in one pass over blocks of 8.
///
/// softplus(x) = max(x, 0) + log(1 + e^-|x|), and the log is most of the pass's cost while only the reported loss
/// needs it. Each 1 + e^-|x| lies in (1, 2], so a product of 16 of them stays below 2^16: one log of the product
/// per lane replaces 16 logs. The sum differs from a sum of logs by rounding only; the gradient does not use it.
func bceWithGradient(_ x: Tensor, _ t: Tensor, scale: Float) -> (Double, Tensor) {
    var gradient = Tensor(uninitialized: x.shape)
    let n = x.count
    var sums = BCESums()
    x.withPointer { xp in
        t.withPointer { tp in
            gradient.withMutablePointer { gp in
                var i = 0
                while i + 8 <= n {
                    let block = bceBlock(
                        UnsafeRawPointer(xp + i).loadUnaligned(as: F8.self),
                        UnsafeRawPointer(tp + i).loadUnaligned(as: F8.self), scale: scale)
                    UnsafeMutableRawPointer(gp + i).storeBytes(of: block.gradient, as: F8.self)
                    sums.add(block)
                    i += 8
                }
                if i < n {
                    let lanes = n - i
                    var block = bceBlock(Lanes.load(xp + i, lanes), Lanes.load(tp + i, lanes), scale: scale)
                    Lanes.store(block.gradient, gp + i, lanes)
                    // Lanes past the end hold x = 0 and t = 0: they must add nothing.
                    for j in lanes..<8 {
                        block.linear[j] = 0
                        block.onePlusE[j] = 1
                    }
                    sums.add(block)
                }
            }
        }
    }
    return (sums.total, gradient)
}

/// Eight logits' loss terms, split as softplus(x) - x t = [max(x, 0) - x t] + log(1 + e^-|x|), and gradients.
struct BCEBlock {
    var linear: F8
    var onePlusE: F8
    let gradient: F8
}

/// The running loss of `bceWithGradient`: Float lanes flushed to Double, the log terms as products.
struct BCESums {
    private var linear = F8()
    private var product = F8(repeating: 1)
    private var logs = F8()
    private var blocks = 0
    private var flushed: Double = 0

    @inline(__always)
    mutating func add(_ block: BCEBlock) {
        linear += block.linear
        product *= block.onePlusE
        blocks += 1
        if blocks % 16 == 0 {
            logs += FastMath.log(product)
            product = F8(repeating: 1)
        }
        if blocks % 128 == 0 {
            flushed += Double(linear.sum() + logs.sum())
            linear = F8()
            logs = F8()
        }
    }

    /// The sum of every block added so far.
    var total: Double { flushed + Double(linear.sum() + (logs + FastMath.log(product)).sum()) }
}

/// Loss terms and gradients of eight logits, sharing e^-|x| (in (0, 1], so neither form overflows).
@inline(__always)
func bceBlock(_ v: F8, _ target: F8, scale: Float) -> BCEBlock {
    let e = FastMath.exp(-FastMath.abs(v))
    let inverse = 1 / (1 + e)
    let sigmoid = (e * inverse).replacing(with: inverse, where: v .>= 0)
    let linear = v.replacing(with: 0, where: v .< 0) - v * target
    return BCEBlock(linear: linear, onePlusE: 1 + e, gradient: scale * (sigmoid - target))
}
