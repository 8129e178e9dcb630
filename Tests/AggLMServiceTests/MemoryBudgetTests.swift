import AggLMSupport
@testable import AggLMService
import AggLMWire
import Testing

/// The byte budget on queued and in-flight requests (`Limits.maxQueuedBytes`).
@Suite(.serialized) struct MemoryBudgetTests {
    static func request(_ id: String, bodyBytes: Int) -> QueuedRequest {
        QueuedRequest(envelope: [[1]], body: [UInt8](repeating: 7, count: bodyBytes), requestID: id, problemCount: 1, methods: [], arrivedAt: 0, deadline: .max)
    }

    /// Property: whatever the broker does with requests (queue, re-queue first, hand out, answer, lose,
    /// expire, drain), the held byte counts equal the sums over the requests actually held.
    @Test func heldBytesEqualTheSumOverHeldRequests() {
        var rng = SplitMix64(seed: 17)
        var pending = PendingQueue(capacity: 10_000)
        var inFlight = InFlightRequests()
        var pendingModel: [String: Int] = [:]
        var inFlightModel: [UInt64: Int] = [:]
        var nextTag: UInt64 = 1
        for step in 0..<3000 {
            let size = Int(rng.next() % 1000)
            switch rng.next() % 7 {
            case 0, 1:
                pending.append(Self.request("\(step)", bodyBytes: size)); pendingModel["\(step)"] = size
            case 2:
                pending.prepend(Self.request("\(step)", bodyBytes: size)); pendingModel["\(step)"] = size
            case 3:
                if let request = pending.popFirst() {
                    pendingModel[request.requestID] = nil
                    inFlight.insert(request, tag: nextTag); inFlightModel[nextTag] = request.body.count
                    nextTag += 1
                }
            case 4:
                if let tag = inFlightModel.keys.min() {
                    inFlightModel[tag] = nil
                    #expect(inFlight.remove(tag) != nil)
                }
            case 5:
                if step % 50 == 0 {
                    for request in pending.removeAll() { pendingModel[request.requestID] = nil }
                    _ = inFlight.removeAll(); inFlightModel.removeAll()
                }
            default:
                #expect(inFlight.remove(UInt64.max) == nil)
            }
            #expect(pending.bytes == pendingModel.values.reduce(0, +))
            #expect(inFlight.bytes == inFlightModel.values.reduce(0, +))
        }
    }

    /// A flood of large requests against a one-worker server: only what fits the budget is accepted, every
    /// accepted request is answered correctly, the rest get OVERLOADED at once, and the server serves again
    /// afterwards with nothing held.
    @Test func aFloodOfLargeRequestsStaysWithinTheBudget() async throws {
        let requestBytes = 800_000
        let budget = 2_500_000
        let limits = Limits(maxRequestBytes: 1 << 20, maxQueuedBytes: budget)
        let outcome = try await onOwnThread { () -> (codes: [Agglm_V1_ErrorCode], correct: Int, health: Agglm_V1_HealthReply, after: Bool) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, delayMicroseconds: 300_000, limits: limits)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(10), retries: 0, logger: TestData.quietLogger)
            try ServiceHarness.waitForWorkers(1, client: client)
            let requests = (0..<8).map { index in
                var request = TestData.request(id: "flood\(index)", problems: 1, candidates: 4, seed: UInt64(index))
                for candidate in request.problems[0].candidates.indices {
                    request.problems[0].candidates[candidate].text += String(repeating: "x", count: requestBytes / 4)
                }
                return request
            }
            var codes = [Agglm_V1_ErrorCode](repeating: .unspecified, count: requests.count)
            var correct = 0
            try client.exchange(requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }, window: requests.count) { index, reply, _ in
                codes[index] = reply.aggregate.error.code
                if reply.aggregate.results == requests[index].problems.map(MostCommonAnswerEngine.answer) { correct += 1 }
            }
            let health = try client.health()
            let after = TestData.request(id: "after", problems: 1, seed: 3)
            return (codes, correct, health, try client.aggregate(after).results == after.problems.map(MostCommonAnswerEngine.answer))
        }
        let accepted = outcome.codes.filter { $0 == .unspecified }.count
        // 3 × 800 kB fit 2.5 MB; the worker holds the first for 300 ms, so all 8 arrive while 3 are held.
        #expect(accepted >= 1 && accepted <= budget / requestBytes, "accepted \(accepted) of 8")
        #expect(outcome.codes.filter { $0 == .overloaded }.count == 8 - accepted)
        #expect(outcome.correct == accepted)
        #expect(outcome.health.heldRequestBytes == 0)
        #expect(outcome.health.maxHeldRequestBytes == UInt64(budget))
        #expect(outcome.after)
    }
}
