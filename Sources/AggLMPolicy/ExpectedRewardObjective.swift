/// The non-RL alternatives to GRPO on cluster logits, both with exact gradients, averaged over the
/// contributing sets. `clusterRewards` holds one reward per cluster (1 = equivalent to gold, 0 =
/// wrong; fractional values are allowed).
public enum ExpectedRewardObjective {
    /// L = -mean_s Σ_c pi_s(c) r_c (maximise the expected reward of the chosen cluster).
    /// dL/dz_c = -p_c (r_c - Σ_c' p_c' r_c') / S'. Every set with clusters contributes.
    public static func expectedReward(
        logits: [Float], clusterOffsets: [Int], clusterRewards: [Float], dLogits: inout [Float]
    ) throws(PolicyError) -> Float {
        let sets = try validated(logits: logits, clusterOffsets: clusterOffsets, clusterRewards: clusterRewards)
        var gradient = [Double](repeating: 0, count: logits.count)
        var total = 0.0
        var active = 0
        for s in 0..<sets.setCount {
            let r = sets.range(s)
            guard !r.isEmpty else { continue }
            active += 1
            let expected = r.reduce(0.0) { $0 + Math.exp(sets.logProbabilities[$1]) * Double(clusterRewards[$1]) }
            total += expected
            for c in r { gradient[c] = -Math.exp(sets.logProbabilities[c]) * (Double(clusterRewards[c]) - expected) }
        }
        let scale = active > 0 ? 1.0 / Double(active) : 0
        dLogits = gradient.map { Float($0 * scale) }
        return Float(-total * scale)
    }

    /// L = -mean_s log Σ_{c: r_c > 0} pi_s(c) r_c (cross-entropy to the correct clusters, i.e. the
    /// log of the expected reward); sets with no rewarded cluster carry no signal and are skipped.
    /// With q_c ∝ p_c r_c on the set: dL/dz_c = (p_c - q_c) / S'.
    public static func crossEntropy(
        logits: [Float], clusterOffsets: [Int], clusterRewards: [Float], dLogits: inout [Float]
    ) throws(PolicyError) -> Float {
        let sets = try validated(logits: logits, clusterOffsets: clusterOffsets, clusterRewards: clusterRewards)
        var gradient = [Double](repeating: 0, count: logits.count)
        var total = 0.0
        var active = 0
        for s in 0..<sets.setCount {
            let r = sets.range(s)
            let rewarded = r.filter { clusterRewards[$0] > 0 }
            guard !rewarded.isEmpty else { continue }
            active += 1
            let logTarget = ClusterLogits.logSumExp(rewarded.lazy.map { sets.logProbabilities[$0] + Math.log(Double(clusterRewards[$0])) })
            total -= logTarget
            for c in r { gradient[c] = Math.exp(sets.logProbabilities[c]) }
            for c in rewarded {
                gradient[c] -= Math.exp(sets.logProbabilities[c] + Math.log(Double(clusterRewards[c])) - logTarget)
            }
        }
        let scale = active > 0 ? 1.0 / Double(active) : 0
        dLogits = gradient.map { Float($0 * scale) }
        return Float(total * scale)
    }

    private static func validated(logits: [Float], clusterOffsets: [Int], clusterRewards: [Float]) throws(PolicyError) -> ClusterLogits {
        guard clusterRewards.count == logits.count else {
            throw .invalidObjectiveInput("clusterRewards has \(clusterRewards.count) elements, expected \(logits.count)")
        }
        for (i, r) in clusterRewards.enumerated() where !(r >= 0 && r.isFinite) {
            throw .invalidObjectiveInput("clusterRewards[\(i)] = \(r) must be finite and non-negative")
        }
        return try ClusterLogits(logits: logits, clusterOffsets: clusterOffsets)
    }
}
