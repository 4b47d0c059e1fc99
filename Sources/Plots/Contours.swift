#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Density contours of a point cloud: a histogram on a grid, blurred with a Gaussian, cut by
/// marching squares at the level that encloses a given share of the points.
enum Contours {
    /// Line pieces (separated by NaN) around the densest region holding `mass` of the points.
    static func density(
        x: [Double], y: [Double], bounds: (x0: Double, x1: Double, y0: Double, y1: Double), mass: Double,
        cells: Int = 64
    ) -> (x: [Double], y: [Double]) {
        let n = min(x.count, y.count)
        guard n >= 10, bounds.x1 > bounds.x0, bounds.y1 > bounds.y0 else { return ([], []) }
        let dx = (bounds.x1 - bounds.x0) / Double(cells - 1)
        let dy = (bounds.y1 - bounds.y0) / Double(cells - 1)
        var grid = [Double](repeating: 0, count: cells * cells)
        for i in 0..<n where x[i].isFinite && y[i].isFinite {
            let gx = Int(((x[i] - bounds.x0) / dx).rounded())
            let gy = Int(((y[i] - bounds.y0) / dy).rounded())
            if gx >= 0 && gx < cells && gy >= 0 && gy < cells { grid[gy * cells + gx] += 1 }
        }
        grid = blur(grid, cells, sigma: 2)
        let level = levelEnclosing(grid, mass)
        guard level > 0 else { return ([], []) }
        return marchingSquares(grid, cells, level: level) { gx, gy in
            (bounds.x0 + gx * dx, bounds.y0 + gy * dy)
        }
    }

    /// Separable Gaussian blur of a square grid, edges clamped.
    static func blur(_ grid: [Double], _ size: Int, sigma: Double) -> [Double] {
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        func pass(_ input: [Double], horizontal: Bool) -> [Double] {
            var out = [Double](repeating: 0, count: input.count)
            for r in 0..<size {
                for c in 0..<size {
                    var sum = 0.0
                    for (k, w) in kernel.enumerated() {
                        let o = k - radius
                        let rr = horizontal ? r : min(max(r + o, 0), size - 1)
                        let cc = horizontal ? min(max(c + o, 0), size - 1) : c
                        sum += w * input[rr * size + cc]
                    }
                    out[r * size + c] = sum / total
                }
            }
            return out
        }
        return pass(pass(grid, horizontal: true), horizontal: false)
    }

    /// The grid value above which the cells hold `mass` of the total.
    static func levelEnclosing(_ grid: [Double], _ mass: Double) -> Double {
        let sorted = grid.sorted(by: >)
        let total = sorted.reduce(0, +)
        guard total > 0 else { return 0 }
        var running = 0.0
        for v in sorted {
            running += v
            if running >= mass * total { return v }
        }
        return sorted.last ?? 0
    }

    /// Segments of the `level` line through a square grid (row-major, row = y), mapped by `place`.
    static func marchingSquares(
        _ grid: [Double], _ size: Int, level: Double, place: (Double, Double) -> (Double, Double)
    ) -> (x: [Double], y: [Double]) {
        var xs: [Double] = []
        var ys: [Double] = []
        func v(_ c: Int, _ r: Int) -> Double { grid[r * size + c] }
        // Where the level crosses the edge between two corners, by linear interpolation.
        func cross(_ c0: Double, _ r0: Double, _ a: Double, _ c1: Double, _ r1: Double, _ b: Double) -> (Double, Double) {
            let t = abs(b - a) < 1e-300 ? 0.5 : (level - a) / (b - a)
            return place(c0 + (c1 - c0) * t, r0 + (r1 - r0) * t)
        }
        for r in 0..<(size - 1) {
            for c in 0..<(size - 1) {
                let a = v(c, r), b = v(c + 1, r), d = v(c + 1, r + 1), e = v(c, r + 1)
                let code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (d > level ? 4 : 0) | (e > level ? 8 : 0)
                if code == 0 || code == 15 { continue }
                let (cf, rf) = (Double(c), Double(r))
                func bottom() -> (Double, Double) { cross(cf, rf, a, cf + 1, rf, b) }
                func right() -> (Double, Double) { cross(cf + 1, rf, b, cf + 1, rf + 1, d) }
                func top() -> (Double, Double) { cross(cf, rf + 1, e, cf + 1, rf + 1, d) }
                func left() -> (Double, Double) { cross(cf, rf, a, cf, rf + 1, e) }
                var pieces: [((Double, Double), (Double, Double))] = []
                switch code {
                case 1, 14: pieces = [(left(), bottom())]
                case 2, 13: pieces = [(bottom(), right())]
                case 3, 12: pieces = [(left(), right())]
                case 4, 11: pieces = [(right(), top())]
                case 6, 9: pieces = [(bottom(), top())]
                case 7, 8: pieces = [(left(), top())]
                case 5, 10:
                    // A saddle: the centre's average decides which corners connect.
                    let centreHigh = (a + b + d + e) / 4 > level
                    if (code == 5) == centreHigh {
                        pieces = [(left(), top()), (bottom(), right())]
                    } else {
                        pieces = [(left(), bottom()), (right(), top())]
                    }
                default: break
                }
                for (p, q) in pieces {
                    xs += [p.0, q.0, .nan]
                    ys += [p.1, q.1, .nan]
                }
            }
        }
        return (xs, ys)
    }
}
