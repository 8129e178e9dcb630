import AggLMSupport
@testable import AggLMService
import AggLMWire
import Glibc
import Testing

/// The real server on loopback (free ports), with the test engine. Each test runs its blocking code on its
/// own threads and is bounded in time by the client's timeouts and the server's drain timeout.
@Suite(.serialized) struct EndToEndTests {
    /// With and without the broker running small requests itself (budget 64 covers most requests here), and
    /// with the broker busy-polling between requests (the spin must change nothing but timing).
    @Test(arguments: zip([0, 64, 64], [0, 0, 2000]))
    func repliesEqualTheEngineOutput(inlineCandidateBudget: Int, idleSpinMicroseconds: Int) async throws {
        let pairs = try await onOwnThread { () -> [([Agglm_V1_ProblemResult], [Agglm_V1_ProblemResult])] in
            let (server, endpoints) = try ServiceHarness.startServer(
                workers: 2, inlineCandidateBudget: inlineCandidateBudget, idleSpin: .microseconds(idleSpinMicroseconds))
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 1, logger: TestData.quietLogger)
            var pairs: [([Agglm_V1_ProblemResult], [Agglm_V1_ProblemResult])] = []
            let single = TestData.request(id: "single", problems: 1, seed: 1)
            pairs.append((try client.aggregate(single).results, single.problems.map(MostCommonAnswerEngine.answer)))
            let requests = (0..<12).map { TestData.request(id: "r\($0)", problems: 1 + $0 % 5, candidates: 4 + $0, seed: UInt64(100 + $0)) }
            var replies = [Agglm_V1_Reply?](repeating: nil, count: requests.count)
            try client.exchange(requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }, window: 4) { index, reply, _ in
                replies[index] = reply
            }
            for (request, reply) in zip(requests, replies) {
                pairs.append((reply?.aggregate.results ?? [], request.problems.map(MostCommonAnswerEngine.answer)))
                if reply?.aggregate.requestID != request.requestID { throw TestFailure("request id not echoed") }
            }
            let many = TestData.request(id: "many", problems: 50, seed: 7).problems
            pairs.append((try client.aggregate(problems: many, batchSize: 7, window: 3), many.map(MostCommonAnswerEngine.answer)))
            return pairs
        }
        #expect(pairs.count == 14)
        for (got, expected) in pairs { #expect(got == expected) }
    }

    @Test func eachBadInputGetsItsCodeAndTheNextRequestIsServed() async throws {
        let limits = Limits(maxRequestBytes: 1 << 20, maxProblemsPerRequest: 4, maxCandidatesPerProblem: 3, maxTextBytes: 100)
        let observed = try await onOwnThread { () -> [(Agglm_V1_ErrorCode, Bool)] in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, limits: limits)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            func frame(_ request: Agglm_V1_AggregateRequest) -> [UInt8] { ServiceRequests.encode(ServiceRequests.aggregate(request)) }
            var wrongVersion = TestData.request(id: "v", problems: 1, candidates: 2, seed: 1)
            wrongVersion.protocolVersion = 2
            var longText = TestData.request(id: "t", problems: 1, candidates: 2, seed: 2)
            longText.problems[0].question = String(repeating: "q", count: 101)
            var badUTF8 = TestData.request(id: "u", problems: 1, candidates: 2, seed: 3)
            badUTF8.problems[0].question = "MARK"
            var badUTF8Frame = frame(badUTF8)
            if let at = (0..<(badUTF8Frame.count - 3)).first(where: { badUTF8Frame[$0..<($0 + 4)].elementsEqual("MARK".utf8) }) {
                badUTF8Frame[at] = 0xFF
            }
            let bad: [[UInt8]] = [
                [0x0A, 0xFF, 0x01, 0x02],
                frame(wrongVersion),
                frame(TestData.request(id: "p", problems: 5, candidates: 2, seed: 4)),
                frame(TestData.request(id: "c", problems: 1, candidates: 4, seed: 5)),
                frame(longText),
                badUTF8Frame,
            ]
            var observed: [(Agglm_V1_ErrorCode, Bool)] = []
            for (index, badFrame) in bad.enumerated() {
                let reply = try client.sendFrame(badFrame)
                let code: Agglm_V1_ErrorCode
                if case .aggregate(let response)? = reply.kind { code = response.error.code } else { code = reply.error.code }
                let good = TestData.request(id: "good\(index)", problems: 2, candidates: 3, seed: UInt64(index))
                let served = try client.aggregate(good).results == good.problems.map(MostCommonAnswerEngine.answer)
                observed.append((code, served))
            }
            var mixed = TestData.request(id: "mixed", problems: 3, candidates: 3, seed: 9)
            mixed.problems[2].candidates = []
            let results = try client.aggregate(mixed).results
            observed.append((results[2].error.code, results[0] == MostCommonAnswerEngine.answer(mixed.problems[0])))
            return observed
        }
        let expected: [Agglm_V1_ErrorCode] = [.malformed, .unsupportedVersion, .tooManyProblems, .tooManyCandidates, .textTooLarge, .invalidUtf8, .emptyCandidates]
        #expect(observed.map { $0.0 } == expected)
        #expect(observed.allSatisfy { $0.1 })
    }

    @Test func deadlinesAndOverloadAreAnsweredExplicitly() async throws {
        let limits = Limits(maxQueuedRequests: 1)
        let codes = try await onOwnThread { () -> (deadline: [Agglm_V1_ErrorCode], overload: [Agglm_V1_ErrorCode], after: Bool) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, delayMicroseconds: 200_000, limits: limits)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            try ServiceHarness.waitForWorkers(1, client: client)
            func codes(_ requests: [Agglm_V1_AggregateRequest]) throws -> [Agglm_V1_ErrorCode] {
                var codes = [Agglm_V1_ErrorCode](repeating: .unspecified, count: requests.count)
                try client.exchange(requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }, window: requests.count) { index, reply, _ in
                    codes[index] = reply.aggregate.error.code
                }
                return codes
            }
            var hurried = TestData.request(id: "hurried", problems: 1, seed: 2)
            hurried.options.deadlineMs = 50
            let deadline = try codes([TestData.request(id: "slow", problems: 1, seed: 1), hurried])
            let overload = try codes((0..<3).map { TestData.request(id: "o\($0)", problems: 1, seed: UInt64($0)) })
            let after = TestData.request(id: "after", problems: 1, seed: 3)
            let served = try client.aggregate(after).results == after.problems.map(MostCommonAnswerEngine.answer)
            return (deadline, overload, served)
        }
        #expect(codes.deadline == [.unspecified, .deadlineExceeded])
        #expect(codes.overload.first == .unspecified)
        #expect(codes.overload.contains(.overloaded))
        #expect(codes.after)
    }

    @Test func aWorkerKilledMidLoadLosesNoRequest() async throws {
        let outcome = try await onOwnThread { () -> (dyingGotRequest: Bool, correct: Int, total: Int, alive: UInt32, served: UInt64) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 0, remote: true)
            defer { server.shutdown(); server.wait() }
            guard let workersEndpoint = endpoints.workers else { throw TestFailure("no workers endpoint") }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            let dying = OneShot<Bool>()
            _ = try OSThread { dying.fulfil((try? ServiceHarness.dyingWorker(connect: workersEndpoint)) ?? false) }
            try ServiceHarness.waitForWorkers(1, client: client)
            let worker = try RemoteWorker(
                connect: workersEndpoint, engineFactory: MostCommonAnswerFactory(delayMicroseconds: 2000), name: "survivor",
                heartbeat: ServiceHarness.fastHeartbeat, reconnectDelay: .milliseconds(100) ... .seconds(1),
                handlesSignals: false, logger: TestData.quietLogger
            )
            let workerThread = try OSThread { _ = try? worker.run() }
            defer { worker.stop(); workerThread.join() }
            try ServiceHarness.waitForWorkers(2, client: client)
            let requests = (0..<20).map { TestData.request(id: "k\($0)", problems: 2, seed: UInt64($0)) }
            var correct = 0
            try client.exchange(requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }, window: 4) { index, reply, _ in
                if reply.aggregate.results == requests[index].problems.map(MostCommonAnswerEngine.answer) { correct += 1 }
            }
            let health = try client.health()
            return (dying.wait() ?? false, correct, requests.count, health.workersAlive, health.requestsServed)
        }
        #expect(outcome.dyingGotRequest)
        #expect(outcome.correct == outcome.total)
        #expect(outcome.alive == 1)
        #expect(outcome.served == UInt64(outcome.total))
    }

    @Test func aRequestWhoseWorkersDieTwiceGetsWorkerLost() async throws {
        let code = try await onOwnThread { () -> Agglm_V1_ErrorCode in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 0, remote: true)
            defer { server.shutdown(); server.wait() }
            guard let workersEndpoint = endpoints.workers else { throw TestFailure("no workers endpoint") }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            _ = try OSThread { _ = try? ServiceHarness.dyingWorker(connect: workersEndpoint) }
            try ServiceHarness.waitForWorkers(1, client: client)
            _ = try OSThread { _ = try? ServiceHarness.dyingWorker(connect: workersEndpoint) }
            try ServiceHarness.waitForWorkers(2, client: client)
            let reply = try client.send(ServiceRequests.aggregate(TestData.request(id: "unlucky", problems: 1, seed: 1)))
            return reply.aggregate.error.code
        }
        #expect(code == .workerLost)
    }

    @Test func shutdownDrainsInFlightRequests() async throws {
        let outcome = try await onOwnThread { () -> (served: Int, late: Agglm_V1_ErrorCode, seconds: Double) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, delayMicroseconds: 50_000)
            let requests = (0..<5).map { TestData.request(id: "d\($0)", problems: 1, seed: UInt64($0)) }
            let served = OneShot<Int>()
            let clientThread = try OSThread {
                var count = 0
                if let client = try? Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger) {
                    try? client.exchange(requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }, window: 5) { index, reply, _ in
                        if reply.aggregate.results == requests[index].problems.map(MostCommonAnswerEngine.answer) { count += 1 }
                    }
                }
                served.fulfil(count)
            }
            usleep(80_000)
            let started = MonotonicClock.nanoseconds()
            server.shutdown()
            usleep(20_000)
            let late = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            let lateCode = try late.send(ServiceRequests.aggregate(TestData.request(id: "late", problems: 1, seed: 9))).aggregate.error.code
            server.wait()
            let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
            clientThread.join()
            return (served.wait() ?? 0, lateCode, seconds)
        }
        #expect(outcome.served == 5)
        #expect(outcome.late == .shuttingDown)
        #expect(outcome.seconds < 3)
    }

    @Test(arguments: [0, 64]) func healthCountsAreRight(inlineCandidateBudget: Int) async throws {
        let health = try await onOwnThread { () -> Agglm_V1_HealthReply in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, inlineCandidateBudget: inlineCandidateBudget)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            _ = try client.aggregate(TestData.request(id: "a", problems: 2, seed: 1))
            var withEmpty = TestData.request(id: "b", problems: 3, seed: 2)
            withEmpty.problems[0].candidates = []
            _ = try client.aggregate(withEmpty)
            var majority = TestData.request(id: "c", problems: 4, seed: 3)
            majority.options.methods = [.majority, .agglm]
            _ = try client.aggregate(majority)
            _ = try client.sendFrame([0xFF])
            return try client.health()
        }
        #expect(health.requestsServed == 3)
        #expect(health.problemsServed == 9)
        #expect(health.workersAlive == 1)
        #expect(health.queueDepth == 0)
        #expect(health.checkpoint == MostCommonAnswerFactory().description)
        #expect(health.uptimeSeconds > 0)
        let errors = Dictionary(uniqueKeysWithValues: health.errors.map { ($0.code, $0.count) })
        #expect(errors == [.malformed: 1, .emptyCandidates: 1])
        let latencies = Dictionary(uniqueKeysWithValues: health.latencies.map { ($0.method, $0.count) })
        #expect(latencies == [.unspecified: 2, .agglm: 1, .majority: 1])
        #expect(health.latencies.allSatisfy { $0.p50Us > 0 && $0.p50Us <= $0.p90Us && $0.p90Us <= $0.p99Us })
    }

    /// A lone small request is answered by the broker thread; one over the budget by a worker thread.
    @Test func smallRequestsRunInlineOnlyWithinTheBudget() async throws {
        let workers = try await onOwnThread { () -> [String] in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 1, inlineCandidateBudget: 10)
            defer { server.shutdown(); server.wait() }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            try ServiceHarness.waitForWorkers(1, client: client)
            let small = try client.aggregate(TestData.request(id: "small", problems: 1, candidates: 10, seed: 1))
            let large = try client.aggregate(TestData.request(id: "large", problems: 1, candidates: 11, seed: 2))
            return [small.worker, large.worker]
        }
        #expect(workers == ["inproc-broker", "inproc-0"])
    }

    @Test func theClientGivesUpAfterItsRetries() async throws {
        let outcome = try await onOwnThread { () -> (error: String, seconds: Double) in
            let context = try ZMQContext()
            let silent = try context.socket(.router)
            try silent.bind("tcp://127.0.0.1:0")
            let client = try Client(endpoint: try silent.lastEndpoint(), timeout: .milliseconds(100), retries: 2, logger: TestData.quietLogger)
            let started = MonotonicClock.nanoseconds()
            do {
                _ = try client.health()
                return ("no error", 0)
            } catch {
                return ("\(error)", Double(MonotonicClock.nanoseconds() - started) / 1e9)
            }
        }
        #expect(outcome.error == ClientError.timeout(attempts: 3).description)
        #expect(outcome.seconds >= 0.3 && outcome.seconds < 2)
    }
}

@Suite(.serialized) struct ServerLifecycleTests {
    @Test func bindingATakenPortThrowsInsteadOfHanging() async throws {
        let failed = try await onOwnThread { () -> Bool in
            let (first, endpoints) = try ServiceHarness.startServer(workers: 0)
            defer { first.shutdown(); first.wait() }
            let second = try Server(
                configuration: ServerConfiguration(bind: endpoints.clients, inProcessWorkers: 1, handlesSignals: false),
                engineFactory: MostCommonAnswerFactory(), logger: TestData.quietLogger
            )
            do {
                try second.start()
                second.shutdown()
                second.wait()
                return false
            } catch {
                second.wait()
                return true
            }
        }
        #expect(failed)
    }

    @Test func aStoppedRemoteWorkerSaysGoodbyeAndIsForgottenAtOnce() async throws {
        let alive = try await onOwnThread { () -> (before: UInt32, after: UInt32, seconds: Double) in
            let (server, endpoints) = try ServiceHarness.startServer(workers: 0, remote: true)
            defer { server.shutdown(); server.wait() }
            guard let workersEndpoint = endpoints.workers else { throw TestFailure("no workers endpoint") }
            let client = try Client(endpoint: endpoints.clients, timeout: .seconds(5), retries: 0, logger: TestData.quietLogger)
            let worker = try RemoteWorker(
                connect: workersEndpoint, engineFactory: MostCommonAnswerFactory(), handlesSignals: false, logger: TestData.quietLogger
            )
            let thread = try OSThread { _ = try? worker.run() }
            try ServiceHarness.waitForWorkers(1, client: client)
            let before = try client.health().workersAlive
            let started = MonotonicClock.nanoseconds()
            worker.stop()
            thread.join()
            try ServiceHarness.waitForWorkers(0, client: client)
            return (before, try client.health().workersAlive, Double(MonotonicClock.nanoseconds() - started) / 1e9)
        }
        #expect(alive.before == 1)
        #expect(alive.after == 0)
        // Well under the 0.3 s a silent worker takes to be declared dead with the test heartbeat.
        #expect(alive.seconds < 0.25)
    }
}
