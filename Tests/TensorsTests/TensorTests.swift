import Testing

@testable import Tensors

@Suite struct TensorBasics {
    @Test func matmulKnownAnswer() throws {
        let a = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let b = try Tensor(rows: [[7, 8], [9, 10], [11, 12]])
        #expect(try a.matmul(b) == Tensor(rows: [[58, 64], [139, 154]]))
        #expect(try a.matmul(a, transposeOther: true) == Tensor(rows: [[14, 32], [32, 77]]))
        #expect(try a.matmul(a, transposeSelf: true).shape == [3, 3])
    }

    @Test func wrongShapesNameBothShapes() throws {
        let a = Tensor(zeros: [2, 3])
        let b = Tensor(zeros: [4, 5])
        #expect {
            try a.matmul(b)
        } throws: { error in
            let text = "\(error)"
            return text.contains("[2, 3]") && text.contains("[4, 5]")
        }
        #expect(throws: TensorError.self) { try a + Tensor(zeros: [3, 2]) }
        #expect {
            try Tensors.dense(Var(a), weight: Var(b), bias: nil)
        } throws: { "\($0)".contains("[2, 3]") && "\($0)".contains("[4, 5]") }
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.self) { try a.reshaped([5]) }
        #expect(throws: TensorError.self) { try Loss.softmaxCrossEntropy(logits: Var(a), labels: [0, 7]) }
    }

    @Test func fastMathIsAccurate() {
        for i in -800...800 {
            let x = Float(i) / 10
            let e = FastMath.exp(x)
            let want = Foundation_exp(x)
            #expect(abs(e - want) <= 3e-7 * want, "exp(\(x)) = \(e), want \(want)")
        }
        for i in 1...2000 {
            let x = Float(i) * 0.013
            #expect(abs(FastMath.log(x) - Foundation_log(x)) <= 3e-7 * max(1, abs(Foundation_log(x))))
        }
        #expect(FastMath.sigmoid(-200) == 0)
        #expect(FastMath.sigmoid(200) == 1)
        #expect(FastMath.softplus(100) == 100)
    }

    @Test func evaluationRecordsNothing() throws {
        let w = Parameter(Tensor(repeating: 1, shape: [2, 2]))
        let y = try Tensors.dense(Var(Tensor(zeros: [1, 2])), weight: Var(w.value), bias: nil)
        #expect(y.tape == nil)
        let tape = Tape()
        let z = try Tensors.dense(Var(Tensor(zeros: [1, 2])), weight: tape.variable(w), bias: nil).sum()
        #expect(tape.nodes.count == 3)
        try tape.backward(z)
        #expect(w.gradient?.shape == [2, 2])
        #expect(tape.nodes.isEmpty)
        #expect(throws: TensorError.self) { try tape.backward(z) }
    }

    @Test func symmetricEigenKnownAnswer() throws {
        let a = try Tensor(rows: [[2, 1], [1, 2]])
        let e = try LinearAlgebra.symmetricEigen(a)
        #expect(abs(e.values[0] - 3) < 1e-5 && abs(e.values[1] - 1) < 1e-5)
        let v = e.vectors
        #expect(abs(abs(v[0, 0]) - 0.70710677) < 1e-5 && abs(v[0, 0] - v[0, 1]) < 1e-5)
        let top = try LinearAlgebra.topEigen(a, count: 1)
        #expect(abs(top.values[0] - 3) < 1e-5)
        #expect(throws: TensorError.self) { try LinearAlgebra.symmetricEigen(Tensor(zeros: [2, 3])) }
    }

    @Test func svdReconstructs() throws {
        let a = sample([5, 3], seed: "svd")
        let (u, s, vt) = try LinearAlgebra.svd(a)
        var us = u
        for i in 0..<5 { for j in 0..<3 { us[i, j] *= s[j] } }
        let back = try us.matmul(vt)
        for (x, y) in zip(back.scalars, a.scalars) { #expect(abs(x - y) < 1e-5) }
        #expect(s[0] >= s[1] && s[1] >= s[2])
    }
}

@Suite struct RandomStreams {
    @Test func sameSeedSameDraws() {
        var a = RandomStream(seed: 3, name: "init")
        var b = RandomStream(seed: 3, name: "init")
        #expect(a.normal([100]) == b.normal([100]))
        var c = RandomStream(seed: 4, name: "init")
        var d = RandomStream(seed: 3, name: "init")
        #expect(c.normal([10]) != d.normal([10]))
    }

    @Test func derivedStreamsIgnoreDrawsAndSiblings() {
        let root = RandomStream(seed: 9)
        var used = root
        _ = used.normal([50])
        var x = root.derived("layer1")
        var y = used.derived("layer1")
        #expect(x.uniform([20]) == y.uniform([20]))
        var z = root.derived("layer2")
        var x2 = root.derived("layer1")
        #expect(z.uniform([20]) != x2.uniform([20]))
        #expect(RandomStream(seed: 9, name: "layer1").key == root.derived("layer1").key)
    }

    @Test func distributions() {
        var r = RandomStream(seed: 1)
        let n = r.normal([20000])
        let mean = n.mean()
        let variance = n.map { ($0 - mean) * ($0 - mean) }.mean()
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        let u = r.uniform([20000], low: 2, high: 4)
        #expect(u.scalars.allSatisfy { $0 >= 2 && $0 < 4 } && abs(u.mean() - 3) < 0.03)
        let bern = r.bernoulli([20000], probability: 0.3)
        #expect(abs(bern.mean() - 0.3) < 0.02)
        let p = r.permutation(1000)
        #expect(p.sorted() == Array(0..<1000) && p != Array(0..<1000))
    }
}
