import AggLMPolicy
import AggLMService
import AggLMCommandLine
import ArgumentParser
import Logging

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join a server's worker pool from another process or machine.",
        discussion: """
            Connects to the --workers-endpoint of an `agglm serve`, announces itself, and \
            serves requests one at a time, exchanging heartbeats with the broker (the ZeroMQ \
            guide's Paranoid Pirate pattern). If the broker goes silent it reconnects with \
            backoff. SIGINT/SIGTERM finish the current request, say goodbye and exit 0.

            A server started with --server-key needs --server-public-key (its NAME.pub) and \
            --key (this worker's pair, whose NAME.pub is in the server's --worker-keys folder); \
            with a key it does not list, the worker never receives a request.

            Examples:
              agglm worker --connect tcp://127.0.0.1:5556
              agglm worker --connect tcp://server-host:5556 --server-public-key server.pub --key worker1
            """
    )

    @Option(help: "The server's workers endpoint.")
    var connect: String

    @Option(help: "Name shown in the server's logs (default: host and process id).")
    var name: String?

    @OptionGroup var curve: CurveClientOptions

    @OptionGroup var model: ModelOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() throws {
        let logger = try Logging.make(label: "agglm.worker", level: logLevel)
        BLASThreads.set(1)
        let loaded = try model.load()
        let worker = try RemoteWorker(
            connect: connect, engineFactory: loaded.engineFactory, name: name, curve: try curve.load(), logger: logger)
        try worker.run()
    }
}
