import AggLMAggregation
import AggLMData
import AggLMLearned
import AggLMSupport
@testable import AggLMService
import AggLMWire
import Foundation
import Testing

/// The real server with the real engine — the aggregator with the committed
/// default checkpoint — on loopback: its replies must equal what the same
/// aggregator computes in this process, timings aside.
@Suite(.serialized) struct RealEngineTests {
    static func repositoryFile(_ relative: String) -> String {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent(relative).path
    }

    static func withoutTimings(_ result: Agglm_V1_ProblemResult) -> Agglm_V1_ProblemResult {
        var copy = result
        copy.clearTimings()
        return copy
    }

    /// Without inline runs (every request goes to a worker thread) and with the broker's inline engine and
    /// its helper thread, which share the per-candidate work of one request.
    @Test(arguments: [(0, InlineAssist.off), (64, InlineAssist.unpinned), (64, InlineAssist.automatic)])
    func serverRepliesEqualTheInProcessAggregator(inlineCandidateBudget: Int, inlineAssist: InlineAssist) async throws {
        let aggregator = try LearnedAggregator.load(from: Self.repositoryFile("Checkpoints/agglm-default.safetensors")).aggregator
        let makeSuite: @Sendable (AssistThread?) -> MethodSuite = { assist in
            MethodSuite.learned(aggregator, assist: assist)
        }
        var problems = try DatasetReader().readAll(paths: [Self.repositoryFile("Examples/zeroeval-math-l5-sample.jsonl.gz")])
        // Sets of 8, as clients usually send, plus one whole problem.
        problems = problems.map { problem in
            var small = problem
            small.candidates = Array(problem.candidates.prefix(8))
            return small
        } + problems.prefix(1)
        var options = Agglm_V1_AggregateOptions()
        options.includeSolution = true
        options.methods = [.agglm, .majority, .rmBestOfN, .rmWeighted, .shortest]

        let (sent, sentOptions) = (problems, options)
        var local = Aggregator(methods: makeSuite(nil))
        let expected = problems.map { Self.withoutTimings(local.aggregate($0, options: options)) }
        let served = try await onOwnThread { () -> [Agglm_V1_ProblemResult] in
            let configuration = ServerConfiguration(
                bind: "tcp://127.0.0.1:0", inProcessWorkers: 2, handlesSignals: false,
                inlineCandidateBudget: inlineCandidateBudget, brokerCPU: nil, inlineAssist: inlineAssist)
            let server = try Server(
                configuration: configuration,
                engineFactory: AggregatorEngineFactory(description: "default checkpoint", makeSuite: makeSuite),
                logger: TestData.quietLogger)
            let endpoints = try server.start()
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(10), retries: 1, logger: TestData.quietLogger)
            return try client.aggregate(problems: sent, options: sentOptions, batchSize: 5, window: 3)
        }
        #expect(served.count == expected.count)
        #expect(expected.contains { $0.aggregated.unanimous == false && !$0.aggregated.rationale.isEmpty })
        for (got, want) in zip(served, expected) {
            #expect(Self.withoutTimings(got) == want, "\(want.problemID)")
        }
    }
}
