import AggLMSupport
import AggLMWire

/// Whether the broker queues a validated aggregate request or refuses it at once, and with what. Checked in
/// this order: a draining server refuses everything new (SHUTTING_DOWN); then the queue bound and then the
/// memory budget (OVERLOADED). What is already held is never dropped for space: only newcomers are refused.
struct Admission {
    enum Decision: Equatable {
        /// Queue it; `deadline` on `MonotonicClock` nanoseconds.
        case queue(deadline: UInt64)
        case refuse(Agglm_V1_ErrorCode, String)
    }

    /// What the broker holds when the request arrives.
    struct Load {
        var draining: Bool
        /// Requests waiting for a worker.
        var waiting: Int
        /// Idle workers, which take a waiting request each at the end of this turn.
        var readyWorkers: Int
        /// Bytes of request frames queued or with workers.
        var heldBytes: Int
    }

    let limits: Limits
    /// The most requests left waiting after the idle workers took theirs (`PendingQueue.capacity`).
    let queueCapacity: Int

    func decide(_ request: Agglm_V1_AggregateRequest, frameBytes: Int, load: Load, now: UInt64) -> Decision {
        if load.draining {
            return .refuse(.shuttingDown, "the server is shutting down")
        }
        // Requests an idle worker is about to take (dispatch runs after this burst) are not waiting.
        if load.waiting - load.readyWorkers >= queueCapacity {
            return .refuse(.overloaded, "\(load.waiting) requests are waiting; retry later")
        }
        if load.heldBytes + frameBytes > limits.maxQueuedBytes {
            return .refuse(.overloaded,
                "\(load.heldBytes) bytes of requests are held, and this one (\(frameBytes) bytes) would pass the server's budget of \(limits.maxQueuedBytes); retry later")
        }
        let deadlineMilliseconds = request.options.deadlineMs
        let allowance = deadlineMilliseconds > 0 ? UInt64(deadlineMilliseconds) * 1_000_000 : limits.defaultDeadline.clampedNanoseconds
        return .queue(deadline: now.addingReportingOverflow(allowance).partialValue)
    }
}
