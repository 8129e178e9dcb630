/// The layout of every feature vector the learned aggregator reads.
///
/// A checkpoint records `version`; loading refuses a checkpoint whose version
/// differs, because the network's input columns would mean something else.
/// Change `version` whenever any count, order or scaling below changes.
public enum FeatureSchema {
    public static let version = "agglm-features-3"

    /// Per-candidate features that depend on the candidate alone (`CandidateSignals`), one per `OwnFeature`.
    public static let ownFeatureNames: [String] = OwnFeature.allCases.map(\.name)

    /// Own features that are also z-scored within the set (indices into `ownFeatureNames`).
    static let normalisedColumns: [Int] = OwnFeature.allCases.filter(\.isZScored).map(\.column)

    /// Per-candidate width: own features, then their within-set z-scores.
    public static var candidateFeatureCount: Int { ownFeatureNames.count + normalisedColumns.count }

    /// Every candidate column's name, in order.
    public static var candidateFeatureNames: [String] {
        ownFeatureNames + normalisedColumns.map { "z_" + ownFeatureNames[$0] }
    }

    /// Per-cluster consensus features (`ClusterFeatures`), one per `ClusterFeature`. `mentioned_by_others`
    /// is the share of the set's other candidates whose text writes the cluster's numeric answer
    /// somewhere (an intermediate result of theirs: support short of a vote); `in_question` says the
    /// question itself contains it. `member_diversity` is how differently the cluster's members word
    /// their solutions (`ClusterFeatures.memberDiversity`); `form_share` the share of the answering
    /// candidates whose answer has the cluster's form (integer, other number, expression, letter, other).
    public static let clusterFeatureNames: [String] = ClusterFeature.allCases.map(\.name)

    public static var clusterFeatureCount: Int { clusterFeatureNames.count }
}
