#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How data values map onto an axis.
public enum ScaleKind: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 are left out.
    case log
}

/// One tick mark: where, what it says (empty for minor ticks).
struct Tick: Equatable {
    var value: Double
    var label: String
    var major: Bool { !label.isEmpty }
}

/// The map from data limits to the unit interval, and the ticks along it.
struct Scale {
    var kind: ScaleKind
    var lo: Double
    var hi: Double

    /// 0 at `lo`, 1 at `hi`.
    func fraction(_ v: Double) -> Double {
        switch kind {
        // In halves, so that limits near the largest double still span a finite width; halving is
        // exact, so every other plot maps exactly as before.
        case .linear: return (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5)
        case .log: return (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
        }
    }

    /// Limits enclosing `values` with `padding` (a fraction of the span) on each side.
    static func limits(of values: [Double], kind: ScaleKind, padding: Double) -> (Double, Double) {
        let usable = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard var lo = usable.min(), var hi = usable.max() else { return kind == .log ? (1, 10) : (0, 1) }
        switch kind {
        case .linear:
            if hi - lo <= 1e-12 * max(1, abs(lo)) {
                let half = lo == 0 ? 1 : abs(lo) * 0.1
                return (lo - half, hi + half)
            }
            let pad = (hi - lo) * padding
            // Data spanning more than the largest double gets no padding rather than infinite limits.
            guard (lo - pad).isFinite, (hi + pad).isFinite else { return (lo, hi) }
            lo -= pad
            hi += pad
            return (lo, hi)
        case .log:
            var a = log10(lo)
            var b = log10(hi)
            if b - a < 1e-9 {
                a -= 0.5
                b += 0.5
            }
            let pad = (b - a) * padding
            return (pow(10, a - pad), pow(10, b + pad))
        }
    }

    /// Ticks inside the limits, about `target` of them labelled, plus an exponent shown at the axis end.
    func ticks(target: Int) -> (ticks: [Tick], exponent: Int?) {
        switch kind {
        case .linear:
            let span = hi - lo
            let inside = Ticks.extended(lo, hi, target: target, inside: true).filter {
                $0 >= lo - 1e-9 * span && $0 <= hi + 1e-9 * span
            }
            let format = TickFormat.labels(inside)
            return (zip(inside, format.labels).map { Tick(value: $0, label: $1) }, format.exponent)
        case .log:
            return (logTicks(target: target), nil)
        }
    }

    /// Decades when the axis spans several, else 1-2-5 (or every integer) multiples of a power of ten.
    private func logTicks(target: Int) -> [Tick] {
        let first = Int(log10(lo).rounded(.down))
        let last = Int(log10(hi).rounded(.up))
        let eps = 1e-9
        func within(_ v: Double) -> Bool { v >= lo * (1 - eps) && v <= hi * (1 + eps) }
        func value(_ m: Int, _ e: Int) -> Double { TickFormat.scaleByPowerOfTen(Double(m), e) }
        let decades = (first...last).map { value(1, $0) }.filter(within)
        if decades.count >= 3 {
            let stride = max(1, Int((Double(decades.count) / Double(max(target, 2))).rounded(.up)))
            var ticks: [Tick] = []
            for e in first...last {
                let isMajor = (e - first) % stride == 0
                if within(value(1, e)) {
                    ticks.append(Tick(value: value(1, e), label: isMajor ? logLabel(1, e) : ""))
                }
                if stride == 1 {
                    for m in 2...9 where within(value(m, e)) { ticks.append(Tick(value: value(m, e), label: "")) }
                }
            }
            return ticks
        }
        for mantissas in [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] {
            var ticks: [Tick] = []
            for e in first...last {
                for m in 1...9 where within(value(m, e)) {
                    ticks.append(Tick(value: value(m, e), label: mantissas.contains(m) ? logLabel(m, e) : ""))
                }
            }
            if ticks.filter(\.major).count >= 3 || mantissas.count == 9 { return ticks }
        }
        return []
    }

    private func logLabel(_ m: Int, _ e: Int) -> String {
        let v = TickFormat.scaleByPowerOfTen(Double(m), e)
        // Plain numbers only when the whole axis can use them, so one axis never mixes styles.
        let plain = log10(lo) >= -3.5 && log10(hi) <= 4.5
        if plain { return TickFormat.single(v) }
        let power = TickFormat.powerOfTen(e)
        return m == 1 ? power : "\(m)×\(power)"
    }
}
