import AggLMSupport
import AggLMService
import ArgumentParser
import Foundation

/// `agglm serve` in a child process on a free loopback port.
final class ChildServer {
    let process: Process
    let endpoint: String
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, endpoint: String) {
        self.process = process
        self.endpoint = endpoint
    }

    /// `extraArguments` go to `agglm serve` as they are; `curve`: the keys its readiness check connects with.
    static func start(
        workers: Int, broker: BrokerOptions, checkpoint: String?, anonymous: Bool, extraArguments: [String] = [],
        curve: CurveClientKeys? = nil
    ) throws -> ChildServer {
        let port = try FreePort.find()
        let endpoint = "tcp://127.0.0.1:\(port)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments = ["serve", "--bind", endpoint, "--workers", "\(workers)", "--log-level", "warning"] + broker.serveArguments
        if let checkpoint { arguments += ["--checkpoint", checkpoint] }
        if anonymous { arguments.append("--anonymous") }
        process.arguments = arguments + extraArguments
        try process.run()
        let server = ChildServer(process: process, endpoint: endpoint)
        // Ready once it answers a health request.
        let deadline = MonotonicClock.microseconds() + 20_000_000
        while MonotonicClock.microseconds() < deadline {
            if let client = try? Client(endpoint: endpoint, timeout: .milliseconds(500), retries: 0, curve: curve),
               (try? client.health()) != nil {
                return server
            }
            guard process.isRunning else { break }
        }
        server.stop()
        throw ValidationError("The child server on \(endpoint) did not become ready")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
