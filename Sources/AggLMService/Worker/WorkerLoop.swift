import AggLMSupport
import Logging

/// A worker's life (the guide's `ppworker`): connect a DEALER to the broker's back end, announce READY,
/// heartbeat both ways, reconnect with exponential backoff when the broker falls silent.
///
/// Remote workers use two threads: the calling thread does all socket I/O with the broker, and a dedicated
/// engine thread owns the `AggregationWorker` and runs requests, connected by an inproc PAIR. Heartbeats
/// therefore keep flowing while a long request runs, so "silent" really means "gone".
///
/// In-process workers (`inProcess`) run the engine on the calling thread: they cannot die apart from the
/// broker, so they announce themselves as never-expiring in READY and skip the extra thread hop (two fewer
/// thread wake-ups per request on a small machine).
struct WorkerLoop<Factory: AggregationEngineFactory>: Sendable {
    struct Settings: Sendable {
        var brokerEndpoint: String
        var name: String
        var heartbeat: HeartbeatPolicy
        var reconnectDelay: ClosedRange<Duration>
        /// In-process workers run the engine inline, are never declared dead by the broker, and end with it;
        /// remote workers use an engine thread and wait for a lost broker to come back.
        var inProcess: Bool
        /// inproc endpoint on which any message makes the worker finish its request and leave.
        var controlEndpoint: String
        /// Unique per worker within its context.
        var engineEndpoint: String
        /// CURVE keys for a server that requires them; nil: plain text (and always for in-process workers).
        var curve: CurveClientKeys? = nil
    }

    let settings: Settings
    let factory: Factory
    let logger: Logger

    /// Runs on the calling thread until stopped (control message), told to leave, or the context is shut down.
    func run(context: ZMQContext) throws {
        let engine = try context.socket(.pair)
        try engine.bind(settings.engineEndpoint)
        let control = try context.socket(.pull)
        try control.bind(settings.controlEndpoint)
        if settings.inProcess {
            var inline: RequestProcessor<Factory.Worker>? = RequestProcessor(engine: factory.makeWorker(), workerName: settings.name)
            try serve(context: context, engine: engine, control: control, inline: &inline)
            return
        }
        let engineThread = try OSThread { [settings, factory, logger] in
            EngineLoop(endpoint: settings.engineEndpoint, workerName: settings.name, factory: factory, logger: logger).run(context: context)
        }
        defer {
            // An empty frame tells the engine thread to finish; if the context is shut down it stops anyway.
            _ = try? engine.send([[]], dontWait: true)
            engineThread.join()
        }
        var inline: RequestProcessor<Factory.Worker>? = nil
        try serve(context: context, engine: engine, control: control, inline: &inline)
    }

    /// The I/O loop. With `inline` set, requests are processed right here; otherwise they go to the engine
    /// thread over `engine` and its replies come back there.
    private func serve(
        context: ZMQContext, engine: borrowing ZMQSocket, control: borrowing ZMQSocket,
        inline: inout RequestProcessor<Factory.Worker>?
    ) throws {
        var broker = try connect(context: context)
        var backoff = settings.reconnectDelay.lowerBound
        var busy = 0
        var stopping = false
        var lastHeard = MonotonicClock.nanoseconds()
        var nextHeartbeatAt = lastHeard &+ settings.heartbeat.intervalNanoseconds
        while true {
            var poller = ZMQPoller()
            let brokerIndex = poller.add(broker)
            let engineIndex = poller.add(engine)
            let controlIndex = poller.add(control)
            try poller.poll(timeoutMilliseconds: pollTimeout(until: nextHeartbeatAt, now: MonotonicClock.nanoseconds()))

            if poller.isReadable(brokerIndex) {
                while let message = try broker.receive(dontWait: true, maxFrames: 8) {
                    lastHeard = MonotonicClock.nanoseconds()
                    backoff = settings.reconnectDelay.lowerBound
                    let frames = message.frames
                    switch frames.first.flatMap(BackendCommand.init(frame:)) {
                    case .request? where frames.count == 4 && inline != nil:
                        if let queueMicroseconds = BackendInteger.decode(frames[2]),
                           let (reply, outcome) = inline?.process(frames[3], queueMicroseconds: queueMicroseconds) {
                            _ = send([BackendCommand.reply.frame, frames[1], reply, outcome.encoded()], on: broker)
                        }
                        // The engine held this thread: what arrived meanwhile is read next round.
                        lastHeard = MonotonicClock.nanoseconds()
                    case .request? where frames.count == 4:
                        try engine.send(Array(frames[1...]))
                        busy += 1
                    case .heartbeat?:
                        break
                    case .disconnect?:
                        logger.info("broker said goodbye", metadata: ["worker": "\(settings.name)"])
                        if settings.inProcess { return }
                        lastHeard = 0
                    default:
                        logger.warning("ignored a malformed message from the broker", metadata: ["frames": "\(frames.count)"])
                    }
                }
            }
            if poller.isReadable(engineIndex) {
                while let message = try engine.receive(dontWait: true, maxFrames: 4) {
                    busy -= 1
                    guard !send([BackendCommand.reply.frame] + message.frames, on: broker) else { continue }
                    logger.warning("could not pass a reply to the broker; it will re-queue the request", metadata: ["worker": "\(settings.name)"])
                }
            }
            if poller.isReadable(controlIndex) {
                while try control.receive(dontWait: true) != nil {}
                stopping = true
            }
            if stopping && busy <= 0 {
                _ = send([BackendCommand.disconnect.frame], on: broker)
                logger.info("worker stopped", metadata: ["worker": "\(settings.name)"])
                return
            }

            let now = MonotonicClock.nanoseconds()
            if now >= nextHeartbeatAt {
                _ = send([BackendCommand.heartbeat.frame], on: broker)
                nextHeartbeatAt = now &+ settings.heartbeat.intervalNanoseconds
            }
            if now &- lastHeard > settings.heartbeat.silenceLimitNanoseconds {
                logger.warning(settings.curve == nil
                    ? "broker silent; reconnecting"
                    : "broker silent; reconnecting (if it never answers: is this worker's public key in the server's --worker-keys folder, and --server-public-key the server's?)",
                    metadata: ["worker": "\(settings.name)", "after": "\(backoff)"])
                if try waitForStop(control, milliseconds: Int(backoff.clampedNanoseconds / 1_000_000)) { return }
                backoff = min(backoff * 2, settings.reconnectDelay.upperBound)
                broker = try connect(context: context)
                lastHeard = MonotonicClock.nanoseconds()
            }
        }
    }

    /// A fresh DEALER connected to the broker, READY already queued.
    private func connect(context: ZMQContext) throws -> ZMQSocket {
        let broker = try context.socket(.dealer)
        if let curve = settings.curve { try broker.makeCurveClient(curve) }
        try broker.connect(settings.brokerEndpoint)
        let flags: [UInt8] = settings.inProcess ? [BackendReadyFlags.inProcess] : []
        _ = send([BackendCommand.ready.frame, Array(settings.name.utf8), flags], on: broker)
        return broker
    }

    /// Sends without blocking; false when libzmq could not queue the message (no connection, peer not reading).
    private func send(_ frames: [[UInt8]], on broker: borrowing ZMQSocket) -> Bool {
        (try? broker.send(frames, dontWait: true)) ?? false
    }

    /// Sleeps up to `milliseconds`, returning true early if a stop request arrives.
    private func waitForStop(_ control: borrowing ZMQSocket, milliseconds: Int) throws(ZMQError) -> Bool {
        var poller = ZMQPoller()
        let index = poller.add(control)
        try poller.poll(timeoutMilliseconds: milliseconds)
        return poller.isReadable(index)
    }
}

/// The engine thread of a worker: receives `[tag, queue µs, request]` on an inproc PAIR, answers
/// `[tag, reply, outcome]`. An empty frame, or the context shutting down, ends it.
private struct EngineLoop<Factory: AggregationEngineFactory> {
    let endpoint: String
    let workerName: String
    let factory: Factory
    let logger: Logger

    func run(context: ZMQContext) {
        do {
            let socket = try context.socket(.pair)
            try socket.connect(endpoint)
            var processor = RequestProcessor(engine: factory.makeWorker(), workerName: workerName)
            while let message = try socket.receive(maxFrames: 4) {
                let frames = message.frames
                guard frames.count == 3, let queueMicroseconds = BackendInteger.decode(frames[1]) else { return }
                let (reply, outcome) = processor.process(frames[2], queueMicroseconds: queueMicroseconds)
                try socket.send([frames[0], reply, outcome.encoded()])
            }
        } catch {
            if error.isTerminated { return }
            logger.error("engine thread failed", metadata: ["worker": "\(workerName)", "error": "\(error)"])
        }
    }
}
