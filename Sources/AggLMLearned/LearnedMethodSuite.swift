public import AggLMAggregation
import AggLMFeatures
public import AggLMSupport

extension MethodSuite {
    /// Every method of one thread, with the learned policy behind `agglm`
    /// and the built-in reward model behind `rm-best-of-n` and `rm-weighted`,
    /// sharing one feature cache and one reward model, so a problem's features, a set's encoding and its
    /// reward scores are computed once per aggregation. `assist` shares the features' per-candidate text
    /// scans with a second thread (the results do not change).
    public static func learned(_ aggregator: LearnedAggregator, anonymous: Bool = false, assist: AssistThread? = nil) -> MethodSuite {
        let cache = ProblemFeatureCache(assist: assist)
        let rewardModel = LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache)
        return MethodSuite(
            policy: LearnedPolicy(aggregator: aggregator, anonymous: anonymous, cache: cache, rewardModel: rewardModel),
            rewardModel: rewardModel)
    }
}
