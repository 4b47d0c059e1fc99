/// A contiguous, row-major array of Float32 with a shape.
///
/// Value semantics come from the backing Swift array (copy on write); kernels reach the storage through
/// unsafe buffers so that no element is ever boxed or allocated on its own.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// The extent of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public var scalars: [Float]

    /// A tensor of the given shape holding `scalars`; throws when their count does not fit the shape.
    public init(shape: [Int], scalars: [Float]) throws {
        try Tensor.validate(shape)
        let expected = shape.reduce(1, *)
        guard scalars.count == expected else {
            throw TensorError("a tensor of shape \(shape) needs \(expected) scalars, got \(scalars.count)")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.shape = shape
        self.scalars = [Float](repeating: value, count: max(0, shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A scalar (rank 0) tensor.
    public init(_ value: Float) {
        self.shape = []
        self.scalars = [value]
    }

    /// A matrix from rows of equal length.
    public init(rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != width {
            throw TensorError("row \(i) has \(row.count) values, row 0 has \(width)")
        }
        self.shape = [rows.count, width]
        self.scalars = rows.flatMap { $0 }
    }

    /// Storage for `shape` whose contents the caller overwrites entirely before reading.
    init(uninitialized shape: [Int]) {
        let n = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
    }

    init(unchecked shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Number of elements.
    public var count: Int { scalars.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Rows when seen as a matrix: the first dimension (1 for a scalar).
    public var rows: Int { shape.first ?? 1 }
    /// Columns when seen as a matrix: the product of all but the first dimension.
    public var columns: Int { shape.count <= 1 ? 1 : shape.dropFirst().reduce(1, *) }

    /// The single value of a one-element tensor (e.g. a loss).
    public var scalar: Float { scalars.first ?? .nan }

    /// The same scalars under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor.validate(newShape)
        guard newShape.reduce(1, *) == count else {
            throw TensorError("cannot reshape \(shape) (\(count) elements) to \(newShape)")
        }
        return Tensor(unchecked: newShape, scalars: scalars)
    }

    /// Rows `range` of the tensor seen as a matrix (first dimension sliced).
    public func rows(_ range: Range<Int>) throws -> Tensor {
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            throw TensorError("rows \(range) are outside a tensor of shape \(shape)")
        }
        let c = columns
        var s = shape
        if s.isEmpty { s = [1] }
        s[0] = range.count
        return Tensor(unchecked: s, scalars: Array(scalars[(range.lowerBound * c)..<(range.upperBound * c)]))
    }

    /// Element at a multi-dimensional index (checked; for tests and small look-ups, not for kernels).
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for a tensor of shape \(shape)")
        var flat = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "index \(index) outside shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    public var description: String {
        let head = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(\(shape): [\(head)\(count > 8 ? ", …" : "")])"
    }

    static func validate(_ shape: [Int]) throws {
        if shape.contains(where: { $0 < 0 }) { throw TensorError("negative dimension in shape \(shape)") }
    }
}

/// A misuse of tensors: wrong shapes, bad arguments. The message names the operation and the shapes.
public struct TensorError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Two shapes that an operation needed to agree; the message names both.
    public static func mismatch(_ operation: String, _ a: [Int], _ b: [Int], _ detail: String = "") -> TensorError {
        TensorError("\(operation): shapes \(a) and \(b) do not match\(detail.isEmpty ? "" : " (\(detail))")")
    }
}

extension Tensor {
    /// Calls `body` with a pointer to the scalars (valid, if unused, for an empty tensor).
    @inline(__always)
    func withPointer<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { return try body(p) }
            var dummy: Float = 0
            return try withUnsafePointer(to: &dummy) { try body($0) }
        }
    }

    /// Calls `body` with a mutable pointer to the scalars.
    @inline(__always)
    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { b in
            if let p = b.baseAddress { return try body(p) }
            var dummy: Float = 0
            return try withUnsafeMutablePointer(to: &dummy) { try body($0) }
        }
    }
}
