/// Input a figure cannot be drawn from (wrong shapes, empty data), naming the figure and the problem.
public struct PlotError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Numbers of any floating-point type as `Double`s.
func doubles<T: BinaryFloatingPoint>(_ values: [T]) -> [Double] { values.map { Double($0) } }

/// Splits `n × 2` row-major coordinates into x and y, or throws naming `what`.
func pairs<T: BinaryFloatingPoint>(_ flat: [T], _ what: String) throws -> (x: [Double], y: [Double]) {
    guard flat.count % 2 == 0 else {
        throw PlotError("\(what): expected n × 2 numbers (x, y pairs), got \(flat.count), which is odd")
    }
    var x: [Double] = []
    var y: [Double] = []
    x.reserveCapacity(flat.count / 2)
    y.reserveCapacity(flat.count / 2)
    var i = 0
    while i < flat.count {
        x.append(Double(flat[i]))
        y.append(Double(flat[i + 1]))
        i += 2
    }
    return (x, y)
}
