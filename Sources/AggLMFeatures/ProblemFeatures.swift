public import AggLMAggregation

/// Own features of every candidate of one problem, computed once and reused
/// by every set drawn from it (evaluation and training draw many).
public struct ProblemFeatures: Sendable {
    /// Per problem candidate, `FeatureSchema.ownFeatureNames.count` values.
    public let own: [[Float]]

    public init(_ problem: PreparedProblem) {
        own = problem.candidates.map(CandidateFeatures.own)
    }
}

/// A per-thread cache of `ProblemFeatures` for the problem seen last.
///
/// Sets arrive problem by problem (all sets of one problem in a row), so one
/// entry suffices. An entry is reused only when every candidate's id and text
/// match, so a different problem that happens to reuse an id is recomputed,
/// never confused with the cached one. A reference type so that the learned
/// policy and the reward-model methods of one thread share it: the features
/// of a problem are then computed once per aggregation, not once per method.
/// Not Sendable: one per thread.
public final class ProblemFeatureCache {
    private var problemID: String?
    private var texts: [String] = []
    private var ids: [String] = []
    private var cached: ProblemFeatures?

    public init() {}

    public func features(for problem: PreparedProblem) -> ProblemFeatures {
        if let cached, problemID == problem.id, matches(problem) { return cached }
        let fresh = ProblemFeatures(problem)
        problemID = problem.id
        texts = problem.candidates.map(\.text)
        ids = problem.candidates.map(\.id)
        cached = fresh
        return fresh
    }

    private func matches(_ problem: PreparedProblem) -> Bool {
        guard problem.candidates.count == texts.count else { return false }
        for (index, candidate) in problem.candidates.enumerated() where candidate.id != ids[index] || candidate.text != texts[index] {
            return false
        }
        return true
    }
}
