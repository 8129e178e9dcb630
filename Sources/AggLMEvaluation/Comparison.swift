public import AggLMAggregation
public import AggLMWire
import Dispatch

/// Evaluates methods on problems in parallel, reproducibly.
///
/// Each worker thread builds its own `MethodSuite` from `makeSuite` (methods
/// keep scratch state); results are stored by problem index, so the report
/// does not depend on the number of threads or their timing.
public struct Comparison: Sendable {
    public let sampler: SetSampler
    public let methods: [Agglm_V1_Method]
    public let threads: Int
    public let makeSuite: @Sendable () -> MethodSuite

    public init(
        sampler: SetSampler, methods: [Agglm_V1_Method], threads: Int,
        makeSuite: @escaping @Sendable () -> MethodSuite
    ) {
        self.sampler = sampler
        self.methods = methods
        self.threads = max(1, threads)
        self.makeSuite = makeSuite
    }

    /// One tally per problem (nil for problems without usable gold), in
    /// input order. `progress` is called with the count done so far, from
    /// any thread.
    public func tallies(
        _ problems: [PreparedProblem], progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> [ProblemTally?] {
        let slots = ResultSlots<ProblemTally?>(count: problems.count, initial: nil)
        let done = Counter()
        let chunk = 16
        let chunks = (problems.count + chunk - 1) / chunk
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var evaluator = ProblemEvaluator(suite: makeSuite(), methods: methods, sampler: sampler)
            while true {
                let index = next.increment() - 1
                guard index < chunks else { return }
                for problem in (index * chunk)..<min(problems.count, (index + 1) * chunk) {
                    slots[problem] = evaluator.evaluate(problems[problem])
                }
                progress(done.add(min(problems.count, (index + 1) * chunk) - index * chunk))
            }
        }
        return slots.values
    }

    public func report(file: String, problems: [PreparedProblem], seed: UInt64,
                       progress: @escaping @Sendable (Int) -> Void = { _ in }) -> DatasetReport {
        let all = tallies(problems, progress: progress)
        let scored = all.compactMap { $0 }
        return DatasetReport(
            file: file, tallies: scored, problemsWithoutGold: all.count - scored.count, methods: methods, seed: seed)
    }
}
