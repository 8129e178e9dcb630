import AggLMCommandLine
import AggLMService
import AggLMSupport
import AggLMWire
import ArgumentParser
import Foundation

/// `agglm bench --security`: what CURVE costs a round trip, and what the byte budget holds the server's
/// memory to under a flood. Servers run as child processes on loopback, as in the rest of `agglm bench`.
struct SecurityBench {
    let broker: BrokerOptions
    let model: ModelOptions

    /// One-problem round trips through a plain server and a CURVE server (1 worker each, both running for the
    /// whole measurement), in interleaved rounds so load from other processes hits both alike.
    func curveLatency(problems: [Agglm_V1_Problem], requests: Int, rounds: Int = 6) throws -> String {
        let folder = try TemporaryKeyFolder()
        defer { folder.remove() }
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()
        let serverName = folder.path + "/server"
        _ = try CurveKeyFile.writeNewPair(serverKeys, name: serverName)
        let clients = folder.path + "/clients"
        guard mkdir(clients, 0o700) == 0 else { throw ValidationError("cannot create \(clients)") }
        _ = try CurveKeyFile.writeNewPair(clientKeys, name: clients + "/client")
        let curve = CurveClientKeys(serverPublicKey: serverKeys.publicKey, ownKeys: clientKeys)

        let plainServer = try ChildServer.start(workers: 1, broker: broker, checkpoint: model.checkpoint, anonymous: model.anonymous)
        defer { plainServer.stop() }
        let curveServer = try ChildServer.start(
            workers: 1, broker: broker, checkpoint: model.checkpoint, anonymous: model.anonymous,
            extraArguments: ["--server-key", serverName + ".key", "--client-keys", clients], curve: curve)
        defer { curveServer.stop() }
        let plainClient = try Client(endpoint: plainServer.endpoint, timeout: .seconds(10), retries: 0)
        let curveClient = try Client(endpoint: curveServer.endpoint, timeout: .seconds(10), retries: 0, curve: curve)

        let perRound = max(1, requests / rounds)
        var plain = LatencyHistogram()
        var secured = LatencyHistogram()
        var refused = 0
        for round in 0..<rounds {
            let batch = (0..<perRound).map { index -> Agglm_V1_AggregateRequest in
                let problem = problems[(round * perRound + index) % problems.count]
                return ServiceRequests.aggregate(id: problem.id, problems: [problem])
            }
            // Alternate which server goes first, so neither always follows the other.
            let order: [(Client, Bool)] = round % 2 == 0 ? [(plainClient, false), (curveClient, true)] : [(curveClient, true), (plainClient, false)]
            for (client, isCurve) in order {
                let report = try RoundTripBenchmark.run(client: client, requests: batch, window: 1, warmup: round == 0 ? 200 : 20)
                refused += report.refusals.values.reduce(0, +)
                if isCurve { secured.merge(report.latency) } else { plain.merge(report.latency) }
            }
        }
        if refused > 0 { StandardError.line("warning: the servers refused \(refused) requests") }
        let rows = [
            ["plain (no CURVE)", "\(plain.count)", format(plain.percentile(0.5), 1), format(plain.percentile(0.99), 1), "1.00x", "1.00x"],
            ["CURVE + ZAP allow-list", "\(secured.count)", format(secured.percentile(0.5), 1), format(secured.percentile(0.99), 1),
             format(secured.percentile(0.5) / plain.percentile(0.5), 2) + "x", format(secured.percentile(0.99) / plain.percentile(0.99), 2) + "x"],
        ]
        return "Round trip, 1 problem (k=8) per request, window 1, 1 worker, \(rounds) interleaved rounds:\n"
            + TextTable(header: ["server", "requests", "p50 µs", "p99 µs", "p50 ratio", "p99 ratio"], rows: rows).rendered
    }

    /// For each budget, a fresh server (1 worker) gets `requests` maximum-size requests at once; reported:
    /// how many it accepted, its resident memory idle and at its peak (`VmHWM`).
    func flood(requests count: Int, budgets: [Int] = [128 << 20, 512 << 20, 16 << 30]) throws -> String {
        let frame = ServiceRequests.encode(ServiceRequests.aggregate(Self.maximumRequest()))
        // One array shared by every slot (copy on write): the client does not hold `count` copies.
        let frames = [[UInt8]](repeating: frame, count: count)
        var rows: [[String]] = []
        for budget in budgets {
            let server = try ChildServer.start(
                workers: 1, broker: broker, checkpoint: model.checkpoint, anonymous: model.anonymous,
                extraArguments: ["--max-queue-bytes", "\(budget)"])
            defer { server.stop() }
            let idle = ResidentMemory.bytes(pid: "\(server.pid)") ?? 0
            let client = try Client(endpoint: server.endpoint, timeout: .seconds(600), retries: 0)
            var accepted = 0
            var overloaded = 0
            let started = MonotonicClock.nanoseconds()
            try client.exchange(frames, window: count) { _, reply, _ in
                if reply.aggregate.error.code == .overloaded { overloaded += 1 } else if !reply.aggregate.hasError { accepted += 1 }
            }
            let seconds = Double(MonotonicClock.nanoseconds() - started) / 1e9
            let peak = ResidentMemory.peakBytes(pid: "\(server.pid)") ?? 0
            rows.append([
                ByteCount(budget).description, "\(accepted)", "\(overloaded)", format(Double(idle) / 1e6, 0), format(Double(peak) / 1e6, 0),
                format(Double(peak - idle) / Double(min(budget, count * frame.count)), 2) + "x", format(seconds, 1),
            ])
        }
        return "Flood: \(count) requests of \(format(Double(frame.count) / 1e6, 1)) MB (the 64 MiB cap) sent at once to a 1-worker server:\n"
            + TextTable(header: ["--max-queue-bytes", "accepted", "OVERLOADED", "idle RSS MB", "peak RSS MB", "(peak-idle)/min(budget, sent)", "seconds"], rows: rows).rendered
    }

    /// Just under the default 64 MiB request cap: 63 problems of one ~1 MB candidate, majority vote only (the
    /// flood measures holding requests, not aggregating them).
    static func maximumRequest() -> Agglm_V1_AggregateRequest {
        let filler = String(repeating: "We add the terms one by one and simplify. ", count: 1_000_000 / 43) + "The answer is \\boxed{42}."
        let problems = (0..<63).map { index -> Agglm_V1_Problem in
            var problem = Agglm_V1_Problem()
            problem.id = "flood-\(index)"
            problem.question = "What is 6 times 7?"
            var candidate = Agglm_V1_Candidate()
            candidate.id = "flood-\(index)-c0"
            candidate.text = filler
            problem.candidates = [candidate]
            return problem
        }
        var request = ServiceRequests.aggregate(id: "flood", problems: problems)
        request.options.methods = [.majority]
        return request
    }
}

/// A fresh folder for the bench's key files, removed afterwards.
private struct TemporaryKeyFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/agglm-bench-keys-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw ValidationError("mkdtemp failed") }
        path = String(cString: created)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
