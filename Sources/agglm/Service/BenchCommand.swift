import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMEvaluation
import AggLMPolicy
import AggLMService
import AggLMWire
import AggLMCommandLine
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

            The sets are drawn from the problems of --data (default: \(Self.defaultData)). \
            k=64 sets are drawn with replacement from a problem's candidates (the shared data has \
            at most 42 per problem); candidate ids are made unique.

            Example:
              swift build -c release && .build/release/agglm bench --data ../shared/data/zeroeval-math-l5.jsonl.gz
            """
    )

    /// The problems to draw sets from.
    @OptionGroup var dataset: DataOptions

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

    /// The problems measured without --data: a sample that ships with the repository.
    static let defaultData = "Examples/zeroeval-math-l5-sample.jsonl.gz"

    /// `--data`, or the shipped sample.
    var data: [String] { dataset.files.isEmpty ? [Self.defaultData] : dataset.files }

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
