public import AggLMAggregation
public import AggLMFeatures
import AggLMPolicy

/// The checkpoint's outcome reward model as `RewardScoring`: per member, the
/// estimated probability that its answer is correct. One per thread.
public struct LearnedRewardModel: RewardScoring {
    public let aggregator: LearnedAggregator
    /// Ignore model names (every member gets the unknown embedding).
    public var anonymous: Bool
    private let cache: ProblemFeatureCache
    private let workspace = RewardModelWorkspace()
    private var logits: [Float] = []

    /// - Parameter cache: shared with the thread's other learned methods.
    public init(aggregator: LearnedAggregator, anonymous: Bool = false, cache: ProblemFeatureCache = ProblemFeatureCache()) {
        self.aggregator = aggregator
        self.anonymous = anonymous
        self.cache = cache
    }

    public mutating func scores(for set: CandidateSet) -> [Double] {
        probabilities(cache.encoding(for: set, vocabulary: aggregator.vocabulary, anonymous: anonymous))
    }

    /// Probabilities for an already encoded set (the policy adapter reuses its encoding).
    mutating func probabilities(_ encoding: SetEncoding) -> [Double] {
        do {
            try aggregator.rewardModel.forward(features: encoding.features, modelIds: encoding.modelIds, workspace: workspace, logits: &logits)
        } catch {
            // Encodings are finite and in range by construction; should the network still refuse,
            // every member gets the same uninformative score rather than a crash.
            return [Double](repeating: 0.5, count: encoding.memberCount)
        }
        return logits.map { Double(BinaryCrossEntropy.sigmoid($0)) }
    }
}
