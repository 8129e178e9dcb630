@testable import AggLMService
import AggLMWire
import Testing

@Suite(.serialized) struct CPUAffinityTests {
    /// libzmq aborts when told to pin its I/O thread to a CPU it cannot use: the server must not ask it to.
    @Test func aServerWithAnUnusableBrokerCPUStillServes() async throws {
        let served = try await onOwnThread { () -> UInt64 in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, brokerCPU: 100_000)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            _ = try client.aggregate(TestData.request(id: "unpinned", problems: 1, seed: 12))
            return try client.health().requestsServed
        }
        #expect(served == 1)
    }

    @Test func aServerWithAPinnedBrokerAnswersLikeTheEngine() async throws {
        let (results, expected, served) = try await onOwnThread {
            () -> ([Agglm_V1_ProblemResult], [Agglm_V1_ProblemResult], UInt64) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, inlineCandidateBudget: 64, brokerCPU: 0)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            let request = TestData.request(id: "pinned", problems: 3, seed: 11)
            let results = try client.aggregate(request).results
            return (results, request.problems.map(MostCommonAnswerEngine.answer), try client.health().requestsServed)
        }
        #expect(results == expected)
        #expect(served == 1)
    }
}
