import AggLMSupport
import AggLMWire
import SwiftProtobuf

/// Turns one request frame into one reply frame with a worker's engine: decodes, answers problems without
/// candidates with a per-problem EMPTY_CANDIDATES error, hands the rest to the engine and merges the results
/// back in request order.
///
/// The broker validated the frame already; decoding failures here (a broker/worker version mismatch) are
/// still answered, never crash.
struct RequestProcessor<Engine: AggregationWorker> {
    private var engine: Engine
    let workerName: String

    init(engine: Engine, workerName: String) {
        self.engine = engine
        self.workerName = workerName
    }

    /// The reply body and its error counts for `frame`, which waited `queueMicroseconds` in the broker.
    mutating func process(_ frame: [UInt8], queueMicroseconds: UInt64) -> (reply: [UInt8], outcome: ReplyOutcome) {
        let started = MonotonicClock.nanoseconds()
        guard let request = try? Agglm_V1_Request(serializedBytes: frame), case .aggregate(let aggregate)? = request.kind else {
            var outcome = ReplyOutcome()
            outcome.record(.malformed)
            return (ServiceReplies.encode(ServiceReplies.undecodable(.malformed, "worker could not decode an aggregate request")), outcome)
        }
        return process(aggregate, queueMicroseconds: queueMicroseconds, startedAt: started)
    }

    /// The reply body and its error counts for an already decoded (and validated) request.
    mutating func process(_ aggregate: Agglm_V1_AggregateRequest, queueMicroseconds: UInt64) -> (reply: [UInt8], outcome: ReplyOutcome) {
        process(aggregate, queueMicroseconds: queueMicroseconds, startedAt: MonotonicClock.nanoseconds())
    }

    private mutating func process(_ aggregate: Agglm_V1_AggregateRequest, queueMicroseconds: UInt64, startedAt started: UInt64) -> (reply: [UInt8], outcome: ReplyOutcome) {
        var response = answer(aggregate)
        response.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        response.requestID = aggregate.requestID
        response.worker = workerName
        response.timings.queueUs = queueMicroseconds
        response.timings.totalUs = queueMicroseconds &+ (MonotonicClock.nanoseconds() &- started) / 1000
        var reply = Agglm_V1_Reply()
        reply.aggregate = response
        return (ServiceReplies.encode(reply), ReplyOutcome(of: response))
    }

    private mutating func answer(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
        let servable = request.problems.indices.filter { !request.problems[$0].candidates.isEmpty }
        var engineResults: [Agglm_V1_ProblemResult] = []
        var response = Agglm_V1_AggregateResponse()
        if !servable.isEmpty {
            var subrequest = request
            if servable.count != request.problems.count {
                subrequest.problems = servable.map { request.problems[$0] }
            }
            response = engine.aggregate(subrequest)
            if response.hasError { return response }
            guard response.results.count == servable.count else {
                var failure = Agglm_V1_AggregateResponse()
                failure.error = Agglm_V1_Error(code: .internal, message: "engine returned \(response.results.count) results for \(servable.count) problems")
                return failure
            }
            engineResults = response.results
        }
        var results: [Agglm_V1_ProblemResult] = []
        results.reserveCapacity(request.problems.count)
        var next = engineResults.makeIterator()
        for problem in request.problems {
            if problem.candidates.isEmpty {
                var result = Agglm_V1_ProblemResult()
                result.problemID = problem.id
                result.error = Agglm_V1_Error(code: .emptyCandidates, message: "problem has no candidates")
                results.append(result)
            } else if let result = next.next() {
                results.append(result)
            }
        }
        response.results = results
        return response
    }
}
