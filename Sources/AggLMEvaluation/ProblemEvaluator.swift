public import AggLMAggregation
public import AggLMWire

/// Decides methods on candidate sets: in this process (`MethodSuite`) or
/// through a server; both must give the same answers.
public protocol SetDecider {
    /// `result[s][m]` is `methods[m]` on `sets[s]`.
    mutating func decide(_ methods: [Agglm_V1_Method], on sets: [CandidateSet]) -> [[MethodResult]]
}

extension MethodSuite: SetDecider {
    public mutating func decide(_ methods: [Agglm_V1_Method], on sets: [CandidateSet]) -> [[MethodResult]] {
        sets.map { set in
            var shared = SetScores()
            return methods.map { decide($0, on: set, shared: &shared) }
        }
    }
}

/// Runs every method on every sampled set of one problem and tallies the
/// results against gold.
struct ProblemEvaluator {
    var decider: any SetDecider
    let methods: [Agglm_V1_Method]
    let sampler: SetSampler

    init(decider: any SetDecider, methods: [Agglm_V1_Method], sampler: SetSampler) {
        self.decider = decider
        self.methods = methods
        self.sampler = sampler
    }

    /// Nil when the problem has no usable gold.
    mutating func evaluate(_ problem: PreparedProblem) -> ProblemTally? {
        guard problem.goldAnswer != nil, !problem.candidates.isEmpty else { return nil }
        var tally = ProblemTally()
        let sets = sampler.sets(problemID: problem.id, candidateCount: problem.candidates.count).map {
            CandidateSet(problem: problem, members: $0)
        }
        let decisions = decider.decide(methods, on: sets)
        for (set, results) in zip(sets, decisions) {
            guard let bucket = SetBucket(set) else { return nil }
            let members = set.members
            tally.sets += 1
            tally.setsByBucket[bucket, default: 0] += 1
            tally.candidateAccuracySum += Double(members.lazy.filter { problem.isCorrect[$0] }.count) / Double(members.count)
            let majorityRight = bucket == .easy
            for (method, result) in zip(methods, results) {
                guard let outcome = result.outcome else {
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
