import AggLMAggregation
import AggLMFeatures
import AggLMSupport

/// Stand-in client reward scores, for training and testing the policy's reward-score input when no
/// shared file carries real scores. Two kinds, drawn per problem:
/// - simulated reward models: a candidate's score is its correctness (1 or 0) plus Gaussian noise of
///   standard deviation `noise`. At noise 0.5 the scores separate right from wrong answers almost
///   perfectly (a strong reward model), at 4 they barely do (a weak one);
/// - with `rewardModelLevel`, the built-in reward model's out-of-fold scores (`OutOfFoldRewardScores`):
///   a real, imperfect model whose errors follow the text, not a noise level.
///
/// A problem that already carries the client's own scores keeps them: a user training on data scored
/// by their own reward model trains and calibrates the score channel on that model, and stand-ins fill
/// in only where scores are missing.
///
/// Deterministic: a problem's scores depend only on the seed, its id, the levels and (for the reward
/// model level) the scores handed in.
public struct StandInScores: Sendable {
    /// Noise levels to draw from, one per problem, uniformly (the reward model level, when on, is one more).
    public var noiseLevels: [Double]
    /// Share of problems that get scores; the others keep none, so a missing score stays normal.
    public var rate: Double
    public var seed: UInt64
    /// Whether the built-in reward model's out-of-fold scores are one more level to draw.
    public var rewardModelLevel: Bool

    public init(noiseLevels: [Double], rate: Double, seed: UInt64, rewardModelLevel: Bool = false) {
        self.noiseLevels = noiseLevels
        self.rate = rate
        self.seed = seed
        self.rewardModelLevel = rewardModelLevel
    }

    var levelCount: Int { noiseLevels.count + (rewardModelLevel ? 1 : 0) }

    /// `data` with scores written into the chosen problems' candidates and features (problems with
    /// the client's own scores excepted).
    /// - Parameter modelScores: with `rewardModelLevel`, per problem of `data` (aligned), the reward
    ///   model's out-of-fold score of every candidate; a problem drawn for that level without scores
    ///   of the right count keeps none.
    public func apply(to data: FeaturedProblems, modelScores: [[Double]]? = nil) -> FeaturedProblems {
        guard levelCount > 0, rate > 0 else { return data }
        var result = data
        for index in data.problems.indices {
            let problem = data.problems[index]
            guard !problem.isCorrect.isEmpty, !problem.carriesClientScores else { continue }
            var rng = SplitMix64(seed: StableHash.fnv1a(problem.id, seed: seed ^ 0x5c0e_5c0e))
            guard rng.nextUnitDouble() < rate else { continue }
            let level = Int(rng.next() % UInt64(levelCount))
            let scores: [Double]
            if level < noiseLevels.count {
                let noise = noiseLevels[level]
                scores = problem.isCorrect.map { ($0 ? 1 : 0) + noise * rng.nextGaussian() }
            } else {
                guard let modelScores, index < modelScores.count, modelScores[index].count == problem.candidates.count else { continue }
                scores = modelScores[index]
            }
            let scored = problem.withRewardScores(scores)
            result.problems[index] = scored
            result.features[index] = data.features[index].withRewardScores(of: scored)
        }
        return result
    }

    /// A training side's training and dev problems with their stand-in scores; the reward model level's
    /// scores are computed here, out of fold within the training side (`OutOfFoldRewardScores`).
    public func applyToTraining(
        _ train: FeaturedProblems, dev: FeaturedProblems, trainer: Trainer, threads: Int
    ) throws -> (train: FeaturedProblems, dev: FeaturedProblems) {
        guard rewardModelLevel, rate > 0 else { return (apply(to: train), apply(to: dev)) }
        let modelScores = try OutOfFoldRewardScores.scores(train: train, dev: dev, trainer: trainer, threads: threads)
        return (apply(to: train, modelScores: modelScores.train), apply(to: dev, modelScores: modelScores.dev))
    }
}
