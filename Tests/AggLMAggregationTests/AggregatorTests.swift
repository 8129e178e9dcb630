import AggLMSupport
import Testing

@testable import AggLMAggregation
import AggLMWire
import AggLMTestSupport

@Suite struct AggregatorTests {
    /// Reading answers with a helper thread changes nothing in the response (timings aside).
    @Test func aHelperThreadChangesNoResult() throws {
        let assist = try AssistThread()
        defer { assist.stop() }
        var rng = SplitMix64(seed: 5)
        let answers = ["4", "4.0", "\\frac{8}{2}", "5", "x+1", "(1, 2)", nil]
        var alone = Aggregator(methods: MethodSuite())
        var shared = Aggregator(methods: MethodSuite(), assist: assist)
        for round in 0..<60 {
            let problem = makeProblem((0..<Int(1 + rng.next() % 16)).map { _ in answers[Int(rng.next() % UInt64(answers.count))] },
                                      id: "p\(round)")
            var options = Agglm_V1_AggregateOptions()
            options.methods = [.majority, .shortest, .confidenceWeighted]
            assist.prepare()
            var got = shared.aggregate(problem, options: options)
            assist.release()
            var want = alone.aggregate(problem, options: options)
            got.clearTimings()
            want.clearTimings()
            #expect(got == want, "round \(round)")
        }
    }

    @Test func emptyAndAllAbstainingProblemsGetTheirOwnErrors() {
        var aggregator = Aggregator(methods: MethodSuite())
        var request = Agglm_V1_AggregateRequest()
        request.requestID = "r"
        request.problems = [makeProblem([], id: "empty"), makeProblem([nil, nil], id: "abstain"), makeProblem(["4", "4", "5"], id: "ok")]
        let response = aggregator.aggregate(request)
        #expect(response.requestID == "r")
        #expect(response.results.map(\.problemID) == ["empty", "abstain", "ok"])
        #expect(response.results.map(\.error.code) == [.emptyCandidates, .noAnswer, .unspecified])
        #expect(response.results[2].majority.votes == 2)
        #expect(response.results[2].clusters.map(\.votes) == [2, 1])
    }

    @Test func unanimousSetTakesTheCheapPath() {
        var aggregator = Aggregator(methods: MethodSuite(policy: OrderIndependenceTests.LongestAnswerPolicy()))
        var options = Agglm_V1_AggregateOptions()
        options.includeSolution = true
        let result = aggregator.aggregate(makeProblem(["12", "12.0", nil]), options: options)
        #expect(result.aggregated.unanimous)
        #expect(result.aggregated.confidence == 1)
        #expect(result.aggregated.supportingCandidateIds == ["c0", "c1"])
        #expect(result.aggregated.solution.hasPrefix("The answer is 12"))
    }

    @Test func explicitlyRequestedUnavailableMethodIsReported() {
        var aggregator = Aggregator(methods: MethodSuite())
        var options = Agglm_V1_AggregateOptions()
        options.methods = [.majority, .rmBestOfN]
        let result = aggregator.aggregate(makeProblem(["1", "2", "2"]), options: options)
        #expect(result.error.code == .unavailable)
        #expect(result.majority.votes == 2)
    }

    @Test func reasoningIsStrippedFromSolutions() {
        #expect(SolutionText.withoutReasoning("<think>hmm 3?</think>\n The answer is 4.") == "The answer is 4.")
        #expect(SolutionText.withoutReasoning("Start <think>never closed") == "Start")
        #expect(SolutionText.withoutReasoning("a</think>b") == "a</think>b")
    }
}

/// What the policy and the reward model are asked for, counted across the copies a suite makes.
@Suite struct ExplicitSetDataTests {
    final class Calls: @unchecked Sendable {
        var rewardScores = 0
        var rationales = 0
        var scoresHandedToPolicy: [[Double]?] = []
    }

    struct CountingRewardModel: RewardScoring {
        let calls: Calls
        mutating func scores(for set: CandidateSet) -> [Double] {
            calls.rewardScores += 1
            return set.members.indices.map { set.candidate($0).answer?.raw == "2" ? 0.9 : 0.1 }
        }
    }

    struct CountingPolicy: SetPolicy {
        let calls: Calls
        mutating func evaluate(_ set: CandidateSet, memberScores: [Double]?) -> PolicyEvaluation {
            calls.scoresHandedToPolicy.append(memberScores)
            let scores = memberScores ?? [Double](repeating: 0, count: set.members.count)
            return PolicyEvaluation(
                probabilities: set.clusters.indices.map { $0 == 0 ? 0.75 : 0.25 / Double(set.clusters.count - 1) },
                bestMember: set.clusters.map { Aggregator.representativeMember($0, set: set) },
                memberScores: scores)
        }

        mutating func rationale(for set: CandidateSet, evaluation: PolicyEvaluation) -> String {
            calls.rationales += 1
            return "because"
        }
    }

    @Test func theOutcomeCarriesThePolicysEvaluationAndTheRationaleWaitsForAReply() throws {
        let calls = Calls()
        var suite = MethodSuite(policy: CountingPolicy(calls: calls), rewardModel: CountingRewardModel(calls: calls))
        let contested = PreparedProblem(makeProblem(["1", "1", "2"])).fullSet
        let outcome = try #require(suite.decide(.agglm, on: contested).outcome)
        #expect(outcome.policyEvaluation?.probabilities == [0.75, 0.25])
        #expect(calls.rationales == 0)
        let unanimous = PreparedProblem(makeProblem(["1", "1"])).fullSet
        #expect(try #require(suite.decide(.agglm, on: unanimous).outcome).policyEvaluation == nil)

        var aggregator = Aggregator(methods: suite)
        let result = aggregator.aggregate(makeProblem(["1", "1", "2"]), options: Agglm_V1_AggregateOptions())
        #expect(result.aggregated.rationale == "because")
        #expect(result.clusters.map(\.policyProbability) == [0.75, 0.25])
        #expect(calls.rationales == 1)
    }

    @Test func aSetsRewardScoresAreComputedOnceAndHandedToEveryMethod() {
        let calls = Calls()
        var aggregator = Aggregator(methods: MethodSuite(policy: CountingPolicy(calls: calls), rewardModel: CountingRewardModel(calls: calls)))
        let result = aggregator.aggregate(makeProblem(["1", "1", "2"]), options: Agglm_V1_AggregateOptions())
        #expect(calls.rewardScores == 1)
        #expect(calls.scoresHandedToPolicy == [[0.1, 0.1, 0.9]])
        #expect(result.rmBestOfN.canonical == result.clusters[1].canonical)
        #expect(result.rmBestOfN.source == .builtin)
        // Every problem is a new set: its scores are computed afresh.
        _ = aggregator.aggregate(makeProblem(["1", "2", "2"]), options: Agglm_V1_AggregateOptions())
        #expect(calls.rewardScores == 2)
    }
}
