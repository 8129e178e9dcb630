import AggLMCommandLine
import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMEvaluation
import AggLMLearned
import AggLMPolicy
import AggLMWire

/// Measures, in one run on one thread, what deciding a k-candidate set costs
/// with majority vote and with the learned aggregator, on the same sets:
/// both from raw candidates (answer extraction and clustering included) and
/// for the decision alone.
enum AggregationBenchmark {
    static func run(path: String, k: Int, aggregator: LearnedAggregator) throws -> String {
        BLASThreads.set(1)
        let problems = try DatasetReader().readAll(paths: [path], strict: false) { StandardError.line($0.description) }
        let sampler = SetSampler(k: k, sets: 4, seed: 0)
        // Every set as a standalone problem, as a client would send it.
        var requests: [Agglm_V1_Problem] = []
        for problem in problems {
            for members in sampler.sets(problemID: problem.id, candidateCount: problem.candidates.count) {
                var request = problem
                request.candidates = members.map { problem.candidates[$0] }
                requests.append(request)
            }
        }
        var suite = MethodSuite.learned(aggregator)
        let clock = ContinuousClock()
        var checksum = 0
        func time(_ method: Agglm_V1_Method, extraction: Bool, prepared: [CandidateSet]) -> Double {
            let start = clock.now
            for (index, request) in requests.enumerated() {
                let set = extraction ? PreparedProblem(request).fullSet : prepared[index]
                checksum &+= suite.decide(method, on: set).outcome?.cluster ?? 0
            }
            let elapsed = clock.now - start
            return elapsed.seconds * 1e6 / Double(max(requests.count, 1))
        }
        let prepared = requests.map { PreparedProblem($0).fullSet }
        _ = time(.agglm, extraction: false, prepared: prepared)  // warm-up: workspaces, caches
        let majorityFull = time(.majority, extraction: true, prepared: prepared)
        let agglmFull = time(.agglm, extraction: true, prepared: prepared)
        let majorityOnly = time(.majority, extraction: false, prepared: prepared)
        let agglmOnly = time(.agglm, extraction: false, prepared: prepared)
        return """
            benchmark       \(requests.count) sets of k=\(k) from \(path), 1 thread (checksum \(checksum % 1000))
            with extraction majority \(format(majorityFull)) µs/set, agglm \(format(agglmFull)) µs/set: \(format(agglmFull / majorityFull))x
            decision only   majority \(format(majorityOnly)) µs/set, agglm \(format(agglmOnly)) µs/set
            """
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(describing: scaled)
    }
}
