import COpenBLAS

/// OpenBLAS: thread count and the matrix products every layer is built from.
public enum BLAS {
    /// Sets how many threads OpenBLAS uses for every later call.
    public static func setThreads(_ count: Int) {
        // Setting the count starts the pool again after `stopPoolThreads`, so leave an unchanged count alone.
        guard max(1, count) != threads else { return }
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// Stops OpenBLAS's pool threads, which it starts as it loads and which spin for about 0.1 s of
    /// CPU before they sleep; a later call at more than one thread starts them again. For a process
    /// that will work at one thread, before any other thread of its own uses BLAS.
    public static func stopPoolThreads() { _ = blas_thread_shutdown_() }

    /// The number of threads OpenBLAS currently uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// C = alpha * op(A) * op(B) + beta * C on raw row-major buffers; op transposes without copying.
    ///
    /// A is m x k after op (stored k x m when transposed), B is k x n after op, C is m x n.
    @inline(__always)
    static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
        _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }
}

extension Tensor {
    /// The matrix product op(self) · op(other) of two rank-2 tensors; transposes are free (BLAS flags).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        guard rank == 2, other.rank == 2 else {
            throw TensorError.mismatch("matmul", shape, other.shape, "both operands must be matrices")
        }
        let m = transposeSelf ? shape[1] : shape[0]
        let k = transposeSelf ? shape[0] : shape[1]
        let k2 = transposeOther ? other.shape[1] : other.shape[0]
        let n = transposeOther ? other.shape[0] : other.shape[1]
        guard k == k2 else {
            throw TensorError.mismatch(
                "matmul", shape, other.shape, "inner dimensions \(k) and \(k2) differ")
        }
        // Zeros plus the product (beta = 1): OpenBLAS's own zeroing for beta = 0 stores one float at a time, several
        // times slower than filling the new array, and adding onto exact zeros changes no result.
        var out = Tensor(zeros: [m, n])
        if k == 0 { return out }
        scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                out.scalars.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    BLAS.gemm(
                        a, transposeA: transposeSelf, b, transposeB: transposeOther, c, m: m, n: n, k: k, beta: 1)
                }
            }
        }
        return out
    }

    /// The transpose of a matrix.
    public func transposed() throws -> Tensor {
        guard rank == 2 else { throw TensorError("transpose needs a matrix, got shape \(shape)") }
        let (r, c) = (shape[0], shape[1])
        var out = Tensor(uninitialized: [c, r])
        scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                for i in 0..<r {
                    for j in 0..<c { dst[j * r + i] = src[i * c + j] }
                }
            }
        }
        return out
    }
}
