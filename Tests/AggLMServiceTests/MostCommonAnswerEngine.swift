import AggLMService
import AggLMWire
import Glibc

/// The test engine: picks the most common pre-extracted `answer` of each problem (ties: the smallest
/// string), NO_ANSWER when no candidate has one. Deterministic; optionally slow, to hold workers busy.
struct MostCommonAnswerEngine: AggregationWorker {
    var delayMicroseconds: UInt32 = 0

    mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
        if delayMicroseconds > 0 { usleep(delayMicroseconds) }
        var response = Agglm_V1_AggregateResponse()
        response.results = request.problems.map(Self.answer)
        return response
    }

    static func answer(_ problem: Agglm_V1_Problem) -> Agglm_V1_ProblemResult {
        var result = Agglm_V1_ProblemResult()
        result.problemID = problem.id
        var votes: [String: UInt32] = [:]
        for candidate in problem.candidates where candidate.hasAnswer { votes[candidate.answer, default: 0] += 1 }
        guard let best = votes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else {
            result.error.code = .noAnswer
            return result
        }
        result.majority.answer = best.key
        result.majority.votes = best.value
        result.majority.tie = votes.values.filter { $0 == best.value }.count > 1
        return result
    }
}

struct MostCommonAnswerFactory: AggregationEngineFactory {
    var delayMicroseconds: UInt32 = 0

    func makeWorker() -> MostCommonAnswerEngine { MostCommonAnswerEngine(delayMicroseconds: delayMicroseconds) }
    var description: String { "most-common-answer test engine" }
}
