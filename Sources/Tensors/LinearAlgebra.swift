import COpenBLAS

/// Symmetric eigendecomposition and SVD through LAPACK (OpenBLAS's LAPACKE).
public enum LinearAlgebra {
    /// Eigenvalues in descending order and the matching unit eigenvectors as the rows of a matrix.
    public struct Eigen: Sendable {
        /// Eigenvalues, largest first.
        public let values: [Float]
        /// Row i is the eigenvector of `values[i]`.
        public let vectors: Tensor
    }

    /// All eigenpairs of a symmetric matrix (LAPACK ssyevd, divide and conquer).
    public static func symmetricEigen(_ a: Tensor) throws -> Eigen {
        let n = try squareSide(a, "symmetricEigen")
        var work = a.scalars
        var w = [Float](repeating: 0, count: n)
        let info = work.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_ssyevd(
                    LAPACK_ROW_MAJOR, 86 /* V */, 85 /* U */, Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
            }
        }
        guard info == 0 else { throw TensorError("symmetricEigen: LAPACK ssyevd failed (info \(info)) on \(a.shape)") }
        return descendingRows(values: w, columnVectors: work, n: n, k: n)
    }

    /// The `k` largest eigenpairs of a symmetric matrix (LAPACK ssyevr with an index range).
    ///
    /// The matrix is passed as column-major, which for a symmetric matrix is the same array, so LAPACKE makes no
    /// transposed copies of it or of the eigenvectors.
    public static func topEigen(_ a: Tensor, count k: Int) throws -> Eigen {
        let n = try squareSide(a, "topEigen")
        guard k >= 1, k <= n else { throw TensorError("topEigen: asked for \(k) eigenpairs of a \(n) x \(n) matrix") }
        var work = a.scalars
        var w = [Float](repeating: 0, count: n)
        var z = [Float](repeating: 0, count: n * k)
        var support = [Int32](repeating: 0, count: 2 * k)
        var found: Int32 = 0
        let info = work.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                z.withUnsafeMutableBufferPointer { zp in
                    support.withUnsafeMutableBufferPointer { sp in
                        LAPACKE_ssyevr(
                            LAPACK_COL_MAJOR, 86 /* V */, 73 /* I */, 85 /* U */, Int32(n), ap.baseAddress, Int32(n),
                            0, 0, Int32(n - k + 1), Int32(n), 0, &found, wp.baseAddress, zp.baseAddress, Int32(n),
                            sp.baseAddress)
                    }
                }
            }
        }
        guard info == 0, found == Int32(k) else {
            throw TensorError("topEigen: LAPACK ssyevr failed (info \(info), found \(found) of \(k)) on \(a.shape)")
        }
        // Column j of the n x k column-major z is eigenvector j, eigenvalues ascending: reverse the columns.
        var rows = [Float](repeating: 0, count: k * n)
        for i in 0..<k { rows[(i * n)..<((i + 1) * n)] = z[((k - 1 - i) * n)..<((k - i) * n)] }
        return Eigen(values: Array(w.prefix(k).reversed()), vectors: Tensor(unchecked: [k, n], scalars: rows))
    }

    /// Thin singular value decomposition a = U diag(s) Vᵀ (LAPACK sgesdd); s descending.
    public static func svd(_ a: Tensor) throws -> (u: Tensor, s: [Float], vt: Tensor) {
        guard a.rank == 2 else { throw TensorError("svd needs a matrix, got shape \(a.shape)") }
        let (m, n) = (a.shape[0], a.shape[1])
        let r = min(m, n)
        var work = a.scalars
        var s = [Float](repeating: 0, count: r)
        var u = [Float](repeating: 0, count: m * r)
        var vt = [Float](repeating: 0, count: r * n)
        let info = work.withUnsafeMutableBufferPointer { ap in
            s.withUnsafeMutableBufferPointer { sp in
                u.withUnsafeMutableBufferPointer { up in
                    vt.withUnsafeMutableBufferPointer { vp in
                        LAPACKE_sgesdd(
                            LAPACK_ROW_MAJOR, 83 /* S */, Int32(m), Int32(n), ap.baseAddress, Int32(n), sp.baseAddress,
                            up.baseAddress, Int32(r), vp.baseAddress, Int32(n))
                    }
                }
            }
        }
        guard info == 0 else { throw TensorError("svd: LAPACK sgesdd failed (info \(info)) on \(a.shape)") }
        return (Tensor(unchecked: [m, r], scalars: u), s, Tensor(unchecked: [r, n], scalars: vt))
    }

    private static func squareSide(_ a: Tensor, _ op: String) throws -> Int {
        guard a.rank == 2, a.shape[0] == a.shape[1] else {
            throw TensorError("\(op) needs a square symmetric matrix, got shape \(a.shape)")
        }
        return a.shape[0]
    }

    /// LAPACK returns ascending eigenvalues with vectors in the columns of an n x k matrix; flip both.
    private static func descendingRows(values: [Float], columnVectors z: [Float], n: Int, k: Int) -> Eigen {
        var rows = [Float](repeating: 0, count: k * n)
        for i in 0..<k {
            let column = k - 1 - i
            for r in 0..<n { rows[i * n + r] = z[r * k + column] }
        }
        return Eigen(values: values.reversed(), vectors: Tensor(unchecked: [k, n], scalars: rows))
    }
}

extension LinearAlgebra {
    /// The mean [d] and covariance [d, d] (divisor n, both triangles filled) of the rows of `data` [n, d], in one
    /// pass over the data.
    ///
    /// The mean is not known until the pass ends, so rows are centred on a shift s, the mean of up to 256 rows
    /// spread over the data; with δ = mean - s, the covariance is that about s minus δδᵀ. Since s is close to the
    /// mean, δ is small and the correction cancels nothing. Centred blocks of rows go through SSYRK (half the work
    /// of a full product), so no centred copy of the whole data set is ever made.
    public static func meanAndCovariance(_ data: Tensor) throws -> (mean: Tensor, covariance: Tensor) {
        guard data.rank == 2, data.rows >= 1, data.columns >= 1 else {
            throw TensorError("meanAndCovariance needs a matrix with at least one row and column, got \(data.shape)")
        }
        let (n, d) = (data.rows, data.columns)
        let shift = spreadRowMean(data, rows: min(n, 256))
        var covariance = Tensor(zeros: [d, d])
        var sums = [Double](repeating: 0, count: d)
        // 256 rows (800 KB for 784 columns) stay in L2 between the centring and SSYRK's packing of them.
        var centred = Tensor(zeros: [min(256, n), d])
        var blockSums = Tensor(zeros: [d])
        var start = 0
        while start < n {
            let rows = min(256, n - start)
            data.withPointer { x in
                shift.withPointer { s in
                    centred.withMutablePointer { b in
                        blockSums.withMutablePointer { sum in
                            // The column sums ride along with the centring, on a row that stays in L1.
                            sum.update(repeating: 0, count: d)
                            for i in 0..<rows {
                                let (src, dst) = (x + (start + i) * d, b + i * d)
                                for j in 0..<d {
                                    dst[j] = src[j] - s[j]
                                    sum[j] += dst[j]
                                }
                            }
                        }
                    }
                }
            }
            centred.withPointer { b in
                covariance.withMutablePointer {
                    cblas_ssyrk(
                        CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(rows), 1 / Float(n), b, Int32(d), 1, $0,
                        Int32(d))
                }
            }
            for j in 0..<d { sums[j] += Double(blockSums.scalars[j]) }
            start += rows
        }
        let delta = sums.map { $0 / Double(n) }
        covariance.withMutablePointer { c in
            for i in 0..<d {
                for j in i..<d { c[i * d + j] -= Float(delta[i] * delta[j]) }
                for j in 0..<i { c[i * d + j] = c[j * d + i] }
            }
        }
        let mean = (0..<d).map { shift.scalars[$0] + Float(delta[$0]) }
        return (Tensor(unchecked: [d], scalars: mean), covariance)
    }

    /// The mean of `rows` rows spread evenly over the data (a stand-in for the mean, robust to sorted data).
    private static func spreadRowMean(_ data: Tensor, rows m: Int) -> Tensor {
        let (n, d) = (data.rows, data.columns)
        var sums = [Double](repeating: 0, count: d)
        data.withPointer { x in
            for k in 0..<m {
                let row = x + (k * n / m) * d
                for j in 0..<d { sums[j] += Double(row[j]) }
            }
        }
        return Tensor(unchecked: [d], scalars: sums.map { Float($0 / Double(m)) })
    }
}
