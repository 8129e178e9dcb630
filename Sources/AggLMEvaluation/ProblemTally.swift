public import AggLMWire

/// Per problem, what every method got right over that problem's sets.
public struct ProblemTally: Sendable {
    public struct MethodTally: Sendable {
        public var correct = 0
        public var correctByBucket: [SetBucket: Int] = [:]
        /// Sets this method got right and majority wrong, and the reverse.
        public var winsOverMajority = 0
        public var lossesToMajority = 0
    }

    public var sets = 0
    public var setsByBucket: [SetBucket: Int] = [:]
    /// Sum over sets of the fraction of members that are right (pass@1).
    public var candidateAccuracySum = 0.0
    public var methods: [Agglm_V1_Method: MethodTally] = [:]
    /// Methods that were unavailable on at least one set of this problem.
    public var unavailable: Set<Agglm_V1_Method> = []

    public init() {}

    /// Mean accuracy of `method` over this problem's sets.
    public func accuracy(_ method: Agglm_V1_Method) -> Double {
        guard sets > 0 else { return 0 }
        return Double(methods[method]?.correct ?? 0) / Double(sets)
    }
}
