@testable import AggLMService
import AggLMWire
import SwiftProtobuf
import Testing

@Suite struct RequestValidatorTests {
    let validator = RequestValidator(limits: Limits(maxRequestBytes: 1 << 16, maxProblemsPerRequest: 4, maxCandidatesPerProblem: 3, maxTextBytes: 100))

    func frame(_ request: Agglm_V1_AggregateRequest) -> [UInt8] {
        ServiceRequests.encode(ServiceRequests.aggregate(request))
    }

    func code(_ frame: [UInt8]) -> Agglm_V1_ErrorCode? {
        switch validator.validate(frame) {
        case .success: nil
        case .failure(let rejection): rejection.code
        }
    }

    @Test func acceptsAValidRequestAndHealth() {
        #expect(code(frame(TestData.request(id: "ok", problems: 4, candidates: 3, seed: 1))) == nil)
        #expect(code(ServiceRequests.encode(ServiceRequests.health())) == nil)
    }

    /// proto3 cannot tell an unset field from 0: a client that never sets protocol_version gets the current
    /// version, and only a version the server does not know is refused.
    @Test func unsetProtocolVersionMeansCurrentAndUnknownOnesAreRefused() {
        var unset = TestData.request(id: "u", problems: 1, candidates: 1, seed: 8)
        unset.protocolVersion = 0
        #expect(code(frame(unset)) == nil)
        var current = unset
        current.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        #expect(code(frame(current)) == nil)
        for unknown: UInt32 in [2, 7, .max] {
            var future = unset
            future.protocolVersion = unknown
            #expect(code(frame(future)) == .unsupportedVersion)
        }
    }

    @Test func refusesEachBadInputWithItsCode() {
        #expect(code([0xFF, 0xFF, 0xFF]) == .malformed)
        #expect(code([]) == .malformed)  // an empty Request has no kind
        var old = TestData.request(id: "v", problems: 1, candidates: 1, seed: 2)
        old.protocolVersion = 7
        #expect(code(frame(old)) == .unsupportedVersion)
        #expect(code(frame(TestData.request(id: "p", problems: 5, candidates: 1, seed: 3))) == .tooManyProblems)
        #expect(code(frame(TestData.request(id: "c", problems: 1, candidates: 4, seed: 4))) == .tooManyCandidates)
        var long = TestData.request(id: "t", problems: 1, candidates: 1, seed: 5)
        long.problems[0].candidates[0].text = String(repeating: "x", count: 101)
        #expect(code(frame(long)) == .textTooLarge)
        #expect(code([UInt8](repeating: 0, count: (1 << 16) + 1)) == .textTooLarge)
    }

    /// SwiftProtobuf refuses invalid UTF-8 in string fields while decoding; the validator must report it as
    /// INVALID_UTF8, not MALFORMED.
    @Test func invalidUTF8IsItsOwnError() {
        var request = TestData.request(id: "u", problems: 1, candidates: 1, seed: 6)
        request.problems[0].candidates[0].text = "MARKER"
        var bytes = frame(request)
        let marker = Array("MARKER".utf8)
        let start = (0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker }
        guard let start else {
            Issue.record("marker not found in the encoding")
            return
        }
        bytes[start] = 0xC3  // a lead byte followed by ASCII: invalid
        #expect(code(bytes) == .invalidUtf8)
    }

    @Test func refusalsEchoTheRequestID() {
        var request = TestData.request(id: "echo-me", problems: 1, candidates: 1, seed: 7)
        request.protocolVersion = 99
        guard case .failure(let rejection) = validator.validate(frame(request)) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(rejection.reply.aggregate.requestID == "echo-me")
        #expect(rejection.reply.aggregate.error.code == .unsupportedVersion)
    }
}
