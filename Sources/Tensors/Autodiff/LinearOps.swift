/// Matrix products and the fused dense layer: GEMM with transpose flags, bias and activation in one pass.
extension Var {
    /// The matrix product self · other.
    public func matmul(_ other: Var) throws -> Var {
        let (a, b) = (value, other.value)
        let y = try a.matmul(b)
        return Var.make(y, [self, other]) { g, needs in
            // dA = G · Bᵀ, dB = Aᵀ · G
            [
                needs[0] ? try g.matmul(b, transposeOther: true) : nil,
                needs[1] ? try a.matmul(g, transposeSelf: true) : nil,
            ]
        }
    }

    /// An activation applied elementwise.
    public func activation(_ f: Activation) -> Var {
        let y = f(value)
        if f == .identity { return self }
        return Var.make(y, [self]) { g, _ in
            var dx = Tensor(uninitialized: g.shape)
            let n = g.count
            g.withPointer { u in
                y.withPointer { yp in dx.withMutablePointer { f.backward(upstream: u, output: yp, into: $0, count: n) }
                }
            }
            return [dx]
        }
    }

    /// max(x, 0).
    public func relu() -> Var { activation(.relu) }
    /// 1 / (1 + e^-x).
    public func sigmoid() -> Var { activation(.sigmoid) }
    /// tanh x.
    public func tanh() -> Var { activation(.tanh) }
    /// log(1 + e^x).
    public func softplus() -> Var { activation(.softplus) }
    /// max(x, slope x).
    public func leakyReLU(slope: Float = 0.01) -> Var { activation(.leakyReLU(slope: slope)) }
}

/// f(x · Wᵀ + b) for x [n, in], W [out, in] (PyTorch's layout), b [out], in one GEMM and one fused pass.
public func dense(_ x: Var, weight: Var, bias: Var?, activation f: Activation = .identity) throws -> Var {
    let (xv, wv) = (x.value, weight.value)
    guard xv.rank == 2, wv.rank == 2, xv.shape[1] == wv.shape[1] else {
        throw TensorError.mismatch(
            "dense", xv.shape, wv.shape, "input [batch, in] needs weight [out, in] with the same in")
    }
    let (n, inputs, outputs) = (xv.shape[0], wv.shape[1], wv.shape[0])
    if let bias, bias.value.shape != [outputs] {
        throw TensorError.mismatch("dense bias", wv.shape, bias.value.shape, "bias must be [\(outputs)]")
    }
    var y = Tensor(uninitialized: [n, outputs])
    let bv = bias?.value
    xv.withPointer { xp in
        wv.withPointer { wp in
            y.withMutablePointer { yp in
                if let bv {
                    // Start C from the broadcast bias and let GEMM add into it (beta = 1).
                    bv.withPointer { bp in for i in 0..<n { (yp + i * outputs).update(from: bp, count: outputs) } }
                }
                if n > 0, outputs > 0, inputs > 0 {
                    BLAS.gemm(
                        xp, transposeA: false, wp, transposeB: true, yp, m: n, n: outputs, k: inputs,
                        beta: bv == nil ? 0 : 1)
                } else if bv == nil {
                    yp.update(repeating: 0, count: n * outputs)
                }
                f.apply(yp, count: n * outputs)
            }
        }
    }
    let inputs3 = bias.map { [x, weight, $0] } ?? [x, weight]
    return Var.make(y, inputs3) { upstream, needs in
        var g = upstream
        if f != .identity {
            g = Tensor(uninitialized: upstream.shape)
            let count = n * outputs
            upstream.withPointer { u in
                y.withPointer { yp in
                    g.withMutablePointer { f.backward(upstream: u, output: yp, into: $0, count: count) }
                }
            }
        }
        var dx: Tensor?
        var dw: Tensor?
        var db: Tensor?
        g.withPointer { gp in
            if needs[0] {
                var t = Tensor(uninitialized: [n, inputs])
                wv.withPointer { wp in
                    t.withMutablePointer {
                        BLAS.gemm(gp, transposeA: false, wp, transposeB: false, $0, m: n, n: inputs, k: outputs)
                    }
                }
                dx = t
            }
            if needs[1] {
                var t = Tensor(uninitialized: [outputs, inputs])
                xv.withPointer { xp in
                    t.withMutablePointer {
                        BLAS.gemm(gp, transposeA: true, xp, transposeB: false, $0, m: outputs, n: inputs, k: n)
                    }
                }
                dw = t
            }
            if needs.count > 2, needs[2] {
                var t = Tensor(uninitialized: [outputs])
                t.withMutablePointer { Kernels.columnSums(gp, rows: n, cols: outputs, into: $0) }
                db = t
            }
        }
        return [dx, dw, db]
    }
}
