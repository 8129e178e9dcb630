public import AggLMWire

/// DeepConf-style vote: drop the least confident outputs, then weight each
/// remaining vote by the model's own token confidence.
///
/// Confidence is the lowest sliding-window mean log-probability when the
/// client sent it (DeepConf's "lowest group confidence", the most telling
/// of its measures), else the mean token log-probability. The least
/// confident `1 - keepFraction` of answering outputs are dropped (DeepConf-
/// high keeps 90%); each kept vote weighs exp(confidence), the geometric-mean
/// token probability. Unavailable unless every answering candidate sent
/// confidence statistics.
public struct ConfidenceWeightedVote: AggregationMethod {
    let keepFraction: Double

    public init(keepFraction: Double = 0.9) {
        self.keepFraction = min(1, max(0, keepFraction))
    }

    public var method: Agglm_V1_Method { .confidenceWeighted }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        var confidence = [Double](repeating: -.infinity, count: set.members.count)
        var answering: [Double] = []
        for position in set.members.indices where set.clusterOfMember[position] >= 0 {
            guard let statistics = set.candidate(position).confidence else {
                return .unavailable("no token confidence: send Candidate.confidence for every candidate")
            }
            let value = statistics.lowestWindowLogprob != 0 ? statistics.lowestWindowLogprob : statistics.meanLogprob
            guard value.isFinite else { return .unavailable("token confidence is not a finite number") }
            confidence[position] = value
            answering.append(value)
        }
        guard !answering.isEmpty else { return .decided(.noAnswer) }
        // Keep at least one vote; equal confidences at the cut are all kept.
        let keep = max(1, Int((keepFraction * Double(answering.count)).rounded(.up)))
        let threshold = answering.sorted(by: >)[keep - 1]
        let weights = confidence.map { $0 >= threshold ? $0.clampedExp : 0 }
        return .decided(ClusterScoring.best(of: set, weights: weights))
    }
}
