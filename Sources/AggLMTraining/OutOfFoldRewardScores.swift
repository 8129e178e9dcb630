import AggLMSupport
import AggLMAggregation
import AggLMLearned
public import AggLMFeatures
public import AggLMPolicy

/// Scores of the built-in reward model as stand-in client scores, each problem scored only by a
/// reward model that never trained on it: a real, imperfect reward model of middling strength next
/// to the simulated ones of `StandInScores` (whose quality is set by a noise level).
///
/// A problem's candidates are scored together as one set (the whole pool), as a client's reward model
/// scores every answer it has; the scores are probabilities of being right.
public enum OutOfFoldRewardScores {
    /// Folds of the training side: each problem is scored by a reward model trained on the other folds.
    public static let folds = 3
    /// Epochs each of those reward models trains (the policy's own reward model trains with the policy).
    public static let epochs = 3

    /// Per problem of `train` and of `dev` (aligned with their `problems`), every candidate's score.
    /// The folds are drawn by the question (a problem in several files stays in one fold); dev problems
    /// are scored by the first fold's model, which trained on training problems only.
    public static func scores(
        train: FeaturedProblems, dev: FeaturedProblems, trainer: Trainer, threads: Int
    ) throws -> (train: [[Double]], dev: [[Double]]) {
        var trainScores = [[Double]](repeating: [], count: train.problems.count)
        var devScores = [[Double]](repeating: [], count: dev.problems.count)
        let foldOfProblem = train.problems.map(fold(of:))
        for fold in 0..<folds {
            let outside = train.problems.indices.filter { foldOfProblem[$0] != fold }
            let inside = train.problems.indices.filter { foldOfProblem[$0] == fold }
            let model = try trainRewardModel(train.subset(outside), trainer: trainer, threads: threads, fold: fold)
            let scored = score(train.subset(inside), rewardModel: model, vocabulary: trainer.vocabulary, threads: threads)
            for (index, value) in zip(inside, scored) { trainScores[index] = value }
            if fold == 0 { devScores = score(dev, rewardModel: model, vocabulary: trainer.vocabulary, threads: threads) }
        }
        return (trainScores, devScores)
    }

    /// Every candidate's probability of being right under `rewardModel`, each problem's pool encoded as one set.
    public static func score(_ data: FeaturedProblems, rewardModel: RewardModelNetwork, vocabulary: ModelVocabulary, threads: Int) -> [[Double]] {
        ParallelMap.map(
            count: data.problems.count, threads: threads, makeState: { RewardModelWorkspace() },
            body: { workspace, index in
                let problem = data.problems[index]
                guard !problem.candidates.isEmpty else { return [] }
                let encoding = SetEncoding(set: problem.fullSet, features: data.features[index], vocabulary: vocabulary, anonymous: false)
                var logits: [Float] = []
                do {
                    try rewardModel.forward(features: encoding.features, modelIds: encoding.modelIds, workspace: workspace, logits: &logits)
                } catch {
                    // A problem the network refuses gets no scores (the stand-in then leaves it unscored).
                    return []
                }
                return logits.map { Double(BinaryCrossEntropy.sigmoid($0)) }
            })
    }

    /// The problem's fold, by its question (another hash than the cross-validation folds').
    static func fold(of problem: PreparedProblem) -> Int {
        Int(StableHash.fnv1a(CrossValidation.normalisedQuestion(problem), seed: 0x00f0_1d5e) % UInt64(folds))
    }

    /// A reward model trained alone (binary cross-entropy on the members of the contested sets, names
    /// dropped as in training) on `data`, which carries no client scores.
    static func trainRewardModel(_ data: FeaturedProblems, trainer: Trainer, threads: Int, fold: Int) throws -> RewardModelNetwork {
        let config = trainer.config
        let examples = trainer.select(data, threads: threads).examples
        var network = try trainer.initialState().rewardModel
        var optimizer = AdamState(parameterCount: network.parameterCount)
        let adam = Adam(learningRate: config.rewardModelLearningRate, weightDecay: config.weightDecay)
        let workspace = RewardModelWorkspace()
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        for epoch in 1...epochs {
            var rng = SplitMix64(seed: config.seed ^ 0x00f0_1d5e &+ UInt64(fold * epochs + epoch) &* 0x9e37_79b9_7f4a_7c15)
            var order = Array(examples.indices)
            Trainer.shuffle(&order, rng: &rng)
            for start in stride(from: 0, to: order.count, by: config.batchSets) {
                let chosen = order[start..<min(order.count, start + config.batchSets)].map { examples[$0] }
                let ids = chosen.map { trainer.dropNames($0.encoding.modelIds, rng: &rng) }
                let batch = BatchPacking.pack(chosen.map(\.encoding), modelIds: ids)
                _ = try Trainer.rewardModelStep(
                    &network, optimizer: &optimizer, adam: adam, batch: batch, labels: chosen.flatMap(\.memberLabels),
                    workspace: workspace, gradients: &gradients)
            }
        }
        return network
    }
}
