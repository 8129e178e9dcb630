public import AggLMWire

/// What a method decided for one candidate set.
public struct MethodOutcome: Sendable, Equatable {
    /// Index into `CandidateSet.clusters`; nil when every candidate abstained.
    public var cluster: Int?
    /// Method-specific strength: votes, summed weight, reward, probability.
    public var score: Double
    /// Another cluster scored the same; the tie was broken by the canonical
    /// cluster order (votes, then canonical key), never by candidate order.
    public var tie: Bool
    /// For methods that pick one candidate (best-of-N, shortest): its
    /// position in the set.
    public var memberPosition: Int?
    /// Where the scores came from, for the reward-model methods.
    public var scoreSource: Agglm_V1_ScoreSource
    /// The learned policy's evaluation behind this outcome (nil for other methods and for the
    /// policy's cheap path, when every answering candidate agrees).
    public var policyEvaluation: PolicyEvaluation?

    public init(
        cluster: Int?, score: Double, tie: Bool = false, memberPosition: Int? = nil,
        scoreSource: Agglm_V1_ScoreSource = .unspecified, policyEvaluation: PolicyEvaluation? = nil
    ) {
        self.cluster = cluster
        self.score = score
        self.tie = tie
        self.memberPosition = memberPosition
        self.scoreSource = scoreSource
        self.policyEvaluation = policyEvaluation
    }

    /// Every candidate abstained.
    public static let noAnswer = MethodOutcome(cluster: nil, score: 0)
}

public enum MethodResult: Sendable, Equatable {
    case decided(MethodOutcome)
    /// The method cannot run on this input (missing scores, no gold, no
    /// checkpoint); it does not guess.
    case unavailable(String)

    public var outcome: MethodOutcome? {
        if case .decided(let outcome) = self { return outcome }
        return nil
    }
}

/// One way to turn a candidate set into an answer cluster.
///
/// Contract: the result depends on the set's content only, never on the
/// order of its members. Methods may keep scratch state (hence `mutating`),
/// so each thread owns its own instances.
public protocol AggregationMethod {
    var method: Agglm_V1_Method { get }
    mutating func decide(_ set: CandidateSet) -> MethodResult
}

extension Agglm_V1_Method {
    /// The name used on the command line and in JSON reports.
    public var cliName: String {
        switch self {
        case .agglm: return "agglm"
        case .majority: return "majority"
        case .rmBestOfN: return "rm-best-of-n"
        case .rmWeighted: return "rm-weighted"
        case .confidenceWeighted: return "confidence-weighted"
        case .shortest: return "shortest"
        case .oracle: return "oracle"
        case .unspecified, .UNRECOGNIZED: return "unspecified"
        }
    }

    public init?(cliName: String) {
        guard let match = Self.allCases.first(where: { $0.cliName == cliName && $0 != .unspecified }) else { return nil }
        self = match
    }

    /// Every real method, in report order.
    public static let reportOrder: [Agglm_V1_Method] = [
        .majority, .agglm, .rmBestOfN, .rmWeighted, .confidenceWeighted, .shortest, .oracle,
    ]
}
