public import AggLMAnswers

/// A subset of a problem's candidates, clustered by answer equivalence: the
/// unit every aggregation method decides on.
///
/// Invariants: `members` are distinct indices into `problem.candidates`;
/// `clusters` are ordered by votes (descending) then canonical key, with
/// member positions referring to `members`; `clusterOfMember[i]` is the
/// cluster of member `i`, or -1 when it abstains. None of this depends on
/// the order of `members` beyond the positions themselves.
public struct CandidateSet: Sendable {
    public let problem: PreparedProblem
    public let members: [Int]
    public let clusters: [AnswerCluster]
    public let clusterOfMember: [Int]

    public init(problem: PreparedProblem, members: [Int]) {
        self.problem = problem
        self.members = members
        clusters = AnswerClustering.clusters(of: members.map { problem.candidates[$0].answer })
        var clusterOf = [Int](repeating: -1, count: members.count)
        for (index, cluster) in clusters.enumerated() {
            for position in cluster.members { clusterOf[position] = index }
        }
        clusterOfMember = clusterOf
    }

    public func candidate(_ position: Int) -> PreparedCandidate { problem.candidates[members[position]] }

    /// Number of members that gave an answer.
    public var answeringCount: Int { clusterOfMember.lazy.filter { $0 >= 0 }.count }

    /// Whether cluster `index` equals gold; nil without usable gold.
    public func isCorrect(cluster index: Int) -> Bool? {
        guard problem.goldAnswer != nil, let position = clusters[index].members.first else { return nil }
        return problem.isCorrect[members[position]]
    }

    /// The cluster the most candidates support; ties go to the earlier
    /// cluster in the canonical order, and are reported.
    public var plurality: (cluster: Int, tie: Bool)? {
        guard let first = clusters.first else { return nil }
        return (0, clusters.count > 1 && clusters[1].members.count == first.members.count)
    }
}
