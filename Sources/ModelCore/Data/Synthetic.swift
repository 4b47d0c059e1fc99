#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Points from a synthetic generator with what generated them.
public struct SyntheticData: Sendable {
    /// The points [count, dimensions].
    public let points: Tensor
    /// The hidden coordinates each point was made from [count, k] (e.g. the position along a spiral).
    public let latent: Tensor
    /// A class per point (blob index; 0 where the set has no classes).
    public let labels: [Int]
}

/// Seeded synthetic data sets for lectures: manifolds whose true structure is known.
public enum Synthetic {
    /// A noisy 2-D spiral of `turns` turns: radius grows with the position t in [0, 1].
    public static func spiral(count: Int, turns: Float = 2, noise: Float = 0.02, rng: RandomStream) -> SyntheticData {
        var r = rng
        var points = [Float]()
        var latent = [Float]()
        for _ in 0..<max(count, 0) {
            let t = r.uniform()
            let angle = 2 * Float.pi * turns * t
            points += [t * cosf(angle) + noise * r.normal(), t * sinf(angle) + noise * r.normal()]
            latent.append(t)
        }
        return make(points, 2, latent, 1, count)
    }

    /// The swiss roll in 3-D (as scikit-learn draws it): t in [1.5π, 4.5π] along the roll, height in [0, 21].
    public static func swissRoll(count: Int, noise: Float = 0.05, rng: RandomStream) -> SyntheticData {
        var r = rng
        var points = [Float]()
        var latent = [Float]()
        for _ in 0..<max(count, 0) {
            let t = 1.5 * Float.pi * (1 + 2 * r.uniform())
            let h = 21 * r.uniform()
            points += [t * cosf(t) + noise * r.normal(), h + noise * r.normal(), t * sinf(t) + noise * r.normal()]
            latent += [t, h]
        }
        return make(points, 3, latent, 2, count)
    }

    /// Points on a flat 2-D plane embedded in 4-D by a random orthonormal map, plus noise: PCA with 2
    /// components recovers it exactly.
    public static func linearSurface(count: Int, noise: Float = 0.01, rng: RandomStream) -> SyntheticData {
        var r = rng
        var basis = rng.derived("basis")
        // Gram–Schmidt on two random 4-vectors gives the plane's orthonormal directions.
        var a = (0..<4).map { _ in basis.normal() }
        var b = (0..<4).map { _ in basis.normal() }
        a = normalised(a)
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        b = normalised(zip(b, a).map { $0 - dot * $1 })
        var points = [Float]()
        var latent = [Float]()
        for _ in 0..<max(count, 0) {
            let u = r.uniform(-1, 1)
            let v = r.uniform(-1, 1)
            for j in 0..<4 { points.append(u * a[j] + v * b[j] + noise * r.normal()) }
            latent += [u, v]
        }
        return make(points, 4, latent, 2, count)
    }

    /// Points on a curved 2-D surface in 4-D, (u, v, u·v, u² − v²) plus noise: a 2-D code suffices for an
    /// auto-encoder, but no 2-D plane (PCA) fits it.
    public static func curvedSurface(count: Int, noise: Float = 0.01, rng: RandomStream) -> SyntheticData {
        var r = rng
        var points = [Float]()
        var latent = [Float]()
        for _ in 0..<max(count, 0) {
            let u = r.uniform(-1, 1)
            let v = r.uniform(-1, 1)
            for x in [u, v, u * v, u * u - v * v] { points.append(x + noise * r.normal()) }
            latent += [u, v]
        }
        return make(points, 4, latent, 2, count)
    }

    /// Gaussian blobs: `centers` centres drawn uniformly in [-10, 10]^dimensions, points spread around them.
    public static func blobs(
        count: Int, centers: Int = 3, dimensions: Int = 2, spread: Float = 1, rng: RandomStream
    ) -> SyntheticData {
        var placement = rng.derived("centers")
        let k = max(centers, 1)
        let d = max(dimensions, 1)
        let middles = (0..<k).map { _ in (0..<d).map { _ in placement.uniform(-10, 10) } }
        var r = rng.derived("points")
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<max(count, 0) {
            let c = i % k
            for j in 0..<d { points.append(middles[c][j] + spread * r.normal()) }
            labels.append(c)
        }
        let latent = labels.map(Float.init)
        return SyntheticData(
            points: (try? Tensor(shape: [max(count, 0), d], scalars: points)) ?? Tensor(zeros: [0, d]),
            latent: (try? Tensor(shape: [max(count, 0), 1], scalars: latent)) ?? Tensor(zeros: [0, 1]), labels: labels)
    }

    private static func normalised(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / max(n, 1e-12) }
    }

    private static func make(_ points: [Float], _ d: Int, _ latent: [Float], _ k: Int, _ count: Int) -> SyntheticData {
        let n = max(count, 0)
        return SyntheticData(
            points: (try? Tensor(shape: [n, d], scalars: points)) ?? Tensor(zeros: [0, d]),
            latent: (try? Tensor(shape: [n, k], scalars: latent)) ?? Tensor(zeros: [0, k]),
            labels: [Int](repeating: 0, count: n))
    }
}
