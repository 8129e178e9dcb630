public import AggLMAggregation
import AggLMFeatures

extension MethodSuite {
    /// Every method of one thread, with the learned policy behind `agglm`
    /// and the built-in reward model behind `rm-best-of-n` and `rm-weighted`,
    /// sharing one feature cache and one reward model, so a problem's features, a set's encoding and its
    /// reward scores are computed once per aggregation.
    public static func learned(_ aggregator: LearnedAggregator, anonymous: Bool = false) -> MethodSuite {
        let cache = ProblemFeatureCache()
        let rewardModel = LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache)
        return MethodSuite(
            policy: LearnedPolicy(aggregator: aggregator, anonymous: anonymous, cache: cache, rewardModel: rewardModel),
            rewardModel: rewardModel)
    }
}
