import AggLMSupport
public import AggLMAggregation
public import AggLMFeatures
import AggLMEvaluation
import AggLMPolicy
import AggLMLearned

/// Problem-level k-fold cross-validation over several dataset files.
///
/// Folds are assigned by the problem's question text, so a problem that
/// appears in several files (GSM8K is in three) lands in the same fold in
/// all of them and never leaks from training into testing.
public enum CrossValidation {
    public static func fold(of problem: PreparedProblem, folds: Int) -> Int {
        Int(StableHash.fnv1a(normalisedQuestion(problem)) % UInt64(max(folds, 1)))
    }

    /// Dev problems (for early stopping) are chosen the same way, from another hash of the question.
    public static func isDev(_ problem: PreparedProblem, fraction: Double) -> Bool {
        let hash = StableHash.fnv1a(normalisedQuestion(problem), seed: 0xde75_e1ec)
        return Double(hash % 10_000) < fraction * 10_000
    }

    /// The indices of `problems` split by `isDev`: training first, dev second, each in order.
    public static func devSplit(_ problems: [PreparedProblem], fraction: Double) -> (train: [Int], dev: [Int]) {
        var split: (train: [Int], dev: [Int]) = ([], [])
        for (index, problem) in problems.enumerated() {
            if isDev(problem, fraction: fraction) { split.dev.append(index) } else { split.train.append(index) }
        }
        return split
    }

    /// The dev share when none is asked for: `defaultDevFraction`, raised for small training data
    /// until dev holds `minimumDevProblems` (at most `maximumDevFraction`). A kind of pool gets a
    /// bonus of its own only from `DecisionCalibrationFit.minimumRegimeProblems` dev problems; with a
    /// tenth of a user's 300 problems as dev no kind ever got there, and a strong channel of the
    /// user's own went unused (mot-gsm8k-llama2 scored at σ 0.5, 3-fold: 31.7 with a tenth, 44.2 with
    /// a fifth, best-of-n by those scores 42.7). With thousands of problems nothing changes.
    public static func automaticDevFraction(trainingProblems: Int) -> Double {
        min(maximumDevFraction, max(defaultDevFraction, Double(minimumDevProblems) / Double(max(trainingProblems, 1))))
    }
    public static let defaultDevFraction = 0.1
    public static let maximumDevFraction = 0.3
    /// Twice `minimumRegimeProblems`: about half of the dev problems of a kind of pool carry scores
    /// (stand-in rate 0.5), so each kind with and without scores can reach the minimum.
    public static let minimumDevProblems = 2 * DecisionCalibrationFit.minimumRegimeProblems

    static func normalisedQuestion(_ problem: PreparedProblem) -> String {
        let trimmed = problem.question.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return trimmed.isEmpty ? problem.id : trimmed
    }

    public struct Progress: Sendable {
        public var fold: Int
        public var folds: Int
        public var epoch: EpochReport
    }

    /// How the held-out side is tested: each entry of `scores` (the test problems as they are, or
    /// with stand-in scores) at each set size of `setSizes` (nil: the training `k` alone). A policy
    /// trained on sets of 8 meets the sizes its users sample, so testing at others shows whether its
    /// decision holds there. Tallies come per variant, size-major: `variant(size:scores:)`.
    public struct TestPlan: Sendable {
        public var scores: [StandInScores?]
        public var setSizes: [Int]?
        public init(scores: [StandInScores?] = [nil], setSizes: [Int]? = nil) {
            self.scores = scores
            self.setSizes = setSizes
        }
        /// The set sizes tested, given the training configuration.
        public func sizes(_ config: TrainingConfig) -> [Int] { setSizes ?? [config.k] }
        /// The index of the tallies for the `size`-th set size and the `scores`-th scores entry.
        public func variant(size: Int, scores entry: Int) -> Int { size * scores.count + entry }
        func variantCount(_ config: TrainingConfig) -> Int { sizes(config).count * scores.count }
        func samplers(_ config: TrainingConfig) -> [SetSampler] {
            sizes(config).map { SetSampler(k: $0, sets: config.setsPerProblem, seed: config.seed) }
        }

        /// Tallies of one test batch for every variant: each scores entry's problems are built once
        /// (the reward model's stand-ins cost a pass of the model) and tested at every set size.
        func tallies(_ test: FeaturedProblems, aggregator: LearnedAggregator, config: TrainingConfig, threads: Int) -> [[HeldOutTally]] {
            var result = [[HeldOutTally]](repeating: [], count: variantCount(config))
            let samplers = samplers(config)
            for (entry, scores) in self.scores.enumerated() {
                let problems = testProblems(test, scores: scores, aggregator: aggregator, threads: threads)
                for (size, sampler) in samplers.enumerated() {
                    result[variant(size: size, scores: entry)] = batchTallies(problems, aggregator: aggregator, sampler: sampler, threads: threads)
                }
            }
            return result
        }
    }

    /// Trains on all folds but one (with `devFraction` of the training problems as dev, nil for
    /// `automaticDevFraction` of each fold's training side), tests on
    /// the remaining fold, for every fold; returns held-out tallies per file, in file order, and per
    /// file one list per variant of `tests`.
    public static func run(
        files: [(name: String, data: FeaturedProblems)], folds: Int, devFraction: Double?,
        config: TrainingConfig, threads: Int, tests: TestPlan = TestPlan(), progress: (Progress) -> Void,
        onBatch: (_ fold: Int, BatchProgress) -> Void = { _, _ in },
        calibrated: (_ fold: Int, DecisionCalibrationFit.Result) -> Void = { _, _ in }
    ) throws -> [(name: String, tallies: [[HeldOutTally]])] {
        var results = files.map { (name: $0.name, tallies: [[HeldOutTally]](repeating: [], count: tests.variantCount(config))) }
        for f in 0..<folds {
            let training = files.map { file in
                file.data.subset(file.data.problems.indices.filter { fold(of: file.data.problems[$0], folds: folds) != f })
            }
            let aggregator = try trainFold(
                training, devFraction: devFraction, config: config, threads: threads,
                progress: { progress(Progress(fold: f + 1, folds: folds, epoch: $0)) },
                onBatch: { onBatch(f + 1, $0) }, calibrated: { calibrated(f + 1, $0) })
            for (index, file) in files.enumerated() {
                let test = file.data.subset(file.data.problems.indices.filter { fold(of: file.data.problems[$0], folds: folds) == f })
                for (variant, tallies) in tests.tallies(test, aggregator: aggregator, config: config, threads: threads).enumerated() {
                    results[index].tallies[variant] += tallies
                }
            }
        }
        return results
    }

    /// A file that shares at least this share of the smaller file's questions with a test file is left
    /// out of that test file's training side whole (the GSM8K test files, the two TDG files); single
    /// shared questions below it are left out one by one.
    static let sharedFileThreshold = 0.01

    /// Leave-one-file-out: for each file, trains on every other file except those sharing its problems
    /// (and any single problem whose question it contains), tests on all of it. Returns per file its
    /// held-out tallies and the files left out of its training side.
    public static func leaveOneFileOut(
        files: [(name: String, data: FeaturedProblems)], devFraction: Double?,
        config: TrainingConfig, threads: Int, tests: TestPlan = TestPlan(), progress: (Progress) -> Void,
        onBatch: (_ file: Int, BatchProgress) -> Void = { _, _ in },
        calibrated: (_ file: Int, DecisionCalibrationFit.Result) -> Void = { _, _ in }
    ) throws -> [(name: String, tallies: [[HeldOutTally]], excluded: [String])] {
        let questions = files.map { file in file.data.problems.map(normalisedQuestion) }
        let questionSets = questions.map(Set.init)
        var results: [(name: String, tallies: [[HeldOutTally]], excluded: [String])] = []
        for (t, test) in files.enumerated() {
            var training: [FeaturedProblems] = []
            var excluded: [String] = []
            for (j, file) in files.enumerated() where j != t {
                let keep = file.data.problems.indices.filter { !questionSets[t].contains(questions[j][$0]) }
                let shared = file.data.problems.count - keep.count
                if Double(shared) >= sharedFileThreshold * Double(max(min(file.data.problems.count, test.data.problems.count), 1)) && shared > 0 {
                    excluded.append(file.name)
                    continue
                }
                training.append(file.data.subset(keep))
            }
            let aggregator = try trainFold(
                training, devFraction: devFraction, config: config, threads: threads,
                progress: { progress(Progress(fold: t + 1, folds: files.count, epoch: $0)) },
                onBatch: { onBatch(t + 1, $0) }, calibrated: { calibrated(t + 1, $0) })
            results.append((test.name, tests.tallies(test.data, aggregator: aggregator, config: config, threads: threads), excluded))
        }
        return results
    }

    /// The held-out tallies of one test batch (a file's test fold): the decision calibration is the
    /// aggregator's for that batch, with the client score channel estimated over all of it, as
    /// `agglm compare` does per file and the service per request.
    static func batchTallies(_ problems: [PreparedProblem], aggregator: LearnedAggregator, sampler: SetSampler, threads: Int) -> [HeldOutTally] {
        let batch = aggregator.forBatch(problems)
        return HeldOutEvaluation.tallies(problems, aggregator: batch, sampler: sampler, threads: threads).compactMap { $0 }
    }

    /// The test side's problems, with stand-in client scores when asked; the reward model level's scores
    /// come from the fold's own reward model, which never trained on the test problems.
    static func testProblems(_ data: FeaturedProblems, scores: StandInScores?, aggregator: LearnedAggregator, threads: Int) -> [PreparedProblem] {
        guard let scores else { return data.problems }
        let modelScores = scores.rewardModelLevel
            ? OutOfFoldRewardScores.score(data, rewardModel: aggregator.rewardModel, vocabulary: aggregator.vocabulary, threads: threads) : nil
        return scores.apply(to: data, modelScores: modelScores).problems
    }

    /// Trains the recipe on `parts` (`devFraction` of their problems, by question, as dev; nil for
    /// `automaticDevFraction`) and, with `config.calibrate`, fits the decision calibration on that dev split.
    static func trainFold(
        _ parts: [FeaturedProblems], devFraction: Double?, config: TrainingConfig, threads: Int,
        progress: (EpochReport) -> Void, onBatch: (BatchProgress) -> Void, calibrated: (DecisionCalibrationFit.Result) -> Void
    ) throws -> LearnedAggregator {
        let devFraction = devFraction ?? automaticDevFraction(trainingProblems: parts.map(\.problems.count).reduce(0, +))
        var trainParts: [FeaturedProblems] = [], devParts: [FeaturedProblems] = []
        for part in parts {
            let split = devSplit(part.problems, fraction: devFraction)
            trainParts.append(part.subset(split.train))
            devParts.append(part.subset(split.dev))
        }
        let unscoredTrain = FeaturedProblems(problems: trainParts.flatMap(\.problems), features: trainParts.flatMap(\.features))
        let devFiles = devParts.enumerated().flatMap { file, part in [Int](repeating: file, count: part.problems.count) }
        let unscoredDev = FeaturedProblems(problems: devParts.flatMap(\.problems), features: devParts.flatMap(\.features))
        let vocabulary = ModelVocabularyBuilder.vocabulary(unscoredTrain)
        let trainer = Trainer(config: config, vocabulary: vocabulary)
        let (train, dev) = try config.standInScores.applyToTraining(unscoredTrain, dev: unscoredDev, trainer: trainer, threads: threads)
        let selection = trainer.select(train, threads: threads)
        let devSet = DevSet(dev, config: config, vocabulary: vocabulary, threads: threads)
        let final = try trainer.train(examples: selection.examples, dev: [devSet], from: try trainer.initialState()) { report, _ in
            progress(report)
        } onBatch: { batch in
            onBatch(batch)
        }
        let aggregator = try LearnedAggregator(policy: final.bestPolicy, rewardModel: final.bestRewardModel, vocabulary: vocabulary)
        guard config.calibrate else { return aggregator }
        let probes = config.robustScoreCalibration == true
            ? ScoreChannelProbes.devSets(unscoredDev, config: config, rewardModel: final.bestRewardModel, vocabulary: vocabulary, threads: threads) : []
        let fit = try DecisionCalibrationFit.fit(
            devSet, policy: final.bestPolicy, channelProbes: probes, scoreGates: config.scoreChannelGate == true, doNoHarmTest: config.doNoHarmTest == true,
            devFiles: devFiles, channelTrust: config.batchChannelTrust == true)
        calibrated(fit)
        return aggregator.with(calibration: fit.calibration)
    }
}

/// The vocabulary of a training set: every model name in it.
public enum ModelVocabularyBuilder {
    public static func vocabulary(_ data: FeaturedProblems) -> ModelVocabulary {
        ModelVocabulary(names: data.modelNames)
    }
}
