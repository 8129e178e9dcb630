import AggLMAggregation
import AggLMFeatures
import AggLMSupport
import Foundation
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMCheckpoint
import AggLMTestSupport

/// The fit of the batch trust map on dev channel probes, and its place in the checkpoint.
@Suite struct ScoreChannelTrustFitTests {
    static let grid: [Double] = [0, 1, DecisionCalibration.majorityOnlyBonus]
    static let base = 2

    /// One probe of `problems` problems in `groups` files: every draw of a problem lands in `bin`; the
    /// problem gains `trustedGain(problem)` over majority with bonus 0, half of it with bonus 1, and
    /// nothing with the base bonus (majority vote).
    static func judge(problems: Int, groups: Int = 2, bin: Int, trustedGain: (Int) -> Double) -> ScoreChannelTrustFit.Judge {
        let gains = grid.indices.map { b in (0..<problems).map { p -> Double? in b == base ? 0 : trustedGain(p) * (b == 0 ? 1 : 0.5) } }
        return ScoreChannelTrustFit.Judge(
            gains: gains, occurrences: (0..<problems).map { _ in [(bin: bin, count: 4)] }, groups: (0..<problems).map { $0 % groups })
    }

    @Test func aStrongChannelIsTrustedAboveTheMisleadingOnesAgreement() {
        // The strong channel's batches agree at bin 20 (0.88) and gain when followed; the misleading
        // one's agree at bin 10 (0.68) and lose when followed.
        let strong = Self.judge(problems: 60, bin: 20) { $0 % 3 == 0 ? 0.5 : 0 }
        let misleading = Self.judge(problems: 60, bin: 10) { $0 % 2 == 0 ? -0.25 : 0 }
        let fitted = ScoreChannelTrustFit.fitMap([strong, misleading], grid: Self.grid, base: Self.base)
        #expect(fitted.map[20] == 0)
        #expect(fitted.map[10] == Self.base)
        let steps = ScoreChannelTrustFit.steps(fitted.map, grid: Self.grid)
        let step = steps.last
        #expect(step?.bonus == 0)
        // The step sits as high as it can: the highest threshold the strong channel's batches reach.
        #expect(step?.agreement == ScoreChannelTrustFit.agreementGrid[19])
        // When the misleading channel agrees as much as the strong one, nothing is trusted.
        let confident = Self.judge(problems: 60, bin: 20) { $0 % 2 == 0 ? -0.25 : 0 }
        #expect(ScoreChannelTrustFit.fitMap([strong, confident], grid: Self.grid, base: Self.base).map.allSatisfy { $0 == Self.base })
        // A loss on one file is not paid for by a gain on another.
        let mixed = Self.judge(problems: 60, bin: 20) { $0 % 2 == 0 ? 0.5 : -0.1 }
        #expect(ScoreChannelTrustFit.fitMap([mixed], grid: Self.grid, base: Self.base).map.allSatisfy { $0 == Self.base })
        // Dev sets of the regime from one file only: no step.
        let oneFile = Self.judge(problems: 60, groups: 1, bin: 20) { $0 % 3 == 0 ? 0.5 : 0 }
        #expect(ScoreChannelTrustFit.fitMap([oneFile], grid: Self.grid, base: Self.base).map.allSatisfy { $0 == Self.base })
        // Batches whose estimate is unknown keep the base bonus whatever the map.
        let unknown = Self.judge(problems: 60, bin: -1) { _ in -1 }
        #expect(unknown.perProblem(fitted.map, base: Self.base).allSatisfy { $0.gain == 0 })
    }

    @Test func drawsStayInsideOneFileAndAreDeterministic() {
        let groups = (0..<50).map { $0 < 20 ? 0 : 1 }
        let draws = ScoreChannelTrustFit.draws(groups: groups, seed: 7)
        #expect(draws.count == 2 * ScoreChannelTrustFit.batchSizes.count * ScoreChannelTrustFit.drawsPerSize)
        #expect(draws.allSatisfy { batch in Set(batch.map { groups[$0] }).count == 1 })
        #expect(Set(draws.map(\.count)) == Set(ScoreChannelTrustFit.batchSizes))
        #expect(ScoreChannelTrustFit.draws(groups: groups, seed: 7) == draws)
        #expect(ScoreChannelTrustFit.bin(of: 0.49) == 0 && ScoreChannelTrustFit.bin(of: 0.5) == 1 && ScoreChannelTrustFit.bin(of: 1) == ScoreChannelTrustFit.agreementGrid.count)
    }

    @Test func fitOnProbesIsDeterministicAndLeavesEverythingElseAlone() throws {
        let (dev, probes, policy) = try ScoreChannelProbeTests.probedDev()
        let groups = dev.channelConcordance.indices.map { $0 % 2 }
        let robust = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes)
        let trusted = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes, devFiles: groups, channelTrust: true)
        #expect(robust.calibration.channelTrust == nil)
        #expect(trusted.calibration.regimeBonuses == robust.calibration.regimeBonuses)
        #expect(trusted.channelTrust.map(\.regime) == PoolRegime.all.filter(\.clientScores).map(\.key))
        for regime in trusted.channelTrust {
            #expect(regime.probeGainsWith.count == probes.count)
            #expect(regime.probeGainsWithout.count == probes.count)
        }
        if let trust = trusted.calibration.channelTrust {
            #expect(trust.steps.keys.allSatisfy { $0.clientScores })
            #expect(trust.minimumSets == ScoreChannelTrustFit.minimumSets)
        }
        #expect(try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes, devFiles: groups, channelTrust: true).calibration == trusted.calibration)
        // With the gate or the do-no-harm test there is no trust map.
        let gated = try DecisionCalibrationFit.fit(dev, policy: policy, channelProbes: probes, scoreGates: true, devFiles: groups, channelTrust: true)
        #expect(gated.calibration.channelTrust == nil)
    }

    @Test func checkpointKeepsTheMapAndOlderCheckpointsLoadWithout() throws {
        let regime = PoolRegime(names: .oneModel, clientScores: true)
        let trust = ScoreChannelTrust(steps: [regime: [.init(agreement: 0.7, bonus: 2.5), .init(agreement: 0.8, bonus: 0)]], minimumSets: 16)
        let calibration = DecisionCalibration(pluralityBonus: 0.4, temperature: 1.2, regimeBonuses: [regime: 16], channelTrust: trust)
        let file = try CalibratedCheckpointFile(calibration, seed: 13, name: "trust")
        defer { file.remove() }
        let loaded = try file.roundTrip()
        #expect(loaded.calibration == calibration)
        #expect(loaded.metadata[DecisionCalibration.channelTrustKey] == nil)
        // Same calibration, same bytes.
        #expect(loaded.checkpointMetadata[DecisionCalibration.channelTrustKey] == file.aggregator.checkpointMetadata[DecisionCalibration.channelTrustKey])

        try file.write(editing: [DecisionCalibration.channelTrustKey: nil])
        let older = try LearnedAggregator.load(from: file.path).aggregator
        #expect(older.calibration.channelTrust == nil)
        #expect(older.calibration.regimeBonuses == calibration.regimeBonuses)
        // An old checkpoint decides every batch as before.
        #expect(older.forBatch(estimate: ScoreChannelAgreement(agreement: 0.95, sets: 500)).calibration == older.calibration)

        for bad in [
            #"{"minimumSets":16,"steps":{"one-model":[{"agreement":0.7,"bonus":1}]}}"#,
            #"{"minimumSets":16,"steps":{"one-model+scores":[{"agreement":1.7,"bonus":1}]}}"#,
            #"{"minimumSets":16,"steps":{"one-model+scores":[{"agreement":0.8,"bonus":1},{"agreement":0.7,"bonus":0}]}}"#,
            #"{"minimumSets":0,"steps":{}}"#, "[]",
        ] {
            try file.write(editing: [DecisionCalibration.channelTrustKey: bad])
            #expect(throws: LearnedCheckpointError.self) { _ = try LearnedAggregator.load(from: file.path) }
        }
    }
}
