@testable import AggLMService
import AggLMWire
import Testing

@Suite struct BackendProtocolTests {
    @Test(arguments: [0, 1, 255, 256, 1 << 40, UInt64.max] as [UInt64])
    func integersRoundTrip(value: UInt64) {
        #expect(BackendInteger.decode(BackendInteger.encode(value)) == value)
    }

    @Test func integerOfWrongWidthIsRejected() {
        #expect(BackendInteger.decode([1, 2, 3]) == nil)
    }

    @Test func commandsParseOnlySingleKnownBytes() {
        #expect(BackendCommand(frame: [1]) == .ready)
        #expect(BackendCommand(frame: [9]) == nil)
        #expect(BackendCommand(frame: [1, 2]) == nil)
        #expect(BackendCommand(frame: []) == nil)
    }

    @Test func outcomeRoundTripsAndCountsErrors() {
        var response = Agglm_V1_AggregateResponse()
        for code in [Agglm_V1_ErrorCode.emptyCandidates, .emptyCandidates, .noAnswer] {
            var result = Agglm_V1_ProblemResult()
            result.error.code = code
            response.results.append(result)
        }
        response.results.append(Agglm_V1_ProblemResult())
        let outcome = ReplyOutcome(of: response)
        #expect(outcome.errorCounts == [Agglm_V1_ErrorCode.emptyCandidates.rawValue: 2, Agglm_V1_ErrorCode.noAnswer.rawValue: 1])
        #expect(ReplyOutcome(decoding: outcome.encoded()) == outcome)
        #expect(ReplyOutcome(decoding: outcome.encoded() + [1, 2, 3]) == outcome)
    }
}
