import AggLMPolicy
import AggLMService
import ArgumentParser
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve aggregation requests over ZeroMQ until SIGINT/SIGTERM.",
        discussion: """
            Clients connect a REQ or DEALER socket to --bind and send Request frames \
            (Protos/agglm/v1/agglm.proto); each gets a Reply. A load-balancing broker hands \
            requests to --workers threads in this process, and to workers in other processes or \
            on other machines that join at --workers-endpoint (`agglm worker --connect ...`); \
            those exchange heartbeats with the broker, and a request held by a worker that dies \
            is re-queued once or answered with WORKER_LOST — never dropped.

            Bad requests (malformed frames, wrong protocol version, too many problems or \
            candidates, oversized or non-UTF-8 text, empty candidate lists) get an error reply \
            with a code and the server keeps serving. On SIGINT/SIGTERM, requests in flight are \
            finished (up to --drain-seconds) and the process exits 0.

            Endpoints other machines can reach (anything but tcp://127.x.x.x, tcp://[::1], \
            ipc:// and inproc://) need CURVE keys: --server-key with --client-keys (and \
            --worker-keys for --workers-endpoint). Both endpoints are then encrypted, and only \
            peers whose public key is in the allow-list folder (*.pub files) complete the \
            handshake; SIGHUP re-reads the folders. --insecure serves such endpoints in plain \
            text to anyone instead. See `agglm keygen --help`.

            Queued and in-flight requests hold at most --max-queue-bytes of request frames \
            (default: an eighth of physical memory, at most 1 GiB, at least 64 MiB); past it, and \
            past --max-queue requests, new requests get OVERLOADED.

            Examples:
              agglm serve --bind tcp://127.0.0.1:5555
              agglm serve --bind tcp://0.0.0.0:5555 --workers 2 --workers-endpoint tcp://0.0.0.0:5556 \\
                --server-key server.key --client-keys clients/ --worker-keys workers/
            """
    )

    @Option(help: "Client endpoint to bind.")
    var bind = ServerConfiguration.defaultBind

    @Option(help: "In-process worker threads (default: one per core).")
    var workers: Int?

    @Option(help: "Also accept remote workers here, e.g. tcp://0.0.0.0:5556.")
    var workersEndpoint: String?

    @Option(help: "Most requests waiting for a worker before new ones are refused with OVERLOADED.")
    var maxQueue = Limits().maxQueuedRequests

    @Option(help: ArgumentHelp("Most bytes of request frames queued or in flight before new requests are refused with OVERLOADED; a number with an optional K, M or G suffix (powers of 1024).", valueName: "bytes"))
    var maxQueueBytes = ByteCount(Limits.machineQueueBytes)

    @Option(help: ArgumentHelp("This server's key pair (NAME.key from `agglm keygen`): turns on CURVE on both endpoints.", valueName: "file"))
    var serverKey: String?

    @Option(help: ArgumentHelp("With --server-key: folder of the public keys (*.pub) of clients allowed to connect.", valueName: "folder"))
    var clientKeys: String?

    @Option(help: ArgumentHelp("With --server-key and --workers-endpoint: folder of the public keys (*.pub) of workers allowed to join.", valueName: "folder"))
    var workerKeys: String?

    @Flag(help: "Serve an endpoint other machines can reach without keys: unencrypted, and open to anyone who can reach the port.")
    var insecure = false

    @Option(help: "Seconds a shutdown waits for requests in flight.")
    var drainSeconds = Int(ServerConfiguration.defaultDrainTimeout / .seconds(1))

    @OptionGroup var broker: BrokerOptions

    @OptionGroup var model: ModelOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 or more, e.g. --workers 2") }
        if workers == 0 && workersEndpoint == nil {
            throw ValidationError("With --workers 0, add --workers-endpoint tcp://0.0.0.0:5556 so remote workers can join")
        }
        if maxQueue < 1 { throw ValidationError("--max-queue must be at least 1, e.g. --max-queue 1024") }
        if maxQueueBytes.bytes < 1 { throw ValidationError("--max-queue-bytes must be at least 1, e.g. --max-queue-bytes 512M") }
        try ServeSecurityCheck(
            bind: bind, workersEndpoint: workersEndpoint, serverKey: serverKey, clientKeys: clientKeys,
            workerKeys: workerKeys, insecure: insecure
        ).validate()
    }

    func run() throws {
        let logger = try Logging.make(label: "agglm.serve", level: logLevel)
        // Each worker thread calls sgemm itself: one OpenBLAS thread each is fastest.
        BLASThreads.set(1)
        let loaded = try model.load()
        var security: ServerSecurity?
        if let serverKey, let clientKeys {
            security = ServerSecurity(
                serverKeys: try CurveKeyFile.readKeyPair(CurveKeyFile.secretPath(forName: serverKey)),
                clientKeysFolder: clientKeys, workerKeysFolder: workerKeys)
        }
        let configuration = serverConfiguration(security: security)
        let server = try Server(
            configuration: configuration, engineFactory: loaded.engineFactory, logger: logger)
        logger.info("model", metadata: ["checkpoint": "\(loaded.description)"])
        logger.info("limits", metadata: [
            "max-queue": "\(maxQueue)", "max-queue-bytes": "\(maxQueueBytes)",
            "curve": "\(security == nil ? "off (plain text)" : "on, server key \(security?.serverKeys.publicKey.z85 ?? "")")",
        ])
        try server.run()
        logger.info("stopped")
    }

    /// The server these options describe.
    func serverConfiguration(security: ServerSecurity?) -> ServerConfiguration {
        var limits = Limits()
        limits.maxQueuedRequests = maxQueue
        limits.maxQueuedBytes = maxQueueBytes.bytes
        return ServerConfiguration(
            bind: bind, workersEndpoint: workersEndpoint,
            inProcessWorkers: workers ?? ServerConfiguration.onlineCores, limits: limits,
            drainTimeout: .seconds(drainSeconds), inlineCandidateBudget: broker.inlineCandidates,
            idleSpin: .microseconds(broker.idleSpinUs), brokerCPU: broker.brokerCPU.cpu,
            inlineAssist: broker.inlineAssist.setting, inlineAssistLinger: .microseconds(broker.inlineAssistLingerUs),
            security: security)
    }
}

enum Logging {
    /// A logger writing to standard error at the level named by `level`.
    static func make(label: String, level: String) throws -> Logger {
        guard let parsed = Logger.Level(rawValue: level) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("Unknown log level '\(level)'. Use one of: \(names), e.g. --log-level info")
        }
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = parsed
        return logger
    }
}
