public import AggLMAggregation
public import AggLMSupport

/// Own features of every candidate of one problem, computed once and reused
/// by every set drawn from it (evaluation and training draw many).
public struct ProblemFeatures: Sendable {
    /// Per problem candidate, `FeatureSchema.ownFeatureNames.count` values.
    public private(set) var own: [[Float]]
    /// Per problem candidate, the numbers its text writes (`CandidateSignals.numbers`).
    public let numbers: [[Double]]
    /// The numbers the question writes.
    public let questionNumbers: [Double]
    /// Per problem candidate, a sketch of its text's word shingles (`ClusterFeatures.memberDiversity`).
    public let sketches: [ShingleSketch]

    /// - Parameter assist: a helper thread to share the candidates' text scans with; the features are the
    ///   same with or without one.
    public init(_ problem: PreparedProblem, assist: AssistThread? = nil) {
        let candidates = problem.candidates
        let read = AssistThread.map(count: candidates.count, assist: assist) { index in
            let signals = CandidateSignals(text: candidates[index].text)
            return (own: CandidateFeatures.own(candidates[index], signals: signals), numbers: signals.numbers,
                    sketch: ShingleSketch(text: candidates[index].text))
        }
        own = read.map(\.own)
        numbers = read.map(\.numbers)
        sketches = read.map(\.sketch)
        questionNumbers = CandidateSignals(text: problem.question).numbers
    }

    /// These features with the client-score columns rewritten from `problem`'s candidates (the same
    /// problem with other reward scores, `PreparedProblem.withRewardScores`), the texts not read again.
    public func withRewardScores(of problem: PreparedProblem) -> ProblemFeatures {
        var copy = self
        for index in copy.own.indices where index < problem.candidates.count {
            CandidateFeatures.writeRewardScore(problem.candidates[index].rewardScore, into: &copy.own[index])
        }
        return copy
    }
}

/// A per-thread cache of `ProblemFeatures` for the problem seen last, and of the `SetEncoding` of the
/// set encoded last.
///
/// Sets arrive problem by problem (all sets of one problem in a row), so one
/// entry suffices. An entry is reused only when everything the features are
/// computed from matches (the question, and per candidate its id, model, text,
/// provided answer, reward score and confidence), so a different problem that
/// happens to reuse an id is recomputed, never confused with the cached one.
/// A reference type so that the learned policy and the reward-model methods of
/// one thread share it: a problem's features, and the encoding of the set all
/// of them decide on, are then computed once per aggregation, not once per method.
/// Not Sendable: one per thread.
public final class ProblemFeatureCache {
    private var problem: PreparedProblem?
    private var cached: ProblemFeatures?
    /// The last encoding, valid for `problem` only (cleared whenever the features are recomputed).
    private var lastEncoding: (members: [Int], vocabulary: ModelVocabulary, anonymous: Bool, encoding: SetEncoding)?

    /// Shares the candidates' text scans with a second thread; nil: the calling thread only.
    private let assist: AssistThread?

    public init(assist: AssistThread? = nil) {
        self.assist = assist
    }

    public func features(for problem: PreparedProblem) -> ProblemFeatures {
        if let cached, let previous = self.problem, Self.sameInputs(previous, problem) { return cached }
        let fresh = ProblemFeatures(problem, assist: assist)
        self.problem = problem
        cached = fresh
        lastEncoding = nil
        return fresh
    }

    /// `SetEncoding(set:features:vocabulary:anonymous:)` with this cache's features, reused while the
    /// problem, the members, the vocabulary and `anonymous` stay the same.
    public func encoding(for set: CandidateSet, vocabulary: ModelVocabulary, anonymous: Bool) -> SetEncoding {
        let features = features(for: set.problem)
        if let last = lastEncoding, last.anonymous == anonymous, last.members == set.members, last.vocabulary == vocabulary {
            return last.encoding
        }
        let encoding = SetEncoding(set: set, features: features, vocabulary: vocabulary, anonymous: anonymous)
        lastEncoding = (set.members, vocabulary, anonymous, encoding)
        return encoding
    }

    /// Whether `a` and `b` give the same features: same question and, candidate by candidate, the same
    /// inputs (answers are read from text and provided answer; gold plays no part). The strings of one
    /// request share storage, so within a request each comparison is a pointer check.
    private static func sameInputs(_ a: PreparedProblem, _ b: PreparedProblem) -> Bool {
        guard a.id == b.id, a.question == b.question, a.candidates.count == b.candidates.count else { return false }
        for (x, y) in zip(a.candidates, b.candidates) {
            guard x.id == y.id, x.model == y.model, x.text == y.text, x.providedAnswer == y.providedAnswer,
                  x.rewardScore == y.rewardScore, x.confidence == y.confidence else { return false }
        }
        return true
    }
}
