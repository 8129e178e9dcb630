public import AggLMFeatures
public import AggLMPolicy

/// Dev sets in which every problem carries a client score channel of one quality: one probe per
/// simulated noise level of the recipe, and one with the scores of the policy's own reward model
/// (trained with the policy, never on dev problems).
///
/// The training stand-ins are simulated reward models, which are never misleading, so dev sets drawn
/// like them cannot show what a weak real reward model does to the decision. The reward model's scores
/// can: on one-model MATH pools they rank wrong samples above right ones often enough that following
/// them loses to majority vote. The calibration of the kinds of pool with scores is fitted to the worst
/// of these probes (`DecisionCalibrationFit`), not to their mix, because a client's channel is one of
/// them, not an average.
public enum ScoreChannelProbes {
    /// - Parameter dev: the dev problems without stand-in scores.
    public static func devSets(
        _ dev: FeaturedProblems, config: TrainingConfig, rewardModel: RewardModelNetwork, vocabulary: ModelVocabulary, threads: Int
    ) -> [DevSet] {
        var channels = config.standInNoiseLevels.map { StandInScores(noiseLevels: [$0], rate: 1, seed: config.seed) }
            .map { $0.apply(to: dev) }
        let modelScores = OutOfFoldRewardScores.score(dev, rewardModel: rewardModel, vocabulary: vocabulary, threads: threads)
        channels.append(StandInScores(noiseLevels: [], rate: 1, seed: config.seed, rewardModelLevel: true).apply(to: dev, modelScores: modelScores))
        return channels.map { DevSet($0, config: config, vocabulary: vocabulary, threads: threads) }
    }
}
