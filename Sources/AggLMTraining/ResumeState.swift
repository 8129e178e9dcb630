public import AggLMFeatures
import AggLMPolicy
import AggLMLearned

/// Saving and restoring a `TrainingState` between runs.
///
/// The resumable file is an ordinary checkpoint of the latest networks with
/// both Adam states and the epoch counters in metadata; the best networks so
/// far live in the run's output checkpoint, which `load` reads back. After a
/// supervised warm-up, the warmed-up policy (GRPO's KL anchor) is saved beside
/// it as `PATH.warmup`, a checkpoint of the same kind.
public enum ResumeState {
    static let epochKey = "resume_epoch"
    static let bestScoreKey = "resume_best_score"
    static let bestEpochKey = "resume_best_epoch"

    public static func save(_ state: TrainingState, to path: String, vocabulary: ModelVocabulary, metadata: [String: String]) throws {
        var all = metadata
        all[epochKey] = String(state.epoch)
        all[bestScoreKey] = String(state.bestScore)
        all[bestEpochKey] = String(state.bestEpoch)
        try LearnedAggregator(policy: state.policy, rewardModel: state.rewardModel, vocabulary: vocabulary, metadata: all)
            .save(to: path, policyOptimizer: state.policyOptimizer, rewardModelOptimizer: state.rewardModelOptimizer)
        if let warmedUp = state.warmedUpPolicy {
            try LearnedAggregator(policy: warmedUp, rewardModel: state.rewardModel, vocabulary: vocabulary, metadata: metadata)
                .save(to: warmupPath(path))
        }
    }

    static func warmupPath(_ path: String) -> String { path + ".warmup" }

    /// - Parameter bestPath: the run's output checkpoint holding the best networks, when present.
    public static func load(_ path: String, trainer: Trainer, bestPath: String?) throws -> TrainingState {
        let (aggregator, checkpoint) = try LearnedAggregator.load(from: path)
        guard aggregator.vocabulary == trainer.vocabulary else {
            throw LearnedCheckpointError.invalidMetadata(key: LearnedAggregator.vocabularyKey, reason: "the resumed run saw other model names than this data")
        }
        guard aggregator.policy.config == trainer.policyConfig, aggregator.rewardModel.config == trainer.rewardModelConfig else {
            throw LearnedCheckpointError.shapeMismatch("the resumed networks have another shape than --hidden and the data ask for")
        }
        guard let policyOptimizer = checkpoint.policyOptimizer, let rewardOptimizer = checkpoint.rewardModelOptimizer else {
            throw LearnedCheckpointError.missingMetadata("optimizer state (resume from the OUT.resume file, not from OUT)")
        }
        let meta = aggregator.metadata
        guard let epoch = meta[epochKey].flatMap({ Int($0) }), epoch >= 0,
              let bestScore = meta[bestScoreKey].flatMap({ Double($0) }),
              let bestEpoch = meta[bestEpochKey].flatMap({ Int($0) })
        else { throw LearnedCheckpointError.missingMetadata("\(epochKey), \(bestScoreKey), \(bestEpochKey)") }
        var state = TrainingState(policy: aggregator.policy, rewardModel: aggregator.rewardModel)
        state.policyOptimizer = policyOptimizer
        state.rewardModelOptimizer = rewardOptimizer
        state.epoch = epoch
        state.bestScore = bestScore
        state.bestEpoch = bestEpoch
        if trainer.config.warmupEpochs > 0, epoch > trainer.config.warmupEpochs {
            let warmedUp = try LearnedAggregator.load(from: warmupPath(path)).aggregator.policy
            guard warmedUp.config == aggregator.policy.config else {
                throw LearnedCheckpointError.shapeMismatch("\(warmupPath(path)) holds a policy of another shape than the resumed one")
            }
            state.warmedUpPolicy = warmedUp
        }
        if let bestPath, let best = try? LearnedAggregator.load(from: bestPath).aggregator,
           best.policy.config == aggregator.policy.config, best.rewardModel.config == aggregator.rewardModel.config {
            state.bestPolicy = best.policy
            state.bestRewardModel = best.rewardModel
        }
        return state
    }
}
