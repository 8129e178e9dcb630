import SwiftProtobuf
import Testing

import AggLMWire

@Suite struct WireRoundTripTests {
    @Test func datasetJSONUsesCamelCaseNames() throws {
        let line = #"{"id":"p","question":"q","gold":"3","source":"s","candidates":[{"id":"c","model":"m","text":"t","answer":"3","rewardScore":0.25}]}"#
        let problem = try Agglm_V1_Problem(jsonString: line)
        #expect(problem.candidates.first?.rewardScore == 0.25)
        #expect(problem.candidates.first?.hasConfidence == false)
        #expect(problem.gold == "3")
        let again = try Agglm_V1_Problem(jsonString: try problem.jsonString())
        #expect(again == problem)
    }

    @Test func requestEnvelopeRoundTripsInBinary() throws {
        var request = Agglm_V1_AggregateRequest()
        request.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        request.requestID = "r1"
        request.options.methods = [.agglm, .majority]
        var envelope = Agglm_V1_Request()
        envelope.aggregate = request
        let bytes: [UInt8] = try envelope.serializedBytes()
        let decoded = try Agglm_V1_Request(serializedBytes: bytes)
        #expect(decoded.aggregate.requestID == "r1")
        #expect(decoded.aggregate.options.methods == [.agglm, .majority])
    }

    @Test func garbageBytesAreRejectedNotTrapped() {
        var rng: UInt64 = 1
        for length in 1..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<length {
                rng = rng &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(truncatingIfNeeded: rng >> 33))
            }
            // Either outcome is fine; what matters is that decoding returns.
            _ = try? Agglm_V1_Request(serializedBytes: bytes)
        }
    }
}
