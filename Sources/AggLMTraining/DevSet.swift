import AggLMAggregation
import AggLMEvaluation
public import AggLMFeatures
public import AggLMPolicy
import AggLMLearned
import AggLMSupport

/// The sampled sets of held-out problems, for choosing the epoch to keep and fitting the calibration.
public struct DevSet: Sendable {
    /// Sets with at least two clusters (the policy decides these).
    public var contested: [TrainingExample]
    /// Per contested set: the index of its problem (0..<problemCount, in data order).
    var problemOfContested: [Int]
    /// Per problem: how many sets were sampled, and how many of them the cheap path answers right.
    var setsOfProblem: [Int]
    var uncontestedCorrectOfProblem: [Int]
    /// Sets answered without the policy: (count, how many of them are right).
    var uncontested = 0
    var uncontestedCorrect = 0
    /// Per problem: the concordance of its whole pool's client scores with its consensus
    /// (`ScoreChannelAgreement.concordance`), nil when it is not a consensus set with client scores.
    var channelConcordance: [Double?]

    public init(_ data: FeaturedProblems, config: TrainingConfig, vocabulary: ModelVocabulary, threads: Int) {
        let sampler = SetSampler(k: config.k, sets: config.setsPerProblem, seed: config.seed ^ 0xde7_de7)
        let perProblem = ParallelMap.map(
            count: data.problems.count, threads: threads, makeState: {},
            body: { _, index in ExampleBuilder.examples(data.problems[index], features: data.features[index], sampler: sampler, vocabulary: vocabulary) })
        contested = []
        problemOfContested = []
        setsOfProblem = perProblem.map(\.count)
        // Only problems with client scores can be consensus sets with scores; the others skip the clustering.
        channelConcordance = data.problems.map { problem in
            problem.carriesClientScores ? ScoreChannelAgreement.concordance(problem.fullSet) : nil
        }
        uncontestedCorrectOfProblem = [Int](repeating: 0, count: perProblem.count)
        for (problem, sets) in perProblem.enumerated() {
            for (bucket, example) in sets {
                if let example {
                    contested.append(example)
                    problemOfContested.append(problem)
                } else {
                    uncontested += 1
                    if bucket == .easy {
                        uncontestedCorrect += 1
                        uncontestedCorrectOfProblem[problem] += 1
                    }
                }
            }
        }
    }

    /// The policy's distribution over each contested set's clusters, in `contested` order.
    public func clusterProbabilities(policy: PolicyNetwork, workspace: PolicyWorkspace, hideNames: Bool) throws(PolicyError) -> [[Double]] {
        var result: [[Double]] = []
        result.reserveCapacity(contested.count)
        var output = PolicyOutput()
        for start in stride(from: 0, to: contested.count, by: 512) {
            let chunk = contested[start..<min(contested.count, start + 512)]
            let ids = hideNames ? chunk.map { [Int32](repeating: ModelVocabulary.unknown, count: $0.encoding.memberCount) } : nil
            let batch = BatchPacking.pack(chunk.map(\.encoding), modelIds: ids)
            try policy.forward(batch, workspace: workspace, output: &output)
            for s in chunk.indices.map({ $0 - start }) {
                result.append(output.probabilities[batch.clusterOffsets[s]..<batch.clusterOffsets[s + 1]].map(Double.init))
            }
        }
        return result
    }

    /// Accuracy of majority and of the policy's most probable cluster, with and without names,
    /// over all dev sets.
    static func evaluate(_ sets: [DevSet], policy: PolicyNetwork, workspace: PolicyWorkspace) throws(PolicyError) -> DevMetrics {
        var metrics = DevMetrics()
        var total = 0, majority = 0, named = 0, anonymous = 0
        for dev in sets {
            total += dev.uncontested + dev.contested.count
            majority += dev.uncontestedCorrect + dev.contested.lazy.filter(\.majorityCorrect).count
            for hideNames in [false, true] {
                let probabilities = try dev.clusterProbabilities(policy: policy, workspace: workspace, hideNames: hideNames)
                let right = dev.uncontestedCorrect + zip(dev.contested, probabilities).lazy.filter { $0.picksCorrect($1) }.count
                if hideNames { anonymous += right } else { named += right }
            }
        }
        metrics.sets = total
        let n = Double(max(total, 1))
        metrics.majority = Double(majority) / n
        metrics.named = Double(named) / n
        metrics.anonymous = Double(anonymous) / n
        return metrics
    }
}
