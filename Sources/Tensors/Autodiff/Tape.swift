/// The record of one forward pass, replayed backwards to get gradients (reverse-mode autodiff).
///
/// Only operations with at least one input that needs a gradient are recorded; a forward pass run without
/// a tape (evaluation) records nothing and keeps no intermediate values alive.
public final class Tape {
    /// Computes the gradients of an operation's inputs from the gradient of its output.
    /// `needs[i]` says whether input i wants one, so that e.g. a first layer skips d(input).
    public typealias Backward = (_ upstream: Tensor, _ needs: [Bool]) throws -> [Tensor?]

    struct Node {
        let parents: [Int]
        let backward: Backward?
        let parameter: Parameter?
    }

    /// True while training: dropout drops, and layers may behave differently.
    public var isTraining: Bool
    var nodes: [Node] = []
    private var parameterNodes: [ObjectIdentifier: Int] = [:]
    private var gradients: [Tensor?] = []

    /// A new, empty tape.
    public init(training: Bool = true) { isTraining = training }

    /// A parameter as a variable on this tape; its gradient lands in `parameter.gradient` after `backward`.
    public func variable(_ parameter: Parameter) -> Var {
        let key = ObjectIdentifier(parameter)
        if let node = parameterNodes[key] { return Var(parameter.value, node: node, tape: self) }
        nodes.append(Node(parents: [], backward: nil, parameter: parameter))
        parameterNodes[key] = nodes.count - 1
        return Var(parameter.value, node: nodes.count - 1, tape: self)
    }

    /// A tensor whose gradient you want to read with `gradient(of:)` (an input, not a parameter).
    public func variable(_ value: Tensor) -> Var {
        nodes.append(Node(parents: [], backward: nil, parameter: nil))
        return Var(value, node: nodes.count - 1, tape: self)
    }

    /// Records an operation's output with its VJP, or returns a constant when no input needs a gradient.
    func record(_ value: Tensor, inputs: [Var], backward: @escaping Backward) -> Var {
        let parents = inputs.map { $0.tape === self ? $0.node : -1 }
        guard parents.contains(where: { $0 >= 0 }) else { return Var(value) }
        nodes.append(Node(parents: parents, backward: backward, parameter: nil))
        return Var(value, node: nodes.count - 1, tape: self)
    }

    /// Back-propagates from a scalar `loss` (seed 1) or from any output with an explicit `seed` gradient.
    ///
    /// Parameter gradients are added to `Parameter.gradient` (they accumulate across calls until cleared).
    public func backward(_ output: Var, seed: Tensor? = nil) throws {
        guard output.tape === self, output.node >= 0, output.node < nodes.count else {
            throw TensorError(
                "backward: the output was not computed on this tape from anything that needs a gradient, "
                    + "or backward already ran on this tape")
        }
        let start: Tensor
        if let seed {
            try seed.requireSameShape(output.value, "backward seed")
            start = seed
        } else {
            guard output.value.count == 1 else {
                throw TensorError(
                    "backward needs a scalar output or a seed; the output has shape \(output.value.shape)")
            }
            start = Tensor(unchecked: output.value.shape, scalars: [1])
        }
        gradients = [Tensor?](repeating: nil, count: nodes.count)
        gradients[output.node] = start
        for index in stride(from: output.node, through: 0, by: -1) {
            guard let upstream = gradients[index] else { continue }
            let node = nodes[index]
            if let parameter = node.parameter {
                if parameter.gradient == nil || parameter.gradient?.shape != upstream.shape {
                    parameter.gradient = upstream
                } else {
                    try parameter.gradient?.add(upstream)
                }
            }
            guard let backward = node.backward else { continue }
            let needs = node.parents.map { $0 >= 0 }
            let inputGradients = try backward(upstream, needs)
            for (parent, gradient) in zip(node.parents, inputGradients) where parent >= 0 {
                guard let gradient else { continue }
                if var existing = gradients[parent] {
                    gradients[parent] = nil  // drop the slot's reference so the add happens in place
                    try existing.add(gradient)
                    gradients[parent] = existing
                } else {
                    gradients[parent] = gradient
                }
            }
            // Intermediate gradients are no longer needed once passed on; leaves keep theirs.
            gradients[index] = nil
        }
        // The graph is spent (as PyTorch's retain_graph=False): free the saved tensors now, so that an optimiser
        // updating the weights next owns them uniquely and updates them in place instead of copying.
        nodes.removeAll()
        parameterNodes.removeAll()
    }

    /// The gradient reaching a variable created with `variable(_:)` during the last `backward`.
    public func gradient(of variable: Var) -> Tensor? {
        guard variable.tape === self, variable.node >= 0, variable.node < gradients.count else { return nil }
        return gradients[variable.node]
    }
}

/// A tensor flowing through a computation, remembering where it came from when a tape is recording.
public struct Var {
    /// The computed value.
    public let value: Tensor
    let node: Int
    let tape: Tape?

    /// A constant: no gradient flows into it.
    public init(_ value: Tensor) {
        self.value = value
        self.node = -1
        self.tape = nil
    }

    init(_ value: Tensor, node: Int, tape: Tape) {
        self.value = value
        self.node = node
        self.tape = tape
    }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// The tape recording this variable, if any.
    var recordingTape: Tape? { tape }

    /// The tape of whichever input is recording (operations join the first one they find).
    static func tape(_ inputs: Var...) -> Tape? { inputs.first { $0.tape != nil }?.tape }
}

extension Var {
    /// Records this operation's output on the tape of its inputs, if any is recording.
    static func make(_ value: Tensor, _ inputs: [Var], backward: @escaping Tape.Backward) -> Var {
        guard let tape = inputs.first(where: { $0.tape != nil })?.tape else { return Var(value) }
        return tape.record(value, inputs: inputs, backward: backward)
    }
}
