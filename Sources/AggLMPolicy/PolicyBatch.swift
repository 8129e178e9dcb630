/// A packed batch of S candidate sets (N candidates, C clusters in total), the policy's input.
///
/// Set s owns candidates setOffsets[s]..<setOffsets[s+1] and clusters
/// clusterOffsets[s]..<clusterOffsets[s+1]. A candidate's `clusterOfCandidate` is a global cluster
/// index inside its own set's range, or -1 when it abstains (no extractable answer): it still
/// shapes its set's context but belongs to no cluster. `validate(for:)` checks all of this.
public struct PolicyBatch: Sendable, Equatable {
    /// N x F row-major candidate features.
    public var features: [Float]
    /// N model-name ids; 0 = unknown/anonymous.
    public var modelIds: [Int32]
    /// S+1 offsets into the candidates.
    public var setOffsets: [Int]
    /// N cluster indices (global), -1 = abstain.
    public var clusterOfCandidate: [Int32]
    /// S+1 offsets into the clusters.
    public var clusterOffsets: [Int]
    /// C x G row-major cluster features.
    public var clusterFeatures: [Float]

    public init(
        features: [Float], modelIds: [Int32], setOffsets: [Int],
        clusterOfCandidate: [Int32], clusterOffsets: [Int], clusterFeatures: [Float]
    ) {
        self.features = features
        self.modelIds = modelIds
        self.setOffsets = setOffsets
        self.clusterOfCandidate = clusterOfCandidate
        self.clusterOffsets = clusterOffsets
        self.clusterFeatures = clusterFeatures
    }

    /// An empty batch (no sets), ready for `appendSet`.
    public init() {
        self.init(features: [], modelIds: [], setOffsets: [0], clusterOfCandidate: [], clusterOffsets: [0], clusterFeatures: [])
    }

    /// Appends one set. `localClusterOfCandidate` numbers the set's own clusters 0..<clusterCount
    /// (-1 = abstain); they are shifted to global indices here. Sizes are checked against each
    /// other (not against a config: `validate(for:)` does that). On error the batch is unchanged.
    public mutating func appendSet(
        features setFeatures: [Float], modelIds setModelIds: [Int32],
        localClusterOfCandidate: [Int32], clusterFeatures setClusterFeatures: [Float], clusterCount: Int
    ) throws(PolicyError) {
        let k = setModelIds.count
        guard localClusterOfCandidate.count == k else {
            throw .invalidBatch("set has \(k) model ids but \(localClusterOfCandidate.count) cluster indices")
        }
        guard clusterCount >= 0, clusterCount <= Self.maximumRows else { throw .invalidBatch("clusterCount \(clusterCount) out of range") }
        guard k == 0 ? setFeatures.isEmpty : setFeatures.count % k == 0 else {
            throw .invalidBatch("set features (\(setFeatures.count)) are not \(k) equal rows")
        }
        guard clusterCount == 0 ? setClusterFeatures.isEmpty : setClusterFeatures.count % clusterCount == 0 else {
            throw .invalidBatch("cluster features (\(setClusterFeatures.count)) are not \(clusterCount) equal rows")
        }
        for (i, local) in localClusterOfCandidate.enumerated() where local < -1 || Int(local) >= clusterCount {
            throw .invalidBatch("candidate \(i) has local cluster \(local) outside -1..<\(clusterCount)")
        }
        let base = self.clusterCount
        guard setOffsets.count == clusterOffsets.count, candidateCount + k <= Self.maximumRows, base + clusterCount <= Self.maximumRows else {
            throw .invalidBatch("batch is inconsistent or full")
        }
        features.append(contentsOf: setFeatures)
        modelIds.append(contentsOf: setModelIds)
        clusterOfCandidate.append(contentsOf: localClusterOfCandidate.map { $0 < 0 ? -1 : Int32(base) + $0 })
        clusterFeatures.append(contentsOf: setClusterFeatures)
        setOffsets.append(candidateCount)
        clusterOffsets.append(base + clusterCount)
    }

    /// Empties the batch but keeps its storage, so a serving loop can refill it without allocating.
    public mutating func removeAll() {
        features.removeAll(keepingCapacity: true)
        modelIds.removeAll(keepingCapacity: true)
        clusterOfCandidate.removeAll(keepingCapacity: true)
        clusterFeatures.removeAll(keepingCapacity: true)
        setOffsets.removeAll(keepingCapacity: true)
        setOffsets.append(0)
        clusterOffsets.removeAll(keepingCapacity: true)
        clusterOffsets.append(0)
    }

    public var candidateCount: Int { modelIds.count }
    public var setCount: Int { max(setOffsets.count - 1, 0) }
    public var clusterCount: Int { clusterOffsets.last ?? 0 }

    /// Checks every size, offset and index against each other and against `config`.
    /// O(N + C + S); run by every forward pass.
    public func validate(for config: PolicyConfig) throws(PolicyError) {
        let n = modelIds.count
        guard setOffsets.count >= 1 else { throw .invalidBatch("setOffsets must hold at least one element (0)") }
        guard clusterOffsets.count == setOffsets.count else {
            throw .invalidBatch("clusterOffsets has \(clusterOffsets.count) elements, setOffsets \(setOffsets.count)")
        }
        try Self.checkOffsets(setOffsets, total: n, name: "setOffsets")
        let c = clusterOffsets.last ?? 0
        guard n <= Self.maximumRows, c <= Self.maximumRows else {
            throw .invalidBatch("\(n) candidates / \(c) clusters exceed the limit of \(Self.maximumRows) per batch")
        }
        try Self.checkOffsets(clusterOffsets, total: c, name: "clusterOffsets")
        guard clusterOfCandidate.count == n else {
            throw .invalidBatch("clusterOfCandidate has \(clusterOfCandidate.count) elements, expected \(n)")
        }
        let (fProduct, fOverflow) = n.multipliedReportingOverflow(by: config.featureCount)
        guard !fOverflow, features.count == fProduct else {
            throw .invalidBatch("features has \(features.count) elements, expected \(n) x \(config.featureCount)")
        }
        let (gProduct, gOverflow) = c.multipliedReportingOverflow(by: config.clusterFeatureCount)
        guard !gOverflow, clusterFeatures.count == gProduct else {
            throw .invalidBatch("clusterFeatures has \(clusterFeatures.count) elements, expected \(c) x \(config.clusterFeatureCount)")
        }
        for (i, id) in modelIds.enumerated() where id < 0 || Int(id) >= config.vocabularySize {
            throw .invalidBatch("modelIds[\(i)] = \(id) outside 0..<\(config.vocabularySize)")
        }
        for s in 0..<setCount {
            let lo = clusterOffsets[s], hi = clusterOffsets[s + 1]
            for i in setOffsets[s]..<setOffsets[s + 1] {
                let k = Int(clusterOfCandidate[i])
                guard k == -1 || (k >= lo && k < hi) else {
                    throw .invalidBatch("clusterOfCandidate[\(i)] = \(k) is neither -1 nor a cluster of set \(s) (\(lo)..<\(hi))")
                }
            }
        }
        for (i, x) in features.enumerated() where !x.isFinite {
            throw .invalidBatch("features[\(i)] is not finite")
        }
        for (i, x) in clusterFeatures.enumerated() where !x.isFinite {
            throw .invalidBatch("clusterFeatures[\(i)] is not finite")
        }
    }

    /// Rows per batch are kept far below Int32.max, the BLAS index type.
    static let maximumRows = 1 << 24

    static func checkOffsets(_ offsets: [Int], total: Int, name: String) throws(PolicyError) {
        guard offsets.first == 0 else { throw .invalidBatch("\(name)[0] must be 0") }
        for i in 1..<offsets.count where offsets[i] < offsets[i - 1] {
            throw .invalidBatch("\(name) decreases at \(i)")
        }
        guard offsets.last == total else {
            throw .invalidBatch("\(name) ends at \(offsets.last ?? -1), expected \(total)")
        }
    }
}
