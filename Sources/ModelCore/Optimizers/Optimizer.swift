/// An optimiser and its hyper-parameters; `makeState(for:)` gives the stateful updater used while training.
public enum Optimizer: Sendable, Equatable {
    /// Stochastic gradient descent, with optional (heavy-ball) momentum as PyTorch's `optim.SGD`.
    case sgd(lr: Float, momentum: Float = 0)
    /// Adam (Kingma & Ba) with bias correction, as PyTorch's `optim.Adam`.
    case adam(lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8)

    /// The learning rate.
    public var learningRate: Float {
        switch self {
        case .sgd(let lr, _): lr
        case .adam(let lr, _, _, _): lr
        }
    }

    /// A fresh updater for `parameters` (moment buffers start at zero).
    public func makeState(for parameters: [Parameter]) -> OptimizerState {
        OptimizerState(self, parameters: parameters)
    }
}

/// Updates parameters in place from their accumulated gradients, then clears the gradients.
public final class OptimizerState {
    /// The optimiser's settings.
    public let optimizer: Optimizer
    /// The parameters it updates, in order.
    public let parameters: [Parameter]
    private var first: [Tensor]
    private var second: [Tensor]
    /// Number of steps taken.
    public private(set) var steps = 0

    init(_ optimizer: Optimizer, parameters: [Parameter]) {
        self.optimizer = optimizer
        self.parameters = parameters
        first = parameters.map { Tensor(zeros: $0.shape) }
        switch optimizer {
        case .adam: second = parameters.map { Tensor(zeros: $0.shape) }
        case .sgd: second = []
        }
    }

    /// One update of every parameter that received a gradient.
    public func step() throws {
        steps += 1
        for (i, parameter) in parameters.enumerated() {
            guard let gradient = parameter.gradient else { continue }
            guard gradient.shape == parameter.shape else {
                throw TensorError.mismatch("optimizer step", parameter.shape, gradient.shape, "parameter vs gradient")
            }
            parameter.gradient = nil
            switch optimizer {
            case .sgd(let lr, let momentum):
                sgd(parameter, gradient, velocity: &first[i], lr: lr, momentum: momentum)
            case .adam(let lr, let beta1, let beta2, let epsilon):
                adam(parameter, gradient, m: &first[i], v: &second[i], lr: lr, b1: beta1, b2: beta2, eps: epsilon)
            }
        }
    }

    private func sgd(_ p: Parameter, _ g: Tensor, velocity: inout Tensor, lr: Float, momentum: Float) {
        UpdateKernels.sgd(parameter: &p.value, gradient: g, velocity: &velocity, lr: lr, momentum: momentum)
    }

    private func adam(
        _ p: Parameter, _ g: Tensor, m: inout Tensor, v: inout Tensor, lr: Float, b1: Float, b2: Float, eps: Float
    ) {
        let t = Float(steps)
        UpdateKernels.adam(
            parameter: &p.value, gradient: g, m: &m, v: &v, stepSize: lr / (1 - pow(b1, t)),
            rootScale: 1 / (1 - pow(b2, t)).squareRoot(), beta1: b1, beta2: b2, epsilon: eps)
    }
}

/// b^e for the bias corrections (computed in Double, once per step).
private func pow(_ b: Float, _ e: Float) -> Float {
    var result: Double = 1
    var base = Double(b)
    var k = Int(e)
    while k > 0 {
        if k & 1 == 1 { result *= base }
        base *= base
        k >>= 1
    }
    return Float(result)
}
