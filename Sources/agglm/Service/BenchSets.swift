import AggLMSupport
import AggLMEvaluation
import AggLMWire

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
