public import AggLMWire

/// The upper bound of any selection method: right whenever some candidate
/// is right. Evaluation only: it needs gold.
public struct OracleMethod: AggregationMethod {
    public init() {}

    public var method: Agglm_V1_Method { .oracle }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        guard set.problem.goldAnswer != nil else { return .unavailable("the oracle needs a gold answer") }
        for index in set.clusters.indices where set.isCorrect(cluster: index) == true {
            return .decided(MethodOutcome(cluster: index, score: 1))
        }
        guard let (cluster, _) = set.plurality else { return .decided(.noAnswer) }
        return .decided(MethodOutcome(cluster: cluster, score: 0))
    }
}
