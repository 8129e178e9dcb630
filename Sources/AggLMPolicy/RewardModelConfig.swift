/// Shape of a `RewardModelNetwork` (per-candidate correctness model; no cluster inputs).
public struct RewardModelConfig: Sendable, Equatable, Hashable {
    /// Features per candidate (the candidate features without consensus features).
    public var featureCount: Int
    /// Model-name vocabulary size including row 0 = "unknown".
    public var vocabularySize: Int
    public var embeddingDimension: Int
    public var hiddenSize: Int

    public init(featureCount: Int, vocabularySize: Int, embeddingDimension: Int = 8, hiddenSize: Int = 64) {
        self.featureCount = featureCount
        self.vocabularySize = vocabularySize
        self.embeddingDimension = embeddingDimension
        self.hiddenSize = hiddenSize
    }

    public func validate() throws(PolicyError) {
        try NetworkLimits.check("featureCount", featureCount, minimum: 0)
        try NetworkLimits.check("vocabularySize", vocabularySize, minimum: 1)
        try NetworkLimits.check("embeddingDimension", embeddingDimension, minimum: 1)
        try NetworkLimits.check("hiddenSize", hiddenSize, minimum: 1)
    }
}
