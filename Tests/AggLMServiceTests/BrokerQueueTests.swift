import AggLMSupport
@testable import AggLMService
import Testing

@Suite struct BrokerQueueTests {
    func request(_ id: String, deadline: UInt64) -> QueuedRequest {
        QueuedRequest(envelope: [[1]], body: [], requestID: id, problemCount: 1, methods: [], arrivedAt: 0, deadline: deadline)
    }

    @Test func pendingQueueIsFIFOWithRequeueFirstAndExpiry() {
        var queue = PendingQueue(capacity: 3)
        queue.append(request("a", deadline: 10))
        queue.append(request("b", deadline: 100))
        queue.append(request("c", deadline: 5))
        #expect(queue.count == 3)
        #expect(queue.popFirst()?.requestID == "a")
        queue.prepend(request("r", deadline: 100))
        #expect(queue.removeExpired(now: 6).map(\.requestID) == ["c"])
        #expect(queue.popFirst()?.requestID == "r")
        #expect(queue.popFirst()?.requestID == "b")
        #expect(queue.popFirst() == nil)
        #expect(queue.isEmpty)
    }

    /// Property: under random operations the queue behaves like an array model.
    @Test func pendingQueueMatchesArrayModel() {
        var rng = SplitMix64(seed: 99)
        var queue = PendingQueue(capacity: 1000)
        var model: [String] = []
        for step in 0..<2000 {
            switch rng.next() % 3 {
            case 0:
                queue.append(request("\(step)", deadline: .max)); model.append("\(step)")
            case 1:
                queue.prepend(request("\(step)", deadline: .max)); model.insert("\(step)", at: 0)
            default:
                #expect(queue.popFirst()?.requestID == model.first)
                if !model.isEmpty { model.removeFirst() }
            }
            #expect(queue.count == model.count)
        }
    }

    @Test func registryHandsOutLeastRecentlyUsedIdleWorkers() {
        var registry = WorkerRegistry()
        registry.heard(from: [1], name: "one", expiresAt: 100)
        registry.heard(from: [2], name: "two", expiresAt: 100)
        #expect(registry.assignNext(tag: 7) == [1])
        #expect(registry.record([1])?.assignment == 7)
        registry.release([1])
        #expect(registry.assignNext(tag: 8) == [2])
        #expect(registry.assignNext(tag: 9) == [1])
        #expect(registry.assignNext(tag: 10) == nil)
        registry.heard(from: [2], expiresAt: 500)
        let dead = registry.removeExpired(now: 200)
        #expect(dead.map(\.identity) == [[1]])
        #expect(dead.first?.record.assignment == 9)
        #expect(registry.aliveCount == 1)
    }

    @Test func inProcessWorkersNeverExpire() {
        var registry = WorkerRegistry()
        registry.heard(from: [1], name: "local", inProcess: true, expiresAt: 100)
        registry.heard(from: [2], name: "remote", inProcess: false, expiresAt: 100)
        registry.heard(from: [1], expiresAt: 150)
        #expect(registry.removeExpired(now: .max - 1).map(\.identity) == [[2]])
        #expect(registry.aliveCount == 1)
    }
}
