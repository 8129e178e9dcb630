public import AggLMAggregation
public import AggLMFeatures
import AggLMPolicy

/// The trained set policy as the aggregator's `SetPolicy`.
///
/// Shares the immutable `LearnedAggregator`; owns its scratch (workspace,
/// feature cache), so each thread makes its own instance.
public struct LearnedPolicy: SetPolicy {
    public let aggregator: LearnedAggregator
    /// Ignore model names: the policy sees every member as "unknown".
    public var anonymous: Bool
    private let cache: ProblemFeatureCache
    private let workspace = PolicyWorkspace()
    private var output = PolicyOutput()
    private var rewardModel: LearnedRewardModel

    /// - Parameters:
    ///   - cache: shared with the thread's other learned methods.
    ///   - rewardModel: the thread's reward model for the per-member scores (it must be built from the same
    ///     `aggregator` with the same `anonymous` and `cache`); nil makes one. Sharing it with the
    ///     reward-model methods lets them reuse the scores of the set the policy just evaluated.
    public init(
        aggregator: LearnedAggregator, anonymous: Bool = false, cache: ProblemFeatureCache = ProblemFeatureCache(),
        rewardModel: LearnedRewardModel? = nil
    ) {
        self.aggregator = aggregator
        self.anonymous = anonymous
        self.cache = cache
        self.rewardModel = rewardModel ?? LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache)
    }

    public mutating func evaluate(_ set: CandidateSet) -> PolicyEvaluation {
        let encoding = cache.encoding(for: set, vocabulary: aggregator.vocabulary, anonymous: anonymous)
        let probabilities = clusterProbabilities(encoding)
        let memberScores = rewardModel.probabilities(encoding)
        let bestMember = set.clusters.map { cluster in
            cluster.members.min { a, b in
                (-memberScores[a], set.candidate(a).id) < (-memberScores[b], set.candidate(b).id)
            } ?? 0
        }
        let rationale = Rationale.sentence(
            set: set, probabilities: probabilities, memberScores: memberScores, encoding: encoding,
            vocabulary: aggregator.vocabulary, anonymous: anonymous)
        return PolicyEvaluation(probabilities: probabilities, bestMember: bestMember, rationale: rationale)
    }

    /// The policy's distribution over the set's clusters.
    mutating func clusterProbabilities(_ encoding: SetEncoding) -> [Double] {
        do {
            try aggregator.policy.forward(BatchPacking.pack([encoding]), workspace: workspace, output: &output)
            return aggregator.calibration.apply(output.probabilities.map(Double.init), isLargest: encoding.isLargestCluster, regime: encoding.regime)
        } catch {
            // Encodings are valid by construction; should the network still refuse, fall back to
            // the vote shares, the policy-free answer, rather than failing the request.
            let shares = (0..<encoding.clusterCount).map { Double(encoding.clusterFeatures[$0 * FeatureSchema.clusterFeatureCount + ClusterFeature.voteShare.column]) }
            let total = shares.reduce(0, +)
            return shares.map { total > 0 ? $0 / total : 1 / Double(max(shares.count, 1)) }
        }
    }
}
