@testable import AggLMService
import AggLMWire
import SwiftProtobuf
import Testing

@Suite struct RequestProcessorTests {
    func decode(_ bytes: [UInt8]) throws -> Agglm_V1_AggregateResponse {
        try Agglm_V1_Reply(serializedBytes: bytes).aggregate
    }

    @Test func emptyCandidateProblemsGetAnErrorAndTheOthersAreServed() throws {
        var request = TestData.request(id: "mixed", problems: 3, candidates: 5, seed: 11)
        request.problems[1].candidates = []
        var processor = RequestProcessor(engine: MostCommonAnswerEngine(), workerName: "w")
        let (bytes, outcome) = processor.process(ServiceRequests.encode(ServiceRequests.aggregate(request)), queueMicroseconds: 42)
        let response = try decode(bytes)
        #expect(response.requestID == "mixed")
        #expect(response.worker == "w")
        #expect(response.timings.queueUs == 42)
        #expect(response.results.map(\.problemID) == request.problems.map(\.id))
        #expect(response.results[1].error.code == .emptyCandidates)
        #expect(response.results[0] == MostCommonAnswerEngine.answer(request.problems[0]))
        #expect(response.results[2] == MostCommonAnswerEngine.answer(request.problems[2]))
        #expect(outcome.errorCounts[Agglm_V1_ErrorCode.emptyCandidates.rawValue] == 1)
    }

    struct MiscountingEngine: AggregationWorker {
        mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
            Agglm_V1_AggregateResponse()
        }
    }

    @Test func anEngineReturningTheWrongNumberOfResultsBecomesInternalError() throws {
        var processor = RequestProcessor(engine: MiscountingEngine(), workerName: "w")
        let request = TestData.request(id: "n", problems: 2, seed: 12)
        let response = try decode(processor.process(ServiceRequests.encode(ServiceRequests.aggregate(request)), queueMicroseconds: 0).reply)
        #expect(response.error.code == .internal)
        #expect(response.results.isEmpty)
    }

    @Test func undecodableFrameIsAnsweredNotCrashed() throws {
        var processor = RequestProcessor(engine: MostCommonAnswerEngine(), workerName: "w")
        let reply = try Agglm_V1_Reply(serializedBytes: processor.process([0xFF, 0x01], queueMicroseconds: 0).reply)
        #expect(reply.error.code == .malformed)
    }
}
