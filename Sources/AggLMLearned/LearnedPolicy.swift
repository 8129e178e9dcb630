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
    /// The calibration for the current batch (`prepareBatch`); nil: the checkpoint's, as for a set alone.
    private var batchCalibration: DecisionCalibration?
    /// The current batch's estimate of the client's score channel (nil: no batch, a checkpoint without
    /// a trust map, or no consensus set with client scores in the batch).
    public private(set) var batchChannelEstimate: ScoreChannelAgreement?

    /// - Parameter cache: shared with the thread's other learned methods.
    public init(aggregator: LearnedAggregator, anonymous: Bool = false, cache: ProblemFeatureCache = ProblemFeatureCache()) {
        self.aggregator = aggregator
        self.anonymous = anonymous
        self.cache = cache
        rewardModel = LearnedRewardModel(aggregator: aggregator, anonymous: anonymous, cache: cache)
    }

    /// - Parameter memberScores: the checkpoint's reward-model scores of the members when the caller
    ///   has them (`MethodSuite.learned` does); nil runs the reward model here.
    public mutating func evaluate(_ set: CandidateSet, memberScores known: [Double]?) -> PolicyEvaluation {
        let encoding = cache.encoding(for: set, vocabulary: aggregator.vocabulary, anonymous: anonymous)
        let probabilities = clusterProbabilities(encoding)
        let memberScores = known ?? rewardModel.probabilities(encoding)
        let bestMember = set.clusters.map { cluster in
            cluster.members.min { a, b in
                (-memberScores[a], set.candidate(a).id) < (-memberScores[b], set.candidate(b).id)
            } ?? 0
        }
        return PolicyEvaluation(probabilities: probabilities, bestMember: bestMember, memberScores: memberScores)
    }

    public mutating func rationale(for set: CandidateSet, evaluation: PolicyEvaluation) -> String {
        Rationale.sentence(
            set: set, probabilities: evaluation.probabilities, memberScores: evaluation.memberScores,
            encoding: cache.encoding(for: set, vocabulary: aggregator.vocabulary, anonymous: anonymous),
            vocabulary: aggregator.vocabulary, anonymous: anonymous)
    }

    /// With client scores the decision depends on the batch through one number, the batch's estimate of
    /// the score channel (`ScoreChannelAgreement`, `DecisionCalibration.trusting`); it reads only the
    /// client's scores and the answer clusters, so it costs no forward pass.
    public mutating func prepareBatch(_ sets: [CandidateSet]?) {
        guard let sets, aggregator.calibration.channelTrust != nil else {
            (batchChannelEstimate, batchCalibration) = (nil, nil)
            return
        }
        batchChannelEstimate = ScoreChannelAgreement.estimate(sets)
        batchCalibration = aggregator.calibration.trusting(batchChannelEstimate)
    }

    /// The policy's distribution over the set's clusters.
    mutating func clusterProbabilities(_ encoding: SetEncoding) -> [Double] {
        do {
            try aggregator.policy.forward(BatchPacking.pack([encoding]), workspace: workspace, output: &output)
            return (batchCalibration ?? aggregator.calibration).apply(output.probabilities.map(Double.init), encoding: encoding)
        } catch {
            // Encodings are valid by construction; should the network still refuse, fall back to
            // the vote shares, the policy-free answer, rather than failing the request.
            let shares = (0..<encoding.clusterCount).map { Double(encoding.clusterFeatures[$0 * FeatureSchema.clusterFeatureCount + ClusterFeature.voteShare.column]) }
            let total = shares.reduce(0, +)
            return shares.map { total > 0 ? $0 / total : 1 / Double(max(shares.count, 1)) }
        }
    }
}
