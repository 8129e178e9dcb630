import AggLMSupport
import Testing

@testable import AggLMAggregation
import AggLMWire

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
