#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging

/// A worker in its own process (or machine) that joins a server's `--workers-endpoint`.
///
/// ```swift
/// let worker = try RemoteWorker(connect: "tcp://host:5556", engineFactory: factory, logger: logger)
/// try worker.run()   // until SIGINT/SIGTERM or `stop()`; survives broker restarts by reconnecting
/// ```
public final class RemoteWorker<Factory: AggregationEngineFactory>: Sendable {
    private let loop: WorkerLoop<Factory>
    private let context: ZMQContext
    private let handlesSignals: Bool
    private let logger: Logger

    public init(
        connect endpoint: String, engineFactory: Factory, name: String? = nil,
        heartbeat: HeartbeatPolicy = HeartbeatPolicy(), reconnectDelay: ClosedRange<Duration> = .seconds(1) ... .seconds(32),
        handlesSignals: Bool = true, curve: CurveClientKeys? = nil, logger: Logger
    ) throws(ZMQError) {
        let context = try ZMQContext()
        let identifier = String(UInt(bitPattern: ObjectIdentifier(context).hashValue), radix: 16)
        self.context = context
        self.handlesSignals = handlesSignals
        self.logger = logger
        self.loop = WorkerLoop(
            settings: .init(
                brokerEndpoint: endpoint, name: name ?? RemoteWorker.defaultName(), heartbeat: heartbeat,
                reconnectDelay: reconnectDelay, inProcess: false,
                controlEndpoint: "inproc://agglm-remote-control-\(identifier)",
                engineEndpoint: "inproc://agglm-remote-engine-\(identifier)", curve: curve
            ),
            factory: engineFactory, logger: logger
        )
    }

    /// Serves requests on the calling thread (a dedicated thread, never a Swift concurrency task) until
    /// `stop()` or, when `handlesSignals`, SIGINT/SIGTERM. The current request is finished first and the
    /// broker is told goodbye.
    public func run() throws {
        var trigger: ShutdownAndReloadSignals?
        if handlesSignals {
            trigger = try ShutdownAndReloadSignals { [self, logger] signal in
                logger.info("signal received; stopping worker", metadata: ["signal": "\(signal)"])
                stop()
            }
        }
        defer { trigger?.uninstall() }
        logger.info("worker connecting", metadata: ["broker": "\(loop.settings.brokerEndpoint)", "worker": "\(loop.settings.name)"])
        try loop.run(context: context)
    }

    /// Asks `run()` to finish its current request, say goodbye and return. Callable from any thread.
    public func stop() {
        guard let push = try? context.socket(.push) else { return }
        _ = try? push.connect(loop.settings.controlEndpoint)
        _ = try? push.send([[]], dontWait: true)
    }

    /// `host:pid`, so a broker's log tells workers apart.
    static func defaultName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "worker"
        return "\(host):\(getpid())"
    }
}
