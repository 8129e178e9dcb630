public import AggLMAggregation
import AggLMFeatures

extension MethodSuite {
    /// Every method of one thread, with the learned policy behind `agglm`
    /// and the built-in reward model behind `rm-best-of-n` and `rm-weighted`,
    /// sharing one feature cache so a problem's features are computed once.
    public static func learned(_ aggregator: LearnedAggregator, anonymous: Bool = false) -> MethodSuite {
        let cache = ProblemFeatureCache()
        return MethodSuite(
            policy: LearnedPolicy(aggregator: aggregator, anonymous: anonymous, cache: cache),
            rewardModel: LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache))
    }
}
