public import AggLMAggregation
public import AggLMEvaluation
public import AggLMFeatures
import AggLMLearned

/// One sampled candidate set, encoded, with what training needs to know about it.
public struct TrainingExample: Sendable {
    public var encoding: SetEncoding
    /// Per cluster: 1 when it equals gold.
    public var clusterRewards: [Float]
    /// Per member: 1 when its answer equals gold (the reward model's label).
    var memberLabels: [Float]
    public var bucket: SetBucket
    /// Whether the largest cluster (majority vote's answer) is right: the set is easy.
    public var majorityCorrect: Bool

    /// GRPO's per-cluster rewards: 1 right; `-overturnPenalty` wrong while a right cluster is tied for
    /// the most votes (choosing it overturns a correct plurality); 0 otherwise.
    public func shapedRewards(overturnPenalty: Float) -> [Float] {
        guard overturnPenalty != 0, majorityCorrect else { return clusterRewards }
        let largest = encoding.isLargestCluster
        return clusterRewards.indices.map { c in clusterRewards[c] > 0 ? 1 : (largest[c] ? 0 : -overturnPenalty) }
    }

    /// The most probable cluster (the first of equals); nil for an empty distribution.
    public static func choice(_ probabilities: [Double]) -> Int? {
        DecisionCalibration.choice(probabilities)
    }

    /// Whether the most probable cluster under `probabilities` is right.
    func picksCorrect(_ probabilities: [Double]) -> Bool {
        Self.choice(probabilities).map { clusterRewards[$0] > 0 } ?? false
    }
}

/// Turns prepared problems into encoded sets following the AggLM protocol.
public enum ExampleBuilder {
    /// Every sampled set of `problem`, in sampler order; nil entries are sets
    /// with fewer than two clusters (no choice to learn; the cheap path answers them).
    public static func examples(
        _ problem: PreparedProblem, features: ProblemFeatures, sampler: SetSampler, vocabulary: ModelVocabulary
    ) -> [(bucket: SetBucket, example: TrainingExample?)] {
        guard problem.goldAnswer != nil, !problem.candidates.isEmpty else { return [] }
        return sampler.sets(problemID: problem.id, candidateCount: problem.candidates.count).compactMap { members in
            let set = CandidateSet(problem: problem, members: members)
            guard let bucket = SetBucket(set) else { return nil }
            guard set.clusters.count >= 2 else { return (bucket, nil) }
            let encoding = SetEncoding(set: set, features: features, vocabulary: vocabulary, anonymous: false)
            let rewards = set.clusters.indices.map { Float(set.isCorrect(cluster: $0) == true ? 1 : 0) }
            let labels = members.map { Float(problem.isCorrect[$0] ? 1 : 0) }
            return (bucket, TrainingExample(
                encoding: encoding, clusterRewards: rewards, memberLabels: labels, bucket: bucket,
                majorityCorrect: bucket == .easy))
        }
    }
}
