public import AggLMAggregation
public import AggLMWire
import AggLMSupport

/// Evaluates methods on problems in parallel, reproducibly.
///
/// Each worker thread builds its own decider from `makeDecider` (methods
/// keep scratch state; clients own a socket); results are stored by problem index, so the report
/// does not depend on the number of threads or their timing.
public struct Comparison: Sendable {
    public let sampler: SetSampler
    public let methods: [Agglm_V1_Method]
    public let threads: Int
    public let makeDecider: @Sendable () -> any SetDecider

    public init(
        sampler: SetSampler, methods: [Agglm_V1_Method], threads: Int,
        makeDecider: @escaping @Sendable () -> any SetDecider
    ) {
        self.sampler = sampler
        self.methods = methods
        self.threads = max(1, threads)
        self.makeDecider = makeDecider
    }

    /// One tally per problem (nil for problems without usable gold), in
    /// input order. `progress` is called with the count done so far, from
    /// any thread.
    public func tallies(
        _ problems: [PreparedProblem], progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> [ProblemTally?] {
        let makeDecider = self.makeDecider, methods = self.methods, sampler = self.sampler
        return ParallelMap.map(
            count: problems.count, threads: threads, progress: progress,
            makeState: { ProblemEvaluator(decider: makeDecider(), methods: methods, sampler: sampler) },
            body: { evaluator, index in evaluator.evaluate(problems[index]) })
    }

    public func report(file: String, problems: [PreparedProblem], seed: UInt64,
                       progress: @escaping @Sendable (Int) -> Void = { _ in }) -> DatasetReport {
        let all = tallies(problems, progress: progress)
        let scored = all.compactMap { $0 }
        return DatasetReport(
            file: file, tallies: scored, problemsWithoutGold: all.count - scored.count, methods: methods, seed: seed)
    }
}
