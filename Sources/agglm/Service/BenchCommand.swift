import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMEvaluation
import AggLMPolicy
import AggLMService
import AggLMWire
import ArgumentParser
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure aggregation speed in-process and through the server, as ratios to majority vote.",
        discussion: """
            Build with `swift build -c release` first: debug numbers mean nothing.

            Every figure is measured in this one run, so ratios compare like with like on a \
            shared, noisy machine. The floor is majority vote alone, in-process, on the same \
            k-candidate sets with the same answer extraction. Then: the full default method set \
            (learned aggregator, majority, reward-model baselines) in-process for k = 8 and 64, \
            on one thread and with the helper thread `agglm serve` gives its inline engine \
            (--inline-assist); and the same through `agglm serve` started as a child process on loopback with 1 and \
            2 worker threads: round-trip latency of one k=8 problem per request, throughput with \
            batches, and the server's resident memory.

            k=64 sets are drawn with replacement from a problem's candidates (the shared data has \
            at most 42 per problem); candidate ids are made unique.

            Example:
              swift build -c release && .build/release/agglm bench --data ../shared/data/zeroeval-math-l5.jsonl.gz
            """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Problems to draw sets from.")
    var data: [String] = ["Examples/zeroeval-math-l5-sample.jsonl.gz"]

    @Option(help: "Seconds per in-process measurement round (three rounds each).")
    var seconds = 1.0

    @Option(help: "Requests per server latency measurement.")
    var latencyRequests = 3000

    @Option(help: "Problems per request in the server throughput measurement.")
    var batch = 64

    @Option(help: "Requests per server throughput measurement.")
    var throughputRequests = 200

    /// Passed to the servers started for the measurement.
    @OptionGroup var broker: BrokerOptions

    @OptionGroup var model: ModelOptions

    @Flag(help: "Instead of the measurements above: the round trip with and without CURVE, and the server's peak memory under a flood of maximum-size requests.")
    var security = false

    @Option(help: "With --security: maximum-size requests sent at once in each flood.")
    var floodRequests = 12

    func run() throws {
        BLASThreads.set(1)
        let loaded = try model.load()
        let problems = try DatasetReader().readAll(paths: data) { StandardError.line($0.description) }
        guard !problems.isEmpty else { throw ValidationError("No problems in \(data.joined(separator: " "))") }
        let k8 = BenchSets.draw(problems, k: 8, withReplacement: false)
        if security {
            StandardOutput.line("model: \(loaded.description); \(problems.count) problems from \(data.joined(separator: ", "))")
            let bench = SecurityBench(broker: broker, model: model)
            StandardOutput.line(try bench.curveLatency(problems: k8, requests: latencyRequests))
            StandardOutput.line(try bench.flood(requests: floodRequests))
            return
        }
        let k64 = BenchSets.draw(problems, k: 64, withReplacement: true)
        StandardOutput.line("model: \(loaded.description); \(problems.count) problems from \(data.joined(separator: ", "))")

        var rows: [[String]] = []
        var floor: Double = 0
        for (k, sets) in [(8, k8), (64, k64)] {
            var majorityOnly = Agglm_V1_AggregateOptions()
            majorityOnly.methods = [.majority]
            let results = try InProcessBench.compare(
                [("majority", majorityOnly, false), ("default methods", Agglm_V1_AggregateOptions(), false),
                 ("default methods + helper thread", Agglm_V1_AggregateOptions(), true)],
                problems: sets, loaded: loaded, seconds: seconds)
            if k == 8 { floor = results[0].1.perSecond }
            for (name, result) in results {
                rows.append([
                    "in-process \(name), k=\(k)", format(result.perSecond, 0), format(result.p50, 1), format(result.p99, 1),
                    format(floor / result.perSecond, 2) + "x",
                ])
            }
        }
        for workers in [1, 2] {
            let server = try ChildServer.start(workers: workers, broker: broker, checkpoint: model.checkpoint, anonymous: model.anonymous)
            defer { server.stop() }
            let client = try Client(endpoint: server.endpoint, timeout: .seconds(10), retries: 1)
            let single = k8.prefix(latencyRequests).map { problem -> Agglm_V1_AggregateRequest in
                ServiceRequests.aggregate(id: problem.id, problems: [problem])
            }
            let singles = (0..<latencyRequests).map { single[$0 % single.count] }
            let latency = try RoundTripBenchmark.run(client: client, requests: singles, window: 1, warmup: 200)
            // The broker's own histogram (arrival to reply sent, warm-up included) splits the round trip into
            // server work and transport plus client.
            let inServer = try client.health().latencies.first { $0.method == .unspecified }
            let batches = (0..<throughputRequests).map { index in
                ServiceRequests.aggregate(
                    id: "b\(index)", problems: (0..<batch).map { k8[(index * batch + $0) % k8.count] })
            }
            let throughput = try RoundTripBenchmark.run(client: client, requests: batches, window: 4, warmup: 10)
            let rss = ResidentMemory.bytes(pid: "\(server.pid)").map { format(Double($0) / 1e6, 0) + " MB" } ?? "?"
            rows.append([
                "server \(workers) worker(s), 1 problem/request, k=8", format(latency.problemsPerSecond, 0),
                format(latency.latency.percentile(0.5), 1), format(latency.latency.percentile(0.99), 1),
                format(floor / latency.problemsPerSecond, 2) + "x",
            ])
            rows.append([
                "  of which in the server (arrival to reply sent)", "-",
                inServer.map { format($0.p50Us, 1) } ?? "?", inServer.map { format($0.p99Us, 1) } ?? "?", "-",
            ])
            rows.append([
                "server \(workers) worker(s), \(batch) problems/request, k=8 (RSS \(rss))",
                format(throughput.problemsPerSecond, 0), "-", "-", format(floor / throughput.problemsPerSecond, 2) + "x",
            ])
            let refused = latency.refusals.values.reduce(0, +) + throughput.refusals.values.reduce(0, +)
            if refused > 0 { StandardError.line("warning: the server refused \(refused) requests") }
        }
        StandardOutput.line(TextTable(
            header: ["measurement", "problems/s", "p50 µs", "p99 µs", "cost vs majority"], rows: rows).rendered)
        StandardOutput.line("p50/p99: per problem in-process; per request round trip through the server. "
            + "cost vs majority = (majority problems/s, in-process, k=8) / (problems/s).")
    }
}

/// The k-candidate problems the benchmark sends.
enum BenchSets {
    static func draw(_ problems: [Agglm_V1_Problem], k: Int, withReplacement: Bool) -> [Agglm_V1_Problem] {
        var rng = SplitMix64(seed: 64)
        return problems.compactMap { problem in
            guard !problem.candidates.isEmpty else { return nil }
            var drawn = problem
            if withReplacement {
                drawn.candidates = (0..<k).map { index in
                    var candidate = problem.candidates[Int(rng.next() % UInt64(problem.candidates.count))]
                    candidate.id += "#\(index)"
                    return candidate
                }
            } else {
                let members = SetSampler(k: k, sets: 1, seed: 64).sets(problemID: problem.id, candidateCount: problem.candidates.count)[0]
                drawn.candidates = members.map { problem.candidates[$0] }
            }
            return drawn
        }
    }
}

/// In-process timing: rounds of the configurations interleaved, so load
/// from other processes hits them alike; the median round counts.
enum InProcessBench {
    struct Result {
        var perSecond: Double
        var p50: Double
        var p99: Double
    }

    /// `configurations`: name, options, and whether the aggregator shares per-candidate work with a helper
    /// thread (woken before and let go after each problem, as the server's inline engine does).
    static func compare(
        _ configurations: [(String, Agglm_V1_AggregateOptions, Bool)], problems: [Agglm_V1_Problem],
        loaded: ModelOptions.Loaded, seconds: Double
    ) throws -> [(String, Result)] {
        let assist = configurations.contains { $0.2 } ? try AssistThread(linger: ServerConfiguration.defaultInlineAssistLinger) : nil
        defer { assist?.stop() }
        var alone = Aggregator(methods: loaded.makeSuite())
        var assisted = assist.map { Aggregator(methods: loaded.makeSuite(assist: $0), assist: $0) }
        func run(_ problem: Agglm_V1_Problem, _ options: Agglm_V1_AggregateOptions, assisted useHelper: Bool) -> Int {
            guard useHelper, let assist else { return alone.aggregate(problem, options: options).clusters.count }
            assist.prepare()
            defer { assist.release() }
            return assisted?.aggregate(problem, options: options).clusters.count ?? 0
        }
        var rates = [[Double]](repeating: [], count: configurations.count)
        var histograms = [LatencyHistogram](repeating: LatencyHistogram(), count: configurations.count)
        var checksum = 0
        for (_, options, useHelper) in configurations {  // warm-up: workspaces, caches
            for problem in problems.prefix(50) { checksum &+= run(problem, options, assisted: useHelper) }
        }
        for _ in 0..<3 {
            for (index, (_, options, useHelper)) in configurations.enumerated() {
                let start = MonotonicClock.microseconds()
                var done = 0
                while MonotonicClock.microseconds() - start < UInt64(seconds * 1e6) {
                    let problem = problems[done % problems.count]
                    let before = DispatchTime.now().uptimeNanoseconds
                    checksum &+= run(problem, options, assisted: useHelper)
                    histograms[index].record(nanoseconds: DispatchTime.now().uptimeNanoseconds - before)
                    done += 1
                }
                rates[index].append(Double(done) / (Double(MonotonicClock.microseconds() - start) / 1e6))
            }
        }
        if checksum == 42 { StandardError.write("") }  // keeps the work observable to the optimiser
        return configurations.enumerated().map { index, configuration in
            (configuration.0, Result(
                perSecond: rates[index].sorted()[rates[index].count / 2],
                p50: histograms[index].percentile(0.5), p99: histograms[index].percentile(0.99)))
        }
    }
}

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

enum FreePort {
    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("Cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw ValidationError("Cannot bind a socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
