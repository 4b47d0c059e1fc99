#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick positions by the extended Wilkinson algorithm (Talbot, Lin and Hanrahan, "An Extension of
/// Wilkinson's Algorithm for Positioning Tick Labels on Axes", InfoVis 2010).
///
/// Every candidate labelling `lmin, lmin + step, …, lmax` with `step = j · q · 10^z` is scored by
/// simplicity (nice step, zero included), coverage (labels span the data), density (close to the
/// target count) and legibility; the search prunes with each term's upper bound (section 4.2).
public enum Ticks {
    /// The nice step mantissas, most preferred first (the paper's Q).
    static let niceSteps: [Double] = [1, 5, 2, 2.5, 4, 3]
    /// Weights of simplicity, coverage, density and legibility (the paper's w).
    static let weights = (simplicity: 0.25, coverage: 0.2, density: 0.5, legibility: 0.05)

    /// Tick values for the data range `lo...hi`, aiming at `target` ticks.
    ///
    /// Values are computed as integer multiples of the step and divided by exact powers of ten,
    /// so 0.3 comes out as the double nearest 0.3, never 0.30000000000000004.
    /// With `inside`, only labellings within the range count (ticks inside padded axis limits).
    public static func extended(_ lo: Double, _ hi: Double, target: Int, inside: Bool = false) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        let (dmin, dmax) = lo <= hi ? (lo, hi) : (hi, lo)
        guard (dmax - dmin).isFinite else { return [dmin, dmax] }
        if dmax - dmin <= 1e-12 * max(abs(dmin), abs(dmax)) { return [dmin] }
        let m = max(2, target)
        guard let best = search(dmin, dmax, m, inside: inside) else { return [dmin, dmax] }
        return (0..<best.count).map { best.value(at: $0) }
    }

    /// A labelling: values `(start + i · j) · q · 10^z` for `i` in `0..<count`.
    struct Labelling {
        var start: Int
        var j: Int
        var q: Double
        var z: Int
        var count: Int

        func value(at i: Int) -> Double {
            let n = Double(start + i * j) * q
            return z >= 0 ? n * power10(z) : n / power10(-z)
        }
    }

    static func search(_ dmin: Double, _ dmax: Double, _ m: Int, inside: Bool) -> Labelling? {
        let slack = 1e-9 * (dmax - dmin)
        let w = weights
        var bestScore = -2.0
        var best: Labelling?
        var j = 1
        // The bounds make every loop finite; the caps only guard against pathological input.
        outer: while j < 50 {
            for (qIndex, q) in niceSteps.enumerated() {
                let sm = simplicityMax(qIndex, j)
                if w.simplicity * sm + w.coverage + w.density + w.legibility < bestScore { break outer }
                var k = 2
                while k < 100 {
                    let dm = densityMax(k, m)
                    if w.simplicity * sm + w.coverage + w.density * dm + w.legibility < bestScore { break }
                    let delta = (dmax - dmin) / Double(k + 1) / Double(j) / q
                    guard delta.isFinite, delta > 0 else { break }
                    var z = Int(log10(delta).rounded(.up))
                    while z < 400 {
                        let step = Double(j) * q * pow10(z)
                        // Steps far wider than the range only get worse; stop even before a first candidate.
                        if step * Double(k - 1) > 1e3 * (dmax - dmin) { break }
                        let cm = coverageMax(dmin, dmax, step * Double(k - 1))
                        if w.simplicity * sm + w.coverage * cm + w.density * dm + w.legibility < bestScore { break }
                        // Starts beyond Int's range only arise for steps far too small to be chosen.
                        guard abs(dmax / step) < 1e12, abs(dmin / step) < 1e12 else {
                            z += 1
                            continue
                        }
                        let minStart = Int((dmax / step).rounded(.down)) * j - (k - 1) * j
                        let maxStart = Int((dmin / step).rounded(.up)) * j
                        if minStart <= maxStart {
                            for start in minStart...maxStart {
                                let cand = Labelling(start: start, j: j, q: q, z: z, count: k)
                                let lmin = cand.value(at: 0)
                                let lmax = cand.value(at: k - 1)
                                if inside && (lmin < dmin - slack || lmax > dmax + slack) { continue }
                                let s = simplicity(qIndex, j, lmin, lmax, step)
                                let c = coverage(dmin, dmax, lmin, lmax)
                                let g = density(k, m, dmin, dmax, lmin, lmax)
                                let score = w.simplicity * s + w.coverage * c + w.density * g + w.legibility
                                if score > bestScore {
                                    bestScore = score
                                    best = cand
                                }
                            }
                        }
                        z += 1
                    }
                    k += 1
                }
            }
            j += 1
        }
        return best
    }

    static func simplicity(_ qIndex: Int, _ j: Int, _ lmin: Double, _ lmax: Double, _ step: Double) -> Double {
        let n = Double(niceSteps.count)
        let remainder = (lmin / step).rounded() * step - lmin
        let zeroIncluded = lmin <= 0 && lmax >= 0 && abs(remainder) < 1e-10 * max(1, step) ? 1.0 : 0.0
        return 1 - Double(qIndex) / (n - 1) - Double(j) + zeroIncluded
    }

    static func simplicityMax(_ qIndex: Int, _ j: Int) -> Double {
        1 - Double(qIndex) / Double(niceSteps.count - 1) - Double(j) + 1
    }

    static func coverage(_ dmin: Double, _ dmax: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let range = dmax - dmin
        return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) / (0.01 * range * range)
    }

    static func coverageMax(_ dmin: Double, _ dmax: Double, _ span: Double) -> Double {
        let range = dmax - dmin
        guard span > range else { return 1 }
        let half = (span - range) / 2
        return 1 - 0.5 * (2 * half * half) / (0.01 * range * range)
    }

    static func density(_ k: Int, _ m: Int, _ dmin: Double, _ dmax: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let r = Double(k - 1) / (lmax - lmin)
        let rt = Double(m - 1) / (max(lmax, dmax) - min(dmin, lmin))
        return 2 - max(r / rt, rt / r)
    }

    static func densityMax(_ k: Int, _ m: Int) -> Double {
        k >= m ? 2 - Double(k - 1) / Double(m - 1) : 1
    }

    static func pow10(_ z: Int) -> Double { z >= 0 ? power10(z) : 1 / power10(-z) }
}

/// 10^n for n ≥ 0: exact from a table up to 10^22 (every such power is a double), `pow` beyond.
func power10(_ n: Int) -> Double {
    n < exactPowersOfTen.count ? exactPowersOfTen[max(n, 0)] : pow(10, Double(n))
}

private let exactPowersOfTen: [Double] = (0...22).reduce(into: []) { table, i in
    table.append(i == 0 ? 1 : table[i - 1] * 10)
}

