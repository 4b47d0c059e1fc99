/// A trainable tensor with identity: layers hold it, the tape reads it, optimisers update it in place.
///
/// A class so that a model and its optimiser refer to the same weights without copying them each step.
public final class Parameter: @unchecked Sendable {
    /// The current value.
    public var value: Tensor
    /// The gradient accumulated by `Tape.backward`, nil until one arrives (cleared by optimisers).
    public var gradient: Tensor?

    /// A parameter holding `value`.
    public init(_ value: Tensor) { self.value = value }

    /// The parameter's shape.
    public var shape: [Int] { value.shape }
}
