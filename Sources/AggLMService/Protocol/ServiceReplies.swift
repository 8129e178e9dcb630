import AggLMWire
import SwiftProtobuf

/// Builders for the replies the service itself (not an engine) produces, and their encoding.
enum ServiceReplies {
    /// A refused aggregate request: the error, the echoed request id, no results.
    static func refused(requestID: String, _ code: Agglm_V1_ErrorCode, _ message: String) -> Agglm_V1_Reply {
        var response = Agglm_V1_AggregateResponse()
        response.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        response.requestID = requestID
        response.error = Agglm_V1_Error(code: code, message: message)
        var reply = Agglm_V1_Reply()
        reply.aggregate = response
        return reply
    }

    /// A frame that is not a usable `Request` at all (no request id can be echoed).
    static func undecodable(_ code: Agglm_V1_ErrorCode, _ message: String) -> Agglm_V1_Reply {
        var reply = Agglm_V1_Reply()
        reply.error = Agglm_V1_Error(code: code, message: message)
        return reply
    }

    /// Binary encoding of `reply`. Encoding a message built in memory cannot meet invalid input; if the
    /// library still failed, an empty frame (an empty `Reply`) is sent rather than nothing.
    static func encode(_ reply: Agglm_V1_Reply) -> [UInt8] {
        (try? reply.serializedBytes()) ?? []
    }
}
