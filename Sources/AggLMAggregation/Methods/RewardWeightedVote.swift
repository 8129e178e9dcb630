import AggLMWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Majority vote where each candidate's vote weighs its reward score.
///
/// Weights must be non-negative: scores already in [0, 1] (probabilities,
/// as the built-in model gives) are used as they are; any other scale is
/// read as logits and turned into weights by a softmax over the set, which
/// keeps their order and ratios of odds.
struct RewardWeightedVote: AggregationMethod {
    var rewards: RewardScores

    init(builtin: (any RewardScoring)? = nil) {
        rewards = RewardScores(builtin: builtin)
    }

    var method: Agglm_V1_Method { .rmWeighted }

    mutating func decide(_ set: CandidateSet) -> MethodResult {
        Self.decide(set, rewards: rewards.scores(for: set))
    }

    /// The decision given the set's reward scores (nil: none available).
    static func decide(_ set: CandidateSet, rewards: (scores: [Double], source: Agglm_V1_ScoreSource)?) -> MethodResult {
        guard let (scores, source) = rewards else {
            return .unavailable(RewardScores.unavailableReason)
        }
        var outcome = ClusterScoring.best(of: set, weights: Self.weights(scores, set: set))
        outcome.scoreSource = source
        return .decided(outcome)
    }

    static func weights(_ scores: [Double], set: CandidateSet) -> [Double] {
        let answering = set.members.indices.filter { set.clusterOfMember[$0] >= 0 }.map { scores[$0] }
        if answering.allSatisfy({ (0...1).contains($0) }) { return scores }
        let top = answering.max() ?? 0
        return scores.map { ($0 - top).clampedExp }
    }
}

extension Double {
    /// exp(self), with non-finite inputs mapped to 0 weight.
    var clampedExp: Double {
        guard isFinite else { return 0 }
        return exp(self)
    }
}
