public import AggLMAggregation

/// Own features of every candidate of one problem, computed once and reused
/// by every set drawn from it (evaluation and training draw many).
public struct ProblemFeatures: Sendable {
    /// Per problem candidate, `FeatureSchema.ownFeatureNames.count` values.
    public let own: [[Float]]
    /// Per problem candidate, the numbers its text writes (`CandidateSignals.numbers`).
    public let numbers: [[Double]]
    /// The numbers the question writes.
    public let questionNumbers: [Double]

    public init(_ problem: PreparedProblem) {
        var own: [[Float]] = []
        var numbers: [[Double]] = []
        own.reserveCapacity(problem.candidates.count)
        numbers.reserveCapacity(problem.candidates.count)
        for candidate in problem.candidates {
            let signals = CandidateSignals(text: candidate.text)
            own.append(CandidateFeatures.own(candidate, signals: signals))
            numbers.append(signals.numbers)
        }
        self.own = own
        self.numbers = numbers
        questionNumbers = CandidateSignals(text: problem.question).numbers
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
