/// Turning per-member weights into a cluster choice, the same way for every
/// weighted method.
enum ClusterScoring {
    /// Sums each cluster's member weights and picks the largest.
    ///
    /// Order independence: each cluster's weights are summed in sorted order
    /// (floating-point addition is not associative), and ties go to the lower
    /// cluster index, which follows the canonical cluster order.
    static func best(of set: CandidateSet, weights: [Double]) -> MethodOutcome {
        var best: (cluster: Int, score: Double)?
        var tie = false
        for (index, cluster) in set.clusters.enumerated() {
            let score = cluster.members.map { weights[$0] }.sorted().reduce(0, +)
            if let current = best {
                if score > current.score {
                    best = (index, score)
                    tie = false
                } else if score == current.score {
                    tie = true
                }
            } else {
                best = (index, score)
            }
        }
        guard let best else { return .noAnswer }
        return MethodOutcome(cluster: best.cluster, score: best.score, tie: tie)
    }

    /// Picks the single answering member with the highest `key`; equal keys
    /// go to the member whose cluster comes first in the canonical order,
    /// then to the lexicographically smallest candidate id.
    static func bestMember(of set: CandidateSet, key: (Int) -> Double) -> MethodOutcome {
        var best: (position: Int, key: Double)?
        var tie = false
        for position in set.members.indices where set.clusterOfMember[position] >= 0 {
            let value = key(position)
            guard let current = best else {
                best = (position, value)
                continue
            }
            if value > current.key {
                best = (position, value)
                tie = false
            } else if value == current.key {
                let cluster = set.clusterOfMember[position]
                let currentCluster = set.clusterOfMember[current.position]
                if cluster != currentCluster { tie = true }
                if (cluster, set.candidate(position).id) < (currentCluster, set.candidate(current.position).id) {
                    best = (position, value)
                }
            }
        }
        guard let best else { return .noAnswer }
        return MethodOutcome(
            cluster: set.clusterOfMember[best.position], score: best.key, tie: tie, memberPosition: best.position)
    }
}
