public import AggLMFeatures
public import AggLMAggregation
public import AggLMPolicy
import AggLMSupport
public import AggLMCheckpoint

/// A trained aggregator: the set policy, the built-in reward model, the
/// model-name vocabulary they were trained with, and their provenance.
///
/// Immutable once built, so one value is shared read-only by every worker
/// thread; each thread wraps it in its own `LearnedPolicy` / `LearnedRewardModel`
/// (which own the scratch workspaces).
public struct LearnedAggregator: Sendable {
    public let policy: PolicyNetwork
    public let rewardModel: RewardModelNetwork
    public let vocabulary: ModelVocabulary
    /// How probabilities become the decision and its confidence (fitted on dev after training).
    public private(set) var calibration: DecisionCalibration
    /// Caller metadata stored with the checkpoint (training config, data digest, metrics).
    public let metadata: [String: String]

    // Metadata keys written by `save` and checked by `load`.
    public static let schemaKey = "feature_schema"
    public static let vocabularyKey = "model_vocabulary"
    public static let candidateFeaturesKey = "candidate_features"
    public static let clusterFeaturesKey = "cluster_features"

    /// Checks that the networks' input widths match the feature schema and the vocabulary.
    public init(
        policy: PolicyNetwork, rewardModel: RewardModelNetwork, vocabulary: ModelVocabulary,
        calibration: DecisionCalibration = .identity, metadata: [String: String] = [:]
    ) throws(LearnedCheckpointError) {
        let expected = [
            ("policy featureCount", policy.config.featureCount, FeatureSchema.candidateFeatureCount),
            ("policy clusterFeatureCount", policy.config.clusterFeatureCount, FeatureSchema.clusterFeatureCount),
            ("policy vocabularySize", policy.config.vocabularySize, vocabulary.size),
            ("reward model featureCount", rewardModel.config.featureCount, FeatureSchema.candidateFeatureCount),
            ("reward model vocabularySize", rewardModel.config.vocabularySize, vocabulary.size),
        ]
        for (name, found, wanted) in expected where found != wanted {
            throw .shapeMismatch("\(name) is \(found), expected \(wanted)")
        }
        self.policy = policy
        self.rewardModel = rewardModel
        self.vocabulary = vocabulary
        self.calibration = calibration
        self.metadata = metadata
    }

    /// The same networks with another calibration.
    public func with(calibration: DecisionCalibration) -> LearnedAggregator {
        var copy = self
        copy.calibration = calibration
        return copy
    }

    /// The aggregator for one batch of problems (a request, a file, a test fold): its calibration
    /// `trusting` the batch's estimate of the client's score channel over every problem's whole pool.
    /// The same aggregator when the checkpoint has no batch trust map.
    public func forBatch(_ problems: [PreparedProblem]) -> LearnedAggregator {
        guard calibration.channelTrust != nil else { return self }
        return forBatch(estimate: ScoreChannelAgreement.estimate(problems.map(\.fullSet)))
    }

    /// The aggregator for a batch whose score channel was estimated as `estimate` (nil: unknown).
    public func forBatch(estimate: ScoreChannelAgreement?) -> LearnedAggregator {
        with(calibration: calibration.trusting(estimate))
    }

    /// The full metadata map written to a checkpoint: the caller's plus the schema and vocabulary.
    public var checkpointMetadata: [String: String] {
        var all = metadata
        all[Self.schemaKey] = FeatureSchema.version
        all[Self.vocabularyKey] = Self.json(vocabulary.names)
        all[Self.candidateFeaturesKey] = Self.json(FeatureSchema.candidateFeatureNames)
        all[Self.clusterFeaturesKey] = Self.json(FeatureSchema.clusterFeatureNames)
        all.merge(calibration.metadata) { _, calibrated in calibrated }
        return all
    }

    /// Writes one safetensors file atomically; optimizer states make it resumable.
    public func save(to path: String, policyOptimizer: AdamState? = nil, rewardModelOptimizer: AdamState? = nil) throws(CheckpointError) {
        try AggregatorCheckpoint(
            policy: policy, rewardModel: rewardModel, metadata: checkpointMetadata,
            policyOptimizer: policyOptimizer, rewardModelOptimizer: rewardModelOptimizer
        ).save(to: path)
    }

    /// Loads and validates a checkpoint; refuses another feature schema with a clear message.
    public static func load(from path: String) throws(LearnedCheckpointError) -> (aggregator: LearnedAggregator, checkpoint: AggregatorCheckpoint) {
        let checkpoint: AggregatorCheckpoint
        do {
            checkpoint = try AggregatorCheckpoint.load(from: path)
        } catch {
            throw .unreadable(path: path, error)
        }
        return (try validated(checkpoint), checkpoint)
    }

    /// The aggregator in a decoded checkpoint; refuses another feature schema with a clear message.
    public static func validated(_ checkpoint: AggregatorCheckpoint) throws(LearnedCheckpointError) -> LearnedAggregator {
        let meta = checkpoint.metadata
        guard let schema = meta[schemaKey] else { throw .missingMetadata(schemaKey) }
        guard schema == FeatureSchema.version else { throw .schemaMismatch(found: schema, expected: FeatureSchema.version) }
        guard let vocabularyText = meta[vocabularyKey] else { throw .missingMetadata(vocabularyKey) }
        guard let names = decodeStrings(vocabularyText) else {
            throw .invalidMetadata(key: vocabularyKey, reason: "not a JSON array of strings")
        }
        let vocabulary = ModelVocabulary(names: names)
        guard vocabulary.names == names else {
            throw .invalidMetadata(key: vocabularyKey, reason: "names must be unique, non-empty and sorted")
        }
        var callerMetadata = meta
        let calibration = try DecisionCalibration(metadata: meta)
        for key in [schemaKey, vocabularyKey, candidateFeaturesKey, clusterFeaturesKey, DecisionCalibration.bonusKey, DecisionCalibration.temperatureKey, DecisionCalibration.regimeBonusesKey, DecisionCalibration.scoreGatesKey, DecisionCalibration.majorityVoteRegimesKey, DecisionCalibration.channelTrustKey] {
            callerMetadata[key] = nil
        }
        return try LearnedAggregator(
            policy: checkpoint.policy, rewardModel: checkpoint.rewardModel, vocabulary: vocabulary,
            calibration: calibration, metadata: callerMetadata)
    }

    static func json(_ strings: [String]) -> String {
        JSONValue.array(strings.map { .string($0) }).rendered(.compact)
    }

    /// A JSON array of strings (a list of names in the metadata); nil for anything else.
    static func decodeStrings(_ text: String) -> [String]? {
        guard case let .array(items)? = try? JSONValue.parse(ArraySlice(text.utf8), maximumDepth: 2) else { return nil }
        var strings: [String] = []
        for item in items {
            guard case let .string(string) = item else { return nil }
            strings.append(string)
        }
        return strings
    }
}
