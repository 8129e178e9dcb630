import AggLMAggregation
import AggLMFeatures
import AggLMPolicy
import AggLMSupport
import Foundation
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMCheckpoint
import AggLMTestSupport

@Suite struct DecisionCalibrationTests {
    /// A random distribution over 2...6 clusters with at least one largest cluster.
    static func randomCase(_ rng: inout SplitMix64) -> (probabilities: [Double], isLargest: [Bool]) {
        let count = 2 + rng.below(5)
        let weights = (0..<count).map { _ in 0.01 + Double(rng.below(1000)) / 1000 }
        let total = weights.reduce(0, +)
        var largest = (0..<count).map { _ in rng.below(3) == 0 }
        largest[rng.below(count)] = true
        return (weights.map { $0 / total }, largest)
    }

    static func choice(_ p: [Double]) -> Int? { TrainingExample.choice(p) }

    @Test func identityChangesNothing() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<100 {
            let (p, largest) = Self.randomCase(&rng)
            #expect(DecisionCalibration.identity.apply(p, isLargest: largest) == p)
        }
    }

    @Test func returnsADistributionAndTemperatureKeepsTheChoice() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<200 {
            let (p, largest) = Self.randomCase(&rng)
            let temperature = [0.3, 0.7, 1.5, 4.0][rng.below(4)]
            let rescaled = DecisionCalibration(pluralityBonus: 0, temperature: temperature).apply(p, isLargest: largest)
            #expect(abs(rescaled.reduce(0, +) - 1) < 1e-9)
            #expect(Self.choice(rescaled) == Self.choice(p))
            // Higher temperature flattens: the winner's probability moves towards uniform.
            if let best = Self.choice(p), temperature > 1 { #expect(rescaled[best] <= p[best] + 1e-12) }
        }
    }

    @Test func aLargeBonusHandsTheChoiceToALargestCluster() {
        let p = [0.7, 0.2, 0.1]
        let largest = [false, true, false]
        #expect(Self.choice(DecisionCalibration(pluralityBonus: 0.5, temperature: 1).apply(p, isLargest: largest)) == 0)
        #expect(Self.choice(DecisionCalibration(pluralityBonus: 2, temperature: 1).apply(p, isLargest: largest)) == 1)
    }

    @Test func permutingClustersPermutesTheResult() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let (p, largest) = Self.randomCase(&rng)
            let calibration = DecisionCalibration(pluralityBonus: Double(rng.below(30)) / 10, temperature: 0.5 + Double(rng.below(30)) / 10)
            let order = Array(p.indices.reversed())
            let direct = calibration.apply(p, isLargest: largest)
            let permuted = calibration.apply(order.map { p[$0] }, isLargest: order.map { largest[$0] })
            for (position, index) in order.enumerated() { #expect(abs(permuted[position] - direct[index]) < 1e-12) }
        }
    }

    @Test func checkpointKeepsTheCalibrationAndRefusesBadValues() throws {
        let calibration = DecisionCalibration(pluralityBonus: 0.7, temperature: 1.59)
        let file = try CalibratedCheckpointFile(calibration, seed: 11, name: "calibration")
        defer { file.remove() }
        let loaded = try file.roundTrip()
        #expect(loaded.calibration == calibration)
        #expect(loaded.metadata[DecisionCalibration.bonusKey] == nil)

        for (key, value) in [(DecisionCalibration.bonusKey, "-1"), (DecisionCalibration.bonusKey, "nan"),
                             (DecisionCalibration.temperatureKey, "0"), (DecisionCalibration.temperatureKey, "warm")] {
            try file.write(editing: [key: value])
            do {
                _ = try LearnedAggregator.load(from: file.path)
                Issue.record("loaded \(key) = \(value)")
            } catch {
                #expect(error.description.contains(key))
            }
        }

        // A checkpoint written before calibration existed serves the raw policy.
        try file.write(editing: [DecisionCalibration.bonusKey: nil, DecisionCalibration.temperatureKey: nil])
        #expect(try LearnedAggregator.load(from: file.path).aggregator.calibration == .identity)
    }

    static func dev(majorityRight: Bool) throws -> (DevSet, PolicyNetwork) {
        let problems = (0..<40).map { PreparedProblem(Fixtures.synthetic($0, majorityRight: majorityRight)) }
        let data = FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
        var config = TrainerTests.config()
        config.seed = 5
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(data))
        let dev = DevSet(data, config: config, vocabulary: trainer.vocabulary, threads: 1)
        // An untrained policy: its choices are close to arbitrary.
        return (dev, try trainer.initialState().policy)
    }

    @Test func fitLeansOnTheMajorityOnlyWhenDevSaysItIsRight() throws {
        let (right, policy) = try Self.dev(majorityRight: true)
        let leaning = try DecisionCalibrationFit.fit(right, policy: policy)
        #expect(leaning.calibration.pluralityBonus > 0)
        #expect(leaning.accuracyWithBonus > leaning.accuracyWithoutBonus)
        #expect(leaning.retentionWithBonus >= leaning.retentionWithoutBonus)

        let (wrong, policyForWrong) = try Self.dev(majorityRight: false)
        let fit = try DecisionCalibrationFit.fit(wrong, policy: policyForWrong)
        // Leaning on a wrong majority only costs: the fit keeps no bonus large enough to change a dev
        // decision (with an untrained policy a tiny bonus may change none, and larger bonuses win ties).
        #expect(fit.calibration.pluralityBonus < leaning.calibration.pluralityBonus)
        #expect(fit.accuracyWithBonus == fit.accuracyWithoutBonus)
        #expect(DecisionCalibrationFit.temperatureGrid.contains(fit.calibration.temperature))
        // Same dev sets, same policy: same calibration.
        #expect(try DecisionCalibrationFit.fit(wrong, policy: policyForWrong).calibration == fit.calibration)
    }
}
