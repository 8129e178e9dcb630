import AggLMSupport
public import AggLMAggregation
public import AggLMFeatures
public import AggLMEvaluation
import AggLMPolicy

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

    static func normalisedQuestion(_ problem: PreparedProblem) -> String {
        let trimmed = problem.question.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return trimmed.isEmpty ? problem.id : trimmed
    }

    public struct Progress: Sendable {
        public var fold: Int
        public var folds: Int
        public var epoch: EpochReport
    }

    /// Trains on all folds but one (with `devFraction` of the training problems as dev), tests on
    /// the remaining fold, for every fold; returns held-out tallies per file, in file order.
    public static func run(
        files: [(name: String, data: FeaturedProblems)], folds: Int, devFraction: Double,
        config: TrainingConfig, threads: Int, progress: (Progress) -> Void,
        onBatch: (_ fold: Int, BatchProgress) -> Void = { _, _ in },
        calibrated: (_ fold: Int, DecisionCalibrationFit.Result) -> Void = { _, _ in }
    ) throws -> [(name: String, tallies: [HeldOutTally])] {
        var results = files.map { (name: $0.name, tallies: [HeldOutTally]()) }
        let sampler = SetSampler(k: config.k, sets: config.setsPerProblem, seed: config.seed)
        for f in 0..<folds {
            var trainParts: [FeaturedProblems] = [], devParts: [FeaturedProblems] = []
            for file in files {
                let indices = file.data.problems.indices
                let train = indices.filter { fold(of: file.data.problems[$0], folds: folds) != f }
                trainParts.append(file.data.subset(train.filter { !isDev(file.data.problems[$0], fraction: devFraction) }))
                devParts.append(file.data.subset(train.filter { isDev(file.data.problems[$0], fraction: devFraction) }))
            }
            let train = FeaturedProblems(problems: trainParts.flatMap(\.problems), features: trainParts.flatMap(\.features))
            let dev = FeaturedProblems(problems: devParts.flatMap(\.problems), features: devParts.flatMap(\.features))
            let vocabulary = ModelVocabularyBuilder.vocabulary(train)
            let trainer = Trainer(config: config, vocabulary: vocabulary)
            let selection = trainer.select(train, threads: threads)
            let devSet = DevSet(dev, config: config, vocabulary: vocabulary, threads: threads)
            let final = try trainer.train(examples: selection.examples, dev: [devSet], from: try trainer.initialState()) { report, _ in
                progress(Progress(fold: f + 1, folds: folds, epoch: report))
            } onBatch: { batch in
                onBatch(f + 1, batch)
            }
            var aggregator = try LearnedAggregator(policy: final.bestPolicy, rewardModel: final.bestRewardModel, vocabulary: vocabulary)
            if config.calibrate {
                let fit = try DecisionCalibrationFit.fit(devSet, policy: final.bestPolicy)
                calibrated(f + 1, fit)
                aggregator = aggregator.with(calibration: fit.calibration)
            }
            for (index, file) in files.enumerated() {
                let test = file.data.problems.filter { fold(of: $0, folds: folds) == f }
                results[index].tallies += HeldOutEvaluation.tallies(test, aggregator: aggregator, sampler: sampler, threads: threads).compactMap { $0 }
            }
        }
        return results
    }
}

/// The vocabulary of a training set: every model name in it.
public enum ModelVocabularyBuilder {
    public static func vocabulary(_ data: FeaturedProblems) -> ModelVocabulary {
        ModelVocabulary(names: data.modelNames)
    }
}
