public import AggLMAggregation
public import AggLMEvaluation
public import AggLMFeatures
public import AggLMPolicy

/// The sampled sets of held-out problems, for choosing the epoch to keep.
public struct DevSet: Sendable {
    /// Sets with at least two clusters (the policy decides these).
    public var contested: [TrainingExample]
    /// Sets answered without the policy: (count, how many of them are right).
    public var uncontested = 0
    public var uncontestedCorrect = 0

    public init(_ data: FeaturedProblems, config: TrainingConfig, vocabulary: ModelVocabulary, threads: Int) {
        let sampler = SetSampler(k: config.k, sets: config.setsPerProblem, seed: config.seed ^ 0xde7_de7)
        let perProblem = ParallelMap.map(
            count: data.problems.count, threads: threads, makeState: {},
            body: { _, index in ExampleBuilder.examples(data.problems[index], features: data.features[index], sampler: sampler, vocabulary: vocabulary) })
        contested = []
        for (bucket, example) in perProblem.joined() {
            if let example {
                contested.append(example)
            } else {
                uncontested += 1
                if bucket == .easy { uncontestedCorrect += 1 }
            }
        }
    }

    /// Accuracy of majority and of the policy's most probable cluster, with and without names,
    /// over all dev sets.
    static func evaluate(_ sets: [DevSet], policy: PolicyNetwork, workspace: PolicyWorkspace) throws(PolicyError) -> DevMetrics {
        var metrics = DevMetrics()
        var total = 0, majority = 0, named = 0, anonymous = 0
        var output = PolicyOutput()
        for dev in sets {
            total += dev.uncontested + dev.contested.count
            majority += dev.uncontestedCorrect
            named += dev.uncontestedCorrect
            anonymous += dev.uncontestedCorrect
            for start in stride(from: 0, to: dev.contested.count, by: 512) {
                let chunk = Array(dev.contested[start..<min(dev.contested.count, start + 512)])
                majority += chunk.lazy.filter(\.majorityCorrect).count
                for hideNames in [false, true] {
                    let ids = hideNames ? chunk.map { [Int32](repeating: ModelVocabulary.unknown, count: $0.encoding.memberCount) } : nil
                    let batch = BatchPacking.pack(chunk.map(\.encoding), modelIds: ids)
                    try policy.forward(batch, workspace: workspace, output: &output)
                    var right = 0
                    for (s, example) in chunk.enumerated() {
                        let range = batch.clusterOffsets[s]..<batch.clusterOffsets[s + 1]
                        guard let best = range.max(by: { (output.probabilities[$0], -$0) < (output.probabilities[$1], -$1) }) else { continue }
                        if example.clusterRewards[best - range.lowerBound] > 0 { right += 1 }
                    }
                    if hideNames { anonymous += right } else { named += right }
                }
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
