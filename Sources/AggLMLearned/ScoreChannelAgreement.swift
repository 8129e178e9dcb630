public import AggLMAggregation

/// How well a client's score channel agrees with the vote, estimated over a whole batch of problems
/// (a request's problems, a file, a test fold), with no gold answer.
///
/// Why over a batch: within one set a misleading channel looks as consistent as a strong one (a reward
/// model that scores the answer's form gives every member of one answer similar scores), so no per-set
/// statistic tells them apart (`ScoreChannelGate`, issue 13 round 4). Over hundreds of sets they differ:
/// a channel that tracks correctness ranks the members of a clear consensus above the dissenters far
/// more often than chance, because a clear consensus is usually right; a misleading channel does not.
///
/// Statistic: per *consensus set* — every answering member scored by the client, one answer held by at
/// least half of them and strictly more than any other, and at least one dissenter — the share of
/// (consensus member, dissenter) pairs the client scores in that order (ties count half), i.e. the
/// within-set AUC of "member of the consensus" by score. Pairs are taken inside one set only, so the
/// difficulty of a problem cannot confound it. The batch estimate is the mean over consensus sets,
/// each set weighing the same. Sums run over sorted values and pair counts are integers, so the
/// estimate does not depend on the order of problems or of candidates.
public struct ScoreChannelAgreement: Sendable, Equatable, Codable {
    /// Mean within-set concordance, in [0, 1]: 0.5 is a channel unrelated to the consensus.
    public var agreement: Double
    /// How many consensus sets it rests on.
    public var sets: Int

    public init(agreement: Double, sets: Int) {
        self.agreement = agreement
        self.sets = sets
    }

    /// The estimate over `sets` (each problem's whole pool, as decided); nil when none is a consensus set.
    public static func estimate(_ sets: some Sequence<CandidateSet>) -> ScoreChannelAgreement? {
        estimate(concordances: sets.compactMap(concordance))
    }

    /// The estimate from per-set concordances (`concordance(_:)`); nil for none.
    public static func estimate(concordances: [Double]) -> ScoreChannelAgreement? {
        guard !concordances.isEmpty else { return nil }
        return ScoreChannelAgreement(agreement: concordances.sorted().reduce(0, +) / Double(concordances.count), sets: concordances.count)
    }

    /// The set's concordance between client score and consensus membership; nil unless it is a
    /// consensus set (see the type's comment).
    public static func concordance(_ set: CandidateSet) -> Double? {
        guard let scores = set.clientRewardScores, set.clusters.count >= 2 else { return nil }
        let answering = set.answeringCount
        let consensus = set.clusters[0].members.count
        guard consensus * 2 >= answering, consensus > set.clusters[1].members.count else { return nil }
        var concordant = 0, tied = 0, pairs = 0
        for inside in set.clusters[0].members {
            for outside in set.members.indices where set.clusterOfMember[outside] > 0 {
                pairs += 1
                if scores[inside] > scores[outside] { concordant += 1 } else if scores[inside] == scores[outside] { tied += 1 }
            }
        }
        return pairs == 0 ? nil : (Double(concordant) + Double(tied) / 2) / Double(pairs)
    }
}
