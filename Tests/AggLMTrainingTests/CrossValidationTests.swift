import AggLMFeatures
import Foundation
import AggLMAggregation
import AggLMEvaluation
import AggLMTestSupport
import Testing
@testable import AggLMTraining

/// Problem-level cross-validation: folds follow the question, and a test plan tests the same trained
/// folds at several set sizes (`agglm-train --test-k`).
@Suite struct CrossValidationTests {
    static func file(_ range: Range<Int>, candidates: Int = 8) -> FeaturedProblems {
        let problems = range.map { PreparedProblem(Fixtures.synthetic($0, candidates: candidates)) }
        return FeaturedProblems(problems: problems, features: problems.map { ProblemFeatures($0) })
    }

    @Test func aQuestionSharedByTwoFilesLandsInOneFoldAndOneDevSplit() {
        for index in 0..<200 {
            var copy = Fixtures.synthetic(index)
            copy.id = "other-file/\(index)"
            // The same question, spaced differently, in another file.
            copy.question = "  " + copy.question.replacingOccurrences(of: " ", with: "\n ") + "\t"
            let original = PreparedProblem(Fixtures.synthetic(index)), shared = PreparedProblem(copy)
            #expect(CrossValidation.fold(of: original, folds: 5) == CrossValidation.fold(of: shared, folds: 5))
            #expect(CrossValidation.isDev(original, fraction: 0.2) == CrossValidation.isDev(shared, fraction: 0.2))
        }
        // And the folds are not all one: 200 questions spread over 5 folds.
        let folds = Set((0..<200).map { CrossValidation.fold(of: PreparedProblem(Fixtures.synthetic($0)), folds: 5) })
        #expect(folds.count == 5)
    }

    @Test func theDevSplitPartitionsProblemsInOrderByIsDev() {
        let problems = Self.file(0..<300).problems
        let split = CrossValidation.devSplit(problems, fraction: 0.2)
        #expect((split.train + split.dev).sorted() == Array(problems.indices))
        #expect(split.train == split.train.sorted() && split.dev == split.dev.sorted())
        #expect(split.dev.allSatisfy { CrossValidation.isDev(problems[$0], fraction: 0.2) })
        #expect(split.train.allSatisfy { !CrossValidation.isDev(problems[$0], fraction: 0.2) })
        // About a fifth is dev (300 problems: a wide band, not an exact count).
        #expect((30...90).contains(split.dev.count))
    }

    @Test func aTestPlanTestsTheSameFoldsAtEverySetSize() throws {
        var config = TrainerTests.config()
        config.epochs = 2
        config.patience = 2
        let files = [(name: "a", data: Self.file(0..<40)), (name: "b", data: Self.file(100..<140))]
        let plain = try CrossValidation.run(files: files, folds: 2, devFraction: 0.2, config: config, threads: 1, progress: { _ in })
        let plan = CrossValidation.TestPlan(scores: [nil], setSizes: [2, config.k, 8])
        let planned = try CrossValidation.run(files: files, folds: 2, devFraction: 0.2, config: config, threads: 1, tests: plan, progress: { _ in })
        #expect(plan.sizes(config) == [2, config.k, 8])
        for (file, (before, after)) in zip(plain, planned).enumerated() {
            #expect(before.tallies.count == 1 && after.tallies.count == 3)
            let problems = files[file].data.problems.count
            func total(_ tallies: [HeldOutTally], _ value: (HeldOutTally) -> Int) -> Int { tallies.map(value).reduce(0, +) }
            // The training size gives what the plain run gave, decision for decision.
            let same = after.tallies[plan.variant(size: 1, scores: 0)], original = before.tallies[0]
            #expect(total(same, \.sets) == total(original, \.sets))
            #expect(total(same, \.majorityCorrect) == total(original, \.majorityCorrect))
            #expect(total(same, \.namedCorrect) == total(original, \.namedCorrect))
            #expect(total(same, \.anonymousCorrect) == total(original, \.anonymousCorrect))
            // Sets of 2 from 8 candidates: every problem sampled `setsPerProblem` times.
            #expect(total(after.tallies[plan.variant(size: 0, scores: 0)], \.sets) == problems * config.setsPerProblem)
            // A size of at least the candidate count: each problem is tested once, on all of it, where
            // the four copying models outvote the one that is always right (majority never right).
            let whole = after.tallies[plan.variant(size: 2, scores: 0)]
            #expect(total(whole, \.sets) == problems)
            #expect(total(whole, \.majorityCorrect) == 0)
        }
    }

    @Test func smallTrainingDataGetsDevEnoughToJudgeAKindOfPool() {
        // Thousands of problems: a tenth, as always (the default checkpoint's split is unchanged).
        #expect(CrossValidation.automaticDevFraction(trainingProblems: 20_110) == CrossValidation.defaultDevFraction)
        #expect(CrossValidation.automaticDevFraction(trainingProblems: 600) == CrossValidation.defaultDevFraction)
        // A user's few hundred problems: dev raised to `minimumDevProblems`, twice what a kind of pool needs.
        let small = CrossValidation.automaticDevFraction(trainingProblems: 210)
        #expect(abs(small * 210 - Double(CrossValidation.minimumDevProblems)) < 1e-9)
        #expect(CrossValidation.minimumDevProblems >= 2 * DecisionCalibrationFit.minimumRegimeProblems)
        // Never more than the cap, so training keeps most of the data; no data is not a crash.
        #expect(CrossValidation.automaticDevFraction(trainingProblems: 50) == CrossValidation.maximumDevFraction)
        #expect(CrossValidation.automaticDevFraction(trainingProblems: 0) == CrossValidation.maximumDevFraction)
        // The fraction never falls as the data shrinks.
        let fractions = stride(from: 2_000, through: 1, by: -1).map { CrossValidation.automaticDevFraction(trainingProblems: $0) }
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
