import AggLMAggregation
import AggLMService
import AggLMWire

/// Where `agglm aggregate` and `agglm compare` send their work: this
/// process, or a running server. Both return one result per problem, in
/// order.
protocol AggregationBackend: AnyObject {
    func aggregate(_ problems: [Agglm_V1_Problem], options: Agglm_V1_AggregateOptions) throws -> [Agglm_V1_ProblemResult]
}

final class LocalBackend: AggregationBackend {
    private var aggregator: Aggregator

    init(aggregator: Aggregator) {
        self.aggregator = aggregator
    }

    func aggregate(_ problems: [Agglm_V1_Problem], options: Agglm_V1_AggregateOptions) -> [Agglm_V1_ProblemResult] {
        problems.map { aggregator.aggregate($0, options: options) }
    }
}

/// A Lazy Pirate client: bounded waits, bounded retries, batches in flight.
final class RemoteBackend: AggregationBackend {
    private let client: Client
    private let batch: Int
    private let window: Int

    init(endpoint: String, timeout: Duration, retries: Int, window: Int, batch: Int, curve: CurveClientKeys?) throws {
        client = try Client(endpoint: endpoint, timeout: timeout, retries: retries, curve: curve)
        self.batch = batch
        self.window = window
    }

    func aggregate(_ problems: [Agglm_V1_Problem], options: Agglm_V1_AggregateOptions) throws -> [Agglm_V1_ProblemResult] {
        try client.aggregate(problems: problems, options: options, batchSize: batch, window: window)
    }
}
