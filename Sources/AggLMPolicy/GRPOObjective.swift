public import AggLMSupport
/// GRPO on cluster logits (Shao et al. 2024, as used by the AggLM paper), for one on-policy update
/// per sampled group (so the PPO ratio is 1 and its clipping is inactive):
///
///     A_sj = (r_sj - mean_j r_sj) / (std_j r_sj + advantageEpsilon)        group-normalised
///     L    = mean_s [ -(1/G) Σ_j A_sj log pi_s(a_sj) + beta KL(pi_s || pi_ref,s) ]
///
/// with the exact gradient with respect to the logits. Sets without clusters are skipped (and do
/// not count in the mean); a group whose rewards are all equal has zero advantages, hence only
/// the KL term.
public struct GRPOObjective: Sendable, Equatable {
    /// G: sampled actions per set.
    public var groupSize: Int
    /// beta: weight of KL(pi || pi_ref).
    public var klCoefficient: Float
    /// Added to the group's standard deviation (population std) before dividing.
    public var advantageEpsilon: Float
    /// Advantages `r - mean` without the division by the group's std (as in Dr. GRPO, Liu et al.
    /// 2025), so a set whose rewards spread wider (a shaped penalty) pulls harder.
    public var centered: Bool
    /// pi_ref probabilities below this are clamped before the log (a reference that assigns
    /// exactly zero would make the KL infinite).
    static let referenceFloor: Double = 1e-30

    public init(groupSize: Int = 8, klCoefficient: Float = 0.04, advantageEpsilon: Float = 1e-4, centered: Bool = false) {
        self.groupSize = groupSize
        self.klCoefficient = klCoefficient
        self.advantageEpsilon = advantageEpsilon
        self.centered = centered
    }

    /// Terms of the loss, each averaged over the sets that have clusters.
    public struct Result: Sendable, Equatable {
        public var loss: Float
        public var surrogate: Float
        public var kl: Float
        public var meanReward: Float
        /// Sets that contributed (at least one cluster).
        public var activeSets: Int
    }

    /// Samples `groupSize` clusters per set from `probabilities` (inverse CDF on one uniform per
    /// draw). Returns S x G GLOBAL cluster indices, -1 for every draw of a set without clusters.
    public func sampleActions(probabilities: [Float], clusterOffsets: [Int], rng: inout SplitMix64) throws(PolicyError) -> [Int32] {
        guard groupSize >= 1 else { throw .invalidObjectiveInput("groupSize must be at least 1") }
        try ClusterLogits.validateOffsets(clusterOffsets, clusterCount: probabilities.count)
        // Softmax output may exceed 1 by an ulp; draws are normalised by each set's total anyway.
        for (i, p) in probabilities.enumerated() where !(p >= 0 && p.isFinite) {
            throw .invalidObjectiveInput("probabilities[\(i)] = \(p) must be finite and non-negative")
        }
        let setCount = clusterOffsets.count - 1
        var actions = [Int32](repeating: -1, count: setCount * groupSize)
        for s in 0..<setCount {
            let r = clusterOffsets[s]..<clusterOffsets[s + 1]
            guard let last = r.last else { continue }
            let total = r.reduce(0.0) { $0 + Double(probabilities[$1]) }
            for j in 0..<groupSize {
                let u = rng.nextUnitDouble() * total
                var cumulative = 0.0
                var chosen = last  // rounding can leave u just above the final cumulative sum
                for c in r {
                    cumulative += Double(probabilities[c])
                    if u < cumulative { chosen = c; break }
                }
                actions[s * groupSize + j] = Int32(chosen)
            }
        }
        return actions
    }

    /// (r - mean) / (std + epsilon) within each consecutive group of `groupSize` rewards (r - mean when `centered`).
    public func advantages(rewards: [Float]) throws(PolicyError) -> [Float] {
        guard groupSize >= 1, rewards.count % groupSize == 0 else {
            throw .invalidObjectiveInput("rewards count \(rewards.count) is not a multiple of groupSize \(groupSize)")
        }
        var out = [Float](repeating: 0, count: rewards.count)
        for start in stride(from: 0, to: rewards.count, by: groupSize) {
            let group = rewards[start..<(start + groupSize)].map(Double.init)
            let mean = group.reduce(0, +) / Double(groupSize)
            let variance = group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(groupSize)
            let denominator = centered ? 1 : variance.squareRoot() + Double(advantageEpsilon)
            for j in 0..<groupSize { out[start + j] = Float((group[j] - mean) / denominator) }
        }
        return out
    }

    /// Loss and dLoss/dLogits (written to `dLogits`, resized to logits.count).
    /// `actions`/`rewards`: S x G (from `sampleActions` and the caller's verifier);
    /// `referenceProbabilities`: pi_ref per cluster (e.g. the initial policy's output on this batch).
    public func lossAndGradient(
        logits: [Float], clusterOffsets: [Int], actions: [Int32], rewards: [Float],
        referenceProbabilities: [Float], dLogits: inout [Float]
    ) throws(PolicyError) -> Result {
        let sets = try ClusterLogits(logits: logits, clusterOffsets: clusterOffsets)
        let g = groupSize
        guard g >= 1, actions.count == sets.setCount * g, rewards.count == actions.count else {
            throw .invalidObjectiveInput("actions (\(actions.count)) and rewards (\(rewards.count)) must both hold sets (\(sets.setCount)) x groupSize (\(g))")
        }
        guard referenceProbabilities.count == logits.count else {
            throw .invalidObjectiveInput("referenceProbabilities has \(referenceProbabilities.count) elements, expected \(logits.count)")
        }
        for (i, r) in rewards.enumerated() where !r.isFinite { throw .invalidObjectiveInput("rewards[\(i)] is not finite") }
        for (i, q) in referenceProbabilities.enumerated() where !(q >= 0 && q.isFinite) {
            throw .invalidObjectiveInput("referenceProbabilities[\(i)] = \(q) must be finite and non-negative")
        }
        let advantage = try advantages(rewards: rewards)
        let activeSets = (0..<sets.setCount).filter { !sets.range($0).isEmpty }.count
        for s in 0..<sets.setCount {
            let r = sets.range(s)
            for j in 0..<g {
                let a = Int(actions[s * g + j])
                guard r.isEmpty ? a == -1 : r.contains(a) else {
                    throw .invalidObjectiveInput("actions[\(s * g + j)] = \(a) is not a cluster of set \(s) (\(r))")
                }
            }
        }
        var gradient = [Double](repeating: 0, count: logits.count)
        var surrogate = 0.0, kl = 0.0, rewardSum = 0.0
        let beta = Double(klCoefficient)
        for s in 0..<sets.setCount {
            let r = sets.range(s)
            guard !r.isEmpty else { continue }
            // Policy-gradient part: d(-A log p_a)/dz_c = -A (1[c = a] - p_c), averaged over G.
            for j in 0..<g {
                let a = Int(actions[s * g + j])
                let adv = Double(advantage[s * g + j]) / Double(g)
                surrogate -= adv * sets.logProbabilities[a]
                rewardSum += Double(rewards[s * g + j])
                gradient[a] -= adv
                for c in r { gradient[c] += adv * Math.exp(sets.logProbabilities[c]) }
            }
            // KL part: dKL/dz_c = p_c (log p_c - log q_c - KL).
            var klSet = 0.0
            for c in r {
                let logp = sets.logProbabilities[c]
                klSet += Math.exp(logp) * (logp - Math.log(max(Double(referenceProbabilities[c]), Self.referenceFloor)))
            }
            kl += klSet
            for c in r {
                let logp = sets.logProbabilities[c]
                let logq = Math.log(max(Double(referenceProbabilities[c]), Self.referenceFloor))
                gradient[c] += beta * Math.exp(logp) * (logp - logq - klSet)
            }
        }
        let scale = activeSets > 0 ? 1.0 / Double(activeSets) : 0
        dLogits = gradient.map { Float($0 * scale) }
        return Result(
            loss: Float((surrogate + beta * kl) * scale), surrogate: Float(surrogate * scale),
            kl: Float(kl * scale), meanReward: Float(rewardSum * scale / Double(g)), activeSets: activeSets)
    }
}
