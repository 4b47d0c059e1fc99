#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Eight floats at a time: the unit every hot loop works in (two SSE or one AVX register).
typealias F8 = SIMD8<Float>

/// Loading, storing and looping in blocks of eight, with a partial block for the tail.
enum Lanes {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ lanes: Int) -> F8 {
        if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: F8.self) }
        var v = F8()
        for i in 0..<lanes { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func store(_ v: F8, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: F8.self)
            return
        }
        for i in 0..<lanes { p[i] = v[i] }
    }

    /// Calls body(offset, lanes) for blocks of 8 covering 0..<n (for loops that are not hot).
    @inline(__always)
    static func blocks(_ n: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < n {
            body(i, min(8, n - i))
            i += 8
        }
    }

    // Hot loops take kernels as generic structs rather than closures: the optimiser specialises and inlines a
    // struct's method reliably, while a closure body called per block often stays an out-of-line call.

    /// dst[i] = k(src[i]); src and dst may be the same buffer.
    @inline(__always)
    static func map<K: LaneMap>(_ k: K, _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n {
            UnsafeMutableRawPointer(dst + i).storeBytes(
                of: k.apply(UnsafeRawPointer(src + i).loadUnaligned(as: F8.self)), as: F8.self)
            i += 8
        }
        if i < n { store(k.apply(load(src + i, n - i)), dst + i, n - i) }
    }

    /// dst[i] = k(a[i], b[i]).
    @inline(__always)
    static func zip<K: LaneZip>(
        _ k: K, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        var i = 0
        while i + 8 <= n {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: F8.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: F8.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: k.apply(x, y), as: F8.self)
            i += 8
        }
        if i < n { store(k.apply(load(a + i, n - i), load(b + i, n - i)), dst + i, n - i) }
    }

    /// Sum of k(a[i], b[i]): Float lanes flushed to Double every 1,024 elements.
    @inline(__always)
    static func sum<K: LaneZip>(_ k: K, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Double {
        var total: Double = 0
        var acc = F8()
        var i = 0
        var sinceFlush = 0
        while i + 8 <= n {
            acc += k.apply(
                UnsafeRawPointer(a + i).loadUnaligned(as: F8.self), UnsafeRawPointer(b + i).loadUnaligned(as: F8.self))
            i += 8
            sinceFlush += 1
            if sinceFlush == 128 {
                total += Double(acc.sum())
                acc = F8()
                sinceFlush = 0
            }
        }
        if i < n {
            let v = k.apply(load(a + i, n - i), load(b + i, n - i))
            for j in 0..<(n - i) { acc[j] += v[j] }
        }
        return total + Double(acc.sum())
    }
}

/// An elementwise function of one lane block.
protocol LaneMap { func apply(_ x: F8) -> F8 }
/// An elementwise function of two lane blocks.
protocol LaneZip { func apply(_ a: F8, _ b: F8) -> F8 }

extension FastMath {
    /// e^x on eight lanes (same polynomial as the scalar version).
    @inline(__always)
    static func exp(_ x: F8) -> F8 {
        #if DEBUG
        // Unoptimised SIMD generics cost ~100x; the scalar twin does the same IEEE operations lane by lane.
        return lanewise(x, exp)
        #else
        var x = x.replacing(with: -87.3, where: x .< -87.3)
        x.replace(with: 88.7, where: x .> 88.7)
        let magic: Float = 12_582_912
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = F8(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * r * r + r + 1
        let bits = (unsafeBitCast(t, to: SIMD8<UInt32>.self) &- magic.bitPattern &+ 127) &<< 23
        return er * unsafeBitCast(bits, to: F8.self)
        #endif
    }

    /// Natural log of positive finite lanes.
    @inline(__always)
    static func log(_ x: F8) -> F8 {
        #if DEBUG
        return lanewise(x, log)
        #else
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        // The exponent field k as a float without an int-to-float conversion: (2^23 + k) - (2^23 + 127).
        var e = unsafeBitCast((bits &>> 23) & 0xff | 0x4B00_0000, to: F8.self) - 8_388_735
        var m = unsafeBitCast((bits & 0x7f_ffff) | 0x3f80_0000, to: F8.self)
        let big = m .> 1.414_213_56
        m.replace(with: m * 0.5, where: big)
        e.replace(with: e + 1, where: big)
        let f = m - 1
        let z = f * f
        var p = F8(repeating: 7.037_683_6e-2)
        p = p * f - 1.151_461_03e-1
        p = p * f + 1.167_699_87e-1
        p = p * f - 1.242_014_08e-1
        p = p * f + 1.424_932_28e-1
        p = p * f - 1.666_805_77e-1
        p = p * f + 2.000_071_48e-1
        p = p * f - 2.499_999_39e-1
        p = p * f + 3.333_333_12e-1
        var y = p * f * z
        y += e * -2.121_944_4e-4
        y += z * -0.5
        return f + y + e * 0.693_359_375
        #endif
    }

    /// Square root of non-negative lanes. The SIMD type's own `squareRoot()` is a per-lane scalar loop, so x86
    /// uses SQRTPS directly; elsewhere the bit-level inverse-square-root estimate is refined by three Newton steps
    /// (relative error below 1e-7) and multiplied by x.
    @inline(__always)
    static func squareRoot(_ x: F8) -> F8 {
        #if DEBUG
        return lanewise(x) { $0.squareRoot() }
        #elseif arch(x86_64)
        return F8(lowHalf: _mm_sqrt_ps(x.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf))
        #else
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        var r = unsafeBitCast(0x5f37_59df &- (bits &>> 1), to: F8.self)
        let half = x * 0.5
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        r = r * (1.5 - half * r * r)
        return x * r
        #endif
    }

    @inline(__always)
    static func lanewise(_ x: F8, _ f: (Float) -> Float) -> F8 {
        F8(f(x[0]), f(x[1]), f(x[2]), f(x[3]), f(x[4]), f(x[5]), f(x[6]), f(x[7]))
    }

    @inline(__always)
    static func sigmoid(_ x: F8) -> F8 { 1 / (1 + exp(-x)) }

    @inline(__always)
    static func softplus(_ x: F8) -> F8 {
        x.replacing(with: 0, where: x .< 0) + log(1 + exp(-abs(x)))
    }

    @inline(__always)
    static func abs(_ x: F8) -> F8 { x.replacing(with: -x, where: x .< 0) }
}
