import AggLMAggregation
import AggLMFeatures
import AggLMSupport
import AggLMWire
import Foundation
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMCheckpoint
import AggLMTestSupport

/// The per-set gate on a client's score channel: its statistic, its decision, its fit on dev probes
/// and its place in the checkpoint.
@Suite struct ScoreChannelGateTests {
    /// A one-model set: member i answers `answers[i]` with client score `scores[i]`.
    static func encoding(answers: [String], scores: [Double], order: [Int]? = nil) -> SetEncoding {
        var wire = Agglm_V1_Problem()
        wire.id = "gate"
        wire.gold = "1"
        let order = order ?? Array(answers.indices)
        wire.candidates = order.map { index in
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c\(index)"
            candidate.model = "m"
            candidate.text = "The answer is \(answers[index])."
            candidate.answer = answers[index]
            candidate.rewardScore = scores[index]
            return candidate
        }
        let problem = PreparedProblem(wire)
        return SetEncoding(set: problem.fullSet, features: ProblemFeatures(problem), vocabulary: ModelVocabulary(names: ["m"]), anonymous: false)
    }

    /// The cluster of the set whose members answer `answer`.
    static func cluster(of answer: String, answers: [String], in encoding: SetEncoding, order: [Int]? = nil) -> Int {
        let order = order ?? Array(answers.indices)
        let position = order.firstIndex { answers[$0] == answer } ?? 0
        return Int(encoding.clusterOfMember[position])
    }

    static let answers = ["1", "1", "1", "2", "2", "3", "4", "5"]

    @Test func supportIsHighWhenScoresSeparateAnswersAndLowWhenTheyScatterWithinThem() {
        // "2" (two votes) against the plurality "1" (three votes).
        let separated = Self.encoding(answers: Self.answers, scores: [0.1, 0.0, 0.2, 1.0, 1.1, 0.1, 0.0, 0.2])
        let scattered = Self.encoding(answers: Self.answers, scores: [0.9, -0.5, 0.1, 1.0, 0.2, 0.8, -0.4, 0.6])
        let strong = ScoreChannelGate.support(for: Self.cluster(of: "2", answers: Self.answers, in: separated), in: separated)
        let weak = ScoreChannelGate.support(for: Self.cluster(of: "2", answers: Self.answers, in: scattered), in: scattered)
        #expect(strong > 3)
        #expect(weak < 1.5)
        let largest = Self.cluster(of: "1", answers: Self.answers, in: separated)
        #expect(ScoreChannelGate.support(for: largest, in: separated) == ScoreChannelGate.supportLimit)
        // A cluster scored below the plurality is not backed.
        let singleton = Self.cluster(of: "3", answers: Self.answers, in: separated)
        #expect(ScoreChannelGate.support(for: singleton, in: separated) < 0.5)
        #expect(ScoreChannelGate.support(for: -1, in: separated) == ScoreChannelGate.supportLimit)
    }

    @Test func supportDoesNotDependOnMemberOrder() {
        let scores = [0.31, -0.2, 0.55, 1.07, 0.93, 0.12, -0.71, 0.4]
        let direct = Self.encoding(answers: Self.answers, scores: scores)
        for seed in 0..<10 {
            var rng = SplitMix64(seed: UInt64(seed))
            var order = Array(Self.answers.indices)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            let permuted = Self.encoding(answers: Self.answers, scores: scores, order: order)
            for answer in ["2", "3", "4", "5"] {
                let a = ScoreChannelGate.support(for: Self.cluster(of: answer, answers: Self.answers, in: direct), in: direct)
                let b = ScoreChannelGate.support(for: Self.cluster(of: answer, answers: Self.answers, in: permuted, order: order), in: permuted)
                #expect(a == b)
            }
        }
    }

    @Test func theGateFollowsBackedOverturnsAndFallsBackOnTheOthers() {
        let regime = PoolRegime(names: .oneModel, clientScores: true)
        let calibration = DecisionCalibration(
            pluralityBonus: 0, temperature: 1, regimeBonuses: [regime: DecisionCalibration.majorityOnlyBonus],
            scoreGates: [regime: ScoreChannelGate(openBonus: 0.5, threshold: 2)])
        let separated = Self.encoding(answers: Self.answers, scores: [0.1, 0.0, 0.2, 1.0, 1.1, 0.1, 0.0, 0.2])
        let scattered = Self.encoding(answers: Self.answers, scores: [0.9, -0.5, 0.1, 1.0, 0.2, 0.8, -0.4, 0.6])
        #expect(separated.regime == regime)
        // The policy prefers "2" strongly enough to overturn with the open bonus.
        func probabilities(_ encoding: SetEncoding) -> [Double] {
            let favourite = Self.cluster(of: "2", answers: Self.answers, in: encoding)
            return (0..<encoding.clusterCount).map { $0 == favourite ? 0.6 : 0.4 / Double(encoding.clusterCount - 1) }
        }
        let plurality = Self.cluster(of: "1", answers: Self.answers, in: separated)
        #expect(DecisionCalibration.choice(calibration.apply(probabilities(separated), encoding: separated)) == Self.cluster(of: "2", answers: Self.answers, in: separated))
        #expect(DecisionCalibration.choice(calibration.apply(probabilities(scattered), encoding: scattered)) == plurality)
        // Without the gate the regime's bonus decides every set; deterministic.
        let ungated = DecisionCalibration(pluralityBonus: 0, temperature: 1, regimeBonuses: calibration.regimeBonuses)
        #expect(DecisionCalibration.choice(ungated.apply(probabilities(separated), encoding: separated)) == plurality)
        #expect(calibration.apply(probabilities(separated), encoding: separated) == calibration.apply(probabilities(separated), encoding: separated))
    }

    /// Judges of `problems` problems, one set each: the open bonus (index 0) overturns with the given
    /// support and rightness; the fall-back and majority are right on `majorityRight` sets.
    static func judge(problems: Int, support: (Int) -> Double, overturnRight: (Int) -> Bool, majorityRight: (Int) -> Bool) -> ScoreChannelGateFit.Judge {
        let bonuses = ScoreChannelGateFit.openBonusGrid.count
        let sets = (0..<problems).map { p in
            ScoreChannelGateFit.GatedSet(
                problem: p, majorityRight: majorityRight(p), fallbackRight: majorityRight(p),
                openRight: (0..<bonuses).map { $0 == 0 ? overturnRight(p) : majorityRight(p) },
                openSupport: (0..<bonuses).map { $0 == 0 ? support(p) : ScoreChannelGate.supportLimit })
        }
        return ScoreChannelGateFit.Judge(sets: sets, problemCount: problems)
    }

    @Test func fitOpensForAStrongChannelOnlyAsFarAsTheMisleadingOneAllows() throws {
        // Strong channel: on half the problems the plurality is wrong and the overturn, backed by a
        // support of 4, is right (on the others the open bonus keeps the plurality). Misleading channel: overturns with support 1 (scattered scores),
        // always wrong, on problems where the plurality is right.
        let strong = Self.judge(problems: 60, support: { $0 % 2 == 0 ? 4 : ScoreChannelGate.supportLimit }, overturnRight: { _ in true }, majorityRight: { $0 % 2 == 1 })
        let misleading = Self.judge(problems: 60, support: { $0 % 3 == 0 ? 1 : ScoreChannelGate.supportLimit }, overturnRight: { $0 % 3 != 0 }, majorityRight: { _ in true })
        let outcome = ScoreChannelGateFit.fit([strong, misleading], fallbackBonus: DecisionCalibration.majorityOnlyBonus)
        let gate = try #require(outcome.gate)
        #expect(gate.openBonus == 0)
        #expect(gate.threshold > 1 && gate.threshold <= 4)
        #expect(outcome.gatedGains[0] > 0.4 && outcome.gatedGains[1] == 0)
        #expect(outcome.robustGains == [0, 0])
        // The same misleading channel with support as high as the strong one's: no threshold tells
        // them apart, and no gate is safe.
        let confident = Self.judge(problems: 60, support: { $0 % 3 == 0 ? 4 : ScoreChannelGate.supportLimit }, overturnRight: { $0 % 3 != 0 }, majorityRight: { _ in true })
        #expect(ScoreChannelGateFit.fit([strong, confident], fallbackBonus: DecisionCalibration.majorityOnlyBonus).gate == nil)
        // Too few problems to judge: no gate.
        let small = Self.judge(problems: 10, support: { _ in 4 }, overturnRight: { _ in true }, majorityRight: { _ in false })
        #expect(ScoreChannelGateFit.fit([small], fallbackBonus: DecisionCalibration.majorityOnlyBonus).gate == nil)
    }

    @Test func checkpointKeepsTheGatesAndOlderCheckpointsLoadWithout() throws {
        let regime = PoolRegime(names: .oneModel, clientScores: true)
        let calibration = DecisionCalibration(
            pluralityBonus: 0.4, temperature: 1.2, regimeBonuses: [regime: 16], scoreGates: [regime: ScoreChannelGate(openBonus: 0.3, threshold: 2.5)])
        let file = try CalibratedCheckpointFile(calibration, seed: 12, name: "gates")
        defer { file.remove() }
        let loaded = try file.roundTrip()
        #expect(loaded.calibration == calibration)
        #expect(loaded.metadata[DecisionCalibration.scoreGatesKey] == nil)

        try file.write(editing: [DecisionCalibration.scoreGatesKey: nil])
        let older = try LearnedAggregator.load(from: file.path).aggregator.calibration
        #expect(older.scoreGates.isEmpty)
        #expect(older.regimeBonuses == calibration.regimeBonuses)

        for bad in [#"{"one-model":{"openBonus":0,"threshold":1}}"#, #"{"one-model+scores":{"openBonus":-1,"threshold":1}}"#, #"{"one-model+scores":{"openBonus":0}}"#, "[]"] {
            try file.write(editing: [DecisionCalibration.scoreGatesKey: bad])
            #expect(throws: LearnedCheckpointError.self) { _ = try LearnedAggregator.load(from: file.path) }
        }
    }

    @Test func gatedFitOnProbesIsDeterministicAndLeavesUnscoredRegimesAlone() throws {
        let (dev, probes, policy) = try ScoreChannelProbeTests.probedDev()
        let robust = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes)
        let gated = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes, scoreGates: true)
        #expect(gated.calibration.regimeBonuses == robust.calibration.regimeBonuses)
        #expect(gated.calibration.scoreGates.keys.allSatisfy { $0.clientScores })
        #expect(robust.calibration.scoreGates.isEmpty)
        for regime in gated.regimes where PoolRegime(key: regime.regime)?.clientScores == true && regime.problems >= DecisionCalibrationFit.minimumRegimeProblems {
            #expect(regime.probeGainsWithoutGate.count == regime.probeGainsWithGate.count)
            #expect(!regime.probeGainsWithGate.isEmpty)
        }
        #expect(try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes, scoreGates: true).calibration == gated.calibration)
    }
}
