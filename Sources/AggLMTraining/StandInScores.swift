import AggLMAggregation
import AggLMFeatures
import AggLMSupport

/// Simulated client reward models, for training and testing the policy's reward-score input when no
/// shared file carries real scores: a candidate's score is its correctness (1 or 0) plus Gaussian
/// noise of standard deviation `noise`. At noise 0.5 the scores separate right from wrong answers
/// almost perfectly (a strong reward model), at 4 they barely do (a weak one).
///
/// Deterministic: a problem's scores depend only on the seed, its id and the noise level.
public struct StandInScores: Sendable {
    /// Noise levels to draw from, one per problem, uniformly.
    public var noiseLevels: [Double]
    /// Share of problems that get scores; the others keep none, so a missing score stays normal.
    public var rate: Double
    public var seed: UInt64

    public init(noiseLevels: [Double], rate: Double, seed: UInt64) {
        self.noiseLevels = noiseLevels
        self.rate = rate
        self.seed = seed
    }

    /// `data` with scores written into the chosen problems' candidates and features.
    public func apply(to data: FeaturedProblems) -> FeaturedProblems {
        guard !noiseLevels.isEmpty, rate > 0 else { return data }
        var result = data
        for index in data.problems.indices {
            let problem = data.problems[index]
            guard !problem.isCorrect.isEmpty else { continue }
            var rng = SplitMix64(seed: StableHash.fnv1a(problem.id, seed: seed ^ 0x5c0e_5c0e))
            guard rng.nextUnitDouble() < rate else { continue }
            let noise = noiseLevels[Int(rng.next() % UInt64(noiseLevels.count))]
            let scored = problem.withRewardScores(problem.isCorrect.map { ($0 ? 1 : 0) + noise * rng.nextGaussian() })
            result.problems[index] = scored
            result.features[index] = data.features[index].withRewardScores(of: scored)
        }
        return result
    }
}
