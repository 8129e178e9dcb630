public import AggLMPolicy

public enum NetworkFixtures {
    public static let smallPolicy = PolicyConfig(featureCount: 3, clusterFeatureCount: 2, vocabularySize: 4, embeddingDimension: 2, hiddenSize: 5)
    public static let smallRewardModel = RewardModelConfig(featureCount: 3, vocabularySize: 4, embeddingDimension: 2, hiddenSize: 5)

    /// A random batch: set s has candidateCounts[s] candidates, each answering one of up to
    /// `maxClusters` clusters or abstaining (about 1 in 5); clusters are numbered in order of first
    /// appearance, so every cluster has at least one member.
    public static func randomBatch(config: PolicyConfig, candidateCounts: [Int], maxClusters: Int = 3, seed: UInt64) -> PolicyBatch {
        var random = TestRandom(seed: seed)
        var modelIds: [Int32] = [], clusterOf: [Int32] = [], setOffsets = [0], clusterOffsets = [0]
        for k in candidateCounts {
            var local: [Int: Int32] = [:]
            let base = clusterOffsets[clusterOffsets.count - 1]
            for _ in 0..<k {
                modelIds.append(Int32(random.int(below: config.vocabularySize)))
                if random.int(below: 5) == 0 {
                    clusterOf.append(-1)
                } else {
                    let answer = random.int(below: maxClusters)
                    let index = local[answer] ?? Int32(base + local.count)
                    local[answer] = index
                    clusterOf.append(index)
                }
            }
            setOffsets.append(setOffsets[setOffsets.count - 1] + k)
            clusterOffsets.append(base + local.count)
        }
        let n = modelIds.count, c = clusterOffsets[clusterOffsets.count - 1]
        return PolicyBatch(
            features: random.floats(n * config.featureCount), modelIds: modelIds, setOffsets: setOffsets,
            clusterOfCandidate: clusterOf, clusterOffsets: clusterOffsets,
            clusterFeatures: random.floats(c * config.clusterFeatureCount))
    }
}
