public import AggLMAggregation
public import AggLMWire

/// Builds a problem from (answer, score, length) triples; nil answer means
/// the candidate abstains.
public func makeProblem(
    _ answers: [String?], gold: String? = nil, scores: [Double]? = nil, confidences: [Double]? = nil,
    lengths: [Int]? = nil, id: String = "p"
) -> Agglm_V1_Problem {
    var problem = Agglm_V1_Problem()
    problem.id = id
    if let gold { problem.gold = gold }
    problem.candidates = answers.enumerated().map { index, answer in
        var candidate = Agglm_V1_Candidate()
        candidate.id = "c\(index)"
        candidate.model = "m\(index % 3)"
        let length = lengths?[index] ?? 40
        candidate.text = answer.map { "The answer is \($0)." } ?? "I am not sure."
        candidate.text += String(repeating: " ", count: max(0, length - candidate.text.utf8.count))
        if let answer { candidate.answer = answer } else { candidate.answer = "[invalid]" }
        if let scores { candidate.rewardScore = scores[index] }
        if let confidences {
            candidate.confidence.meanLogprob = confidences[index]
            candidate.confidence.lowestWindowLogprob = confidences[index]
        }
        return candidate
    }
    return problem
}

/// The chosen cluster's canonical key, or nil for no answer / unavailable.
public func chosenKey(_ method: Agglm_V1_Method, _ problem: Agglm_V1_Problem, suite: MethodSuite = MethodSuite()) -> String? {
    var suite = suite
    let set = PreparedProblem(problem).fullSet
    guard let cluster = suite.decide(method, on: set).outcome?.cluster else { return nil }
    return set.clusters[cluster].canonical.key
}
