public import AggLMWire

/// The learned aggregator as an `AggregationMethod`.
///
/// When every answering candidate agrees (one cluster) it answers on the
/// cheap path without running the policy: no choice is left to learn.
public struct PolicyMethod: AggregationMethod {
    public var policy: any SetPolicy

    public init(policy: any SetPolicy) {
        self.policy = policy
    }

    public var method: Agglm_V1_Method { .agglm }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        decide(set, memberScores: nil)
    }

    /// - Parameter memberScores: the built-in reward model's scores of `set`'s members, when known.
    public mutating func decide(_ set: CandidateSet, memberScores: [Double]?) -> MethodResult {
        switch set.clusters.count {
        case 0: return .decided(.noAnswer)
        case 1: return .decided(MethodOutcome(cluster: 0, score: 1))
        default:
            let evaluation = policy.evaluate(set, memberScores: memberScores)
            var best = 0
            var tie = false
            for index in evaluation.probabilities.indices.dropFirst() {
                if evaluation.probabilities[index] > evaluation.probabilities[best] {
                    best = index
                    tie = false
                } else if evaluation.probabilities[index] == evaluation.probabilities[best] {
                    tie = true
                }
            }
            return .decided(MethodOutcome(cluster: best, score: evaluation.probabilities[best], tie: tie, policyEvaluation: evaluation))
        }
    }
}
