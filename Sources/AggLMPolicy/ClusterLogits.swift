/// Validated per-set cluster logits: the common input of every policy objective. Set s owns
/// logits clusterOffsets[s]..<clusterOffsets[s+1], exactly as in `PolicyBatch`/`PolicyOutput`.
/// Computes log-probabilities once, in Double, from max-shifted log-sum-exp.
struct ClusterLogits {
    let clusterOffsets: [Int]
    /// log pi(c) for every cluster.
    let logProbabilities: [Double]

    var setCount: Int { clusterOffsets.count - 1 }

    func range(_ s: Int) -> Range<Int> { clusterOffsets[s]..<clusterOffsets[s + 1] }

    init(logits: [Float], clusterOffsets: [Int]) throws(PolicyError) {
        try Self.validateOffsets(clusterOffsets, clusterCount: logits.count)
        for (i, z) in logits.enumerated() where !z.isFinite {
            throw .invalidObjectiveInput("logits[\(i)] is not finite")
        }
        var logp = [Double](repeating: 0, count: logits.count)
        for s in 0..<(clusterOffsets.count - 1) {
            let r = clusterOffsets[s]..<clusterOffsets[s + 1]
            guard !r.isEmpty else { continue }
            let lse = Self.logSumExp(r.lazy.map { Double(logits[$0]) })
            for c in r { logp[c] = Double(logits[c]) - lse }
        }
        self.clusterOffsets = clusterOffsets
        self.logProbabilities = logp
    }

    /// Checks that `clusterOffsets` partitions `clusterCount` clusters into consecutive sets.
    static func validateOffsets(_ clusterOffsets: [Int], clusterCount: Int) throws(PolicyError) {
        guard clusterOffsets.count >= 1 else {
            throw .invalidObjectiveInput("clusterOffsets must hold at least one element (0)")
        }
        do {
            try PolicyBatch.checkOffsets(clusterOffsets, total: clusterCount, name: "clusterOffsets")
        } catch {
            throw .invalidObjectiveInput(error.description)
        }
    }

    /// log Σ exp(x), shifted by the maximum; -infinity for an empty sequence.
    static func logSumExp(_ xs: some Sequence<Double>) -> Double {
        let m = xs.reduce(-Double.infinity) { max($0, $1) }
        guard m.isFinite else { return m }
        let sum = xs.reduce(0.0) { $0 + Math.exp($1 - m) }
        return m + Math.log(sum)
    }
}
