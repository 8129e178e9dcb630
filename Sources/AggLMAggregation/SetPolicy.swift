/// The learned aggregation policy, as the aggregator sees it.
public protocol SetPolicy {
    /// Scores the clusters of a set that has at least two clusters.
    mutating func evaluate(_ set: CandidateSet) -> PolicyEvaluation
}

/// What the policy concluded about a set.
public struct PolicyEvaluation: Sendable, Equatable {
    /// One probability per cluster of the set, summing to 1.
    public var probabilities: [Double]
    /// Per cluster, the member position whose solution best represents it.
    public var bestMember: [Int]
    /// One sentence on why the top cluster won, from the policy's evidence.
    public var rationale: String

    public init(probabilities: [Double], bestMember: [Int], rationale: String) {
        self.probabilities = probabilities
        self.bestMember = bestMember
        self.rationale = rationale
    }
}
