public import AggLMWire

/// One instance of every method, owned by one thread.
///
/// The learned aggregator and the built-in reward model come from a
/// checkpoint; without one, `agglm` and (for sets without client scores) the
/// reward-model methods are unavailable.
public struct MethodSuite {
    public var majority = MajorityVote()
    public var bestOfN: RewardBestOfN
    public var weighted: RewardWeightedVote
    public var confidence = ConfidenceWeightedVote()
    public var shortest = ShortestAnswer()
    public var oracle = OracleMethod()
    public var policy: PolicyMethod?

    public init(policy: (any SetPolicy)? = nil, rewardModel: (any RewardScoring)? = nil) {
        self.policy = policy.map(PolicyMethod.init)
        bestOfN = RewardBestOfN(builtin: rewardModel)
        weighted = RewardWeightedVote(builtin: rewardModel)
    }

    public mutating func decide(_ method: Agglm_V1_Method, on set: CandidateSet) -> MethodResult {
        switch method {
        case .majority: return majority.decide(set)
        case .rmBestOfN: return bestOfN.decide(set)
        case .rmWeighted: return weighted.decide(set)
        case .confidenceWeighted: return confidence.decide(set)
        case .shortest: return shortest.decide(set)
        case .oracle: return oracle.decide(set)
        case .agglm:
            guard var policy else { return .unavailable("no checkpoint loaded: the learned aggregator cannot run") }
            let result = policy.decide(set)
            self.policy = policy
            return result
        case .unspecified, .UNRECOGNIZED:
            return .unavailable("unknown method")
        }
    }
}
