/// Per-cluster outputs of a policy forward pass, in the batch's global cluster order.
/// Reuse one value across calls: forward overwrites it in place and keeps its capacity.
public struct PolicyOutput: Sendable, Equatable {
    public var logits: [Float]
    /// Softmax of `logits` within each set's cluster range: the policy.
    public var probabilities: [Float]

    public init(logits: [Float] = [], probabilities: [Float] = []) {
        self.logits = logits
        self.probabilities = probabilities
    }

    mutating func overwrite(logits l: UnsafePointer<Float>, probabilities p: UnsafePointer<Float>, count: Int) {
        logits.removeAll(keepingCapacity: true)
        logits.append(contentsOf: UnsafeBufferPointer(start: l, count: count))
        probabilities.removeAll(keepingCapacity: true)
        probabilities.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }
}
