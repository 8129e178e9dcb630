#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging
import AggLMSupport
import Synchronization

/// The AggLM service: a load-balancing broker with in-process worker threads and, optionally, remote workers.
///
/// ```swift
/// let server = Server(configuration: .init(bind: "tcp://127.0.0.1:5555"), engineFactory: factory, logger: logger)
/// try server.run()   // returns after SIGINT/SIGTERM (or `shutdown()`) once in-flight requests are answered
/// ```
/// Threads: one broker thread and one thread per in-process worker (which runs its engine inline). With
/// `inlineCandidateBudget`, the broker also runs small requests itself while an in-process worker is idle.
public final class Server<Factory: AggregationEngineFactory>: Sendable {
    public let configuration: ServerConfiguration
    private let factory: Factory
    private let logger: Logger
    private let context: ZMQContext
    private let identifier: String
    private let state = Mutex(RunState())

    private struct RunState {
        var started = false
        var broker: OSThread?
        var workers: [OSThread] = []
        var endpoints: ServerEndpoints?
        var zapHandler: OSThread?
        var allowList: PeerAllowList?
    }

    public init(configuration: ServerConfiguration, engineFactory: Factory, logger: Logger) throws(ZMQError) {
        self.configuration = configuration
        self.factory = engineFactory
        self.logger = logger
        self.context = try ZMQContext()
        // A CPU this process may not use is ignored (with a warning from the broker thread): libzmq would abort.
        if let cpu = configuration.brokerCPU, CPUAffinity.isAllowed(cpu) { try context.pinIOThread(toCPU: cpu) }
        self.identifier = String(UInt(bitPattern: ObjectIdentifier(context).hashValue), radix: 16)
    }

    private var controlEndpoint: String { "inproc://agglm-control-\(identifier)" }
    private var inProcessWorkersEndpoint: String { "inproc://agglm-workers-\(identifier)" }

    /// Binds the sockets and starts the broker and worker threads; returns the bound endpoints.
    /// Throws when a bind fails (address in use, bad endpoint) or the server was already started.
    @discardableResult
    public func start() throws -> ServerEndpoints {
        guard state.withLock({ state in defer { state.started = true }; return !state.started }) else {
            throw ServerStateError.alreadyStarted
        }
        let allowList = try startAuthentication()
        let bound = OneShot<Result<ServerEndpoints, ZMQError>>()
        let settings = Broker.Settings(
            limits: configuration.limits, heartbeat: configuration.heartbeat,
            drainTimeout: configuration.drainTimeout, checkpoint: factory.description,
            idleSpinNanoseconds: configuration.idleSpin.clampedNanoseconds, allowList: allowList
        )
        // Inline execution takes an idle in-process worker's turn: without such workers there is none.
        let inlineCandidateBudget = configuration.inProcessWorkers > 0 ? configuration.inlineCandidateBudget : 0
        let broker = try OSThread { [self] in
            runBroker(settings: settings, inlineCandidateBudget: inlineCandidateBudget, bound: bound)
        }
        state.withLock { $0.broker = broker }
        let endpoints: ServerEndpoints
        switch bound.wait() {
        case .success(let value)?:
            endpoints = value
        case .failure(let error)?:
            broker.join()
            stopAuthentication()
            throw error
        case nil:
            broker.join()
            stopAuthentication()
            throw ServerStateError.brokerDidNotStart
        }
        do {
            for index in 0..<configuration.inProcessWorkers {
                let loop = WorkerLoop(
                    settings: .init(
                        brokerEndpoint: inProcessWorkersEndpoint, name: "inproc-\(index)", heartbeat: configuration.heartbeat,
                        reconnectDelay: .milliseconds(100) ... .seconds(1), inProcess: true,
                        controlEndpoint: "inproc://agglm-worker-control-\(identifier)-\(index)",
                        engineEndpoint: "inproc://agglm-engine-\(identifier)-\(index)"
                    ),
                    factory: factory, logger: logger
                )
                let thread = try OSThread { [context, logger] in
                    do {
                        try loop.run(context: context)
                    } catch {
                        // ETERM is the normal end: `wait()` shut the context down after the broker stopped.
                        if (error as? ZMQError)?.isTerminated != true {
                            logger.error("in-process worker failed", metadata: ["error": "\(error)"])
                        }
                    }
                }
                state.withLock { $0.workers.append(thread) }
            }
        } catch {
            // Out of threads: do not leave a half-started server behind.
            shutdown()
            wait()
            throw error
        }
        state.withLock { $0.endpoints = endpoints }
        logger.info("serving", metadata: [
            "clients": "\(endpoints.clients)", "remote-workers": "\(endpoints.workers ?? "none")",
            "in-process-workers": "\(configuration.inProcessWorkers)", "engine": "\(factory.description)",
        ])
        return endpoints
    }

    /// With `configuration.security`: reads the allow-lists and starts the ZAP handler, before any socket
    /// binds (a CURVE handshake with no handler bound is let through unchecked).
    private func startAuthentication() throws -> PeerAllowList? {
        guard let security = configuration.security else { return nil }
        var folders: [PeerAllowList.Endpoint: String] = [.clients: security.clientKeysFolder]
        if configuration.workersEndpoint != nil {
            guard let workerKeysFolder = security.workerKeysFolder else { throw ServerStateError.workerKeysMissing }
            folders[.workers] = workerKeysFolder
        }
        let allowList = try PeerAllowList(folders: folders, logger: logger)
        let handler = try ZAPHandler.start(context: context, allowList: allowList, logger: logger)
        state.withLock {
            $0.zapHandler = handler
            $0.allowList = allowList
        }
        return allowList
    }

    /// Ends the ZAP handler of a start that failed half-way (the context is unusable afterwards).
    private func stopAuthentication() {
        guard let handler = state.withLock({ $0.zapHandler }) else { return }
        context.shutdown()
        handler.join()
    }

    /// Reads the allow-list folders again (what SIGHUP does): keys added since are admitted, keys removed
    /// are refused from their next handshake on (connections already open stay open). No-op without CURVE.
    public func reloadAllowLists() {
        state.withLock { $0.allowList }?.reload()
    }

    private func runBroker(settings: Broker.Settings, inlineCandidateBudget: Int, bound: OneShot<Result<ServerEndpoints, ZMQError>>) {
        // Started before the broker pins itself: a new thread inherits its creator's CPU set, and the
        // helper must be free to run on another CPU than the broker's.
        let assist = inlineCandidateBudget > 0 ? makeInlineAssist() : nil
        defer { assist?.stop() }
        if let cpu = configuration.brokerCPU { Self.pinCurrentThread(to: cpu, thread: "broker", logger: logger) }
        do {
            let frontend = try context.socket(.router)
            try frontend.setRouterMandatory(true)
            try frontend.setLinger(milliseconds: 2000)
            try frontend.setMaximumMessageSize(Int64(configuration.limits.maxRequestBytes) * 2)
            // Messages libzmq reads ahead per client while the broker is busy sit outside the byte budget; past
            // this many, libzmq stops reading that client's connection (TCP pushes back; nothing is dropped).
            try frontend.setReceiveHighWaterMark(Int32(clamping: max(4, configuration.limits.maxQueuedBytes / max(1, configuration.limits.maxRequestBytes))))
            if let security = configuration.security {
                try frontend.makeCurveServer(secretKey: security.serverKeys.secretKey, domain: PeerAllowList.Endpoint.clients.rawValue)
            }
            try frontend.bind(configuration.bind)
            let backend = try context.socket(.router)
            try backend.setRouterMandatory(true)
            try backend.setLinger(milliseconds: 500)
            if let security = configuration.security {
                try backend.makeCurveServer(secretKey: security.serverKeys.secretKey, domain: PeerAllowList.Endpoint.workers.rawValue)
            }
            try backend.bind(inProcessWorkersEndpoint)
            var remote: String?
            if let workersEndpoint = configuration.workersEndpoint {
                try backend.bind(workersEndpoint)
                remote = try backend.lastEndpoint()
            }
            let control = try context.socket(.pull)
            try control.bind(controlEndpoint)
            bound.fulfil(.success(ServerEndpoints(clients: try frontend.lastEndpoint(), workers: remote)))
            let inline = inlineCandidateBudget > 0
                ? InlineExecutor(
                    engine: RequestProcessor(engine: assist.map { factory.makeWorker(assist: $0) } ?? factory.makeWorker(), workerName: "inproc-broker"),
                    candidateBudget: inlineCandidateBudget, assist: assist)
                : nil
            var broker = Broker(settings: settings, logger: logger, inline: inline)
            try broker.run(frontend: frontend, backend: backend, control: control)
        } catch {
            bound.fulfil(.failure(error))
            if !error.isTerminated { logger.error("broker failed", metadata: ["error": "\(error)"]) }
        }
    }

    /// The inline engine's helper thread as configured, pinned where asked; nil when off or when the thread
    /// cannot start (inline requests then run on the broker thread alone).
    private func makeInlineAssist() -> AssistThread? {
        let cpu: Int?
        switch configuration.inlineAssist {
        case .off: return nil
        case .automatic:
            let others = (0..<ServerConfiguration.onlineCores).filter { $0 != configuration.brokerCPU && CPUAffinity.isAllowed($0) }
            // One usable CPU besides none: the helper would only take turns with the broker.
            guard let first = others.first, configuration.brokerCPU != nil || others.count >= 2 else { return nil }
            cpu = first
        case .unpinned: cpu = nil
        case .pinned(let chosen): cpu = chosen
        }
        do {
            return try AssistThread(linger: configuration.inlineAssistLinger) { [logger] in
                if let cpu { Self.pinCurrentThread(to: cpu, thread: "inline helper", logger: logger) }
            }
        } catch {
            logger.warning("could not start the inline helper thread; running inline requests on the broker alone", metadata: ["errno": "\(error.code)"])
            return nil
        }
    }

    /// Pins the calling thread to `cpu` when the process may use it; otherwise, or when pinning fails, logs
    /// a warning and carries on unpinned (pinning is only a latency optimisation: serve anyway).
    private static func pinCurrentThread(to cpu: Int, thread: String, logger: Logger) {
        if !CPUAffinity.isAllowed(cpu) {
            logger.warning("the \(thread) thread's CPU is not one this process may use; not pinning", metadata: ["cpu": "\(cpu)"])
        } else if let error = CPUAffinity.pinCurrentThread(to: cpu) {
            logger.warning("could not pin the \(thread) thread", metadata: ["cpu": "\(cpu)", "errno": "\(error)"])
        }
    }

    /// Starts a graceful shutdown: new requests get SHUTTING_DOWN, queued and in-flight ones are answered
    /// (up to `drainTimeout`), then every thread ends. Callable from any thread, any number of times, once
    /// `start()` has returned (earlier calls are lost).
    public func shutdown() {
        guard let push = try? context.socket(.push) else { return }
        _ = try? push.connect(controlEndpoint)
        _ = try? push.send([[]], dontWait: true)
    }

    /// Blocks until the broker has drained and stopped, then stops the workers and waits for them.
    public func wait() {
        let broker = state.withLock { $0.broker }
        broker?.join()
        // The broker is gone: in-process workers have nothing left to do. ETERM ends their loops.
        context.shutdown()
        for worker in state.withLock({ $0.workers }) { worker.join() }
        state.withLock { $0.zapHandler }?.join()
    }

    /// `start()`, then (when `handlesSignals`) SIGINT/SIGTERM start a graceful shutdown and, with CURVE,
    /// SIGHUP reloads the allow-lists; then `wait()`. Returns once everything has stopped, so the process
    /// can exit 0.
    public func run() throws {
        try start()
        var trigger: ShutdownAndReloadSignals?
        if configuration.handlesSignals {
            do {
                let signals = configuration.security == nil ? [SIGINT, SIGTERM] : [SIGINT, SIGTERM, SIGHUP]
                trigger = try ShutdownAndReloadSignals(signals: signals) { [self, logger] signal in
                    if signal == SIGHUP {
                        logger.info("SIGHUP received; reloading the allow-lists")
                        reloadAllowLists()
                        return
                    }
                    logger.info("signal received; shutting down", metadata: ["signal": "\(signal)"])
                    shutdown()
                }
            } catch {
                shutdown()
                wait()
                throw error
            }
        }
        wait()
        trigger?.uninstall()
    }

    /// The endpoints bound by `start()`, nil before.
    public var endpoints: ServerEndpoints? { state.withLock { $0.endpoints } }
}

enum ServerStateError: Error, Sendable {
    case alreadyStarted
    case brokerDidNotStart
    /// `security` is set and there is a workers endpoint, but no worker allow-list folder.
    case workerKeysMissing
}
