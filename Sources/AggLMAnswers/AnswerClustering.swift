/// A group of equivalent answers.
public struct AnswerCluster: Sendable {
    /// The canonical form shared by all members (that of the representative).
    public var canonical: CanonicalAnswer
    /// The most frequent raw form among the members; ties broken by the lexicographically smallest.
    public var representative: String
    /// Indices into the clustered input, ascending.
    public var members: [Int]

    public init(canonical: CanonicalAnswer, representative: String, members: [Int]) {
        self.canonical = canonical
        self.representative = representative
        self.members = members
    }

    public var votes: Int { members.count }
}

/// Groups answers into clusters by canonical key.
///
/// Well defined by construction: two answers share a cluster exactly when their canonical keys are equal
/// (no tolerance, no transitivity issues), and every choice (representative, order) depends only on the
/// multiset of answers, never on their order.
public enum AnswerClustering {
    /// Abstentions (nil) are in no cluster. Members are ascending input indices. Clusters are ordered by
    /// votes (descending), then canonical key (ascending). Permuting the input permutes member indices only;
    /// duplicating the whole input doubles the votes and keeps the order.
    public static func clusters(of answers: [ExtractedAnswer?]) -> [AnswerCluster] {
        var indicesByKey: [String: [Int]] = [:]
        for (index, answer) in answers.enumerated() {
            guard let answer else { continue }
            indicesByKey[answer.canonical.key, default: []].append(index)
        }
        var clusters: [AnswerCluster] = []
        clusters.reserveCapacity(indicesByKey.count)
        for (_, members) in indicesByKey {
            var rawCounts: [String: Int] = [:]
            for index in members {
                if let answer = answers[index] { rawCounts[answer.raw, default: 0] += 1 }
            }
            let representative = rawCounts.min { left, right in
                left.value != right.value ? left.value > right.value : left.key < right.key
            }?.key ?? ""
            guard let firstWithRepresentative = members.first(where: { answers[$0]?.raw == representative }),
                  let canonical = answers[firstWithRepresentative]?.canonical else { continue }
            clusters.append(AnswerCluster(canonical: canonical, representative: representative, members: members))
        }
        clusters.sort { left, right in
            left.members.count != right.members.count
                ? left.members.count > right.members.count
                : left.canonical.key < right.canonical.key
        }
        return clusters
    }
}
