public import AggLMWire

/// One instance of every method, owned by one thread.
///
/// The learned aggregator and the built-in reward model come from a
/// checkpoint; without one, `agglm` and (for sets without client scores) the
/// reward-model methods are unavailable.
public struct MethodSuite {
    public var majority = MajorityVote()
    public var confidence = ConfidenceWeightedVote()
    public var shortest = ShortestAnswer()
    public var oracle = OracleMethod()
    public var policy: PolicyMethod?
    /// Scores members for `rm-best-of-n` and `rm-weighted` when the client sent no scores, and for the
    /// policy's choice of representatives.
    public var rewardModel: (any RewardScoring)?

    /// What the methods deciding on one set share, so it is computed at most once per set: the
    /// built-in reward model's member scores. Start a fresh value for every set.
    public struct SetScores {
        var builtin: [Double]?

        public init() {}
    }

    public init(policy: (any SetPolicy)? = nil, rewardModel: (any RewardScoring)? = nil) {
        self.policy = policy.map(PolicyMethod.init)
        self.rewardModel = rewardModel
    }

    public mutating func decide(_ method: Agglm_V1_Method, on set: CandidateSet) -> MethodResult {
        var shared = SetScores()
        return decide(method, on: set, shared: &shared)
    }

    /// - Parameter shared: this set's scores so far; pass the same value to every method deciding on `set`.
    public mutating func decide(_ method: Agglm_V1_Method, on set: CandidateSet, shared: inout SetScores) -> MethodResult {
        switch method {
        case .majority: return majority.decide(set)
        case .rmBestOfN: return RewardBestOfN.decide(set, rewards: rewardScores(for: set, shared: &shared))
        case .rmWeighted: return RewardWeightedVote.decide(set, rewards: rewardScores(for: set, shared: &shared))
        case .confidenceWeighted: return confidence.decide(set)
        case .shortest: return shortest.decide(set)
        case .oracle: return oracle.decide(set)
        case .agglm:
            guard var policy else { return .unavailable("no checkpoint loaded: the learned aggregator cannot run") }
            // A set with one answer cluster takes the policy's cheap path, which needs no scores.
            let memberScores = set.clusters.count > 1 ? builtinScores(for: set, shared: &shared) : nil
            let result = policy.decide(set, memberScores: memberScores)
            self.policy = policy
            return result
        case .unspecified, .UNRECOGNIZED:
            return .unavailable("unknown method")
        }
    }

    private mutating func rewardScores(for set: CandidateSet, shared: inout SetScores) -> (scores: [Double], source: Agglm_V1_ScoreSource)? {
        RewardScores.preferringClient(for: set) { builtinScores(for: set, shared: &shared) }
    }

    private mutating func builtinScores(for set: CandidateSet, shared: inout SetScores) -> [Double]? {
        if let scores = shared.builtin { return scores }
        guard var model = rewardModel else { return nil }
        let scores = model.scores(for: set)
        rewardModel = model
        shared.builtin = scores
        return scores
    }
}
