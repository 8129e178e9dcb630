import AggLMAggregation
import AggLMFeatures
import AggLMPolicy
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMTestSupport

/// The calibration of the kinds of pool with client scores, fitted to the worst channel quality.
@Suite struct ScoreChannelProbeTests {
    @Test func theWorstJudgeDecides() {
        // Per problem accuracies (4 problems) at two bonuses; baseline = majority vote.
        let strong = (accuracies: [[1.0, 1, 1, 0.5], [0.5, 0.5, 0.5, 0.5]], baseline: [0.5, 0.5, 0.5, 0.5])
        let misleading = (accuracies: [[0.0, 0, 0.5, 0], [0.5, 0.5, 0.5, 0.5]], baseline: [0.5, 0.5, 0.5, 0.5])
        #expect(DecisionCalibrationFit.worstLowerBoundChoice([strong]) == 0)
        #expect(DecisionCalibrationFit.worstLowerBoundChoice([strong, misleading]) == 1)
        #expect(DecisionCalibrationFit.worstLowerBoundChoice([misleading, strong]) == 1)
        // One judge: the plain lower-bound rule.
        #expect(DecisionCalibrationFit.lowerBoundChoice(strong.accuracies, baseline: strong.baseline) == 0)
        #expect(DecisionCalibrationFit.lowerBoundChoice(misleading.accuracies, baseline: misleading.baseline) == 1)
    }

    @Test func aProbedRegimeOverturnsOnlyOnAGainAboveOneStandardErrorOnTheWorstProbe() {
        let baseline = [Double](repeating: 0.5, count: 4)
        // Index 0: a clear gain on both probes; index 1: a gain within noise; index 2 (last): tie-breaks only.
        let clear = (accuracies: [[1.0, 1, 1, 1], [0.5, 1, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]], baseline: baseline)
        let noisy = (accuracies: [[0.5, 1, 0.5, 0.5], [0.5, 1, 0.25, 0.5], [0.5, 0.5, 0.5, 0.25]], baseline: baseline)
        #expect(DecisionCalibrationFit.probedChoice([clear]) == 0)
        // On the noisy probe the best bound is mean 0.125 - SE 0.125 = 0: not above 0, so tie-breaks only,
        // where the plain rule would still pick index 0.
        #expect(DecisionCalibrationFit.worstLowerBoundChoice([clear, noisy]) == 0)
        #expect(DecisionCalibrationFit.probedChoice([clear, noisy]) == 2)
        #expect(DecisionCalibrationFit.probedChoice([]) == 0)
    }

    /// 40 synthetic problems (a third with a wrong majority), half of them with stand-in scores at
    /// σ 0.5 or 4 as dev, the three channel probes of the same problems, and an untrained policy.
    static func probedDev() throws -> (dev: DevSet, probes: [DevSet], policy: PolicyNetwork) {
        let problems = (0..<40).map { PreparedProblem(Fixtures.synthetic($0, majorityRight: $0 % 3 != 0)) }
        let unscored = FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
        var config = TrainerTests.config()
        config.seed = 5
        config.standInNoiseLevels = [0.5, 4]
        config.standInRate = 0.5
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(unscored))
        let state = try trainer.initialState()
        let probes = ScoreChannelProbes.devSets(unscored, config: config, rewardModel: state.rewardModel, vocabulary: trainer.vocabulary, threads: 1)
        let dev = DevSet(config.standInScores.apply(to: unscored), config: config, vocabulary: trainer.vocabulary, threads: 1)
        return (dev, probes, state.policy)
    }

    @Test func probesScoreEveryProblemOncePerLevelAndLeaveTheUnscoredRegimesAlone() throws {
        let (dev, probes, policy) = try Self.probedDev()
        #expect(probes.count == 3)
        for probe in probes {
            #expect(!probe.contested.isEmpty)
            #expect(probe.contested.count == dev.contested.count)
            #expect(probe.contested.allSatisfy { $0.encoding.regime.clientScores })
        }
        let plain = try DecisionCalibrationFit.fit(dev, policy: policy)
        let robust = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes)
        #expect(robust.calibration.pluralityBonus == plain.calibration.pluralityBonus)
        for regime in PoolRegime.all where !regime.clientScores {
            #expect(robust.calibration.bonus(for: regime) == plain.calibration.bonus(for: regime))
        }
        // Same inputs, same calibration.
        #expect(try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes).calibration == robust.calibration)
    }
}
