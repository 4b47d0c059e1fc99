import Foundation

/// Numbers quoted in prose, formatted where they are quoted: `"\(mse, digits: 4)"` is "0.0123",
/// `"\(accuracy, percent: 1)"` is "87.4%". The decimal point is always a point, whatever the locale,
/// and a value that rounds to zero never shows as "-0.00".
extension DefaultStringInterpolation {
    public mutating func appendInterpolation<F: BinaryFloatingPoint>(_ value: F, digits: Int) {
        appendLiteral(NumberText.fixed(Double(value), digits: digits))
    }

    public mutating func appendInterpolation<F: BinaryFloatingPoint>(_ value: F, percent digits: Int) {
        appendLiteral(NumberText.fixed(Double(value) * 100, digits: digits) + "%")
    }

    /// `"\(60_000, grouped: true)"` is "60,000".
    public mutating func appendInterpolation<I: BinaryInteger>(_ value: I, grouped: Bool) {
        appendLiteral(grouped ? NumberText.grouped(Int(value)) : String(value))
    }
}

enum NumberText {
    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "−∞" : "∞") }
        let digits = max(0, min(digits, 17))
        let text = String(format: "%.\(digits)f", value)
        let isZero = text.allSatisfy { $0 == "-" || $0 == "0" || $0 == "." }
        return isZero && text.hasPrefix("-") ? String(text.dropFirst()) : text
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
