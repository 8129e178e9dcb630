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

            Examples:
              agglm serve --bind tcp://127.0.0.1:5555
              agglm serve --bind tcp://0.0.0.0:5555 --workers 2 --workers-endpoint tcp://0.0.0.0:5556
            """
    )

    @Option(help: "Client endpoint to bind.")
    var bind = "tcp://127.0.0.1:5555"

    @Option(help: "In-process worker threads (default: one per core).")
    var workers: Int?

    @Option(help: "Also accept remote workers here, e.g. tcp://0.0.0.0:5556.")
    var workersEndpoint: String?

    @Option(help: "Most requests waiting for a worker before new ones are refused with OVERLOADED.")
    var maxQueue = Limits().maxQueuedRequests

    @Option(help: "Seconds a shutdown waits for requests in flight.")
    var drainSeconds = 10

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
    }

    func run() throws {
        let logger = try Logging.make(label: "agglm.serve", level: logLevel)
        // Each worker thread calls sgemm itself: one OpenBLAS thread each is fastest.
        BLASThreads.set(1)
        let loaded = try model.load()
        var limits = Limits()
        limits.maxQueuedRequests = maxQueue
        let configuration = ServerConfiguration(
            bind: bind, workersEndpoint: workersEndpoint,
            inProcessWorkers: workers ?? ServerConfiguration.onlineCores, limits: limits,
            drainTimeout: .seconds(drainSeconds), inlineCandidateBudget: broker.inlineCandidates,
            idleSpin: .microseconds(broker.idleSpinUs), brokerCPU: broker.brokerCPU.cpu,
            inlineAssist: broker.inlineAssist.setting, inlineAssistLinger: .microseconds(broker.inlineAssistLingerUs))
        let server = try Server(
            configuration: configuration, engineFactory: loaded.engineFactory, logger: logger)
        logger.info("model", metadata: ["checkpoint": "\(loaded.description)"])
        try server.run()
        logger.info("stopped")
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
