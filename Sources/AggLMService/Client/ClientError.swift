public import AggLMWire

/// Why a client call produced no usable reply.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// No reply after the first attempt and every retry, each waiting `timeout`.
    case timeout(attempts: Int)
    /// libzmq failed (bad endpoint, context terminated).
    case transport(ZMQError)
    /// The server's reply frame is not a binary `agglm.v1.Reply`.
    case undecodableReply
    /// The server refused the whole request (malformed, overloaded, deadline, ...).
    case refused(Agglm_V1_Error)
    /// The reply is of another kind than the request asked for.
    case unexpectedReply

    public var description: String {
        switch self {
        case .timeout(let attempts): "no reply after \(attempts) attempts"
        case .transport(let error): "transport: \(error)"
        case .undecodableReply: "the reply is not a binary agglm.v1.Reply"
        case .refused(let error): "refused: \(error.code) \(error.message)"
        case .unexpectedReply: "the reply does not answer the request"
        }
    }
}
