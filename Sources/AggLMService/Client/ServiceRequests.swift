public import AggLMWire
import SwiftProtobuf

/// Builders for request frames.
public enum ServiceRequests {
    public static func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_Request {
        var wrapped = Agglm_V1_Request()
        wrapped.aggregate = request
        return wrapped
    }

    public static func health() -> Agglm_V1_Request {
        var wrapped = Agglm_V1_Request()
        wrapped.health = Agglm_V1_HealthRequest()
        return wrapped
    }

    /// An aggregate request at the current protocol version.
    public static func aggregate(id: String, problems: [Agglm_V1_Problem], options: Agglm_V1_AggregateOptions = Agglm_V1_AggregateOptions()) -> Agglm_V1_AggregateRequest {
        var request = Agglm_V1_AggregateRequest()
        request.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        request.requestID = id
        request.problems = problems
        request.options = options
        return request
    }

    /// The binary frame of `request`; a message built in memory always encodes (empty frame otherwise).
    public static func encode(_ request: Agglm_V1_Request) -> [UInt8] {
        (try? request.serializedBytes()) ?? []
    }
}
