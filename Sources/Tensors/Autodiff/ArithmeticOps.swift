/// Elementwise arithmetic on variables, each forward beside its vector-Jacobian product.
extension Var {
    /// a + b, same shapes.
    public static func + (a: Var, b: Var) throws -> Var {
        let y = try a.value + b.value
        return make(y, [a, b]) { g, _ in [g, g] }
    }

    /// a - b, same shapes.
    public static func - (a: Var, b: Var) throws -> Var {
        let y = try a.value - b.value
        return make(y, [a, b]) { g, needs in [g, needs[1] ? g * -1 : nil] }
    }

    /// a * b elementwise, same shapes.
    public static func * (a: Var, b: Var) throws -> Var {
        let y = try a.value * b.value
        let (av, bv) = (a.value, b.value)
        return make(y, [a, b]) { g, needs in
            [needs[0] ? try g * bv : nil, needs[1] ? try g * av : nil]
        }
    }

    /// a * s for a constant scalar s.
    public static func * (a: Var, s: Float) -> Var {
        make(a.value * s, [a]) { g, _ in [g * s] }
    }

    /// s * a for a constant scalar s.
    public static func * (s: Float, a: Var) -> Var { a * s }

    /// a + s for a constant scalar s.
    public static func + (a: Var, s: Float) -> Var {
        make(a.value + s, [a]) { g, _ in [g] }
    }

    /// -a.
    public static prefix func - (a: Var) -> Var { a * -1 }

    /// Each row of a matrix plus a row vector (a bias): [n, d] + [d].
    public func addingRow(_ row: Var) throws -> Var {
        let (n, d) = (value.rows, value.columns)
        guard value.rank == 2, row.value.count == d, row.value.rank == 1 else {
            throw TensorError.mismatch("add row vector", value.shape, row.value.shape, "need [n, d] and [d]")
        }
        var y = value
        row.value.withPointer { r in
            y.withMutablePointer { p in
                for i in 0..<n {
                    let q = p + i * d
                    for j in 0..<d { q[j] += r[j] }
                }
            }
        }
        let rowShape = row.value.shape
        return Var.make(y, [self, row]) { g, needs in
            var db: Tensor?
            if needs[1] {
                var s = Tensor(uninitialized: rowShape)
                g.withPointer { gp in s.withMutablePointer { Kernels.columnSums(gp, rows: n, cols: d, into: $0) } }
                db = s
            }
            return [g, db]
        }
    }

    /// e^x elementwise.
    public func exp() -> Var {
        let y = Kernels.map(value) { FastMath.exp($0) }
        return Var.make(y, [self]) { g, _ in [try g * y] }
    }

    /// log x elementwise (x > 0).
    public func log() -> Var {
        let x = value
        let y = Kernels.map(x) { FastMath.log($0) }
        return Var.make(y, [self]) { g, _ in [Kernels.zip(g, x) { $0 / $1 }] }
    }

    /// x^2 elementwise.
    public func squared() -> Var {
        let x = value
        return Var.make(Kernels.map(x) { $0 * $0 }, [self]) { g, _ in [Kernels.zip(g, x) { 2 * $0 * $1 }] }
    }

    /// |x| elementwise (gradient 0 at 0).
    public func abs() -> Var {
        let x = value
        return Var.make(Kernels.map(x) { Swift.abs($0) }, [self]) { g, _ in
            [Kernels.zip(g, x) { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }]
        }
    }

    /// Sum of all elements, a scalar.
    public func sum() -> Var {
        let shape = value.shape
        return Var.make(Tensor(value.sum()), [self]) { g, _ in [Tensor(repeating: g.scalar, shape: shape)] }
    }

    /// Mean of all elements, a scalar.
    public func mean() -> Var {
        let n = Float(Swift.max(value.count, 1))
        return sum() * (1 / n)
    }

    /// Sum over each row: [n, d] -> [n].
    public func sumRows() throws -> Var {
        guard value.rank == 2 else { throw TensorError("sumRows needs a matrix, got shape \(value.shape)") }
        let (n, d) = (value.rows, value.columns)
        var y = Tensor(uninitialized: [n])
        value.withPointer { x in
            y.withMutablePointer { o in
                for i in 0..<n {
                    var s: Float = 0
                    for j in 0..<d { s += x[i * d + j] }
                    o[i] = s
                }
            }
        }
        return Var.make(y, [self]) { g, _ in
            var dx = Tensor(uninitialized: [n, d])
            g.withPointer { gp in
                dx.withMutablePointer { o in
                    for i in 0..<n { (o + i * d).update(repeating: gp[i], count: d) }
                }
            }
            return [dx]
        }
    }

    /// The same values under another shape.
    public func reshaped(_ shape: [Int]) throws -> Var {
        let original = value.shape
        let y = try value.reshaped(shape)
        return Var.make(y, [self]) { g, _ in [try g.reshaped(original)] }
    }

    /// Elementwise product with a constant mask (dropout, masking noise).
    public func masked(by mask: Tensor) throws -> Var {
        let y = try value * mask
        return Var.make(y, [self]) { g, _ in [try g * mask] }
    }
}
