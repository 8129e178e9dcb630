public import AggLMWire

/// Best-of-N: the answer of the candidate the reward model scores highest.
public struct RewardBestOfN: AggregationMethod {
    var rewards: RewardScores

    /// - Parameter builtin: the reward model used when the client sends no
    ///   scores; without it such sets are "unavailable".
    public init(builtin: (any RewardScoring)? = nil) {
        rewards = RewardScores(builtin: builtin)
    }

    public var method: Agglm_V1_Method { .rmBestOfN }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        Self.decide(set, rewards: rewards.scores(for: set))
    }

    /// The decision given the set's reward scores (nil: none available).
    static func decide(_ set: CandidateSet, rewards: (scores: [Double], source: Agglm_V1_ScoreSource)?) -> MethodResult {
        guard let (scores, source) = rewards else {
            return .unavailable(RewardScores.unavailableReason)
        }
        var outcome = ClusterScoring.bestMember(of: set) { scores[$0] }
        outcome.scoreSource = source
        return .decided(outcome)
    }
}
