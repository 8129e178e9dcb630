import AggLMLearned
/// Everything that shapes a training run; stored in the checkpoint.
public struct TrainingConfig: Codable, Sendable, Equatable {
    public enum Objective: String, Codable, Sendable, CaseIterable {
        /// Group sampling, group-normalised advantages, KL to the initial policy (the AggLM recipe).
        case grpo
        /// Maximise the exact expected reward of the policy's choice.
        case expectedReward = "expected-reward"
        /// Cross-entropy to the correct clusters.
        case crossEntropy = "cross-entropy"
    }

    public var k = 8
    public var setsPerProblem = 16
    /// Fraction of easy sets in the kept training mix (hard sets are all kept); nil keeps every easy set.
    public var easyRatio: Double? = 0.5
    public var objective = Objective.grpo
    /// Supervised epochs (cross-entropy to the correct clusters) before `objective` takes over;
    /// GRPO's KL term then anchors to the warmed-up policy instead of the random initial one.
    public var warmupEpochs = 3
    public var groupSize = 8
    /// GRPO's reward for choosing a wrong cluster in a set whose plurality is right (a correct
    /// largest cluster overturned): `-overturnPenalty`; a right choice earns 1, any other wrong one 0.
    /// So the RL objective itself says that losing an easy set costs more than a recovery gains.
    public var overturnPenalty: Float = 0
    /// GRPO advantages `r - mean` instead of `(r - mean) / std`: with the std division every set
    /// weighs the same whatever its rewards, which would cancel `overturnPenalty`.
    public var centeredAdvantages = false
    /// Early stopping keeps only epochs of `objective` (after the warm-up), so the shipped policy is
    /// the one `objective` trained, not the warm-up's.
    public var shipObjectivePhase = false
    public var klCoefficient: Float = 0.01
    public var epochs = 12
    public var learningRate: Float = 2e-3
    /// The policy's learning rate after the warm-up (nil: `learningRate`): a smaller step keeps GRPO
    /// refining the warmed-up policy instead of wandering from it on noisy sampled rewards.
    public var objectiveLearningRate: Float?
    public var rewardModelLearningRate: Float = 2e-3
    public var weightDecay: Float = 1e-4
    public var batchSets = 64
    public var hiddenSize = 48
    public var embeddingDimension = 8
    /// Probability that a training set is shown with every model name hidden.
    public var anonymousSetRate = 0.3
    /// Probability that one member's name is hidden in a named set.
    public var memberNameDropout = 0.1
    /// Epochs without dev improvement before stopping.
    public var patience = 3
    public var seed: UInt64 = 0
    /// Simulated client reward scores (`StandInScores`) for `standInRate` of the training and dev
    /// problems, each at one of these noise levels; empty: none.
    public var standInNoiseLevels: [Double] = []
    public var standInRate = 0.0
    /// The built-in reward model's out-of-fold scores (`OutOfFoldRewardScores`) as one more stand-in
    /// level when true. Optional so that a recipe without it writes the same metadata, bit for bit, as
    /// before the level existed (a nil is left out of the JSON).
    public var standInRewardModel: Bool?
    /// Fit the `DecisionCalibration` (plurality bonus, temperature) on the dev sets after training.
    public var calibrate = true
    /// With `calibrate`: fit the bonus of the kinds of pool that carry client scores on dev probes of
    /// every channel quality (`ScoreChannelProbes`), the bonus whose worst gain over majority across
    /// them is highest, so a misleading channel cannot make the decision worse than majority vote.
    /// Optional, like `standInRewardModel`, so recipes without it keep their metadata bit for bit.
    public var robustScoreCalibration: Bool?
    /// With `robustScoreCalibration`: also fit a per-set `ScoreChannelGate` for each kind of pool with
    /// client scores on the same probes (`ScoreChannelGateFit`). Optional for the same reason.
    public var scoreChannelGate: Bool?
    /// With `calibrate`: a kind of pool keeps its fitted bonus only if the dev gain over majority vote
    /// passes the do-no-harm test (`DecisionCalibrationFit.doNoHarmZ`), else it is served by majority
    /// vote itself, ties included. Optional for the same reason.
    public var doNoHarmTest: Bool?
    /// With `robustScoreCalibration`: also fit the batch trust map (`ScoreChannelTrustFit`,
    /// `agglm-train --channel-trust`). Optional for the same reason (nil: off, the default).
    public var batchChannelTrust: Bool?

    public init() {}

    /// The stand-in scores training and dev data get (none when there is no level).
    public var standInScores: StandInScores {
        StandInScores(noiseLevels: standInNoiseLevels, rate: standInRate, seed: seed, rewardModelLevel: standInRewardModel == true)
    }
}
