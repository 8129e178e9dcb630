import AggLMAggregation
import AggLMFeatures
import AggLMPolicy
import AggLMSupport
import AggLMWire
import Foundation
import Testing
@testable import AggLMLearned
@testable import AggLMTraining
import AggLMCheckpoint
import AggLMTestSupport

/// The do-no-harm pieces: pool regimes, per-regime plurality bonuses, GRPO's overturn penalty,
/// the objective-phase epoch rule and stand-in client scores.
@Suite struct DoNoHarmTests {
    static func problem(models: [String], scores: [Double?]? = nil) -> PreparedProblem {
        var wire = Agglm_V1_Problem()
        wire.id = "regime"
        wire.gold = "1"
        wire.candidates = models.enumerated().map { index, model in
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c\(index)"
            candidate.model = model
            candidate.text = "The answer is \(index % 2)."
            candidate.answer = String(index % 2)
            if let score = scores?[index] { candidate.rewardScore = score }
            return candidate
        }
        return PreparedProblem(wire)
    }

    @Test func regimeReadsNamesAndScoresFromTheSet() {
        let one = Self.problem(models: ["m", "m", "m", ""]).fullSet
        #expect(PoolRegime(set: one, anonymous: false) == PoolRegime(names: .oneModel, clientScores: false))
        #expect(PoolRegime(set: one, anonymous: true) == PoolRegime(names: .unnamed, clientScores: false))
        let several = Self.problem(models: ["m", "n", "m"]).fullSet
        #expect(PoolRegime(set: several, anonymous: false).names == .severalModels)
        #expect(PoolRegime(set: Self.problem(models: ["", ""]).fullSet, anonymous: false).names == .unnamed)
        let scored = Self.problem(models: ["m", "m"], scores: [0.5, -1]).fullSet
        #expect(PoolRegime(set: scored, anonymous: false) == PoolRegime(names: .oneModel, clientScores: true))
        let partly = Self.problem(models: ["m", "m"], scores: [0.5, nil]).fullSet
        #expect(!PoolRegime(set: partly, anonymous: false).clientScores)
        #expect(Set(PoolRegime.all.map(\.key)).count == 6)
        for regime in PoolRegime.all { #expect(PoolRegime(key: regime.key) == regime) }
    }

    @Test func regimeBonusOverridesTheDefaultOnlyForItsRegime() {
        let p = [0.7, 0.3]
        let largest = [false, true]
        let oneModel = PoolRegime(names: .oneModel, clientScores: false)
        let calibration = DecisionCalibration(pluralityBonus: 0, temperature: 1, regimeBonuses: [oneModel: 2])
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest)) == 0)
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest, regime: oneModel.withoutNames)) == 0)
        #expect(TrainingExample.choice(calibration.apply(p, isLargest: largest, regime: oneModel)) == 1)
    }

    @Test func theMajorityBonusKeepsOnlyTheLargestClustersAndLetsThePolicyBreakTheirTie() {
        let calibration = DecisionCalibration(pluralityBonus: DecisionCalibration.majorityOnlyBonus, temperature: 2)
        let p = [1 - 2e-12, 1e-12, 1e-12]
        let decided = calibration.apply(p, isLargest: [false, true, true])
        #expect(decided[0] == 0)
        #expect(abs(decided.reduce(0, +) - 1) < 1e-12)
        #expect(TrainingExample.choice(calibration.apply([0.5, 0.2, 0.3], isLargest: [false, true, true])) == 2)
    }

    @Test func checkpointKeepsRegimeBonusesAndOlderCheckpointsUseOneBonus() throws {
        let bonuses = [PoolRegime(names: .oneModel, clientScores: false): 1.5, PoolRegime(names: .unnamed, clientScores: true): 3.0]
        let calibration = DecisionCalibration(pluralityBonus: 0.4, temperature: 1.2, regimeBonuses: bonuses)
        let file = try CalibratedCheckpointFile(calibration, seed: 12, name: "regimes")
        defer { file.remove() }
        #expect(try file.roundTrip().calibration == calibration)

        try file.write(editing: [DecisionCalibration.regimeBonusesKey: nil])
        let older = try LearnedAggregator.load(from: file.path).aggregator.calibration
        #expect(older.regimeBonuses.isEmpty)
        for regime in PoolRegime.all { #expect(older.bonus(for: regime) == 0.4) }

        for bad in [#"{"two-models":1}"#, #"{"one-model":-1}"#, #"[1]"#] {
            try file.write(editing: [DecisionCalibration.regimeBonusesKey: bad])
            #expect(throws: LearnedCheckpointError.self) { _ = try LearnedAggregator.load(from: file.path) }
        }
    }

    @Test func fitGivesRegimesWithoutDevSetsTheFallBackBonus() throws {
        let (dev, policy) = try DecisionCalibrationTests.dev(majorityRight: true)
        let fit = try DecisionCalibrationFit.fit(dev, policy: policy)
        // The synthetic dev pools name several models; hidden names make them unnamed; nothing else is seen.
        let fitted = Set(fit.regimes.filter { $0.problems >= DecisionCalibrationFit.minimumRegimeProblems }.map(\.regime))
        #expect(fitted == ["several-models", "unnamed"])
        #expect(fit.calibration.bonus(for: PoolRegime(names: .oneModel, clientScores: false)) == DecisionCalibrationFit.unseenRegimeBonus)
        #expect(fit.calibration.bonus(for: PoolRegime(names: .severalModels, clientScores: false)) > 0)
        for regime in fit.regimes { #expect((0...1).contains(regime.overturnRate) && (0...1).contains(regime.overturnPrecision)) }
    }

    @Test func setsWithoutNamesFallBackToMajorityWhenDevHasTooFewOfOneKindOfPool() throws {
        var problems = (0..<40).map { PreparedProblem(Fixtures.synthetic($0, majorityRight: true)) }
        // A few one-model pools: seen without names they are unnamed sets too, but too few to judge.
        problems += (0..<5).map { index in
            var wire = Fixtures.synthetic(100 + index)
            for c in wire.candidates.indices { wire.candidates[c].model = "same-model" }
            return PreparedProblem(wire)
        }
        let data = FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
        var config = TrainerTests.config()
        config.seed = 5
        let trainer = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(data))
        let dev = DevSet(data, config: config, vocabulary: trainer.vocabulary, threads: 1)
        let fit = try DecisionCalibrationFit.fit(dev, policy: try trainer.initialState().policy)
        #expect(fit.calibration.bonus(for: PoolRegime(names: .unnamed, clientScores: false)) == DecisionCalibrationFit.unseenRegimeBonus)
        #expect(fit.calibration.bonus(for: PoolRegime(names: .oneModel, clientScores: false)) == DecisionCalibrationFit.unseenRegimeBonus)
        #expect(fit.regimes.first { $0.regime == "several-models" }.map { $0.problems >= DecisionCalibrationFit.minimumRegimeProblems } == true)
    }

    @Test func shapedRewardsPenaliseOnlyOverturningACorrectPlurality() throws {
        let config = TrainerTests.config()
        let problems = [PreparedProblem(Fixtures.synthetic(3, majorityRight: true)), PreparedProblem(Fixtures.synthetic(4))]
        let data = FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
        let examples = Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(data)).select(data, threads: 1).examples
        #expect(examples.contains { $0.majorityCorrect } && examples.contains { !$0.majorityCorrect })
        for example in examples {
            let shaped = example.shapedRewards(overturnPenalty: 2)
            #expect(example.shapedRewards(overturnPenalty: 0) == example.clusterRewards)
            for (c, reward) in shaped.enumerated() {
                if example.clusterRewards[c] > 0 {
                    #expect(reward == 1)
                } else if example.majorityCorrect && !example.encoding.isLargestCluster[c] {
                    #expect(reward == -2)
                } else {
                    #expect(reward == 0)
                }
            }
        }
    }

    @Test func centeredAdvantagesKeepTheRewardScale() throws {
        let rewards: [Float] = [1, -2, -2, 1, 0, 0, 0, 1]
        let centered = try GRPOObjective(groupSize: 4, centered: true).advantages(rewards: rewards)
        #expect(centered == [1.5, -1.5, -1.5, 1.5, -0.25, -0.25, -0.25, 0.75])
        let normalised = try GRPOObjective(groupSize: 4).advantages(rewards: rewards)
        #expect(abs(normalised[0] - 1) < 1e-3)
    }

    @Test func objectivePhaseEpochIsTheOneKept() throws {
        var config = TrainerTests.config()
        config.warmupEpochs = 2
        config.epochs = 4
        config.patience = 4
        config.shipObjectivePhase = true
        config.overturnPenalty = 2
        config.centeredAdvantages = true
        let result = try TrainerTests().run(config)
        #expect(result.state.bestEpoch > config.warmupEpochs)
    }

    @Test func standInScoresAreDeterministicAndReachTheFeatures() {
        let data = TrainerTests.data(0..<40)
        let scores = StandInScores(noiseLevels: [0.5, 2], rate: 0.5, seed: 3)
        let once = scores.apply(to: data), twice = scores.apply(to: data)
        let scored = once.problems.indices.filter { once.problems[$0].candidates.allSatisfy { $0.rewardScore != nil } }
        #expect(!scored.isEmpty && scored.count < data.problems.count)
        for index in data.problems.indices {
            #expect(once.problems[index].candidates.map(\.rewardScore) == twice.problems[index].candidates.map(\.rewardScore))
            // The features equal those computed from scratch for the scored problem.
            #expect(once.features[index].own == ProblemFeatures(once.problems[index]).own)
        }
        #expect(StandInScores(noiseLevels: [1], rate: 0, seed: 3).apply(to: data).problems.allSatisfy { $0.candidates.allSatisfy { $0.rewardScore == nil } })
    }
}
