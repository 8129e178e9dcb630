/// Shape of a `PolicyNetwork`. All sizes are validated by `validate()` (every network initialiser
/// calls it), so a config read from a checkpoint cannot request an absurd allocation.
public struct PolicyConfig: Sendable, Equatable, Hashable {
    /// F: features per candidate.
    public var featureCount: Int
    /// G: features per cluster (consensus features: vote share, rank, ...); may be 0.
    public var clusterFeatureCount: Int
    /// V: model-name vocabulary size including row 0 = "unknown".
    public var vocabularySize: Int
    /// Width of the model-name embedding.
    public var embeddingDimension: Int
    /// H: hidden width of the encoder and the head.
    public var hiddenSize: Int

    public init(featureCount: Int, clusterFeatureCount: Int, vocabularySize: Int, embeddingDimension: Int = 8, hiddenSize: Int = 64) {
        self.featureCount = featureCount
        self.clusterFeatureCount = clusterFeatureCount
        self.vocabularySize = vocabularySize
        self.embeddingDimension = embeddingDimension
        self.hiddenSize = hiddenSize
    }

    public func validate() throws(PolicyError) {
        try NetworkLimits.check("featureCount", featureCount, minimum: 0)
        try NetworkLimits.check("clusterFeatureCount", clusterFeatureCount, minimum: 0)
        try NetworkLimits.check("vocabularySize", vocabularySize, minimum: 1)
        try NetworkLimits.check("embeddingDimension", embeddingDimension, minimum: 1)
        try NetworkLimits.check("hiddenSize", hiddenSize, minimum: 1)
    }
}

/// Bounds on network dimensions: generous for this project (features and hidden sizes in the tens
/// to hundreds) while keeping every derived product far from Int overflow and from allocations a
/// corrupt checkpoint could otherwise demand.
enum NetworkLimits {
    static let maximumDimension = 4096
    static let maximumVocabulary = 1 << 16

    static func check(_ name: String, _ value: Int, minimum: Int) throws(PolicyError) {
        let maximum = name == "vocabularySize" ? maximumVocabulary : maximumDimension
        guard value >= minimum, value <= maximum else {
            throw .invalidConfig("\(name) = \(value), allowed \(minimum)...\(maximum)")
        }
    }
}
