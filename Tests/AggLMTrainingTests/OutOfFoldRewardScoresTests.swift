import AggLMAggregation
import AggLMFeatures
import AggLMWire
import Testing
@testable import AggLMTraining
import AggLMTestSupport

/// The built-in reward model's out-of-fold scores as a stand-in client score channel.
@Suite struct OutOfFoldRewardScoresTests {
    static func data(_ range: Range<Int>, goldOf: (Int) -> String? = { _ in nil }) -> FeaturedProblems {
        let problems = range.map { index in
            var wire = Fixtures.synthetic(index)
            if let gold = goldOf(index) { wire.gold = gold }
            return PreparedProblem(wire)
        }
        return FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
    }

    static func trainer(_ data: FeaturedProblems) -> Trainer {
        var config = TrainerTests.config()
        config.anonymousSetRate = 0
        return Trainer(config: config, vocabulary: ModelVocabularyBuilder.vocabulary(data))
    }

    @Test func scoresFollowWhatTheOtherFoldsTaughtAndAreDeterministic() throws {
        let train = Self.data(0..<90), dev = Self.data(1000..<1020)
        let trainer = Self.trainer(train)
        let once = try OutOfFoldRewardScores.scores(train: train, dev: dev, trainer: trainer, threads: 2)
        let twice = try OutOfFoldRewardScores.scores(train: train, dev: dev, trainer: trainer, threads: 1)
        #expect(once.train == twice.train && once.dev == twice.dev)
        #expect(zip(once.train, train.problems).allSatisfy { $0.count == $1.candidates.count })
        #expect(zip(once.dev, dev.problems).allSatisfy { $0.count == $1.candidates.count })
        // The oracle (candidate 0) is always right, the echo models (1-4) always wrong: every reward
        // model, trained on other problems only, ranks the oracle first.
        for scores in once.train + once.dev {
            #expect(scores.allSatisfy { (0...1).contains($0) })
            #expect(scores[0] > scores[1...4].max() ?? 1)
        }
    }

    @Test func aProblemsScoresDoNotDependOnItsOwnLabels() throws {
        let train = Self.data(0..<60)
        let trainer = Self.trainer(train)
        let fold = OutOfFoldRewardScores.fold(of: train.problems[0])
        // The same problems with the gold of fold `fold`'s problems made wrong for every candidate.
        let relabelled = Self.data(0..<60) { index in
            OutOfFoldRewardScores.fold(of: train.problems[index]) == fold ? "-12345" : nil
        }
        let original = try OutOfFoldRewardScores.scores(train: train, dev: Self.data(0..<0), trainer: trainer, threads: 1).train
        let changed = try OutOfFoldRewardScores.scores(train: relabelled, dev: Self.data(0..<0), trainer: trainer, threads: 1).train
        var same = 0, differ = 0
        for index in train.problems.indices {
            if OutOfFoldRewardScores.fold(of: train.problems[index]) == fold {
                #expect(original[index] == changed[index])
                same += 1
            } else if original[index] != changed[index] {
                differ += 1
            }
        }
        // The relabelled problems did teach the other folds' models something.
        #expect(same > 0 && differ > 0)
    }

    @Test func theRewardModelLevelScoresOnlyProblemsDrawnForIt() {
        let data = TrainerTests.data(0..<40)
        let modelScores = data.problems.map { $0.candidates.indices.map { Double($0) / 10 } }
        let simulatedOnly = StandInScores(noiseLevels: [0.5], rate: 1, seed: 3)
        let both = StandInScores(noiseLevels: [0.5], rate: 1, seed: 3, rewardModelLevel: true)
        let modelOnly = StandInScores(noiseLevels: [], rate: 1, seed: 3, rewardModelLevel: true).apply(to: data, modelScores: modelScores)
        #expect(zip(modelOnly.problems, modelScores).allSatisfy { $0.candidates.map(\.rewardScore) == $1 })
        let mixed = both.apply(to: data, modelScores: modelScores)
        let fromModel = zip(mixed.problems, modelScores).filter { $0.candidates.map(\.rewardScore) == $1 }.count
        #expect(fromModel > 0 && fromModel < data.problems.count)
        #expect(mixed.features.indices.allSatisfy { mixed.features[$0].own == ProblemFeatures(mixed.problems[$0]).own })
        // Without the reward-model level, nothing changes from before the level existed.
        let plain = simulatedOnly.apply(to: data, modelScores: modelScores)
        #expect(zip(plain.problems, simulatedOnly.apply(to: data).problems).allSatisfy { $0.candidates.map(\.rewardScore) == $1.candidates.map(\.rewardScore) })
        // Scores missing for a problem drawn for the model level: it keeps none.
        let missing = StandInScores(noiseLevels: [], rate: 1, seed: 3, rewardModelLevel: true).apply(to: data)
        #expect(missing.problems.allSatisfy { $0.candidates.allSatisfy { $0.rewardScore == nil } })
    }

    @Test func theClientsOwnScoresAreNeverReplacedByStandIns() {
        let data = TrainerTests.data(0..<40)
        // The client scored every other problem with its own model.
        var own = data
        for index in own.problems.indices where index % 2 == 0 {
            own.problems[index] = own.problems[index].withRewardScores(own.problems[index].candidates.indices.map { Double($0) * 7 })
        }
        for levels in [StandInScores(noiseLevels: [0.5], rate: 1, seed: 3), StandInScores(noiseLevels: [], rate: 1, seed: 3, rewardModelLevel: true)] {
            let modelScores = data.problems.map { $0.candidates.indices.map { -Double($0) } }
            let scored = levels.apply(to: own, modelScores: modelScores)
            let unscoredBefore = levels.apply(to: data, modelScores: modelScores)
            for index in own.problems.indices {
                let after = scored.problems[index].candidates.map(\.rewardScore)
                if index % 2 == 0 {
                    #expect(after == own.problems[index].candidates.map(\.rewardScore))
                } else {
                    // The others get exactly the stand-ins they would get without the client's scores.
                    #expect(after == unscoredBefore.problems[index].candidates.map(\.rewardScore))
                    #expect(after.allSatisfy { $0 != nil })
                }
            }
        }
    }
}
