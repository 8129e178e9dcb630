public import AggLMAnswers
public import AggLMSupport
public import AggLMWire

/// A problem after the answer stage: every candidate's answer read once,
/// and, when the problem carries gold, each candidate's correctness.
public struct PreparedProblem: Sendable {
    public let id: String
    public let question: String
    public private(set) var candidates: [PreparedCandidate]
    /// The gold answer as given, when the problem has one.
    public let gold: String?
    /// Gold in canonical form; nil without gold or when gold is unparseable.
    public let goldAnswer: CanonicalAnswer?
    /// Per candidate: does its answer equal gold? Empty without gold.
    public let isCorrect: [Bool]

    /// - Parameter assist: a helper thread to share the candidates' answer reading with (the server's
    ///   inline engine); the result is the same with or without one.
    public init(_ problem: Agglm_V1_Problem, assist: AssistThread? = nil) {
        id = problem.id
        question = problem.question
        let wire = problem.candidates
        candidates = AssistThread.map(count: wire.count, assist: assist) { PreparedCandidate(wire[$0]) }
        gold = problem.hasGold ? problem.gold : nil
        goldAnswer = gold.flatMap(Canonicalizer.canonicalize)
        if let goldAnswer {
            isCorrect = candidates.map { candidate in
                candidate.answer.map { Equivalence.equivalent(goldAnswer, $0.canonical) } ?? false
            }
        } else {
            isCorrect = []
        }
    }

    /// The same problem with these client reward scores, one per candidate (nil: none).
    public func withRewardScores(_ scores: [Double?]) -> PreparedProblem {
        var copy = self
        for index in copy.candidates.indices where index < scores.count {
            copy.candidates[index] = candidates[index].withRewardScore(scores[index])
        }
        return copy
    }

    /// Whether the client sent a reward score for any candidate.
    public var carriesClientScores: Bool { candidates.contains { $0.rewardScore != nil } }

    /// The whole problem as one candidate set.
    public var fullSet: CandidateSet { CandidateSet(problem: self, members: Array(candidates.indices)) }

    /// Whether `answer` equals gold; nil when the problem has no usable gold.
    public func isCorrect(_ answer: CanonicalAnswer) -> Bool? {
        goldAnswer.map { Equivalence.equivalent($0, answer) }
    }
}
