/// The learned aggregation policy, as the aggregator sees it.
public protocol SetPolicy {
    /// Scores the clusters of a set that has at least two clusters.
    /// - Parameter memberScores: the built-in reward model's score per member of `set` when the caller
    ///   already has them (the policy then does not run a reward model of its own); nil: the policy
    ///   scores the members itself.
    mutating func evaluate(_ set: CandidateSet, memberScores: [Double]?) -> PolicyEvaluation

    /// One sentence on why the top cluster of `evaluation` (this policy's, on `set`) won. Separate from
    /// `evaluate` because only a reply to a client carries it: comparisons never build the string.
    mutating func rationale(for set: CandidateSet, evaluation: PolicyEvaluation) -> String

    /// Shows the policy every set of one batch (a request's problems) before it decides any of them,
    /// for decisions that depend on the batch (the learned policy estimates the client's score channel
    /// over it, `ScoreChannelAgreement`); nil ends the batch, so later sets are decided alone.
    mutating func prepareBatch(_ sets: [CandidateSet]?)
}

extension SetPolicy {
    /// A policy whose decisions do not depend on the batch ignores it.
    public mutating func prepareBatch(_ sets: [CandidateSet]?) {}
}

/// What the policy concluded about a set.
public struct PolicyEvaluation: Sendable, Equatable {
    /// One probability per cluster of the set, summing to 1.
    public var probabilities: [Double]
    /// Per cluster, the member position whose solution best represents it.
    public var bestMember: [Int]
    /// Per member, the reward-model score the representatives were chosen by.
    public var memberScores: [Double]

    public init(probabilities: [Double], bestMember: [Int], memberScores: [Double]) {
        self.probabilities = probabilities
        self.bestMember = bestMember
        self.memberScores = memberScores
    }
}
