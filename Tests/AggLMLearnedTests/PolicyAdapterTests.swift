import AggLMSupport
import AggLMAggregation
import AggLMFeatures
import AggLMWire
import Testing
@testable import AggLMLearned
import AggLMTestSupport

@Suite struct PolicyAdapterTests {
    func chosenKey(_ problem: Agglm_V1_Problem, aggregator: LearnedAggregator, anonymous: Bool = false) -> String? {
        var policy = LearnedPolicy(aggregator: aggregator, anonymous: anonymous)
        let set = PreparedProblem(problem).fullSet
        let evaluation = policy.evaluate(set, memberScores: nil)
        guard let best = evaluation.probabilities.indices.max(by: { evaluation.probabilities[$0] < evaluation.probabilities[$1] }) else { return nil }
        return set.clusters[best].canonical.key
    }

    @Test func probabilitiesAreADistributionWithARationale() throws {
        let aggregator = try Fixtures.aggregator(seed: 1)
        var policy = LearnedPolicy(aggregator: aggregator)
        let set = PreparedProblem(Fixtures.contested(seed: 5)).fullSet
        let evaluation = policy.evaluate(set, memberScores: nil)
        #expect(evaluation.probabilities.count == set.clusters.count)
        #expect(abs(evaluation.probabilities.reduce(0, +) - 1) < 1e-5)
        #expect(evaluation.bestMember.enumerated().allSatisfy { set.clusterOfMember[$0.element] == $0.offset })
        let rationale = policy.rationale(for: set, evaluation: evaluation)
        #expect(rationale.hasPrefix("Chose"))
        #expect(rationale.hasSuffix("."))
        // Scores handed in by the caller are the ones the policy would have computed itself.
        var rewardModel = LearnedRewardModel(aggregator: aggregator)
        #expect(policy.evaluate(set, memberScores: rewardModel.scores(for: set)) == evaluation)
    }

    @Test(arguments: [false, true])
    func candidateOrderNeverChangesTheChoice(anonymous: Bool) throws {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<20 {
            let aggregator = try Fixtures.aggregator(seed: UInt64(trial % 4))
            let problem = Fixtures.contested(seed: UInt64(trial))
            let expected = chosenKey(problem, aggregator: aggregator, anonymous: anonymous)
            for _ in 0..<3 {
                var shuffled = problem
                var candidates = problem.candidates
                for i in stride(from: candidates.count - 1, to: 0, by: -1) { candidates.swapAt(i, rng.below(i + 1)) }
                shuffled.candidates = candidates
                #expect(chosenKey(shuffled, aggregator: aggregator, anonymous: anonymous) == expected)
            }
        }
    }

    @Test func duplicatingTheWholeSetKeepsTheWinner() throws {
        for trial in 0..<20 {
            let aggregator = try Fixtures.aggregator(seed: UInt64(trial % 3))
            let problem = Fixtures.contested(seed: UInt64(100 + trial))
            var doubled = problem
            doubled.candidates += problem.candidates.map { candidate in
                var copy = candidate
                copy.id += "-again"
                return copy
            }
            #expect(chosenKey(doubled, aggregator: aggregator) == chosenKey(problem, aggregator: aggregator))
        }
    }

    @Test func rewardModelScoresAreProbabilities() throws {
        var model = LearnedRewardModel(aggregator: try Fixtures.aggregator(seed: 2))
        let scores = model.scores(for: PreparedProblem(Fixtures.contested(seed: 9)).fullSet)
        #expect(scores.count == 9)
        #expect(scores.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func methodSuiteRunsTheLearnedMethods() throws {
        let aggregator = try Fixtures.aggregator(seed: 3)
        var suite = MethodSuite.learned(aggregator)
        let set = PreparedProblem(Fixtures.contested(seed: 11)).fullSet
        #expect(suite.decide(.agglm, on: set).outcome?.cluster != nil)
        #expect(suite.decide(.rmBestOfN, on: set).outcome?.scoreSource == .builtin)
        #expect(suite.decide(.rmWeighted, on: set).outcome?.cluster != nil)
    }
}
