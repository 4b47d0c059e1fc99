import COpenBLAS
import Foundation
import Tensors
import Testing

/// Known-answer calls into OpenBLAS and LAPACKE, so a missing or wrong library fails here.
struct OpenBLASLinkTests {
    @Test func sgemmMultipliesTwoMatrices() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2 x 3
        let b: [Float] = [7, 8, 9, 10, 11, 12]  // 3 x 2
        var c = [Float](repeating: 0, count: 4)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        #expect(c == [58, 64, 139, 154])
    }

    /// `lectern` stops the pool threads OpenBLAS starts as it loads; a later call at two threads must
    /// start them again and multiply as before, not hang or use a half-stopped pool.
    @Test func aProductAtTwoThreadsAfterThePoolStoppedIsRight() throws {
        let n = 256  // large enough for OpenBLAS to split the product between threads
        let a = try Tensor(shape: [n, n], scalars: (0..<n * n).map { Float($0 % 7) - 3 })
        let b = try Tensor(shape: [n, n], scalars: (0..<n * n).map { Float($0 % 5) - 2 })
        let before = BLAS.threads
        defer { BLAS.setThreads(before) }
        BLAS.setThreads(1)
        let expected = try a.matmul(b)
        BLAS.stopPoolThreads()
        BLAS.setThreads(2)
        #expect(BLAS.threads == 2)
        #expect(try a.matmul(b) == expected)
    }

    @Test func lapackeFindsTheEigenvaluesOfASymmetricMatrix() {
        var m: [Float] = [2, 1, 1, 2]
        var w = [Float](repeating: 0, count: 2)
        let info = LAPACKE_ssyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), 2, &m, 2, &w)
        #expect(info == 0)
        #expect(abs(w[0] - 1) < 1e-6 && abs(w[1] - 3) < 1e-6)
    }
}

struct TensorCodingTests {
    @Test func aTensorSurvivesEncodingExactly() throws {
        let tensor = try Tensor(shape: [2, 3], scalars: [0.1, -2.5, .pi, 1e-30, -0, 7])
        let decoded = try JSONDecoder().decode(Tensor.self, from: JSONEncoder().encode(tensor))
        #expect(decoded == tensor)
        #expect(decoded.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
    }

    /// The scalars are stored as little-endian Float32 bytes: 1.0 is 00 00 80 3F.
    @Test func scalarsAreLittleEndianBytes() throws {
        let json = String(decoding: try JSONEncoder().encode(try Tensor(shape: [1], scalars: [1])), as: UTF8.self)
        #expect(json.contains(#""scalars":"AACAPw==""#), "\(json)")
    }

    @Test func aDamagedEncodingIsAnError() {
        let json = Data(#"{"shape":[2,2],"scalars":"AAAA"}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Tensor.self, from: json) }
    }
}
