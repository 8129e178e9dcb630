public import AggLMAggregation

/// How hard a candidate set is for voting (the AggLM paper's split).
public enum SetBucket: String, Sendable, CaseIterable {
    /// The majority answer is right.
    case easy
    /// The majority is wrong but some candidate is right: only a method that
    /// can back a minority recovers these.
    case hard
    /// No candidate is right: no selection method can succeed.
    case none

    /// Nil when the problem has no usable gold.
    public init?(_ set: CandidateSet) {
        guard set.problem.goldAnswer != nil else { return nil }
        let anyRight = set.clusters.indices.contains { set.isCorrect(cluster: $0) == true }
        guard anyRight else {
            self = .none
            return
        }
        let majorityRight = set.plurality.map { set.isCorrect(cluster: $0.cluster) == true } ?? false
        self = majorityRight ? .easy : .hard
    }
}
