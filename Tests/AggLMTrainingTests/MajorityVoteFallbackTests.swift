import AggLMEvaluation
import AggLMFeatures
import AggLMSupport
import Foundation
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMCheckpoint
import AggLMTestSupport

/// The do-no-harm test of the decision calibration: a kind of pool leaves majority vote (ties
/// included) only when dev shows a gain above 0 by a one-sided 95% bound over problems.
@Suite struct MajorityVoteFallbackTests {
    static let oneModel = PoolRegime(names: .oneModel, clientScores: false)

    @Test func aMajorityVoteRegimeKeepsMajorityVotesOwnTieRule() {
        let calibration = DecisionCalibration(pluralityBonus: 0, temperature: 2, regimeBonuses: [Self.oneModel: 16], majorityVoteRegimes: [Self.oneModel])
        // The policy prefers the second of two tied largest clusters, and a smaller one most of all.
        let p = [0.1, 0.3, 0.6]
        let largest = [true, true, false]
        #expect(calibration.apply(p, isLargest: largest, regime: Self.oneModel) == [0.5, 0.5, 0])
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest, regime: Self.oneModel)) == 0)
        // A unique plurality is kept whatever the policy thinks.
        #expect(calibration.apply(p, isLargest: [false, true, false], regime: Self.oneModel) == [0, 1, 0])
        // Other kinds of pool, and callers without one, still get their bonus.
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest, regime: Self.oneModel.withoutNames)) == 2)
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest)) == 2)
        // Without the rule, the stored bonus lets the policy break the tie.
        let older = DecisionCalibration(pluralityBonus: 0, temperature: 1, regimeBonuses: [Self.oneModel: 16])
        #expect(TrainingExample.choice(older.apply(p, isLargest: largest, regime: Self.oneModel)) == 1)
    }

    @Test func checkpointKeepsMajorityVoteRegimesAndRefusesUnknownOnes() throws {
        let calibration = DecisionCalibration(
            pluralityBonus: 0.4, temperature: 1.2, regimeBonuses: [Self.oneModel: 16],
            majorityVoteRegimes: [Self.oneModel, PoolRegime(names: .unnamed, clientScores: true)])
        let file = try CalibratedCheckpointFile(calibration, seed: 13, name: "majority-vote")
        defer { file.remove() }
        #expect(file.aggregator.checkpointMetadata[DecisionCalibration.majorityVoteRegimesKey] == #"["one-model","unnamed+scores"]"#)
        let loaded = try file.roundTrip()
        #expect(loaded.calibration == calibration)
        #expect(loaded.metadata[DecisionCalibration.majorityVoteRegimesKey] == nil)

        for bad in [#"["two-models"]"#, #"{"one-model":1}"#, "one-model"] {
            try file.write(editing: [DecisionCalibration.majorityVoteRegimesKey: bad])
            #expect(throws: LearnedCheckpointError.self) { _ = try LearnedAggregator.load(from: file.path) }
        }
        try file.write(editing: [DecisionCalibration.majorityVoteRegimesKey: nil])
        #expect(try LearnedAggregator.load(from: file.path).aggregator.calibration.majorityVoteRegimes.isEmpty)
    }

    /// Per-problem gains of a candidate that gains `gain` on every `gainingEvery`-th problem and
    /// nothing elsewhere, as the fit estimates them: mean and standard error.
    static func gain(problems: Int, gainingEvery: Int, gain: Double) -> (mean: Double, standardError: Double) {
        Self.estimate((0..<problems).map { $0 % gainingEvery == 0 ? gain : 0 })
    }

    static func estimate(_ gains: [Double]) -> (mean: Double, standardError: Double) {
        (Bootstrap.mean(gains), DecisionCalibrationFit.standardError(gains))
    }

    @Test func aGainWithinNoiseFailsAndAClearOnePasses() {
        // 36 problems, 2 of them gaining: a mean gain of +2.8 points, above one standard error but
        // not above the one-sided 95% bound.
        let rareGain = Self.gain(problems: 36, gainingEvery: 18, gain: 0.5)
        #expect(rareGain.mean - rareGain.standardError > 0)
        #expect(DecisionCalibrationFit.doNoHarmBound(rareGain) <= 0)
        // The same pattern on 400 problems is clear.
        #expect(DecisionCalibrationFit.doNoHarmBound(Self.gain(problems: 400, gainingEvery: 18, gain: 0.5)) > 0)
        // No change at all is not a gain.
        #expect(DecisionCalibrationFit.doNoHarmBound(Self.gain(problems: 400, gainingEvery: 1, gain: 0)) == 0)
    }

    @Test func theHighestLowerBoundCanLoseOnDevAndThenMajorityVoteIsChosen() {
        // Every candidate loses on dev; the one-standard-error choice still picks one of them.
        let baseline = (0..<36).map { Double($0 % 2) }
        let candidates = [baseline.map { $0 - 0.02 }, baseline.enumerated().map { $0.offset == 0 ? $0.element - 0.7 : $0.element }]
        let index = DecisionCalibrationFit.lowerBoundChoice(candidates, baseline: baseline)
        let gain = Self.estimate(zip(candidates[index], baseline).map { $0 - $1 })
        #expect(gain.mean < 0)
        #expect(DecisionCalibrationFit.doNoHarmBound(gain) <= 0)
    }

    @Test func fitServesEveryRegimeByMajorityVoteWhenDevMajorityIsAlwaysRight() throws {
        // Majority vote is right on every dev set, so nothing can beat it beyond noise.
        let (dev, policy) = try DecisionCalibrationTests.dev(majorityRight: true)
        let fit = try DecisionCalibrationFit.fit(dev, policy: policy, doNoHarmTest: true)
        #expect(Set(fit.calibration.majorityVoteRegimes.map(\.key)) == Set(PoolRegime.all.map(\.key)))
        // Without the test, today's rule: no kind of pool is held to majority vote's own tie rule.
        #expect(try DecisionCalibrationFit.fit(dev, policy: policy).calibration.majorityVoteRegimes.isEmpty)
        for regime in fit.regimes where regime.problems >= DecisionCalibrationFit.minimumRegimeProblems {
            #expect(regime.majorityVote)
            #expect(regime.candidateGain <= 0)
            #expect(regime.accuracyWithBonus == regime.majorityAccuracy)
            #expect(regime.overturnRate == 0)
        }
        #expect(try DecisionCalibrationFit.fit(dev, policy: policy, doNoHarmTest: true).calibration == fit.calibration)
    }

    @Test func fitKeepsTheBonusWhereDevShowsAClearGain() throws {
        // Majority vote is wrong on every dev set and one model is always right; a policy trained on
        // such sets overturns the plurality for it on many problems, beyond the bound. (An untrained
        // policy would not do: its choices, and so this test, would hang on its random start.)
        let (state, _, dev, _) = try TrainerTests().run(TrainerTests.config())
        let fit = try DecisionCalibrationFit.fit(dev, policy: state.policy, doNoHarmTest: true)
        let several = try #require(fit.regimes.first { $0.regime == "several-models" })
        #expect(!several.majorityVote)
        #expect(DecisionCalibrationFit.doNoHarmBound((several.candidateGain, several.candidateGainStandardError)) > 0)
        #expect(!fit.calibration.majorityVoteRegimes.contains(PoolRegime(names: .severalModels, clientScores: false)))
        #expect(several.accuracyWithBonus > several.majorityAccuracy)
    }
}
