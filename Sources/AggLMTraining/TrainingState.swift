public import AggLMPolicy

/// Where a training run stands after some epochs: enough to continue it
/// bit for bit (`Trainer.train(resume:)`).
public struct TrainingState: Sendable {
    public var policy: PolicyNetwork
    public var rewardModel: RewardModelNetwork
    public var policyOptimizer: AdamState
    public var rewardModelOptimizer: AdamState
    /// Epochs finished.
    public var epoch: Int
    /// Best dev score so far (mean of named and anonymous dev accuracy) and the epoch it was reached.
    public var bestScore: Double
    public var bestEpoch: Int
    /// The networks of the best epoch (early stopping restores them).
    public var bestPolicy: PolicyNetwork
    public var bestRewardModel: RewardModelNetwork
    /// The policy at the end of supervised warm-up (`TrainingConfig.warmupEpochs`): GRPO's KL
    /// anchor from then on. Nil before warm-up ends and in runs without warm-up.
    public var warmedUpPolicy: PolicyNetwork?

    public init(policy: PolicyNetwork, rewardModel: RewardModelNetwork) {
        self.policy = policy
        self.rewardModel = rewardModel
        policyOptimizer = AdamState(parameterCount: policy.parameterCount)
        rewardModelOptimizer = AdamState(parameterCount: rewardModel.parameterCount)
        epoch = 0
        bestScore = -1
        bestEpoch = 0
        bestPolicy = policy
        bestRewardModel = rewardModel
    }
}

/// Where the current epoch stands, after each training batch (for progress display).
public struct BatchProgress: Sendable {
    public var epoch: Int
    /// Batches done in this epoch, 1...batches.
    public var batch: Int
    public var batches: Int
    /// Running means over this epoch's batches so far.
    public var meanReward: Double
    public var meanLoss: Double
}

/// One line of training progress.
public struct EpochReport: Sendable, Codable, Equatable {
    public var epoch: Int
    var trainSets: Int
    public var meanReward: Double
    public var policyLoss: Double
    public var rewardModelLoss: Double
    public var dev: DevMetrics
    public var seconds: Double
}

/// Accuracy on the dev sets (all sampled sets of the dev problems).
public struct DevMetrics: Sendable, Codable, Equatable {
    public var sets = 0
    public var majority = 0.0
    public var named = 0.0
    public var anonymous = 0.0

    public init() {}

    /// What early stopping maximises: good with and without model names.
    public var score: Double { (named + anonymous) / 2 }
}
