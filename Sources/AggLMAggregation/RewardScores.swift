import AggLMWire

/// A reward model that scores candidates (the outcome RM built into a
/// checkpoint implements this).
public protocol RewardScoring {
    /// Per member of `set`, the estimated probability that its answer is
    /// correct, in [0, 1].
    mutating func scores(for set: CandidateSet) -> [Double]
}

/// Where the reward-model baselines get their scores: the client's own
/// `rewardScore` when every answering candidate has one, otherwise the
/// built-in reward model when there is one, otherwise nowhere.
struct RewardScores {
    var builtin: (any RewardScoring)?

    /// Scores per member, and their source; nil when unavailable.
    mutating func scores(for set: CandidateSet) -> (scores: [Double], source: Agglm_V1_ScoreSource)? {
        Self.preferringClient(for: set) {
            guard var model = builtin else { return nil }
            let scores = model.scores(for: set)
            builtin = model
            return scores
        }
    }

    /// The rule every reward-model method follows: the client's scores when every answering member has
    /// one, else `builtinScores()` (asked only then; nil when there is no built-in model).
    static func preferringClient(
        for set: CandidateSet, builtinScores: () -> [Double]?
    ) -> (scores: [Double], source: Agglm_V1_ScoreSource)? {
        if let client = clientScores(for: set) { return (client, .client) }
        return builtinScores().map { ($0, .builtin) }
    }

    /// The client's scores per member when every answering member has one (nil otherwise).
    static func clientScores(for set: CandidateSet) -> [Double]? {
        var client = [Double](repeating: 0, count: set.members.count)
        var complete = true
        for position in set.members.indices where set.clusterOfMember[position] >= 0 {
            guard let score = set.candidate(position).rewardScore else {
                complete = false
                break
            }
            client[position] = score
        }
        return complete && set.answeringCount > 0 ? client : nil
    }

    static let unavailableReason =
        "no reward scores: send Candidate.reward_score for every candidate or use a checkpoint with a reward model"
}

extension CandidateSet {
    /// The client's reward score per member when every answering member has one (nil otherwise): the
    /// rule the reward-model methods follow, for code outside this module.
    public var clientRewardScores: [Double]? { RewardScores.clientScores(for: self) }
}
