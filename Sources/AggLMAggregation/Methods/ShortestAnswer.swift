public import AggLMWire

/// The answer of the shortest output (short-m@k with m = 1): shorter
/// reasoning chains are, surprisingly often, the correct ones.
///
/// Length is in tokens when the client sent token counts, else in UTF-8
/// bytes. Abstaining candidates are skipped.
public struct ShortestAnswer: AggregationMethod {
    public init() {}

    public var method: Agglm_V1_Method { .shortest }

    public mutating func decide(_ set: CandidateSet) -> MethodResult {
        .decided(ClusterScoring.bestMember(of: set) { -Double(set.candidate($0).length) })
    }
}
