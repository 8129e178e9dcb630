public import AggLMWire

/// Plurality vote over equivalent answers; abstaining candidates do not vote.
public struct MajorityVote: AggregationMethod {
    public init() {}

    public var method: Agglm_V1_Method { .majority }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        guard let (cluster, tie) = set.plurality else { return .decided(.noAnswer) }
        return .decided(MethodOutcome(cluster: cluster, score: Double(set.clusters[cluster].members.count), tie: tie))
    }
}
