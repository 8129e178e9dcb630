public import AggLMSupport
public import AggLMWire

/// One thread's aggregation engine. Each worker thread owns exactly one (its scratch buffers are not shared),
/// so implementations need not be thread-safe or Sendable.
///
/// Contract: `aggregate` is only given requests that passed `RequestValidator` (current protocol version,
/// sizes within `Limits`, every problem has at least one candidate), and must return one result per problem,
/// in request order. A response with another number of results is replaced by an INTERNAL error.
public protocol AggregationWorker {
    mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse
}

/// Builds per-thread engines from a shared read-only model. Called once per worker thread.
public protocol AggregationEngineFactory: Sendable {
    associatedtype Worker: AggregationWorker
    func makeWorker() -> Worker
    /// An engine that shares its per-candidate work with `assist` (the broker's inline engine). Engines
    /// that cannot use a helper ignore it (the default).
    func makeWorker(assist: AssistThread) -> Worker
    /// What the workers run (checkpoint path or "embedded default"); reported in health replies.
    var description: String { get }
}

extension AggregationEngineFactory {
    public func makeWorker(assist: AssistThread) -> Worker { makeWorker() }
}
