import AggLMWire

/// An aggregate request the broker holds until a worker answers it.
struct QueuedRequest {
    /// Frames to put before the reply: the client's ROUTER identity and whatever envelope it sent
    /// (REQ's empty delimiter, a DEALER client's correlation frames).
    let envelope: [[UInt8]]
    /// The validated request frame, forwarded to the worker unchanged.
    let body: [UInt8]
    /// The decoded request, kept only when it is small enough for the broker to run inline
    /// (`InlineExecutor.accepts`), so that path does not decode it again.
    var inlineRequest: Agglm_V1_AggregateRequest? = nil
    let requestID: String
    let problemCount: Int
    let methods: [Agglm_V1_Method]
    let arrivedAt: UInt64
    let deadline: UInt64
    /// Workers this request has been handed to. It is re-queued after a worker loss only while this is 1.
    var attempts: Int = 0
}
