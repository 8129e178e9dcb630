/// One case per column of a candidate's own features (`CandidateFeatures.own`), in column
/// order: the case's position is the column, `name` is what a checkpoint stores, and
/// `isZScored` says the column is also z-scored within the set. `FeatureSchema`, the encoder,
/// the set normalisation and `Rationale` all read their columns from here.
public enum OwnFeature: Int, CaseIterable, Sendable {
    case logLength, logLines, logEquals, logHedges, logCorrections, finalMarker, abstains
    case formInteger, formNumber, formExpression, formLetter, formOther
    case logClaims, wrongClaimFraction, anyWrongClaim
    case hasRewardScore, rewardScore, hasConfidence, meanLogprob, lowestWindowLogprob, tailLogprob
    case logAnswerLength
    case backslashDensity, dollarDensity, asteriskDensity, hashDensity, commaDensity
    case logEscapedNewlines, boxed, logInlineMath, logStepWords, logTherefore, codeFence
    case startsWithBrace
    case fallbackAnswer, endsMidSentence

    public var column: Int { rawValue }

    /// The column's name in a checkpoint's schema (snake case, fixed: renaming a case must not change it).
    public var name: String {
        switch self {
        case .logLength: "log_length"
        case .logLines: "log_lines"
        case .logEquals: "log_equals"
        case .logHedges: "log_hedges"
        case .logCorrections: "log_corrections"
        case .finalMarker: "final_marker"
        case .abstains: "abstains"
        case .formInteger: "form_integer"
        case .formNumber: "form_number"
        case .formExpression: "form_expression"
        case .formLetter: "form_letter"
        case .formOther: "form_other"
        case .logClaims: "log_claims"
        case .wrongClaimFraction: "wrong_claim_fraction"
        case .anyWrongClaim: "any_wrong_claim"
        case .hasRewardScore: "has_reward_score"
        case .rewardScore: "reward_score"
        case .hasConfidence: "has_confidence"
        case .meanLogprob: "mean_logprob"
        case .lowestWindowLogprob: "lowest_window_logprob"
        case .tailLogprob: "tail_logprob"
        case .logAnswerLength: "log_answer_length"
        case .backslashDensity: "backslash_density"
        case .dollarDensity: "dollar_density"
        case .asteriskDensity: "asterisk_density"
        case .hashDensity: "hash_density"
        case .commaDensity: "comma_density"
        case .logEscapedNewlines: "log_escaped_newlines"
        case .boxed: "boxed"
        case .logInlineMath: "log_inline_math"
        case .logStepWords: "log_step_words"
        case .logTherefore: "log_therefore"
        case .codeFence: "code_fence"
        case .startsWithBrace: "starts_with_brace"
        case .fallbackAnswer: "fallback_answer"
        case .endsMidSentence: "ends_mid_sentence"
        }
    }

    /// Whether the column is also z-scored within the set: the counts whose absolute level
    /// varies most between problems, where only a candidate's place among its peers says much (an
    /// answer far longer than the others' is a different kind of answer, not just a long one).
    var isZScored: Bool {
        switch self {
        case .logLength, .logLines, .logEquals, .logHedges, .logCorrections, .logClaims, .rewardScore, .meanLogprob,
             .logAnswerLength: true
        default: false
        }
    }
}

/// One case per column of a cluster's consensus features (`ClusterFeatures.rows`), in column
/// order; `name` is what a checkpoint stores.
public enum ClusterFeature: Int, CaseIterable, Sendable {
    case voteShare, votesPerMember, isLargest, rank, margin, logClusterCount, abstainFraction
    case numericAnswer, mentionedByOthers, inQuestion
    case memberDiversity, formShare

    public var column: Int { rawValue }

    public var name: String {
        switch self {
        case .voteShare: "vote_share"
        case .votesPerMember: "votes_per_member"
        case .isLargest: "is_largest"
        case .rank: "rank"
        case .margin: "margin"
        case .logClusterCount: "log_cluster_count"
        case .abstainFraction: "abstain_fraction"
        case .numericAnswer: "numeric_answer"
        case .mentionedByOthers: "mentioned_by_others"
        case .inQuestion: "in_question"
        case .memberDiversity: "member_diversity"
        case .formShare: "form_share"
        }
    }
}

extension Array where Element == Float {
    /// The value of `feature` in one candidate's own-feature row.
    subscript(feature: OwnFeature) -> Float {
        get { self[feature.rawValue] }
        set { self[feature.rawValue] = newValue }
    }
}
