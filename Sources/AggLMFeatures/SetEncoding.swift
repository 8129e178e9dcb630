public import AggLMAggregation

/// One candidate set turned into the network's inputs.
///
/// Row i describes member i of the set; `clusterOfMember` and the cluster
/// rows follow the set's canonical cluster order. Everything is a function of
/// the set's content: within-set statistics are computed over sorted values,
/// so permuting the members permutes the rows and changes nothing else.
public struct SetEncoding: Sendable, Equatable {
    /// members x `FeatureSchema.candidateFeatureCount`, row-major.
    public var features: [Float]
    /// Per member: embedding row (0 = unknown/anonymous).
    public var modelIds: [Int32]
    /// Per member: cluster index in the set, -1 when it abstains.
    public var clusterOfMember: [Int32]
    /// clusters x `FeatureSchema.clusterFeatureCount`, row-major.
    public var clusterFeatures: [Float]
    /// The kind of pool, as the encoded inputs show it (names hidden when `anonymous`).
    public var regime: PoolRegime

    public var memberCount: Int { modelIds.count }
    public var clusterCount: Int { clusterFeatures.count / FeatureSchema.clusterFeatureCount }

    /// Per cluster: whether it is tied for the most votes (majority vote's candidates).
    public var isLargestCluster: [Bool] {
        (0..<clusterCount).map { clusterFeatures[$0 * FeatureSchema.clusterFeatureCount + ClusterFeature.isLargest.column] == 1 }
    }

    /// - Parameters:
    ///   - features: the problem's own candidate features (`ProblemFeatures`).
    ///   - anonymous: ignore model names (every member gets the unknown row).
    public init(set: CandidateSet, features: ProblemFeatures, vocabulary: ModelVocabulary, anonymous: Bool) {
        let n = set.members.count
        let ownWidth = FeatureSchema.ownFeatureNames.count
        let width = FeatureSchema.candidateFeatureCount
        var x = [Float](repeating: 0, count: n * width)
        for position in 0..<n {
            let own = features.own[set.members[position]]
            for column in 0..<ownWidth { x[position * width + column] = own[column] }
        }
        for (slot, column) in FeatureSchema.normalisedColumns.enumerated() {
            let values = (0..<n).map { x[$0 * width + column] }
            let (mean, std) = Self.moments(values)
            for position in 0..<n {
                let z = std > 1e-6 ? (values[position] - mean) / std : 0
                x[position * width + ownWidth + slot] = min(max(z, -3), 3) / 2
            }
        }
        self.features = x
        modelIds = anonymous ? [Int32](repeating: ModelVocabulary.unknown, count: n) : (0..<n).map { vocabulary.id(of: set.candidate($0).model) }
        clusterOfMember = set.clusterOfMember.map { Int32($0) }
        clusterFeatures = ClusterFeatures.rows(for: set, features: features)
        regime = PoolRegime(set: set, anonymous: anonymous)
    }

    /// Mean and population standard deviation, summed in sorted order so the
    /// result does not depend on member order.
    static func moments(_ values: [Float]) -> (mean: Float, std: Float) {
        guard !values.isEmpty else { return (0, 0) }
        let sorted = values.map(Double.init).sorted()
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        let variance = sorted.map { ($0 - mean) * ($0 - mean) }.sorted().reduce(0, +) / Double(sorted.count)
        return (Float(mean), Float(variance.squareRoot()))
    }
}

/// Consensus features per answer cluster (`FeatureSchema.clusterFeatureNames`).
/// Ratios only, so duplicating every member of a set changes none of them.
public enum ClusterFeatures {
    /// - Parameter features: the problem's features (`ProblemFeatures`), for the numbers each
    ///   candidate and the question write.
    public static func rows(for set: CandidateSet, features: ProblemFeatures) -> [Float] {
        let g = FeatureSchema.clusterFeatureCount
        let clusters = set.clusters
        let n = Float(max(set.members.count, 1))
        let answering = Float(max(set.answeringCount, 1))
        let votes = clusters.map { Float($0.members.count) }
        let most = votes.max() ?? 0
        var rows = [Float](repeating: 0, count: clusters.count * g)
        let logCount = Float(FeatureMath.naturalLog(Double(max(clusters.count, 1)))) / 3
        for (index, count) in votes.enumerated() {
            let share = count / answering
            var bestOther: Float = 0
            for (other, otherCount) in votes.enumerated() where other != index { bestOther = max(bestOther, otherCount) }
            let larger = votes.lazy.filter { $0 > count }.count
            rows[index * g + ClusterFeature.voteShare.column] = share
            rows[index * g + ClusterFeature.votesPerMember.column] = count / n
            rows[index * g + ClusterFeature.isLargest.column] = count == most ? 1 : 0
            rows[index * g + ClusterFeature.rank.column] = Float(larger) / Float(max(clusters.count - 1, 1))
            rows[index * g + ClusterFeature.margin.column] = share - bestOther / answering
            rows[index * g + ClusterFeature.logClusterCount.column] = logCount
            rows[index * g + ClusterFeature.abstainFraction.column] = (n - Float(set.answeringCount)) / n
            if let value = clusters[index].canonical.value {
                rows[index * g + ClusterFeature.numericAnswer.column] = 1
                rows[index * g + ClusterFeature.mentionedByOthers.column] = mentionShare(of: value, cluster: index, in: set, features: features)
                rows[index * g + ClusterFeature.inQuestion.column] = CandidateSignals.mentions(value, in: features.questionNumbers) ? 1 : 0
            }
            rows[index * g + ClusterFeature.memberDiversity.column] = memberDiversity(clusters[index].members, in: set, features: features)
            rows[index * g + ClusterFeature.formShare.column] = sameFormCount(as: index, in: set) / answering
        }
        return rows
    }

    /// Distinct texts compared per cluster: a bound on the pairwise work (at most 120 pairs).
    static let diversityMemberLimit = 16

    /// Mean pairwise Jaccard distance between the shingle sketches of the cluster's distinct member texts
    /// (copies count once, so duplicating the set changes nothing); 0 for a single text. Uses at most
    /// `diversityMemberLimit` sketches, the first in sorted order, so member order does not matter.
    static func memberDiversity(_ positions: [Int], in set: CandidateSet, features: ProblemFeatures) -> Float {
        var sketches = positions.map { features.sketches[set.members[$0]].hashes }
        sketches.sort { $0.lexicographicallyPrecedes($1) }
        var distinct: [ShingleSketch] = []
        for hashes in sketches where distinct.last?.hashes != hashes {
            distinct.append(ShingleSketch(hashes: hashes))
            if distinct.count == diversityMemberLimit { break }
        }
        guard distinct.count > 1 else { return 0 }
        var total: Float = 0
        for i in distinct.indices {
            for j in (i + 1)..<distinct.count { total += 1 - ShingleSketch.similarity(distinct[i], distinct[j]) }
        }
        return total / Float(distinct.count * (distinct.count - 1) / 2)
    }

    /// How many answering members give an answer of the same form as `cluster`'s (`CandidateFeatures.formFeature`).
    static func sameFormCount(as cluster: Int, in set: CandidateSet) -> Float {
        let form = CandidateFeatures.formFeature(set.clusters[cluster].canonical.form)
        var same = 0
        for position in set.members.indices where set.clusterOfMember[position] >= 0 {
            if let answer = set.candidate(position).answer, CandidateFeatures.formFeature(answer.canonical.form) == form { same += 1 }
        }
        return Float(same)
    }

    /// Share of the members outside `cluster` whose text writes `value`; 0 when every member is in it.
    static func mentionShare(of value: Double, cluster: Int, in set: CandidateSet, features: ProblemFeatures) -> Float {
        var others = 0, mentioning = 0
        for position in set.members.indices where set.clusterOfMember[position] != cluster {
            others += 1
            if CandidateSignals.mentions(value, in: features.numbers[set.members[position]]) { mentioning += 1 }
        }
        return others > 0 ? Float(mentioning) / Float(others) : 0
    }
}
