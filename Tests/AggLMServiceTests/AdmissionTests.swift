@testable import AggLMService
import AggLMWire
import Testing

@Suite struct AdmissionTests {
    static let admission: Admission = {
        var limits = Limits()
        limits.maxQueuedBytes = 1000
        limits.defaultDeadline = .milliseconds(30)
        return Admission(limits: limits, queueCapacity: 4)
    }()
    static let idle = Admission.Load(draining: false, waiting: 0, readyWorkers: 0, heldBytes: 0)

    static func request(deadlineMs: UInt32 = 0) -> Agglm_V1_AggregateRequest {
        var request = TestData.request(id: "a", problems: 1, seed: 3)
        request.options.deadlineMs = deadlineMs
        return request
    }

    @Test func aDrainingServerRefusesEvenWhenIdle() {
        var load = Self.idle
        load.draining = true
        guard case .refuse(let code, _) = Self.admission.decide(Self.request(), frameBytes: 10, load: load, now: 0) else {
            Issue.record("queued while draining")
            return
        }
        #expect(code == .shuttingDown)
    }

    /// Requests idle workers are about to take do not count as waiting.
    @Test(arguments: [(3, 0, true), (4, 0, false), (5, 1, false), (5, 2, true)])
    func theQueueBoundCountsOnlyRequestsNoIdleWorkerWillTake(waiting: Int, readyWorkers: Int, queued: Bool) {
        let load = Admission.Load(draining: false, waiting: waiting, readyWorkers: readyWorkers, heldBytes: 0)
        let decision = Self.admission.decide(Self.request(), frameBytes: 10, load: load, now: 0)
        if queued {
            #expect(decision == .queue(deadline: 30_000_000))
        } else {
            #expect(decision == .refuse(.overloaded, "\(waiting) requests are waiting; retry later"))
        }
    }

    @Test func theByteBudgetTurnsAwayOnlyTheRequestThatWouldPassIt() {
        var load = Self.idle
        load.heldBytes = 900
        #expect(Self.admission.decide(Self.request(), frameBytes: 100, load: load, now: 0) == .queue(deadline: 30_000_000))
        guard case .refuse(let code, let message) = Self.admission.decide(Self.request(), frameBytes: 101, load: load, now: 0) else {
            Issue.record("queued past the byte budget")
            return
        }
        #expect(code == .overloaded)
        #expect(message.contains("900 bytes of requests are held"))
    }

    @Test func theDeadlineIsTheRequestsOwnOrElseTheDefault() {
        #expect(Self.admission.decide(Self.request(deadlineMs: 5), frameBytes: 1, load: Self.idle, now: 7) == .queue(deadline: 5_000_007))
        #expect(Self.admission.decide(Self.request(), frameBytes: 1, load: Self.idle, now: 7) == .queue(deadline: 30_000_007))
    }
}
