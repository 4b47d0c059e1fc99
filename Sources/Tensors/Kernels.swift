/// Elementwise and reduction loops over raw buffers. Every loop body is plain arithmetic on Float so that
/// the optimiser vectorises it; nothing here allocates per element.
enum Kernels {
    /// out[i] = f(x[i]) into fresh storage.
    @inline(__always)
    static func map(_ x: Tensor, _ f: (Float) -> Float) -> Tensor {
        var out = Tensor(uninitialized: x.shape)
        let n = x.count
        x.scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for i in 0..<n { d[i] = f(s[i]) }
            }
        }
        return out
    }

    /// out[i] = f(a[i], b[i]) for equal counts.
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        var out = Tensor(uninitialized: a.shape)
        let n = a.count
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.scalars.withUnsafeMutableBufferPointer { dst in
                    guard let x = pa.baseAddress, let y = pb.baseAddress, let d = dst.baseAddress else { return }
                    for i in 0..<n { d[i] = f(x[i], y[i]) }
                }
            }
        }
        return out
    }

    /// Sum of f(x[i]): eight Float partial sums per block of 1,024, blocks added in Double.
    @inline(__always)
    static func sum(_ x: Tensor, _ f: (Float) -> Float) -> Double {
        x.scalars.withUnsafeBufferPointer { p in
            guard let s = p.baseAddress else { return 0 }
            return blockedSum(count: p.count) { f(s[$0]) }
        }
    }

    /// Sum of f(a[i], b[i]).
    @inline(__always)
    static func sum2(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Double {
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return 0 }
                return blockedSum(count: pa.count) { f(x[$0], y[$0]) }
            }
        }
    }

    /// Sums term(i) for i in 0..<count: Float partial sums over blocks of 1024, added up in Double.
    @inline(__always)
    static func blockedSum(count: Int, _ term: (Int) -> Float) -> Double {
        var total: Double = 0
        var start = 0
        while start < count {
            let end = min(start + 1024, count)
            var acc = SIMD8<Float>()
            var i = start
            while i + 8 <= end {
                acc += SIMD8(
                    term(i), term(i + 1), term(i + 2), term(i + 3),
                    term(i + 4), term(i + 5), term(i + 6), term(i + 7))
                i += 8
            }
            var tail: Float = 0
            while i < end {
                tail += term(i)
                i += 1
            }
            total += Double(acc.sum() + tail)
            start = end
        }
        return total
    }

    /// Column sums of a rows x cols matrix: out[j] = sum_i x[i, j].
    ///
    /// Strips of up to 32 columns are summed down all rows in registers (the bias gradients of convolutions are
    /// tens of thousands of rows of 16 or 32); one column is summed as a flat array in eight lanes.
    /// With `accumulate` the sums are added to what `out` holds.
    static func columnSums(
        _ x: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>,
        accumulate: Bool = false
    ) {
        if cols == 1 {
            out[0] = (accumulate ? out[0] : 0) + Float(Lanes.sum(RowSumKernel(), x, x, rows))
            return
        }
        var j = 0
        while j + 32 <= cols {
            let start = UnsafeRawPointer(out + j)
            var (a, b, c, d) =
                accumulate
                ? (
                    start.loadUnaligned(as: F8.self), start.loadUnaligned(fromByteOffset: 32, as: F8.self),
                    start.loadUnaligned(fromByteOffset: 64, as: F8.self),
                    start.loadUnaligned(fromByteOffset: 96, as: F8.self)
                ) : (F8(), F8(), F8(), F8())
            for i in 0..<rows {
                let p = UnsafeRawPointer(x + i * cols + j)
                a += p.loadUnaligned(as: F8.self)
                b += p.loadUnaligned(fromByteOffset: 32, as: F8.self)
                c += p.loadUnaligned(fromByteOffset: 64, as: F8.self)
                d += p.loadUnaligned(fromByteOffset: 96, as: F8.self)
            }
            let q = UnsafeMutableRawPointer(out + j)
            q.storeBytes(of: a, as: F8.self)
            q.storeBytes(of: b, toByteOffset: 32, as: F8.self)
            q.storeBytes(of: c, toByteOffset: 64, as: F8.self)
            q.storeBytes(of: d, toByteOffset: 96, as: F8.self)
            j += 32
        }
        while j + 8 <= cols {
            var a = accumulate ? UnsafeRawPointer(out + j).loadUnaligned(as: F8.self) : F8()
            for i in 0..<rows { a += UnsafeRawPointer(x + i * cols + j).loadUnaligned(as: F8.self) }
            UnsafeMutableRawPointer(out + j).storeBytes(of: a, as: F8.self)
            j += 8
        }
        if j < cols {
            // The last few columns (or a narrow matrix): a plain loop over rows.
            let tail = j
            if !accumulate { for t in tail..<cols { out[t] = 0 } }
            for i in 0..<rows {
                for t in tail..<cols { out[t] += x[i * cols + t] }
            }
        }
    }

    /// out[j] = row[j] for j < count, inline (a memmove call costs more than a short run).
    @inline(__always)
    static func copyRow(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        var j = 0
        while j + 8 <= count {
            UnsafeMutableRawPointer(out + j).storeBytes(
                of: UnsafeRawPointer(row + j).loadUnaligned(as: F8.self), as: F8.self)
            j += 8
        }
        while j < count {
            out[j] = row[j]
            j += 1
        }
    }

    /// out[j] += row[j] for j < count: blocks of 8 without a closure, then a scalar tail (short rows stay cheap).
    @inline(__always)
    static func addRow(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        var j = 0
        while j + 8 <= count {
            let sum =
                UnsafeRawPointer(out + j).loadUnaligned(as: F8.self)
                + UnsafeRawPointer(row + j).loadUnaligned(as: F8.self)
            UnsafeMutableRawPointer(out + j).storeBytes(of: sum, as: F8.self)
            j += 8
        }
        while j < count {
            out[j] += row[j]
            j += 1
        }
    }

    /// out[i] = k(a[i], b[i]) on blocks of 8.
    @inline(__always)
    static func zip8<K: LaneZip>(_ a: Tensor, _ b: Tensor, _ k: K) -> Tensor {
        var out = Tensor(uninitialized: a.shape)
        let n = a.count
        a.withPointer { x in b.withPointer { y in out.withMutablePointer { Lanes.zip(k, x, y, $0, n) } } }
        return out
    }

    /// Sum of k(a[i], b[i]) on blocks of 8.
    @inline(__always)
    static func sum8<K: LaneZip>(_ a: Tensor, _ b: Tensor, _ k: K) -> Double {
        a.withPointer { x in b.withPointer { y in Lanes.sum(k, x, y, a.count) } }
    }
}

// MARK: - Arithmetic on tensors (no autodiff)

extension Tensor {
    func requireSameShape(_ other: Tensor, _ operation: String) throws {
        guard shape == other.shape else { throw TensorError.mismatch(operation, shape, other.shape) }
    }

    /// Elementwise sum of two tensors of the same shape.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        try a.requireSameShape(b, "add")
        return Kernels.zip(a, b) { $0 + $1 }
    }

    /// Elementwise difference.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        try a.requireSameShape(b, "subtract")
        return Kernels.zip(a, b) { $0 - $1 }
    }

    /// Elementwise product.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        try a.requireSameShape(b, "multiply")
        return Kernels.zip(a, b) { $0 * $1 }
    }

    /// Every element times a scalar.
    public static func * (a: Tensor, s: Float) -> Tensor { Kernels.map(a) { $0 * s } }

    /// Every element plus a scalar.
    public static func + (a: Tensor, s: Float) -> Tensor { Kernels.map(a) { $0 + s } }

    /// self += other, in place.
    public mutating func add(_ other: Tensor, scaledBy s: Float = 1) throws {
        try requireSameShape(other, "add in place")
        let n = count
        other.scalars.withUnsafeBufferPointer { src in
            scalars.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n { dst[i] += s * src[i] }
            }
        }
    }

    /// Applies `f` to every element.
    public func map(_ f: (Float) -> Float) -> Tensor { Kernels.map(self, f) }

    /// Sum of all elements (accumulated in blocks, then in Double).
    public func sum() -> Float { Float(Kernels.sum(self) { $0 }) }

    /// Mean of all elements.
    public func mean() -> Float { count == 0 ? .nan : Float(Kernels.sum(self) { $0 } / Double(count)) }

    /// Column means of a matrix (the mean row).
    public func meanRow() -> Tensor {
        let (r, c) = (rows, columns)
        var out = Tensor(zeros: [c])
        scalars.withUnsafeBufferPointer { x in
            out.scalars.withUnsafeMutableBufferPointer { o in
                guard let x = x.baseAddress, let o = o.baseAddress else { return }
                Kernels.columnSums(x, rows: r, cols: c, into: o)
                let inv = 1 / Float(max(r, 1))
                for j in 0..<c { o[j] *= inv }
            }
        }
        return out
    }

    /// True when no element is NaN or infinite.
    public var isFinite: Bool {
        scalars.withUnsafeBufferPointer { p in
            var bad = false
            for v in p where !v.isFinite { bad = true }
            return !bad
        }
    }

    /// Index of the largest element of each row.
    public func argmaxRows() -> [Int] {
        let c = columns
        guard c > 0, count > 0 else { return [Int](repeating: 0, count: count == 0 ? 0 : rows) }
        return (0..<rows).map { i in
            var best = 0
            for j in 1..<max(c, 1) where scalars[i * c + j] > scalars[i * c + best] { best = j }
            return best
        }
    }
}
