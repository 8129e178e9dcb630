public import AggLMFeatures

/// How far the policy may follow a client's score channel, as a function of the channel's agreement
/// with the vote estimated over the whole batch (`ScoreChannelAgreement`): per kind of pool with
/// client scores, a step function from the estimate to the plurality bonus.
///
/// Why: one bonus per kind of pool has to be safe for the worst channel a client might send (a reward
/// model that misleads on one-model pools), so it throws away a strong channel's gain. A batch shows
/// which channel it is; the steps let a channel that agrees with clear consensus far beyond chance
/// overturn pluralities with a gentler bonus. Consequence, documented for users: with client scores a
/// problem's decision may depend on the other problems of its batch (through this one number).
///
/// Below `minimumSets` consensus sets the estimate is unknown and the kind of pool keeps its own
/// bonus (`DecisionCalibration.regimeBonuses`): a single-problem request is decided as without trust.
/// Fitted on dev channel probes (`ScoreChannelTrustFit`), stored in the checkpoint; a checkpoint
/// without it behaves as before.
public struct ScoreChannelTrust: Sendable, Equatable, Codable {
    /// From `agreement` up (inclusive), the plurality bonus is `bonus`.
    public struct Step: Sendable, Equatable, Codable {
        public var agreement: Double
        public var bonus: Double

        public init(agreement: Double, bonus: Double) {
            self.agreement = agreement
            self.bonus = bonus
        }
    }

    /// Per kind of pool with client scores, steps in increasing `agreement`.
    public var steps: [PoolRegime: [Step]]
    /// The consensus sets a batch needs for its estimate to count.
    public var minimumSets: Int

    public init(steps: [PoolRegime: [Step]], minimumSets: Int) {
        self.steps = steps
        self.minimumSets = minimumSets
    }

    /// The bonus `regime` gets at `estimate`; nil when the estimate is unknown (absent or below
    /// `minimumSets`) or no step of the regime is reached.
    public func bonus(for regime: PoolRegime, estimate: ScoreChannelAgreement?) -> Double? {
        guard let estimate, estimate.sets >= minimumSets, let regimeSteps = steps[regime] else { return nil }
        return regimeSteps.last { estimate.agreement >= $0.agreement }?.bonus
    }

    enum CodingKeys: String, CodingKey { case steps, minimumSets }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minimumSets = try container.decode(Int.self, forKey: .minimumSets)
        steps = DecisionCalibration.byRegime(try container.decode([String: [Step]].self, forKey: .steps))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(DecisionCalibration.byKey(steps), forKey: .steps)
        try container.encode(minimumSets, forKey: .minimumSets)
    }
}
