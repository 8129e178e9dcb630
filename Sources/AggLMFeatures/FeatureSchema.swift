/// The layout of every feature vector the learned aggregator reads.
///
/// A checkpoint records `version`; loading refuses a checkpoint whose version
/// differs, because the network's input columns would mean something else.
/// Change `version` whenever any count, order or scaling below changes.
public enum FeatureSchema {
    public static let version = "agglm-features-2"

    /// Per-candidate features that depend on the candidate alone (`CandidateSignals`).
    public static let ownFeatureNames: [String] = [
        "log_length", "log_lines", "log_equals", "log_hedges", "log_corrections", "final_marker", "abstains",
        "form_integer", "form_number", "form_expression", "form_letter", "form_other",
        "log_claims", "wrong_claim_fraction", "any_wrong_claim",
        "has_reward_score", "reward_score", "has_confidence", "mean_logprob", "lowest_window_logprob", "tail_logprob",
        "log_answer_length",
        "backslash_density", "dollar_density", "asterisk_density", "hash_density", "comma_density",
        "log_escaped_newlines", "boxed", "log_inline_math", "log_step_words", "log_therefore", "code_fence",
        "starts_with_brace",
    ]

    /// Own features that are also z-scored within the set (indices into `ownFeatureNames`).
    public static let normalisedColumns: [Int] = [0, 1, 2, 3, 4, 12, 16, 18]

    /// Per-candidate width: own features, then their within-set z-scores.
    public static var candidateFeatureCount: Int { ownFeatureNames.count + normalisedColumns.count }

    /// Every candidate column's name, in order.
    public static var candidateFeatureNames: [String] {
        ownFeatureNames + normalisedColumns.map { "z_" + ownFeatureNames[$0] }
    }

    /// Per-cluster consensus features (`ClusterFeatures`). `mentioned_by_others` is the share of
    /// the set's other candidates whose text writes the cluster's numeric answer somewhere (an
    /// intermediate result of theirs: support short of a vote); `in_question` says the question
    /// itself contains it.
    public static let clusterFeatureNames: [String] = [
        "vote_share", "votes_per_member", "is_largest", "rank", "margin", "log_cluster_count", "abstain_fraction",
        "numeric_answer", "mentioned_by_others", "in_question",
    ]

    public static var clusterFeatureCount: Int { clusterFeatureNames.count }
}
