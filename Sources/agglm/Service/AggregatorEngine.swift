import AggLMAggregation
import AggLMService
import AggLMWire

/// The service's engine: one `Aggregator` per worker thread, all sharing the
/// same read-only learned model.
struct AggregatorEngineFactory: AggregationEngineFactory {
    let model: ModelOptions.Loaded

    var description: String { model.description }

    func makeWorker() -> AggregatorWorker {
        AggregatorWorker(aggregator: Aggregator(methods: model.makeSuite()))
    }
}

struct AggregatorWorker: AggregationWorker {
    var aggregator: Aggregator

    mutating func aggregate(_ request: Agglm_V1_AggregateRequest) -> Agglm_V1_AggregateResponse {
        aggregator.aggregate(request)
    }
}
