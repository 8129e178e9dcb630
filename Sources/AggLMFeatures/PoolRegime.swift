public import AggLMAggregation

/// The kind of pool a candidate set comes from, as far as the set itself tells: whether the client
/// named one generator, several or none, and whether it sent reward scores for every answer.
///
/// Signals the policy learned in one kind of pool (which model said what, in a mixed pool) do not
/// exist in another (a one-model pool), so how far the policy may overturn the vote is decided per
/// regime (`DecisionCalibration`), from dev sets of that regime only.
public struct PoolRegime: Hashable, Sendable {
    public enum Names: String, Sendable, CaseIterable {
        /// Every named member carries the same model name: one generator sampled several times.
        case oneModel = "one-model"
        /// At least two different model names.
        case severalModels = "several-models"
        /// No names (the client sent none, or the policy runs anonymous).
        case unnamed
    }

    public var names: Names
    /// Every answering member carries a client `rewardScore` (the rule the reward-model methods use).
    public var clientScores: Bool

    public init(names: Names, clientScores: Bool) {
        self.names = names
        self.clientScores = clientScores
    }

    public init(set: CandidateSet, anonymous: Bool) {
        var first: String?
        var several = false
        if !anonymous {
            for position in set.members.indices {
                let model = set.candidate(position).model
                guard !model.isEmpty else { continue }
                if let first, first != model { several = true; break }
                if first == nil { first = model }
            }
        }
        names = first == nil ? .unnamed : (several ? .severalModels : .oneModel)
        var scored = set.answeringCount > 0
        for position in set.members.indices where set.clusterOfMember[position] >= 0 && set.candidate(position).rewardScore == nil {
            scored = false
            break
        }
        clientScores = scored
    }

    /// The same set seen without model names.
    public var withoutNames: PoolRegime { PoolRegime(names: .unnamed, clientScores: clientScores) }

    /// Every regime, in a fixed order.
    public static let all: [PoolRegime] = Names.allCases.flatMap { names in [false, true].map { PoolRegime(names: names, clientScores: $0) } }

    /// Stable name, used as the checkpoint metadata key: "one-model", "unnamed+scores", ...
    public var key: String { names.rawValue + (clientScores ? "+scores" : "") }

    public init?(key: String) {
        guard let regime = Self.all.first(where: { $0.key == key }) else { return nil }
        self = regime
    }
}
