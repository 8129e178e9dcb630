import AggLMAggregation
import AggLMFeatures

/// One sentence on why the policy chose its cluster, built from what the
/// model itself computed: the cluster probabilities, the built-in reward
/// model's view of the supporters, and the readable features in which the
/// chosen cluster's supporters differ most from the largest cluster's.
enum Rationale {
    /// Readable own features: (feature, phrase when the winner has less, phrase when more).
    static let signals: [(feature: OwnFeature, less: String, more: String)] = [
        (.logCorrections, "fewer self-corrections", "more self-corrections"),
        (.logHedges, "less hedging", "more hedging"),
        (.wrongClaimFraction, "fewer wrong arithmetic claims", "more wrong arithmetic claims"),
        (.finalMarker, "fewer explicit final answers", "more explicit final answers"),
        (.rewardScore, "lower client reward scores", "higher client reward scores"),
        (.meanLogprob, "lower token confidence", "higher token confidence"),
    ]

    static func sentence(
        set: CandidateSet, probabilities: [Double], memberScores: [Double], encoding: SetEncoding,
        vocabulary: ModelVocabulary, anonymous: Bool
    ) -> String {
        guard let chosen = probabilities.indices.max(by: { (probabilities[$0], -$0) < (probabilities[$1], -$1) }),
              let largest = set.clusters.first else { return "No candidate gave an answer." }
        let winner = set.clusters[chosen]
        let confidence = Int((probabilities[chosen] * 100).rounded())
        let winnerScore = mean(winner.members.map { memberScores[$0] })
        if winner.members.count >= largest.members.count {
            let runnerUp = set.clusters.indices.filter { $0 != chosen }.max { set.clusters[$0].members.count < set.clusters[$1].members.count }
            let rival = runnerUp.map { mean(set.clusters[$0].members.map { memberScores[$0] }) }
            let tail = rival.map { "; the reward model rates its supporters \(twoDecimals(winnerScore)) against \(twoDecimals($0)) for the runner-up" } ?? ""
            return "Chose the largest answer cluster (\(winner.members.count) of \(set.answeringCount) answers) with \(confidence)% policy probability\(tail)."
        }
        let largestScore = mean(largest.members.map { memberScores[$0] })
        var reasons = ["the reward model rates its supporters \(twoDecimals(winnerScore)) against \(twoDecimals(largestScore))"]
        if !anonymous, let top = winner.members.max(by: { (memberScores[$0], set.candidate($1).id) < (memberScores[$1], set.candidate($0).id) }) {
            let model = set.candidate(top).model
            if !model.isEmpty, vocabulary.id(of: model) != ModelVocabulary.unknown { reasons.append("it is backed by \(model)") }
        }
        if let signal = strongestSignal(winner: winner.members, largest: largest.members, encoding: encoding) { reasons.append("its solutions show \(signal)") }
        return "Chose a minority answer (\(winner.members.count) vs \(largest.members.count) votes) with \(confidence)% policy probability because "
            + reasons.joined(separator: ", ") + "."
    }

    /// The readable feature whose mean differs most between the two clusters (nil when none differs).
    static func strongestSignal(winner: [Int], largest: [Int], encoding: SetEncoding) -> String? {
        let width = FeatureSchema.candidateFeatureCount
        var best: (gap: Float, phrase: String)?
        for signal in signals {
            let a = winner.map { encoding.features[$0 * width + signal.feature.column] }.reduce(0, +) / Float(max(winner.count, 1))
            let b = largest.map { encoding.features[$0 * width + signal.feature.column] }.reduce(0, +) / Float(max(largest.count, 1))
            let gap = abs(a - b)
            guard gap > 0.05, gap > (best?.gap ?? 0) else { continue }
            best = (gap, a < b ? signal.less : signal.more)
        }
        return best?.phrase
    }

    /// A probability in [0, 1] with two decimals ("0.37"), without Foundation's slow formatter.
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((min(max(value, 0), 1) * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted().reduce(0, +) / Double(values.count)
    }
}
