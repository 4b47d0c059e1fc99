/// Branch-free exp and log on Float written so that loops over buffers auto-vectorise.
///
/// Cephes' single-precision polynomials (relative error around 1e-7) with range reduction by bit
/// manipulation; rounding uses the 1.5 * 2^23 trick instead of a call, so LLVM sees only arithmetic.
enum FastMath {
    /// e^x, clamped to the finite float range.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let x = min(max(x, -87.3), 88.7)
        let magic: Float = 12_582_912  // 1.5 * 2^23: adding it rounds to an integer kept in the low bits
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * r * r + r + 1
        // 2^n from the integer in t's low mantissa bits: (n + 127) << 23.
        let bits = (t.bitPattern &- magic.bitPattern &+ 127) &<< 23
        return er * Float(bitPattern: bits)
    }

    /// Natural logarithm of a positive finite x.
    @inline(__always)
    static func log(_ x: Float) -> Float {
        let bits = x.bitPattern
        var e = Float(Int32(truncatingIfNeeded: (bits >> 23) & 0xff) - 127)
        var m = Float(bitPattern: (bits & 0x7f_ffff) | 0x3f80_0000)  // mantissa in [1, 2)
        let big = m > 1.414_213_56
        m = big ? m * 0.5 : m
        e = big ? e + 1 : e
        let f = m - 1
        let z = f * f
        var p: Float = 7.037_683_6e-2
        p = p * f - 1.151_461_03e-1
        p = p * f + 1.167_699_87e-1
        p = p * f - 1.242_014_08e-1
        p = p * f + 1.424_932_28e-1
        p = p * f - 1.666_805_77e-1
        p = p * f + 2.000_071_48e-1
        p = p * f - 2.499_999_39e-1
        p = p * f + 3.333_333_12e-1
        var y = p * f * z
        y += -2.121_944_4e-4 * e
        y += -0.5 * z
        return f + y + 0.693_359_375 * e
    }

    /// 1 / (1 + e^-x).
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// log(1 + e^x) without overflow: max(x, 0) + log(1 + e^-|x|).
    @inline(__always)
    static func softplus(_ x: Float) -> Float { max(x, 0) + log(1 + exp(-Swift.abs(x))) }
}
