public import AggLMFeatures
public import AggLMPolicy

/// Packs encoded sets into one `PolicyBatch`, so a single sgemm per layer
/// covers all of them.
public enum BatchPacking {
    /// - Parameter modelIds: per set, overriding model ids (name dropout); nil keeps the set's own.
    public static func pack(_ sets: [SetEncoding], modelIds: [[Int32]]? = nil) -> PolicyBatch {
        var features: [Float] = []
        var ids: [Int32] = []
        var clusterOf: [Int32] = []
        var clusterFeatures: [Float] = []
        var setOffsets = [0]
        var clusterOffsets = [0]
        let candidates = sets.reduce(0) { $0 + $1.memberCount }
        features.reserveCapacity(candidates * FeatureSchema.candidateFeatureCount)
        ids.reserveCapacity(candidates)
        clusterOf.reserveCapacity(candidates)
        for (index, set) in sets.enumerated() {
            let base = Int32(clusterOffsets[clusterOffsets.count - 1])
            features.append(contentsOf: set.features)
            ids.append(contentsOf: modelIds?[index] ?? set.modelIds)
            clusterOf.append(contentsOf: set.clusterOfMember.map { $0 < 0 ? -1 : $0 + base })
            clusterFeatures.append(contentsOf: set.clusterFeatures)
            setOffsets.append(setOffsets[setOffsets.count - 1] + set.memberCount)
            clusterOffsets.append(clusterOffsets[clusterOffsets.count - 1] + set.clusterCount)
        }
        return PolicyBatch(
            features: features, modelIds: ids, setOffsets: setOffsets, clusterOfCandidate: clusterOf,
            clusterOffsets: clusterOffsets, clusterFeatures: clusterFeatures)
    }
}
