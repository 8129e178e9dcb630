/// Binary cross-entropy with logits, mean over `count` examples, in the overflow-free form
/// max(x, 0) - x*y + log(1 + exp(-|x|)). Labels are in [0, 1].
public enum BinaryCrossEntropy {
    public static func forward(logits: UnsafePointer<Float>, labels: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return 0 }
        var total: Double = 0
        for i in 0..<count {
            let x = logits[i], y = labels[i]
            total += Double(max(x, 0) - x * y + Math.log1p(Math.exp(-abs(x))))
        }
        return Float(total / Double(count))
    }

    /// dLogits[i] += (sigmoid(x_i) - y_i) / count.
    public static func backward(
        dLogits: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
        labels: UnsafePointer<Float>, count: Int
    ) {
        guard count > 0 else { return }
        let inv = 1 / Float(count)
        for i in 0..<count {
            dLogits[i] += (sigmoid(logits[i]) - labels[i]) * inv
        }
    }

    /// Numerically stable logistic function.
    public static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Math.exp(-x)) }
        let e = Math.exp(x)
        return e / (1 + e)
    }
}
