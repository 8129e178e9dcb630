import AggLMAggregation
import AggLMEvaluation
import AggLMFeatures
import AggLMPolicy
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMTestSupport

@Suite struct TrainerTests {
    static func data(_ range: Range<Int>) -> FeaturedProblems {
        let problems = range.map { PreparedProblem(Fixtures.synthetic($0)) }
        return FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
    }

    static func config(_ objective: TrainingConfig.Objective = .grpo) -> TrainingConfig {
        var config = TrainingConfig()
        config.k = 6
        config.setsPerProblem = 4
        config.hiddenSize = 16
        config.epochs = 8
        config.patience = 8
        config.batchSets = 32
        config.learningRate = 1e-2
        config.rewardModelLearningRate = 1e-2
        config.anonymousSetRate = 0
        config.memberNameDropout = 0
        config.easyRatio = nil
        config.objective = objective
        return config
    }

    func run(_ config: TrainingConfig) throws -> (state: TrainingState, history: [EpochReport], dev: DevSet, trainer: Trainer) {
        let train = Self.data(0..<60), devData = Self.data(1000..<1030)
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(train))
        let selection = trainer.select(train, threads: 1)
        let dev = DevSet(devData, config: config, vocabulary: trainer.vocabulary, threads: 1)
        var history: [EpochReport] = []
        let state = try trainer.train(examples: selection.examples, dev: [dev], from: try trainer.initialState()) { report, _ in history.append(report) }
        return (state, history, dev, trainer)
    }

    @Test func learnsThatOneModelIsAlwaysRight() throws {
        let (state, history, _, _) = try run(Self.config())
        let best = try #require(history.first { $0.epoch == state.bestEpoch })
        // The echo models form the majority and are always wrong; the oracle model is always right
        // and sits in 6 of 8 candidates' sets (k = 6), so 0.75 is the best any method can do.
        #expect(best.dev.majority < 0.1)
        #expect(best.dev.named > 0.65)
    }

    @Test func trainingIsDeterministicForASeed() throws {
        var config = Self.config()
        config.epochs = 2
        let first = try run(config).state
        let second = try run(config).state
        #expect(first.policy == second.policy)
        #expect(first.rewardModel == second.rewardModel)
    }

    /// With a warm-up of one epoch, the run is cut after the warm-up, so the resumed part must
    /// anchor GRPO to the carried warmed-up policy, not to its own starting point.
    @Test(arguments: [0, 1])
    func resumingContinuesExactly(warmupEpochs: Int) throws {
        var config = Self.config()
        config.epochs = 3
        config.warmupEpochs = warmupEpochs
        let straight = try run(config).state
        let train = Self.data(0..<60), devData = Self.data(1000..<1030)
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(train))
        let selection = trainer.select(train, threads: 1)
        let dev = DevSet(devData, config: config, vocabulary: trainer.vocabulary, threads: 1)
        var shortConfig = config
        shortConfig.epochs = 1 + warmupEpochs
        let partial = try Trainer(config: shortConfig, vocabulary: trainer.vocabulary).train(examples: selection.examples, dev: [dev], from: try trainer.initialState())
        let resumed = try trainer.train(examples: selection.examples, dev: [dev], from: partial)
        #expect(resumed.policy == straight.policy)
        #expect(resumed.epoch == 3)
        #expect((partial.warmedUpPolicy != nil) == (warmupEpochs > 0))
    }

    @Test func reportsEveryBatchOfEveryEpoch() throws {
        var config = Self.config()
        config.epochs = 2
        let train = Self.data(0..<60)
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(train))
        let selection = trainer.select(train, threads: 1)
        let dev = DevSet(Self.data(1000..<1010), config: config, vocabulary: trainer.vocabulary, threads: 1)
        var seen: [BatchProgress] = []
        var epochsEnded = 0
        _ = try trainer.train(examples: selection.examples, dev: [dev], from: try trainer.initialState()) { _, _ in
            epochsEnded += 1
        } onBatch: { seen.append($0) }
        let perEpoch = (selection.examples.count + config.batchSets - 1) / config.batchSets
        #expect(epochsEnded == 2)
        #expect(seen.count == 2 * perEpoch)
        #expect(seen.map(\.batch) == Array(1...perEpoch) + Array(1...perEpoch))
        #expect(seen.allSatisfy { $0.batches == perEpoch && $0.meanReward.isFinite && $0.meanLoss.isFinite })
    }

    @Test func easyRatioControlsTheMix() {
        let train = Self.data(0..<40)
        var config = Self.config()
        let vocabulary = ModelVocabularyBuilder.vocabulary(train)
        config.easyRatio = 0
        let none = Trainer(config: config, vocabulary: vocabulary).select(train, threads: 1)
        #expect(none.examples.allSatisfy { $0.bucket == .hard })
        config.easyRatio = nil
        let all = Trainer(config: config, vocabulary: vocabulary).select(train, threads: 1)
        #expect(all.examples.count >= none.examples.count)
    }
}
