import AggLMSupport
@testable import AggLMService
import AggLMWire
import Dispatch
import Glibc
import Testing

/// CURVE on loopback: the server's allow-lists decide who gets service and who gets work. Each negative
/// test has a positive twin in the same run, so a refusal cannot come from a server that is simply down.
@Suite(.serialized) struct CurveSecurityTests {
    /// A server pair, allow-list folders holding one client and one worker key, and a stranger's pair.
    struct Keys: Sendable {
        let folder: TemporaryFolder
        let server: CurveKeyPair
        let client: CurveKeyPair
        let worker: CurveKeyPair
        let stranger: CurveKeyPair
        let clientsFolder: String
        let workersFolder: String

        init() throws {
            folder = try TemporaryFolder()
            server = try CurveKeyPair.generate()
            client = try CurveKeyPair.generate()
            worker = try CurveKeyPair.generate()
            stranger = try CurveKeyPair.generate()
            clientsFolder = try folder.folder("clients")
            workersFolder = try folder.folder("workers")
            try allow(client, in: clientsFolder, as: "client")
            try allow(worker, in: workersFolder, as: "worker")
        }

        var security: ServerSecurity {
            ServerSecurity(serverKeys: server, clientKeysFolder: clientsFolder, workerKeysFolder: workersFolder)
        }

        func keys(_ own: CurveKeyPair) -> CurveClientKeys {
            CurveClientKeys(serverPublicKey: server.publicKey, ownKeys: own)
        }

        func allow(_ pair: CurveKeyPair, in folder: String, as name: String) throws {
            try SmallFile.createNew(folder + "/" + name + ".pub", bytes: Array(CurveKeyFile.publicText(pair.publicKey).utf8), mode: 0o644)
        }
    }

    /// Whether `curve` gets an aggregate request answered correctly within 1.5 s (false: timed out).
    static func served(at endpoint: String, curve: CurveClientKeys?) throws -> Bool {
        let client = try Client(endpoint: endpoint, timeout: .milliseconds(1500), retries: 0, curve: curve, logger: TestData.quietLogger)
        let request = TestData.request(id: "r", problems: 2, seed: 3)
        let reply: Agglm_V1_AggregateResponse
        do {
            reply = try client.aggregate(request)
        } catch {
            guard case .timeout = error else { throw error }
            return false
        }
        return reply.results == request.problems.map(MostCommonAnswerEngine.answer)
    }

    @Test func allowedPeersAreServedAndInProcessWorkersAreUnaffected() async throws {
        let keys = try Keys()
        defer { keys.folder.remove() }
        let outcome = try await onOwnThread { () -> (remote: Bool, inProcess: Bool, alive: UInt32) in
            // Remote workers only: a request can be answered only by the allowed remote worker.
            let (server, endpoints) = try ServiceHarness.startServer(workers: 0, remote: true, security: keys.security)
            defer { server.shutdown(); server.wait() }
            guard let workersEndpoint = endpoints.workers else { throw TestFailure("no workers endpoint") }
            let worker = try RemoteWorker(
                connect: workersEndpoint, engineFactory: MostCommonAnswerFactory(), name: "allowed",
                heartbeat: ServiceHarness.fastHeartbeat, handlesSignals: false, curve: keys.keys(keys.worker), logger: TestData.quietLogger)
            let workerThread = try OSThread { try? worker.run() }
            defer { worker.stop(); workerThread.join() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, curve: keys.keys(keys.client), logger: TestData.quietLogger)
            try ServiceHarness.waitForWorkers(1, client: client)
            let remote = try Self.served(at: endpoints.clients, curve: keys.keys(keys.client))
            let alive = try client.health().workersAlive
            // In-process workers reach the broker over inproc, which has no handshake.
            let (local, localEndpoints) = try ServiceHarness.startServer(workers: 1, security: keys.security)
            defer { local.shutdown(); local.wait() }
            return (remote, try Self.served(at: localEndpoints.clients, curve: keys.keys(keys.client)), alive)
        }
        #expect(outcome.remote)
        #expect(outcome.inProcess)
        #expect(outcome.alive == 1)
    }

    @Test func aWorkerWithoutAnAllowedKeyNeverReceivesARequest() async throws {
        let keys = try Keys()
        defer { keys.folder.remove() }
        let outcome = try await onOwnThread { () -> (stranger: Bool, plain: Bool, codes: [Agglm_V1_ErrorCode], health: Agglm_V1_HealthReply, allowed: Bool) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 0, remote: true, security: keys.security)
            defer { server.shutdown(); server.wait() }
            guard let workersEndpoint = endpoints.workers else { throw TestFailure("no workers endpoint") }
            // A worker with the right server key but an unlisted key of its own, and one without CURVE.
            let stranger = OneShot<Bool>()
            let plain = OneShot<Bool>()
            _ = try OSThread { stranger.fulfil((try? ServiceHarness.dyingWorker(connect: workersEndpoint, curve: keys.keys(keys.stranger), waitSeconds: 2)) ?? true) }
            _ = try OSThread { plain.fulfil((try? ServiceHarness.dyingWorker(connect: workersEndpoint, waitSeconds: 2)) ?? true) }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, curve: keys.keys(keys.client), logger: TestData.quietLogger)
            var codes: [Agglm_V1_ErrorCode] = []
            for index in 0..<3 {
                var request = TestData.request(id: "w\(index)", problems: 1, seed: UInt64(index))
                request.options.deadlineMs = 300
                codes.append(try client.send(ServiceRequests.aggregate(request)).aggregate.error.code)
            }
            let gotRequest = (stranger: stranger.wait() ?? true, plain: plain.wait() ?? true)
            let health = try client.health()
            // The same scripted worker with the allowed key is handed a request at once.
            let allowed = OneShot<Bool>()
            _ = try OSThread { allowed.fulfil((try? ServiceHarness.dyingWorker(connect: workersEndpoint, curve: keys.keys(keys.worker), waitSeconds: 3)) ?? false) }
            var request = TestData.request(id: "bait", problems: 1, seed: 9)
            request.options.deadlineMs = 3000
            _ = try? client.send(ServiceRequests.aggregate(request))
            return (gotRequest.stranger, gotRequest.plain, codes, health, allowed.wait() ?? false)
        }
        #expect(!outcome.stranger, "a worker whose key is not listed was handed a request")
        #expect(!outcome.plain, "a worker without CURVE was handed a request")
        #expect(outcome.codes == [.deadlineExceeded, .deadlineExceeded, .deadlineExceeded])
        #expect(outcome.health.workersAlive == 0)
        #expect(outcome.health.refusedWorkerConnections >= 1)
        #expect(outcome.health.refusedClientConnections == 0)
        #expect(outcome.allowed, "the allowed worker got the request")
    }

    @Test func aClientWithoutAnAllowedKeyGetsNoService() async throws {
        let keys = try Keys()
        defer { keys.folder.remove() }
        let outcome = try await onOwnThread { () -> (stranger: Bool, plain: Bool, wrongServer: Bool, allowed: Bool, health: Agglm_V1_HealthReply) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, security: keys.security)
            defer { server.shutdown(); server.wait() }
            let stranger = try Self.served(at: endpoints.clients, curve: keys.keys(keys.stranger))
            let plain = try Self.served(at: endpoints.clients, curve: nil)
            let impostor = try CurveKeyPair.generate()
            let wrongServer = try Self.served(at: endpoints.clients, curve: CurveClientKeys(serverPublicKey: impostor.publicKey, ownKeys: keys.client))
            let allowed = try Self.served(at: endpoints.clients, curve: keys.keys(keys.client))
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, curve: keys.keys(keys.client), logger: TestData.quietLogger)
            return (stranger, plain, wrongServer, allowed, try client.health())
        }
        // Several requests in flight, sent a while after connecting, and a retry: the refused client gives up
        // with a timeout within a bounded time.
        let gaveUp = try await onOwnThread { () -> Bool in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, security: keys.security)
            defer { server.shutdown(); server.wait() }
            let strangerKeys = keys.keys(keys.stranger)
            let done = DispatchSemaphore(value: 0)
            let outcome = OneShot<Bool>()
            _ = try OSThread {
                defer { done.signal() }
                guard let client = try? Client(endpoint: endpoints.clients, timeout: .milliseconds(500), retries: 1, curve: strangerKeys, logger: TestData.quietLogger) else { return }
                usleep(300_000)
                let frames = (0..<4).map { ServiceRequests.encode(ServiceRequests.aggregate(TestData.request(id: "s\($0)", problems: 1, seed: UInt64($0)))) }
                do {
                    try client.exchange(frames, window: 2) { _, _, _ in }
                    outcome.fulfil(false)
                } catch {
                    if case ClientError.timeout? = error as? ClientError { outcome.fulfil(true) } else { outcome.fulfil(false) }
                }
            }
            guard done.wait(timeout: .now() + 10) == .success else { return false }
            return outcome.wait() ?? false
        }
        #expect(gaveUp, "a refused client with requests in flight did not time out within 10 s")
        #expect(!outcome.stranger, "a client whose key is not listed was served")
        #expect(!outcome.plain, "a client without CURVE was served")
        #expect(!outcome.wrongServer, "a client expecting another server's key was served")
        #expect(outcome.allowed)
        #expect(outcome.health.refusedClientConnections >= 1)
        #expect(outcome.health.requestsServed == 1)
    }

    @Test func reloadingTheAllowListAdmitsANewKeyAndDropsARemovedOne() async throws {
        let keys = try Keys()
        defer { keys.folder.remove() }
        let outcome = try await onOwnThread { () -> [Bool] in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, security: keys.security)
            defer { server.shutdown(); server.wait() }
            let newcomer = try CurveKeyPair.generate()
            var served: [Bool] = []
            served.append(try Self.served(at: endpoints.clients, curve: keys.keys(newcomer)))
            try keys.allow(newcomer, in: keys.clientsFolder, as: "newcomer")
            // Listed but not yet reloaded: still refused.
            served.append(try Self.served(at: endpoints.clients, curve: keys.keys(newcomer)))
            server.reloadAllowLists()
            served.append(try Self.served(at: endpoints.clients, curve: keys.keys(newcomer)))
            unlink(keys.clientsFolder + "/newcomer.pub")
            server.reloadAllowLists()
            served.append(try Self.served(at: endpoints.clients, curve: keys.keys(newcomer)))
            served.append(try Self.served(at: endpoints.clients, curve: keys.keys(keys.client)))
            return served
        }
        #expect(outcome == [false, false, true, false, true])
    }
}
