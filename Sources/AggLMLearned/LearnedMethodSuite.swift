public import AggLMAggregation
import AggLMFeatures
public import AggLMSupport

extension MethodSuite {
    /// Every method of one thread, with the learned policy behind `agglm`
    /// and the built-in reward model behind `rm-best-of-n` and `rm-weighted`,
    /// sharing one feature cache, so a problem's features and a set's encoding are computed once per
    /// aggregation (and the suite hands a set's reward scores to every method that needs them). `assist` shares the features' per-candidate text
    /// scans with a second thread (the results do not change).
    public static func learned(_ aggregator: LearnedAggregator, anonymous: Bool = false, assist: AssistThread? = nil) -> MethodSuite {
        let cache = ProblemFeatureCache(assist: assist)
        return MethodSuite(
            policy: LearnedPolicy(aggregator: aggregator, anonymous: anonymous, cache: cache),
            rewardModel: LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache))
    }
}
