public import AggLMAnswers
public import AggLMWire

/// One candidate after the answer stage: its answer extracted and put in
/// canonical form once, so every method and every sampled set reuses it.
public struct PreparedCandidate: Sendable {
    public let id: String
    /// Generator name; empty when the client did not say.
    public let model: String
    public let text: String
    /// Nil when the candidate abstains (no answer could be read).
    public let answer: ExtractedAnswer?
    /// The answer the client sent pre-extracted, if any.
    public let providedAnswer: String?
    /// The client's reward-model score, when sent.
    public private(set) var rewardScore: Double?
    /// The client's token-confidence statistics, when sent.
    public let confidence: Agglm_V1_TokenConfidence?

    public init(_ candidate: Agglm_V1_Candidate) {
        id = candidate.id
        model = candidate.model
        text = candidate.text
        providedAnswer = candidate.hasAnswer ? candidate.answer : nil
        answer = AnswerReader.read(text: candidate.text, providedAnswer: providedAnswer)
        rewardScore = candidate.hasRewardScore && candidate.rewardScore.isFinite ? candidate.rewardScore : nil
        confidence = candidate.hasConfidence ? candidate.confidence : nil
    }

    /// The same candidate with another client reward score (nil: none), its answer not read again:
    /// for training and evaluating with stand-in scores.
    func withRewardScore(_ score: Double?) -> PreparedCandidate {
        var copy = self
        copy.rewardScore = score.flatMap { $0.isFinite ? $0 : nil }
        return copy
    }

    /// The candidate as the client sent it.
    public var wire: Agglm_V1_Candidate {
        var candidate = Agglm_V1_Candidate()
        candidate.id = id
        candidate.model = model
        candidate.text = text
        if let providedAnswer { candidate.answer = providedAnswer }
        if let rewardScore { candidate.rewardScore = rewardScore }
        if let confidence { candidate.confidence = confidence }
        return candidate
    }

    /// Length of the output in tokens when the client counted them, else in
    /// UTF-8 bytes (the proxy `shortest` ranks by).
    public var length: Int {
        if let count = confidence?.tokenCount, count > 0 { return Int(count) }
        return text.utf8.count
    }
}
