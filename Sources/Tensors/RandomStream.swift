#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A seeded, splittable pseudo-random stream (xoshiro256** seeded through SplitMix64).
///
/// Each stream has a key fixed at creation; `derived(_:)` hashes that key with a name, never the stream's
/// position, so drawing from one stream or adding another stream elsewhere changes no other stream.
public struct RandomStream: RandomNumberGenerator, Sendable {
    /// The key that identifies this stream (seed and derivation path hashed together).
    public let key: UInt64
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Float?

    /// The root stream of a seed.
    public init(seed: UInt64) {
        self.init(rawKey: RandomStream.splitMix(seed ^ 0x4C45_4354_4552_4E21))  // "LECTERN!"
    }

    /// The stream named `name` under `seed`: the same as `RandomStream(seed: seed).derived(name)`.
    public init(seed: UInt64, name: String) { self = RandomStream(seed: seed).derived(name) }

    private init(rawKey: UInt64) {
        key = rawKey
        var x = rawKey
        s0 = RandomStream.splitMixNext(&x)
        s1 = RandomStream.splitMixNext(&x)
        s2 = RandomStream.splitMixNext(&x)
        s3 = RandomStream.splitMixNext(&x)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// An independent child stream determined only by this stream's key and `name`.
    public func derived(_ name: String) -> RandomStream {
        // FNV-1a over the UTF-8 name, then mixed with the parent key.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return RandomStream(rawKey: RandomStream.splitMix(key ^ RandomStream.splitMix(h)))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * uniform() }

    /// Standard normal (Box–Muller in Double precision).
    public mutating func normal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = (Double(next() >> 11) + 1) * 0x1p-53  // (0, 1]
        let u2 = Double(next() >> 11) * 0x1p-53
        let r = (-2 * Glibc.log(u1)).squareRoot()
        spareNormal = Float(r * sin(2 * Double.pi * u2))
        return Float(r * cos(2 * Double.pi * u2))
    }

    /// A tensor of normal draws with the given mean and standard deviation.
    public mutating func normal(_ shape: [Int], mean: Float = 0, std: Float = 1) -> Tensor {
        var t = Tensor(zeros: shape)
        for i in 0..<t.count { t.scalars[i] = mean + std * normal() }
        return t
    }

    /// A tensor of uniform draws in [low, high).
    public mutating func uniform(_ shape: [Int], low: Float = 0, high: Float = 1) -> Tensor {
        var t = Tensor(zeros: shape)
        for i in 0..<t.count { t.scalars[i] = uniform(low, high) }
        return t
    }

    /// A tensor of 0/1 draws, 1 with probability p.
    public mutating func bernoulli(_ shape: [Int], probability p: Float) -> Tensor {
        var t = Tensor(zeros: shape)
        for i in 0..<t.count { t.scalars[i] = uniform() < p ? 1 : 0 }
        return t
    }

    /// A uniformly random ordering of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<max(n, 0))
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            p.swapAt(i, j)
        }
        return p
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    static func splitMix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func splitMixNext(_ x: inout UInt64) -> UInt64 {
        x = x &+ 0x9e37_79b9_7f4a_7c15
        var z = x
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
