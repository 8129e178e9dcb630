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

    /// The greedy choice per set: the global index of the most probable cluster (lowest index on a
    /// tie, so the choice is deterministic), or -1 for a set without clusters. Every entry is -1
    /// when `clusterOffsets` (the batch's) does not partition `probabilities`.
    public func chosenClusters(clusterOffsets: [Int]) -> [Int] {
        do {
            try ClusterLogits.validateOffsets(clusterOffsets, clusterCount: probabilities.count)
        } catch {
            return [Int](repeating: -1, count: max(clusterOffsets.count - 1, 0))
        }
        var chosen: [Int] = []
        chosen.reserveCapacity(clusterOffsets.count - 1)
        for s in 0..<(clusterOffsets.count - 1) {
            let lo = clusterOffsets[s], hi = clusterOffsets[s + 1]
            guard lo < hi else { chosen.append(-1); continue }
            var best = lo
            for c in (lo + 1)..<hi where probabilities[c] > probabilities[best] { best = c }
            chosen.append(best)
        }
        return chosen
    }

    mutating func overwrite(logits l: UnsafePointer<Float>, probabilities p: UnsafePointer<Float>, count: Int) {
        logits.removeAll(keepingCapacity: true)
        logits.append(contentsOf: UnsafeBufferPointer(start: l, count: count))
        probabilities.removeAll(keepingCapacity: true)
        probabilities.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }
}
