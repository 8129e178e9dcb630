import AggLMSupport
import AggLMWire
import Logging

/// The load-balancing broker (the guide's `ppqueue`: `lbbroker` with heartbeats), run on one thread.
///
/// One loop: poll both sockets (and the control socket), take what arrived, hand waiting requests to idle
/// workers, send heartbeats and expire silent workers, check deadlines.
///
/// Front end: a ROUTER for clients; every message is `[envelope..., body]` and the reply goes back with the
/// same envelope, so REQ clients and DEALER clients with correlation frames both work. Back end: a ROUTER
/// for workers speaking `BackendCommand` frames. Requests wait in a bounded `PendingQueue` and go to the
/// least recently used idle worker (`WorkerRegistry`).
///
/// Every accepted aggregate request is answered exactly once: by its worker's reply, by the `InlineExecutor`
/// (small requests, while an in-process worker is idle), or with DEADLINE_EXCEEDED, WORKER_LOST (after one
/// re-queue), OVERLOADED or SHUTTING_DOWN. Late or duplicate worker replies are recognised by their tag and
/// dropped.
struct Broker {
    struct Settings {
        var limits: Limits
        var heartbeat: HeartbeatPolicy
        var drainTimeout: Duration
        var checkpoint: String
        /// See `IdleSpin` (0: always block).
        var idleSpinNanoseconds: UInt64 = 0
        /// The CURVE allow-lists, whose refusal counts health replies report (nil: no CURVE).
        var allowList: PeerAllowList? = nil
    }

    /// How often deadlines are checked while requests are outstanding: the granularity of
    /// DEADLINE_EXCEEDED.
    private static let deadlineCheckNanoseconds: UInt64 = 10_000_000
    /// Messages taken from one socket before looking at the others, so no side starves.
    private static let burst = 256
    /// Frames kept of one client message; longer envelopes are refused.
    private static let maxClientFrames = 16

    private let settings: Settings
    private let validator: RequestValidator
    private let admission: Admission
    private let logger: Logger
    private var pending: PendingQueue
    private var workers = WorkerRegistry()
    private var inFlight = InFlightRequests()
    private var nextTag: UInt64 = 1
    private var statistics: ServiceStatistics
    private var drainDeadline: UInt64?
    private var nextHeartbeatAt: UInt64
    private var nextDeadlineCheckAt: UInt64
    /// nil: every request goes to a worker.
    private var inline: InlineExecutor?

    init(settings: Settings, logger: Logger, inline: InlineExecutor? = nil) {
        let now = MonotonicClock.nanoseconds()
        self.settings = settings
        self.validator = RequestValidator(limits: settings.limits)
        self.logger = logger
        self.inline = inline
        self.pending = PendingQueue(capacity: settings.limits.maxQueuedRequests)
        self.admission = Admission(limits: settings.limits, queueCapacity: pending.capacity)
        self.statistics = ServiceStatistics(startedAt: now)
        self.nextHeartbeatAt = now &+ settings.heartbeat.intervalNanoseconds
        self.nextDeadlineCheckAt = now &+ Self.deadlineCheckNanoseconds
    }

    /// Runs until a message on `control` starts a drain and the drain finishes (or times out).
    /// Returns normally then; throws only on an unexpected libzmq failure (ETERM included).
    mutating func run(frontend: borrowing ZMQSocket, backend: borrowing ZMQSocket, control: borrowing ZMQSocket) throws(ZMQError) {
        var poller = ZMQPoller()
        let frontIndex = poller.add(frontend)
        let backIndex = poller.add(backend)
        let controlIndex = poller.add(control)
        logger.info("broker running", metadata: ["queue-capacity": "\(pending.capacity)"])
        defer { disconnectWorkers(backend) }
        var idleSpin = IdleSpin(budgetNanoseconds: settings.idleSpinNanoseconds, now: MonotonicClock.nanoseconds())
        while true {
            let now = MonotonicClock.nanoseconds()
            let owesNothing = pending.isEmpty && inFlight.isEmpty && drainDeadline == nil
            let timeout = idleSpin.spins(now: now, owesNothing: owesNothing) ? 0 : pollTimeout(until: nextWakeup(), now: now)
            try poller.poll(timeoutMilliseconds: timeout)
            let active = poller.isReadable(backIndex) || poller.isReadable(frontIndex)
            if poller.isReadable(backIndex) { try serveBackend(backend, frontend: frontend) }
            if poller.isReadable(frontIndex) { try serveFrontend(frontend) }
            if poller.isReadable(controlIndex) {
                while try control.receive(dontWait: true) != nil {}
                beginDrain()
            }
            try dispatch(frontend: frontend, backend: backend)
            if active { idleSpin.recordActivity(now: MonotonicClock.nanoseconds()) }
            try runTimers(frontend: frontend, backend: backend)
            if drainFinished(frontend: frontend) { break }
        }
        logger.info("broker stopped", metadata: ["requests-served": "\(statistics.requestsServed)"])
    }

    // MARK: front end

    private mutating func serveFrontend(_ frontend: borrowing ZMQSocket) throws(ZMQError) {
        for _ in 0..<Self.burst {
            guard let message = try frontend.receive(dontWait: true, maxFrames: Self.maxClientFrames) else { return }
            guard !message.truncated, message.frames.count >= 2, let body = message.frames.last else {
                // Without a trustworthy envelope there is no way to route a reply.
                statistics.recordError(.malformed)
                logger.warning("dropped a client message with an unusable envelope", metadata: ["frames": "\(message.frames.count)"])
                continue
            }
            if pending.isEmpty, workers.hasIdleInProcessWorker { inline?.requestArriving(frameBytes: body.count) }
            let envelope = Array(message.frames.dropLast())
            admit(envelope: envelope, body: body, frontend: frontend)
        }
    }

    private mutating func admit(envelope: [[UInt8]], body: [UInt8], frontend: borrowing ZMQSocket) {
        let now = MonotonicClock.nanoseconds()
        switch validator.validate(body) {
        case .failure(let rejection):
            statistics.recordError(rejection.code)
            logger.debug("refused request", metadata: ["code": "\(rejection.code)"])
            reply(rejection.reply, to: envelope, frontend: frontend)
        case .success(.health):
            reply(healthReply(now: now), to: envelope, frontend: frontend)
        case .success(.aggregate(let request)):
            let load = Admission.Load(draining: drainDeadline != nil, waiting: pending.count, readyWorkers: workers.readyCount, heldBytes: heldBytes)
            switch admission.decide(request, frameBytes: body.count, load: load, now: now) {
            case .refuse(let code, let message):
                refuse(envelope: envelope, requestID: request.requestID, code, message, frontend: frontend)
            case .queue(let deadline):
                pending.append(QueuedRequest(
                    envelope: envelope, body: body, inlineRequest: inline?.accepts(request, frameBytes: body.count) == true ? request : nil,
                    requestID: request.requestID, problemCount: request.problems.count,
                    methods: request.options.methods, arrivedAt: now, deadline: deadline
                ))
            }
        }
    }

    /// What a health request gets: the statistics, plus the queue, the byte budget and the allow-lists' refusals.
    private func healthReply(now: UInt64) -> Agglm_V1_Reply {
        var health = statistics.healthReply(now: now, workersAlive: workers.aliveCount, queueDepth: pending.count, checkpoint: settings.checkpoint)
        health.heldRequestBytes = UInt64(heldBytes)
        health.maxHeldRequestBytes = UInt64(settings.limits.maxQueuedBytes)
        if let allowList = settings.allowList {
            health.refusedClientConnections = allowList.refusedCount(.clients)
            health.refusedWorkerConnections = allowList.refusedCount(.workers)
        }
        var wrapped = Agglm_V1_Reply()
        wrapped.health = health
        return wrapped
    }

    private mutating func refuse(envelope: [[UInt8]], requestID: String, _ code: Agglm_V1_ErrorCode, _ message: String, frontend: borrowing ZMQSocket) {
        statistics.recordError(code)
        reply(ServiceReplies.refused(requestID: requestID, code, message), to: envelope, frontend: frontend)
    }

    private func reply(_ reply: Agglm_V1_Reply, to envelope: [[UInt8]], frontend: borrowing ZMQSocket) {
        send(ServiceReplies.encode(reply), to: envelope, frontend: frontend)
    }

    /// Sends without blocking: a client that vanished or stopped reading loses its own reply, nobody else's.
    private func send(_ body: [UInt8], to envelope: [[UInt8]], frontend: borrowing ZMQSocket) {
        do {
            if try !frontend.send(envelope + [body], dontWait: true) {
                logger.warning("client is not reading its replies; reply dropped")
            }
        } catch {
            logger.debug("reply not delivered", metadata: ["error": "\(error)"])
        }
    }

    // MARK: back end

    private mutating func serveBackend(_ backend: borrowing ZMQSocket, frontend: borrowing ZMQSocket) throws(ZMQError) {
        for _ in 0..<Self.burst {
            guard let message = try backend.receive(dontWait: true, maxFrames: 8) else { return }
            let frames = message.frames
            guard frames.count >= 2, let command = BackendCommand(frame: frames[1]) else {
                logger.warning("ignored a back-end message that is not a worker command", metadata: ["frames": "\(frames.count)"])
                continue
            }
            let identity = frames[0]
            let expiresAt = MonotonicClock.nanoseconds() &+ settings.heartbeat.silenceLimitNanoseconds
            switch command {
            case .ready:
                let name = frames.count > 2 ? String(decoding: frames[2].prefix(256), as: UTF8.self) : nil
                let inProcess = frames.count > 3 && frames[3] == [BackendReadyFlags.inProcess]
                // A READY from a worker we think is busy means it restarted: its request is lost.
                if let assignment = workers.record(identity)?.assignment { workerLost(tag: assignment, frontend: frontend) }
                if workers.heard(from: identity, name: name, inProcess: inProcess, expiresAt: expiresAt) {
                    logger.info("worker joined", metadata: ["worker": "\(name ?? "unnamed")", "alive": "\(workers.aliveCount)"])
                }
                workers.release(identity)
            case .heartbeat:
                workers.heard(from: identity, expiresAt: expiresAt)
            case .reply:
                workers.heard(from: identity, expiresAt: expiresAt)
                workers.release(identity)
                guard frames.count >= 4, let tag = BackendInteger.decode(frames[2]) else {
                    logger.warning("ignored a malformed worker reply")
                    continue
                }
                let outcome = frames.count > 4 ? ReplyOutcome(decoding: frames[4]) : ReplyOutcome()
                deliver(tag: tag, body: frames[3], outcome: outcome, frontend: frontend)
            case .disconnect:
                if let record = workers.remove(identity) {
                    logger.info("worker left", metadata: ["worker": "\(record.name)", "alive": "\(workers.aliveCount)"])
                    if let assignment = record.assignment { workerLost(tag: assignment, frontend: frontend) }
                }
            case .request:
                logger.warning("ignored a REQUEST command sent by a worker")
            }
        }
    }

    private mutating func deliver(tag: UInt64, body: [UInt8], outcome: ReplyOutcome, frontend: borrowing ZMQSocket) {
        guard let flight = inFlight.remove(tag) else {
            logger.debug("dropped a reply for a request that was re-queued or answered", metadata: ["tag": "\(tag)"])
            return
        }
        guard !flight.answered else { return }
        let request = flight.request
        statistics.recordServed(
            problems: request.problemCount, methods: request.methods,
            latencyNanoseconds: MonotonicClock.nanoseconds() &- request.arrivedAt, outcome: outcome
        )
        send(body, to: request.envelope, frontend: frontend)
    }

    /// The worker holding `tag` is gone: re-queue its request once, else answer WORKER_LOST.
    private mutating func workerLost(tag: UInt64, frontend: borrowing ZMQSocket) {
        guard let flight = inFlight.remove(tag), !flight.answered else { return }
        if flight.request.attempts < 2 {
            logger.warning("re-queued a request of a lost worker", metadata: ["request-id": "\(flight.request.requestID)"])
            pending.prepend(flight.request)
        } else {
            refuse(envelope: flight.request.envelope, requestID: flight.request.requestID, .workerLost,
                   "the worker holding this request was lost twice", frontend: frontend)
        }
    }

    private mutating func dispatch(frontend: borrowing ZMQSocket, backend: borrowing ZMQSocket) throws(ZMQError) {
        // Whatever was run inline is answered by the time this returns.
        defer { inline?.endTurn(lingering: inFlight.isEmpty && pending.isEmpty) }
        while workers.readyCount > 0, var request = pending.popFirst() {
            let now = MonotonicClock.nanoseconds()
            if request.deadline <= now {
                refuse(envelope: request.envelope, requestID: request.requestID, .deadlineExceeded, "deadline passed while queued", frontend: frontend)
                continue
            }
            if answeredInline(request, now: now, frontend: frontend) { continue }
            let tag = nextTag
            nextTag &+= 1
            guard let worker = workers.assignNext(tag: tag) else {
                pending.prepend(request)
                return
            }
            let queueMicroseconds = (now &- request.arrivedAt) / 1000
            let frames = [worker, BackendCommand.request.frame, BackendInteger.encode(tag), BackendInteger.encode(queueMicroseconds), request.body]
            var delivered = false
            do {
                delivered = try backend.send(frames, dontWait: true)
            } catch where error.isHostUnreachable {
                delivered = false
            }
            guard delivered else {
                // The worker disconnected (or stopped reading) since it was last heard: forget it and keep the
                // request first in line; it was never handed out, so it keeps its attempts.
                if let record = workers.remove(worker) {
                    logger.warning("worker unreachable; removed", metadata: ["worker": "\(record.name)"])
                }
                pending.prepend(request)
                continue
            }
            request.attempts += 1
            inFlight.insert(request, tag: tag)
        }
    }

    /// Answers `request` on this thread when the `InlineExecutor` accepted it, it is the last one waiting
    /// (so earlier ones go to worker threads first and run in parallel with it) and an in-process worker is
    /// idle (whose turn it takes). Returns whether it did; no tag, nothing in flight then.
    private mutating func answeredInline(_ request: QueuedRequest, now: UInt64, frontend: borrowing ZMQSocket) -> Bool {
        guard pending.isEmpty, let decoded = request.inlineRequest, workers.hasIdleInProcessWorker,
              let (body, outcome) = inline?.run(decoded, queueMicroseconds: (now &- request.arrivedAt) / 1000)
        else { return false }
        statistics.recordServed(
            problems: request.problemCount, methods: request.methods,
            latencyNanoseconds: MonotonicClock.nanoseconds() &- request.arrivedAt, outcome: outcome
        )
        send(body, to: request.envelope, frontend: frontend)
        return true
    }

    // MARK: timers

    private func nextWakeup() -> UInt64 {
        var wakeup = nextHeartbeatAt
        if !pending.isEmpty || !inFlight.isEmpty { wakeup = min(wakeup, nextDeadlineCheckAt) }
        if let drainDeadline { wakeup = min(wakeup, drainDeadline) }
        return wakeup
    }

    private mutating func runTimers(frontend: borrowing ZMQSocket, backend: borrowing ZMQSocket) throws(ZMQError) {
        let now = MonotonicClock.nanoseconds()
        if now >= nextHeartbeatAt {
            for identity in workers.identities {
                _ = try? backend.send([identity, BackendCommand.heartbeat.frame], dontWait: true)
            }
            for dead in workers.removeExpired(now: now) {
                logger.warning("worker silent too long; declared dead", metadata: ["worker": "\(dead.record.name)", "alive": "\(workers.aliveCount)"])
                if let assignment = dead.record.assignment { workerLost(tag: assignment, frontend: frontend) }
            }
            nextHeartbeatAt = now &+ settings.heartbeat.intervalNanoseconds
        }
        if now >= nextDeadlineCheckAt {
            for request in pending.removeExpired(now: now) {
                refuse(envelope: request.envelope, requestID: request.requestID, .deadlineExceeded, "deadline passed while queued", frontend: frontend)
            }
            for (tag, flight) in inFlight.flights where !flight.answered && flight.request.deadline <= now {
                inFlight.markAnswered(tag)
                refuse(envelope: flight.request.envelope, requestID: flight.request.requestID, .deadlineExceeded, "deadline passed while a worker was on it", frontend: frontend)
            }
            nextDeadlineCheckAt = now &+ Self.deadlineCheckNanoseconds
        }
    }

    // MARK: shutdown

    private mutating func beginDrain() {
        guard drainDeadline == nil else { return }
        drainDeadline = MonotonicClock.nanoseconds() &+ settings.drainTimeout.clampedNanoseconds
        logger.info("draining", metadata: ["queued": "\(pending.count)", "in-flight": "\(inFlight.count)"])
    }

    /// True once draining and nothing is owed to any client. Past the drain timeout, whatever is still owed
    /// is answered SHUTTING_DOWN first.
    private mutating func drainFinished(frontend: borrowing ZMQSocket) -> Bool {
        guard let drainDeadline else { return false }
        let owed = !pending.isEmpty || inFlight.flights.values.contains { !$0.answered }
        if !owed { return true }
        guard MonotonicClock.nanoseconds() >= drainDeadline else { return false }
        for request in pending.removeAll() {
            refuse(envelope: request.envelope, requestID: request.requestID, .shuttingDown, "the server stopped before this request was served", frontend: frontend)
        }
        for flight in inFlight.removeAll() where !flight.answered {
            refuse(envelope: flight.request.envelope, requestID: flight.request.requestID, .shuttingDown, "the server stopped before this request was served", frontend: frontend)
        }
        return true
    }

    private func disconnectWorkers(_ backend: borrowing ZMQSocket) {
        for identity in workers.identities {
            _ = try? backend.send([identity, BackendCommand.disconnect.frame], dontWait: true)
        }
    }

    /// Bytes of request frames queued or held by workers: what `Limits.maxQueuedBytes` bounds.
    var heldBytes: Int { pending.bytes + inFlight.bytes }
}
