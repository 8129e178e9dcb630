public import AggLMAggregation
public import AggLMWire

/// Runs every method on every sampled set of one problem and tallies the
/// results against gold.
public struct ProblemEvaluator {
    public var suite: MethodSuite
    public let methods: [Agglm_V1_Method]
    public let sampler: SetSampler

    public init(suite: MethodSuite, methods: [Agglm_V1_Method], sampler: SetSampler) {
        self.suite = suite
        self.methods = methods
        self.sampler = sampler
    }

    /// Nil when the problem has no usable gold.
    public mutating func evaluate(_ problem: PreparedProblem) -> ProblemTally? {
        guard problem.goldAnswer != nil, !problem.candidates.isEmpty else { return nil }
        var tally = ProblemTally()
        for members in sampler.sets(problemID: problem.id, candidateCount: problem.candidates.count) {
            let set = CandidateSet(problem: problem, members: members)
            guard let bucket = SetBucket(set) else { return nil }
            tally.sets += 1
            tally.setsByBucket[bucket, default: 0] += 1
            tally.candidateAccuracySum += Double(members.lazy.filter { problem.isCorrect[$0] }.count) / Double(members.count)
            let majorityRight = bucket == .easy
            for method in methods {
                guard let outcome = suite.decide(method, on: set).outcome else {
                    tally.unavailable.insert(method)
                    continue
                }
                let right = outcome.cluster.flatMap { set.isCorrect(cluster: $0) } ?? false
                var entry = tally.methods[method] ?? .init()
                if right {
                    entry.correct += 1
                    entry.correctByBucket[bucket, default: 0] += 1
                }
                if right && !majorityRight { entry.winsOverMajority += 1 }
                if !right && majorityRight { entry.lossesToMajority += 1 }
                tally.methods[method] = entry
            }
        }
        return tally
    }
}
