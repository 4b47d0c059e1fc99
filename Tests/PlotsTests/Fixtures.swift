import Foundation
import Graphics
@testable import Plots

/// Reproducible pseudo-random numbers for test data (SplitMix64 and Box–Muller).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

enum Fixtures {
    static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// `n` codes in ten Gaussian blobs, row-major n × 2, and their classes.
    static func blobs(_ n: Int, seed: UInt64 = 1) -> (codes: [Float], labels: [Int]) {
        var random = TestRandom(seed: seed)
        var codes: [Float] = []
        var labels: [Int] = []
        for i in 0..<n {
            let c = i % 10
            let angle = Double(c) / 10 * 2 * Double.pi
            codes.append(Float(4 * cos(angle) + random.normal()))
            codes.append(Float(3 * sin(angle) + random.normal() * 0.8))
            labels.append(c)
        }
        return (codes, labels)
    }

    /// A smooth 28 × 28 test pattern per index, values in 0...1.
    static func patterns(_ count: Int, side: Int = 28) -> [Float] {
        var out: [Float] = []
        for k in 0..<count {
            for r in 0..<side {
                for c in 0..<side {
                    let x = Double(c - side / 2) / Double(side)
                    let y = Double(r - side / 2) / Double(side)
                    let v = 0.5 + 0.5 * sin(Double(k + 1) * 3 * x + Double(k % 3) * 4 * y)
                    out.append(Float(v * exp(-(x * x + y * y) * 4)))
                }
            }
        }
        return out
    }

    /// Data files written by a script for the gallery (real Fashion-MNIST), if present.
    static func file<T>(_ name: String, as: T.Type) -> [T]? {
        let dir = ProcessInfo.processInfo.environment["PLOTS_DATA"] ?? "/tmp/plots-data"
        guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { return nil }
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }
}
