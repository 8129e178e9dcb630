import AggLMSupport
import AggLMAggregation
import AggLMService
import AggLMWire
import Foundation

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
