/// Adam moments for one flat parameter buffer (same layout as the parameters and gradients).
public struct AdamState: Sendable, Equatable {
    public var m: [Float]
    public var v: [Float]
    /// Updates taken so far (t in the bias corrections).
    public var step: Int

    public init(parameterCount: Int) {
        m = [Float](repeating: 0, count: parameterCount)
        v = [Float](repeating: 0, count: parameterCount)
        step = 0
    }

    public init(m: [Float], v: [Float], step: Int) {
        self.m = m
        self.v = v
        self.step = step
    }
}

/// AdamW (decoupled weight decay, Loshchilov & Hutter) with optional clipping of the gradient by
/// its global L2 norm, as llm.c's adamw_update. Weight decay applies only to tensors whose
/// `TensorSpec.decays` is true (dense weights, not biases or embeddings).
public struct Adam: Sendable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// Clip so the global gradient norm is at most this; nil = no clipping.
    public var maxGradientNorm: Float?

    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0, maxGradientNorm: Float? = 1
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.maxGradientNorm = maxGradientNorm
    }

    /// The L2 norm of `gradients` (accumulated in Double).
    static func globalNorm(_ gradients: [Float]) -> Float {
        Float(gradients.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
    }

    /// One AdamW step on `parameters` from `gradients` (not modified; the clipping factor is applied
    /// on the fly). Returns the gradient norm before clipping. Throws, changing nothing, when the
    /// sizes disagree or the gradient is not finite (a NaN step would silently ruin the model).
    @discardableResult
    public func update(parameters: inout [Float], gradients: [Float], state: inout AdamState, layout: ParameterLayout) throws(PolicyError) -> Float {
        let count = layout.parameterCount
        for (what, n) in [("parameters", parameters.count), ("gradients", gradients.count), ("Adam m", state.m.count), ("Adam v", state.v.count)] where n != count {
            throw .bufferSizeMismatch(what: what, expected: count, found: n)
        }
        let norm = Self.globalNorm(gradients)
        guard norm.isFinite else { throw .invalidObjectiveInput("gradient norm is not finite") }
        var scale: Float = 1
        if let maxNorm = maxGradientNorm, norm > maxNorm { scale = maxNorm / norm }
        state.step += 1
        let t = Double(state.step)
        let correction1 = Float(1 - pow(Double(beta1), t))
        let correction2 = Float(1 - pow(Double(beta2), t))
        for (tensor, offset) in zip(layout.tensors, layout.offsets) {
            let decay = tensor.decays ? weightDecay : 0
            for i in offset..<(offset + tensor.elementCount) {
                let g = gradients[i] * scale
                let m = beta1 * state.m[i] + (1 - beta1) * g
                let v = beta2 * state.v[i] + (1 - beta2) * g * g
                state.m[i] = m
                state.v[i] = v
                let mHat = m / correction1
                let vHat = v / correction2
                parameters[i] -= learningRate * (mHat / (vHat.squareRoot() + epsilon) + decay * parameters[i])
            }
        }
        return norm
    }

    /// x^n by repeated squaring (keeps libm out of the update's determinism story).
    private func pow(_ x: Double, _ n: Double) -> Double {
        var result = 1.0, base = x, e = Int(n)
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }
}
