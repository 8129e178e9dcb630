public import AggLMFeatures
import Foundation

/// A per-set gate on the client's score channel, for one kind of pool with client scores: the policy
/// may overturn the vote with the gentler `openBonus` only on a set whose own scores back the
/// overturn beyond their noise (`support` at least `threshold`); on any other set the kind of pool's
/// fall-back bonus decides (`DecisionCalibration.bonus(for:)`, majority vote for one-model pools).
///
/// Why per set: one bonus per kind of pool must serve every channel a client may send. A strong reward
/// model is worth following; a weak one that ranks wrong samples of one model above right ones is not,
/// and the bonus that is safe for the second throws away the first. The two differ in what a set
/// shows: a score channel that tracks correctness gives the members of one answer similar scores and
/// separates answers, so a chosen minority answer stands out from the plurality by more than the
/// scores vary within answers; a channel that scores the writing scatters within answers.
///
/// Fitted on dev channel probes (`DecisionCalibrationFit`), stored in the checkpoint; it costs no
/// extra forward pass (the statistic reads the scores the encoding already carries).
public struct ScoreChannelGate: Sendable, Equatable, Codable {
    /// The plurality bonus (log-odds) of a set the gate opens for.
    public var openBonus: Double
    /// The `support` an overturn needs; at or below `-supportLimit` the gate is always open.
    public var threshold: Double

    public init(openBonus: Double, threshold: Double) {
        self.openBonus = openBonus
        self.threshold = threshold
    }

    /// `support` is clamped to ±this, so a set whose scores do not vary within answers stays finite.
    public static let supportLimit = 99.0

    public func opens(support: Double) -> Bool { support >= threshold }

    /// How strongly the client's scores back `cluster` over every cluster tied for the most votes: the
    /// smallest two-sample t statistic of its members' mean score against one of those clusters', over
    /// the set's pooled within-answer spread. The spread gets one pseudo-observation of the set's whole
    /// variance, so a set whose answers are mostly singletons (few degrees of freedom within answers)
    /// is judged against how much its scores vary at all. `supportLimit` for a largest cluster or when
    /// nothing to compare; abstaining members do not count.
    ///
    /// Sums run over sorted values, so the result does not depend on member order.
    public static func support(for cluster: Int, in encoding: SetEncoding) -> Double {
        let clusters = encoding.clusterCount
        let isLargest = encoding.isLargestCluster
        guard cluster >= 0, cluster < clusters, !isLargest[cluster] else { return supportLimit }
        let width = FeatureSchema.candidateFeatureCount
        var scores = [[Double]](repeating: [], count: clusters)
        for (member, owner) in encoding.clusterOfMember.enumerated() where owner >= 0 && Int(owner) < clusters {
            scores[Int(owner)].append(Double(encoding.features[member * width + OwnFeature.rewardScore.column]))
        }
        let all = scores.flatMap { $0 }
        let answering = all.count
        let occupied = scores.filter { !$0.isEmpty }.count
        guard answering >= 2, !scores[cluster].isEmpty else { return supportLimit }
        let means = scores.map(mean)
        let within = sortedSum(scores.indices.flatMap { c in scores[c].map { ($0 - means[c]) * ($0 - means[c]) } })
        let overall = mean(all)
        let total = sortedSum(all.map { ($0 - overall) * ($0 - overall) }) / Double(answering - 1)
        let spread = (within + total) / Double(answering - occupied + 1)
        var weakest = supportLimit
        for rival in 0..<clusters where isLargest[rival] && !scores[rival].isEmpty {
            let difference = means[cluster] - means[rival]
            let scale = (spread * (1 / Double(scores[cluster].count) + 1 / Double(scores[rival].count))).squareRoot()
            let t = scale > 1e-12 ? difference / scale : (difference > 0 ? supportLimit : (difference < 0 ? -supportLimit : 0))
            weakest = min(weakest, t)
        }
        return min(max(weakest, -supportLimit), supportLimit)
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : sortedSum(values) / Double(values.count)
    }

    static func sortedSum(_ values: [Double]) -> Double { values.sorted().reduce(0, +) }
}
