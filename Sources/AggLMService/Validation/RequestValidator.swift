import AggLMWire
import SwiftProtobuf

/// A request frame that passed validation.
enum ValidatedRequest {
    case health
    case aggregate(Agglm_V1_AggregateRequest)
}

/// Why a request frame is refused, with the reply that says so.
struct RequestRejection: Error {
    let code: Agglm_V1_ErrorCode
    let reply: Agglm_V1_Reply
}

/// Checks a request frame against `Limits` before anything else touches it, in this order: frame size,
/// protobuf decoding (INVALID_UTF8 for bad UTF-8 in a string field, MALFORMED otherwise), protocol version,
/// problem count, candidate counts, string sizes. Runs in time linear in the frame size.
///
/// Problems without candidates are not refused here: that is a per-problem error (`RequestProcessor`).
struct RequestValidator: Sendable {
    let limits: Limits

    func validate(_ frame: [UInt8]) -> Result<ValidatedRequest, RequestRejection> {
        guard frame.count <= limits.maxRequestBytes else {
            return .failure(refuseUndecoded(.textTooLarge, "request frame of \(frame.count) bytes is over the cap of \(limits.maxRequestBytes)"))
        }
        let request: Agglm_V1_Request
        do {
            request = try Agglm_V1_Request(serializedBytes: frame)
        } catch BinaryDecodingError.invalidUTF8 {
            return .failure(refuseUndecoded(.invalidUtf8, "a string field is not valid UTF-8"))
        } catch {
            return .failure(refuseUndecoded(.malformed, "not a binary agglm.v1.Request: \(error)"))
        }
        switch request.kind {
        case .health?:
            return .success(.health)
        case .aggregate(let aggregate)?:
            if let rejection = check(aggregate) { return .failure(rejection) }
            return .success(.aggregate(aggregate))
        case nil:
            return .failure(refuseUndecoded(.malformed, "the Request has neither aggregate nor health set"))
        }
    }

    private func check(_ request: Agglm_V1_AggregateRequest) -> RequestRejection? {
        func refuse(_ code: Agglm_V1_ErrorCode, _ message: String) -> RequestRejection {
            RequestRejection(code: code, reply: ServiceReplies.refused(requestID: request.requestID, code, message))
        }
        // Unset (0, the proto3 default) means the current version, so a client that never heard of the
        // field still works; only a version this server does not know is refused.
        let current = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        guard request.protocolVersion == 0 || request.protocolVersion == current else {
            return refuse(.unsupportedVersion, "protocol_version \(request.protocolVersion) is not supported; use \(current) or leave it unset")
        }
        guard request.problems.count <= limits.maxProblemsPerRequest else {
            return refuse(.tooManyProblems, "\(request.problems.count) problems; at most \(limits.maxProblemsPerRequest) per request")
        }
        for problem in request.problems where problem.candidates.count > limits.maxCandidatesPerProblem {
            return refuse(.tooManyCandidates, "problem \(problem.id.debugDescription) has \(problem.candidates.count) candidates; at most \(limits.maxCandidatesPerProblem)")
        }
        if let field = oversizedField(of: request) {
            return refuse(.textTooLarge, "\(field) is over the cap of \(limits.maxTextBytes) bytes")
        }
        return nil
    }

    /// The first string field longer than `maxTextBytes`, described for the error message.
    /// (Checked field by field, without building arrays: this runs for every candidate of every request.)
    private func oversizedField(of request: Agglm_V1_AggregateRequest) -> String? {
        let cap = limits.maxTextBytes
        func over(_ text: String) -> Bool { text.utf8.count > cap }
        if over(request.requestID) { return "request_id" }
        for (p, problem) in request.problems.enumerated() {
            if over(problem.id) { return "problems[\(p)].id" }
            if over(problem.question) { return "problems[\(p)].question" }
            if over(problem.gold) { return "problems[\(p)].gold" }
            if over(problem.source) { return "problems[\(p)].source" }
            for (c, candidate) in problem.candidates.enumerated() {
                if over(candidate.id) { return "problems[\(p)].candidates[\(c)].id" }
                if over(candidate.model) { return "problems[\(p)].candidates[\(c)].model" }
                if over(candidate.text) { return "problems[\(p)].candidates[\(c)].text" }
                if over(candidate.answer) { return "problems[\(p)].candidates[\(c)].answer" }
            }
        }
        return nil
    }

    private func refuseUndecoded(_ code: Agglm_V1_ErrorCode, _ message: String) -> RequestRejection {
        RequestRejection(code: code, reply: ServiceReplies.undecodable(code, message))
    }
}
