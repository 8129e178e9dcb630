public import AggLMAggregation
public import AggLMSupport
public import AggLMWire

/// The real engine: one `Aggregator` per worker thread, each with its own
/// methods (and scratch buffers) built by `makeSuite` from a shared,
/// read-only model.
public struct AggregatorEngineFactory: AggregationEngineFactory {
    public let description: String
    /// One thread's methods; the argument is the helper thread to share per-candidate work with, if any.
    private let makeSuite: @Sendable (AssistThread?) -> MethodSuite

    public init(description: String, makeSuite: @escaping @Sendable (AssistThread?) -> MethodSuite) {
        self.description = description
        self.makeSuite = makeSuite
    }

    public func makeWorker() -> AggregatorWorker {
        AggregatorWorker(aggregator: Aggregator(methods: makeSuite(nil)))
    }

    public func makeWorker(assist: AssistThread) -> AggregatorWorker {
        AggregatorWorker(aggregator: Aggregator(methods: makeSuite(assist), assist: assist))
    }
}

public struct AggregatorWorker: AggregationWorker {
    public var aggregator: Aggregator

    public mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
        aggregator.aggregate(request)
    }
}
