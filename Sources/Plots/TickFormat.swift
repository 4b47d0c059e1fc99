#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick labels as a person would write them: one number of decimals along an axis, a true minus
/// sign, and a common power of ten moved to the axis end when numbers get very large or small.
public enum TickFormat {
    /// Labels for `values`, and the exponent factored out of all of them (shown as "×10ⁿ"), if any.
    public static func labels(_ values: [Double]) -> (labels: [String], exponent: Int?) {
        let finite = values.filter(\.isFinite)
        let largest = finite.map(abs).max() ?? 0
        var exponent: Int?
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            exponent = Int(log10(largest).rounded(.down))
        }
        let scaled = values.map { v in exponent.map { scaleByPowerOfTen(v, -$0) } ?? v }
        let digits = decimals(scaled)
        return (scaled.map { fixed($0, decimals: digits) }, exponent)
    }

    /// One number with as few decimals as it needs (up to 6), as on a log axis.
    public static func single(_ value: Double) -> String {
        fixed(value, decimals: decimals([value]))
    }

    /// The fewest decimals that show every value exactly (up to 10).
    static func decimals(_ values: [Double]) -> Int {
        for d in 0...10 {
            let scale = power10(d)
            let exact = values.allSatisfy { v in
                let x = abs(v) * scale
                return !x.isFinite || abs(x - x.rounded()) <= 1e-6 * max(1, x)
            }
            if exact { return d }
        }
        return 10
    }

    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        let scale = power10(decimals)
        let magnitude = (abs(value) * scale).rounded()
        guard magnitude < 9e18 else { return String(value) }
        let n = UInt64(magnitude)
        let unit = UInt64(scale)
        var text = String(n / unit)
        if decimals > 0 {
            let fraction = String(n % unit)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return value < 0 && n != 0 ? "\u{2212}" + text : text
    }

    /// "10" with `exponent` in superscript digits, e.g. 10⁻³.
    public static func powerOfTen(_ exponent: Int) -> String {
        "10" + superscript(exponent)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(n)).map { digits[Int(String($0)) ?? 0] })
        return n < 0 ? "⁻" + body : body
    }

    /// v · 10^e computed so that, e.g., 0.0003 · 10^4 gives 3 and not 2.9999999999999996.
    static func scaleByPowerOfTen(_ v: Double, _ e: Int) -> Double {
        e >= 0 ? v * power10(e) : v / power10(-e)
    }
}
