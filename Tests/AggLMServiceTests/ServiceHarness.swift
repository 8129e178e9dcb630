import AggLMSupport
@testable import AggLMService
import AggLMWire
import Glibc

/// Starting servers and scripted workers on loopback for the end-to-end tests.
enum ServiceHarness {
    /// Fast heartbeats so worker death is detected in about 0.3–0.4 s instead of 3–4 s.
    static let fastHeartbeat = HeartbeatPolicy(interval: .milliseconds(100), liveness: 3)

    static func startServer(
        workers: Int, remote: Bool = false, delayMicroseconds: UInt32 = 0, limits: Limits = Limits(),
        drainTimeout: Duration = .seconds(5), inlineCandidateBudget: Int = 0, idleSpin: Duration = .zero,
        brokerCPU: Int? = nil, security: ServerSecurity? = nil
    ) throws -> (Server<MostCommonAnswerFactory>, ServerEndpoints) {
        let configuration = ServerConfiguration(
            bind: "tcp://127.0.0.1:0", workersEndpoint: remote ? "tcp://127.0.0.1:0" : nil, inProcessWorkers: workers,
            limits: limits, heartbeat: fastHeartbeat, drainTimeout: drainTimeout, handlesSignals: false,
            inlineCandidateBudget: inlineCandidateBudget, idleSpin: idleSpin, brokerCPU: brokerCPU, inlineAssist: .off,
            security: security
        )
        let server = try Server(configuration: configuration, engineFactory: MostCommonAnswerFactory(delayMicroseconds: delayMicroseconds), logger: TestData.quietLogger)
        let endpoints = try server.start()
        return (server, endpoints)
    }

    /// Polls health until `count` workers are alive (or 5 s pass).
    static func waitForWorkers(_ count: Int, client: Client) throws {
        let deadline = MonotonicClock.nanoseconds() + 5_000_000_000
        while MonotonicClock.nanoseconds() < deadline {
            if try client.health().workersAlive == UInt32(count) { return }
            usleep(10_000)
        }
        throw TestFailure("expected \(count) workers alive")
    }

    /// A worker that joins, heartbeats until it is handed a request, then vanishes without a reply or a
    /// goodbye: a process killed mid-request. Returns whether it got a request within 5 s.
    /// With `curve`, it handshakes with those keys; `waitSeconds` bounds the wait for a request.
    static func dyingWorker(connect endpoint: String, curve: CurveClientKeys? = nil, waitSeconds: UInt64 = 5) throws -> Bool {
        let context = try ZMQContext()
        let socket = try context.socket(.dealer)
        if let curve { try socket.makeCurveClient(curve) }
        try socket.connect(endpoint)
        // Never blocking: a refused handshake leaves the socket without a peer, where a blocking send waits forever.
        try socket.send([BackendCommand.ready.frame, Array("doomed".utf8)], dontWait: true)
        let deadline = MonotonicClock.nanoseconds() + waitSeconds * 1_000_000_000
        var poller = ZMQPoller()
        let index = poller.add(socket)
        while MonotonicClock.nanoseconds() < deadline {
            try poller.poll(timeoutMilliseconds: 50)
            if poller.isReadable(index), let message = try socket.receive(dontWait: true) {
                if message.frames.first.flatMap(BackendCommand.init(frame:)) == .request { return true }
            }
            try socket.send([BackendCommand.heartbeat.frame], dontWait: true)
        }
        return false
    }
}
