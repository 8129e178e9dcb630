import AggLMSupport
public import AggLMAggregation
import AggLMEvaluation
public import AggLMFeatures
public import AggLMPolicy
import AggLMLearned

/// Problems prepared for training or evaluation, with their cached features.
public struct FeaturedProblems: Sendable {
    public var problems: [PreparedProblem]
    public var features: [ProblemFeatures]

    public init(problems: [PreparedProblem], features: [ProblemFeatures]) {
        self.problems = problems
        self.features = features
    }

    /// Computes features on `threads` threads.
    public init(_ problems: [PreparedProblem], threads: Int) {
        self.problems = problems
        features = ParallelMap.map(count: problems.count, threads: threads, makeState: {}, body: { _, index in ProblemFeatures(problems[index]) })
    }

    public func subset(_ indices: [Int]) -> FeaturedProblems {
        FeaturedProblems(problems: indices.map { problems[$0] }, features: indices.map { features[$0] })
    }

    var modelNames: Set<String> {
        Set(problems.lazy.flatMap { $0.candidates.lazy.map(\.model) })
    }
}

/// Trains the set policy (GRPO by default) and the reward model (binary
/// cross-entropy) together, on batches of many sets per forward pass.
///
/// Deterministic: every random choice (initialisation, easy-set selection,
/// shuffling, name dropout, action sampling) comes from SplitMix64 streams
/// derived from `config.seed` and the epoch number, so a resumed run
/// continues exactly as an uninterrupted one.
public struct Trainer: Sendable {
    public let config: TrainingConfig
    public let vocabulary: ModelVocabulary

    public init(config: TrainingConfig, vocabulary: ModelVocabulary) {
        self.config = config
        self.vocabulary = vocabulary
    }

    public var policyConfig: PolicyConfig {
        PolicyConfig(
            featureCount: FeatureSchema.candidateFeatureCount, clusterFeatureCount: FeatureSchema.clusterFeatureCount,
            vocabularySize: vocabulary.size, embeddingDimension: config.embeddingDimension, hiddenSize: config.hiddenSize)
    }

    var rewardModelConfig: RewardModelConfig {
        RewardModelConfig(
            featureCount: FeatureSchema.candidateFeatureCount, vocabularySize: vocabulary.size,
            embeddingDimension: config.embeddingDimension, hiddenSize: config.hiddenSize)
    }

    /// The untrained networks for this config (also the GRPO reference policy).
    public func initialState() throws(PolicyError) -> TrainingState {
        TrainingState(
            policy: try PolicyNetwork(config: policyConfig, seed: config.seed ^ 0x901c_7a11),
            rewardModel: try RewardModelNetwork(config: rewardModelConfig, seed: config.seed ^ 0x4e3a_7d11))
    }

    /// Buckets of all sampled sets and the kept training examples.
    public struct Selection: Sendable {
        public var examples: [TrainingExample]
        public var easy = 0
        public var hard = 0
        public var none = 0
        public var singleCluster = 0
    }

    /// Samples sets from every problem, keeps every hard set and easy sets at `easyRatio`
    /// of the mix (none-sets and single-cluster sets carry no signal).
    public func select(_ data: FeaturedProblems, threads: Int) -> Selection {
        let sampler = SetSampler(k: config.k, sets: config.setsPerProblem, seed: config.seed)
        let vocabulary = self.vocabulary
        let perProblem = ParallelMap.map(
            count: data.problems.count, threads: threads, makeState: {},
            body: { _, index in ExampleBuilder.examples(data.problems[index], features: data.features[index], sampler: sampler, vocabulary: vocabulary) })
        var selection = Selection(examples: [])
        var hard: [TrainingExample] = []
        var easy: [TrainingExample] = []
        for (bucket, example) in perProblem.joined() {
            switch bucket {
            case .easy: selection.easy += 1
            case .hard: selection.hard += 1
            case .none: selection.none += 1
            }
            guard let example else {
                selection.singleCluster += 1
                continue
            }
            if bucket == .hard { hard.append(example) } else if bucket == .easy { easy.append(example) }
        }
        var rng = SplitMix64(seed: config.seed ^ 0xea5e_5e1e)
        let keepEasy: Int
        if let ratio = config.easyRatio, ratio < 1 {
            keepEasy = min(easy.count, Int((max(ratio, 0) / (1 - max(ratio, 0)) * Double(hard.count)).rounded()))
        } else {
            keepEasy = easy.count
        }
        Self.shuffle(&easy, rng: &rng)
        selection.examples = hard + easy.prefix(keepEasy)
        return selection
    }

    /// Runs epochs `state.epoch + 1 ... config.epochs` (or until early stopping), calling
    /// `onEpoch` after each with the report and the state so far, and `onBatch` after every batch.
    public func train(
        examples: [TrainingExample], dev: [DevSet], from start: TrainingState,
        onEpoch: (EpochReport, TrainingState) throws -> Void = { _, _ in },
        onBatch: (BatchProgress) -> Void = { _ in }
    ) throws -> TrainingState {
        var state = start
        // GRPO's KL anchor: the initial policy, or the warmed-up one once warm-up is over.
        var reference = try state.warmedUpPolicy ?? initialState().policy
        let workspace = PolicyWorkspace(), referenceWorkspace = PolicyWorkspace(), rewardWorkspace = RewardModelWorkspace()
        let warmupAdam = Adam(learningRate: config.learningRate, weightDecay: config.weightDecay)
        let objectiveAdam = Adam(learningRate: config.objectiveLearningRate ?? config.learningRate, weightDecay: config.weightDecay)
        let rewardAdam = Adam(learningRate: config.rewardModelLearningRate, weightDecay: config.weightDecay)
        let grpo = GRPOObjective(groupSize: config.groupSize, klCoefficient: config.klCoefficient, centered: config.centeredAdvantages)
        let shapedRewards = examples.map { $0.shapedRewards(overturnPenalty: config.overturnPenalty) }
        var output = PolicyOutput(), referenceOutput = PolicyOutput()
        var policyGradients = [Float](repeating: 0, count: state.policy.parameterCount)
        var rewardGradients = [Float](repeating: 0, count: state.rewardModel.parameterCount)
        let policyLayout = state.policy.layout
        let clock = ContinuousClock()

        while state.epoch < config.epochs, state.epoch - state.bestEpoch < config.patience || state.bestScore < 0 {
            let epochStart = clock.now
            let epoch = state.epoch + 1
            var rng = SplitMix64(seed: config.seed &+ UInt64(epoch) &* 0x9e37_79b9_7f4a_7c15)
            var order = Array(examples.indices)
            Self.shuffle(&order, rng: &rng)
            if epoch == config.warmupEpochs + 1, config.warmupEpochs > 0 {
                state.warmedUpPolicy = state.policy
                reference = state.policy
            }
            let objective = epoch <= config.warmupEpochs ? TrainingConfig.Objective.crossEntropy : config.objective
            var rewardSum = 0.0, lossSum = 0.0, rewardLossSum = 0.0, batches = 0
            for start in stride(from: 0, to: order.count, by: config.batchSets) {
                let chosen = order[start..<min(order.count, start + config.batchSets)].map { examples[$0] }
                let ids = chosen.map { dropNames($0.encoding.modelIds, rng: &rng) }
                let batch = BatchPacking.pack(chosen.map(\.encoding), modelIds: ids)
                let clusterRewards = chosen.flatMap(\.clusterRewards)
                let chosenShapedRewards = order[start..<min(order.count, start + config.batchSets)].flatMap { shapedRewards[$0] }
                try state.policy.forward(batch, workspace: workspace, output: &output)
                var dLogits: [Float] = []
                switch objective {
                case .grpo:
                    try reference.forward(batch, workspace: referenceWorkspace, output: &referenceOutput)
                    let actions = try grpo.sampleActions(probabilities: output.probabilities, clusterOffsets: batch.clusterOffsets, rng: &rng)
                    let rewards = actions.map { $0 >= 0 ? chosenShapedRewards[Int($0)] : 0 }
                    let result = try grpo.lossAndGradient(
                        logits: output.logits, clusterOffsets: batch.clusterOffsets, actions: actions, rewards: rewards,
                        referenceProbabilities: referenceOutput.probabilities, dLogits: &dLogits)
                    lossSum += Double(result.loss)
                    rewardSum += Double(result.meanReward)
                case .expectedReward:
                    let loss = try ExpectedRewardObjective.expectedReward(
                        logits: output.logits, clusterOffsets: batch.clusterOffsets, clusterRewards: clusterRewards, dLogits: &dLogits)
                    lossSum += Double(loss)
                    rewardSum += -Double(loss)
                case .crossEntropy:
                    let loss = try ExpectedRewardObjective.crossEntropy(
                        logits: output.logits, clusterOffsets: batch.clusterOffsets, clusterRewards: clusterRewards, dLogits: &dLogits)
                    lossSum += Double(loss)
                    rewardSum += Self.expectedReward(output.probabilities, clusterRewards, batch.clusterOffsets)
                }
                for i in policyGradients.indices { policyGradients[i] = 0 }
                try state.policy.backward(dLogits: dLogits, workspace: workspace, gradients: &policyGradients)
                try (epoch <= config.warmupEpochs ? warmupAdam : objectiveAdam).update(parameters: &state.policy.parameters, gradients: policyGradients, state: &state.policyOptimizer, layout: policyLayout)

                let rewardLoss = try Self.rewardModelStep(
                    &state.rewardModel, optimizer: &state.rewardModelOptimizer, adam: rewardAdam, batch: batch,
                    labels: chosen.flatMap(\.memberLabels), workspace: rewardWorkspace, gradients: &rewardGradients)
                rewardLossSum += Double(rewardLoss)
                batches += 1
                onBatch(BatchProgress(
                    epoch: epoch, batch: batches, batches: (order.count + config.batchSets - 1) / config.batchSets,
                    meanReward: rewardSum / Double(batches), meanLoss: lossSum / Double(batches)))
            }
            state.epoch = epoch
            let metrics = try DevSet.evaluate(dev, policy: state.policy, workspace: workspace)
            // The objective's own epochs only, when asked (and when it has any).
            let eligible = !config.shipObjectivePhase || epoch > config.warmupEpochs || config.epochs <= config.warmupEpochs
            if eligible, metrics.score > state.bestScore {
                state.bestScore = metrics.score
                state.bestEpoch = epoch
                state.bestPolicy = state.policy
                state.bestRewardModel = state.rewardModel
            }
            let n = Double(max(batches, 1))
            let report = EpochReport(
                epoch: epoch, trainSets: examples.count, meanReward: rewardSum / n, policyLoss: lossSum / n,
                rewardModelLoss: rewardLossSum / n, dev: metrics, seconds: (clock.now - epochStart).elapsedSeconds)
            try onEpoch(report, state)
        }
        return state
    }

    /// One step of the reward model on `batch`: binary cross-entropy of each member against `labels`, then Adam.
    static func rewardModelStep(
        _ network: inout RewardModelNetwork, optimizer: inout AdamState, adam: Adam, batch: PolicyBatch, labels: [Float],
        workspace: RewardModelWorkspace, gradients: inout [Float]
    ) throws -> Float {
        for i in gradients.indices { gradients[i] = 0 }
        let loss = try network.lossAndGradients(
            features: batch.features, modelIds: batch.modelIds, labels: labels, workspace: workspace, gradients: &gradients)
        try adam.update(parameters: &network.parameters, gradients: gradients, state: &optimizer, layout: network.layout)
        return loss
    }

    /// Hides names for model-name dropout: the whole set with `anonymousSetRate`, else each
    /// member with `memberNameDropout`.
    func dropNames(_ ids: [Int32], rng: inout SplitMix64) -> [Int32] {
        if rng.nextUnitDouble() < config.anonymousSetRate { return [Int32](repeating: ModelVocabulary.unknown, count: ids.count) }
        return ids.map { rng.nextUnitDouble() < config.memberNameDropout ? ModelVocabulary.unknown : $0 }
    }

    static func expectedReward(_ probabilities: [Float], _ rewards: [Float], _ offsets: [Int]) -> Double {
        let sets = max(offsets.count - 1, 1)
        return zip(probabilities, rewards).reduce(0.0) { $0 + Double($1.0 * $1.1) } / Double(sets)
    }

    /// Fisher-Yates with a SplitMix64 stream (the standard library's shuffle may change algorithm).
    static func shuffle<T>(_ values: inout [T], rng: inout SplitMix64) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
    }
}

extension Duration {
    var elapsedSeconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
