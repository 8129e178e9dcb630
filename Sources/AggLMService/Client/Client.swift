import AggLMSupport
public import AggLMWire
public import Logging
import SwiftProtobuf

/// A client of the service with the guide's Lazy Pirate reliability: every request waits at most `timeout`
/// for its reply; on a timeout the socket is closed and reopened (a REQ/DEALER stuck on a dead connection
/// cannot recover otherwise) and every unanswered request is sent again, at most `retries` times.
///
/// The socket is a DEALER that prefixes each request with an 8-byte correlation frame and the empty
/// delimiter; the broker echoes the envelope, so several requests can be in flight (`window`) and replies
/// are matched whatever their order. Replies to requests already given up on are recognised and dropped.
///
/// Owned by one thread (it holds a socket); not Sendable.
public final class Client {
    public let endpoint: String
    public let timeout: Duration
    public let retries: Int
    /// CURVE keys when the server requires them (`agglm serve --server-key`); nil: plain text.
    public let curve: CurveClientKeys?
    private let context: ZMQContext
    private var socket: ZMQSocket
    private var nextCorrelation: UInt64 = 1
    private let logger: Logger

    /// With `curve`, a server that does not hold `curve.serverPublicKey`, or that does not list
    /// `curve.ownKeys.publicKey`, never completes the handshake: requests then end in `.timeout`.
    public init(
        endpoint: String, timeout: Duration = .seconds(5), retries: Int = 3, curve: CurveClientKeys? = nil,
        logger: Logger = Logger(label: "agglm.client")
    ) throws(ClientError) {
        self.endpoint = endpoint
        self.curve = curve
        self.timeout = timeout
        self.retries = max(0, retries)
        self.logger = logger
        do {
            self.context = try ZMQContext()
            self.socket = try Client.connect(context: context, endpoint: endpoint, curve: curve)
        } catch {
            throw .transport(error)
        }
    }

    private static func connect(context: ZMQContext, endpoint: String, curve: CurveClientKeys?) throws(ZMQError) -> ZMQSocket {
        let socket = try context.socket(.dealer)
        if let curve { try socket.makeCurveClient(curve) }
        try socket.connect(endpoint)
        return socket
    }

    // MARK: single calls

    /// Sends one request and returns the reply, whatever kind it is.
    public func send(_ request: Agglm_V1_Request) throws(ClientError) -> Agglm_V1_Reply {
        try sendFrame(ServiceRequests.encode(request))
    }

    /// Sends a raw frame as a request (for tools that forward bytes, and for fault injection).
    public func sendFrame(_ frame: [UInt8]) throws(ClientError) -> Agglm_V1_Reply {
        var reply: Agglm_V1_Reply?
        try exchange([frame], window: 1) { _, received, _ in reply = received }
        guard let reply else { throw .unexpectedReply }
        return reply
    }

    /// Aggregates one request. Throws `.refused` when the server refused it as a whole; per-problem errors
    /// are in the results.
    public func aggregate(_ request: Agglm_V1_AggregateRequest) throws(ClientError) -> Agglm_V1_AggregateResponse {
        try Client.aggregateResponse(of: send(ServiceRequests.aggregate(request)))
    }

    /// The server's statistics.
    public func health() throws(ClientError) -> Agglm_V1_HealthReply {
        let reply = try send(ServiceRequests.health())
        switch reply.kind {
        case .health(let health)?: return health
        case .error(let error)?: throw .refused(error)
        default: throw .unexpectedReply
        }
    }

    static func aggregateResponse(of reply: Agglm_V1_Reply) throws(ClientError) -> Agglm_V1_AggregateResponse {
        switch reply.kind {
        case .aggregate(let response)?:
            if response.hasError { throw .refused(response.error) }
            return response
        case .error(let error)?:
            throw .refused(error)
        default:
            throw .unexpectedReply
        }
    }

    // MARK: pipelined exchange

    /// Sends every frame of `frames`, at most `window` unanswered at a time, and calls `onReply` with the
    /// frame's index, its reply and the round-trip time in nanoseconds (of the attempt answered) as replies
    /// arrive, in any order. Throws `.timeout` once a frame has gone unanswered `retries + 1` times.
    public func exchange(_ frames: [[UInt8]], window: Int, onReply: (Int, Agglm_V1_Reply, UInt64) -> Void) throws(ClientError) {
        struct Outstanding {
            var index: Int
            var sentAt: UInt64
            var attempts: Int
        }
        let timeoutNanoseconds = max(1_000_000, timeout.clampedNanoseconds)
        let window = max(1, window)
        var outstanding: [UInt64: Outstanding] = [:]
        var nextIndex = 0
        var completed = 0
        do {
            while completed < frames.count {
                while outstanding.count < window && nextIndex < frames.count {
                    let correlation = nextCorrelation
                    nextCorrelation &+= 1
                    try transmit(frames[nextIndex], correlation: correlation)
                    outstanding[correlation] = Outstanding(index: nextIndex, sentAt: MonotonicClock.nanoseconds(), attempts: 1)
                    nextIndex += 1
                }
                let oldest = outstanding.values.lazy.map(\.sentAt).min() ?? MonotonicClock.nanoseconds()
                let deadline = oldest &+ timeoutNanoseconds
                var poller = ZMQPoller()
                let index = poller.add(socket)
                try poller.poll(timeoutMilliseconds: pollTimeout(until: deadline, now: MonotonicClock.nanoseconds(), cap: Int.max))
                if poller.isReadable(index) {
                    while let message = try socket.receive(dontWait: true, maxFrames: 4) {
                        let received = MonotonicClock.nanoseconds()
                        let parts = message.frames
                        guard parts.count == 3, parts[1].isEmpty, let correlation = BackendInteger.decode(parts[0]),
                              let entry = outstanding.removeValue(forKey: correlation) else {
                            logger.debug("dropped a reply that matches no outstanding request")
                            continue
                        }
                        guard let reply = try? Agglm_V1_Reply(serializedBytes: parts[2]) else { throw ClientError.undecodableReply }
                        completed += 1
                        onReply(entry.index, reply, received &- entry.sentAt)
                    }
                } else if MonotonicClock.nanoseconds() >= deadline {
                    let attempts = outstanding.values.map(\.attempts).max() ?? 0
                    if attempts > retries { throw ClientError.timeout(attempts: attempts) }
                    logger.warning("no reply in time; reconnecting and resending", metadata: [
                        "endpoint": "\(endpoint)", "unanswered": "\(outstanding.count)", "attempt": "\(attempts + 1)",
                    ])
                    socket = try Client.connect(context: context, endpoint: endpoint, curve: curve)
                    // Resend oldest first, so the server sees them in their original order.
                    for (correlation, entry) in outstanding.sorted(by: { $0.value.index < $1.value.index }) {
                        try transmit(frames[entry.index], correlation: correlation)
                        outstanding[correlation]?.sentAt = MonotonicClock.nanoseconds()
                        outstanding[correlation]?.attempts += 1
                    }
                }
            }
        } catch let error as ClientError {
            throw error
        } catch let error as ZMQError {
            throw .transport(error)
        } catch {
            throw .unexpectedReply
        }
    }

    /// Queues a request without blocking. A socket whose connection was refused (a CURVE handshake the
    /// server's allow-list turned down) has no peer left, and a blocking send would wait forever; a request
    /// that cannot be queued is treated like one lost on the way: it times out and is resent after a reconnect.
    private func transmit(_ frame: [UInt8], correlation: UInt64) throws(ZMQError) {
        if try !socket.send([BackendInteger.encode(correlation), [], frame], dontWait: true) {
            logger.debug("request not queued (no connection); it will time out and be resent", metadata: ["endpoint": "\(endpoint)"])
        }
    }
}
