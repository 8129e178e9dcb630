import AggLMWire

/// An engine the broker runs on its own thread (`InlineExecutor`). Type-erased so
/// the broker need not be generic over the engine factory.
protocol InlineRequestProcessing {
    /// The reply body and its error counts for a validated request that waited `queueMicroseconds`.
    mutating func process(_ request: Agglm_V1_AggregateRequest, queueMicroseconds: UInt64) -> (reply: [UInt8], outcome: ReplyOutcome)
}

extension RequestProcessor: InlineRequestProcessing {}
