public import AggLMFeatures
import Foundation

/// How the policy's cluster probabilities become the served decision and its confidence.
///
/// `p'(c) ∝ exp((log p(c) + pluralityBonus · [c is a largest cluster]) / temperature)`
///
/// - `pluralityBonus` (log-odds, ≥ 0) makes the policy overturn the vote only when its evidence is
///   strong enough: a set where the majority is right is worth keeping, and the policy's small edge on
///   contested sets is not always worth the risk. Every cluster tied for the largest vote gets it, so
///   the result does not depend on candidate order.
/// - `temperature` (> 0) rescales the confidence without changing which cluster wins.
///
/// - A bonus of `majorityOnlyBonus` restricts the choice to the largest clusters outright: the
///   fall-back for pools the policy's evidence was never checked on.
/// - `regimeBonuses` replace `pluralityBonus` for the kinds of pool (`PoolRegime`) the dev data had
///   enough of: a policy that has learned who-said-what in mixed pools needs a higher bar in one-model
///   pools, where that evidence does not exist. A regime without its own bonus gets `pluralityBonus`.
///
/// - `majorityVoteRegimes` are served by majority vote itself, its tie rule included (the first of the
///   clusters tied for the most votes, in canonical order): the policy neither overturns nor breaks
///   ties there, because the dev data could not show that either beats the vote beyond noise.
/// - `scoreGates`, for kinds of pool with client scores: a gentler bonus on the sets whose own scores
///   back the overturn (`ScoreChannelGate`), the regime's bonus on the others. Only
///   `apply(_:encoding:)` reads them (the gate needs the set's scores).
/// - `channelTrust`, for kinds of pool with client scores: a gentler bonus when the client's score
///   channel agrees with the vote across the whole batch (`ScoreChannelTrust`); only a calibration
///   made for a batch by `trusting(_:)` uses it, so with client scores a problem's decision may depend
///   on the other problems of its batch.
///
/// All are fitted on dev sets after training (`DecisionCalibrationFit`) and stored in the checkpoint.
/// Invariant: `identity` leaves every probability unchanged, and `apply` returns a distribution.
public struct DecisionCalibration: Sendable, Equatable, Codable {
    public var pluralityBonus: Double
    public var temperature: Double
    public var regimeBonuses: [PoolRegime: Double] = [:]
    public var scoreGates: [PoolRegime: ScoreChannelGate] = [:]
    public var majorityVoteRegimes: Set<PoolRegime> = []
    public var channelTrust: ScoreChannelTrust?

    public static let identity = DecisionCalibration(pluralityBonus: 0, temperature: 1)
    /// Values outside these ranges are refused when loading a checkpoint.
    static let bonusRange = 0.0...16.0
    /// A bonus this large means majority vote: only the clusters tied for the most votes keep any
    /// probability, the policy choosing among them (it breaks ties) however sure it is of another.
    public static let majorityOnlyBonus = bonusRange.upperBound
    static let temperatureRange = 0.01...100.0

    public init(
        pluralityBonus: Double, temperature: Double, regimeBonuses: [PoolRegime: Double] = [:], scoreGates: [PoolRegime: ScoreChannelGate] = [:],
        majorityVoteRegimes: Set<PoolRegime> = [], channelTrust: ScoreChannelTrust? = nil
    ) {
        self.pluralityBonus = pluralityBonus
        self.temperature = temperature
        self.regimeBonuses = regimeBonuses
        self.scoreGates = scoreGates
        self.majorityVoteRegimes = majorityVoteRegimes
        self.channelTrust = channelTrust
    }

    enum CodingKeys: String, CodingKey { case pluralityBonus, temperature, regimeBonuses, scoreGates, majorityVoteRegimes, channelTrust }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pluralityBonus = try container.decode(Double.self, forKey: .pluralityBonus)
        temperature = try container.decode(Double.self, forKey: .temperature)
        regimeBonuses = Self.byRegime(try container.decodeIfPresent([String: Double].self, forKey: .regimeBonuses) ?? [:])
        scoreGates = Self.byRegime(try container.decodeIfPresent([String: ScoreChannelGate].self, forKey: .scoreGates) ?? [:])
        majorityVoteRegimes = Set((try container.decodeIfPresent([String].self, forKey: .majorityVoteRegimes) ?? []).compactMap(PoolRegime.init(key:)))
        channelTrust = try container.decodeIfPresent(ScoreChannelTrust.self, forKey: .channelTrust)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pluralityBonus, forKey: .pluralityBonus)
        try container.encode(temperature, forKey: .temperature)
        try container.encode(Self.byKey(regimeBonuses), forKey: .regimeBonuses)
        if !scoreGates.isEmpty { try container.encode(Self.byKey(scoreGates), forKey: .scoreGates) }
        if !majorityVoteRegimes.isEmpty { try container.encode(majorityVoteRegimeKeys, forKey: .majorityVoteRegimes) }
        try container.encodeIfPresent(channelTrust, forKey: .channelTrust)
    }

    /// The calibration for one batch whose client score channel was estimated as `estimate` (nil:
    /// unknown): each kind of pool with client scores that `channelTrust` gives a bonus at that estimate
    /// gets it, in place of its own bonus, majority-vote rule and score gate. Unchanged without
    /// `channelTrust` or when the estimate is unknown, so old checkpoints and single-problem batches
    /// are decided as before.
    public func trusting(_ estimate: ScoreChannelAgreement?) -> DecisionCalibration {
        guard let channelTrust else { return self }
        var batch = self
        for regime in PoolRegime.all where regime.clientScores {
            guard let trusted = channelTrust.bonus(for: regime, estimate: estimate) else { continue }
            batch.regimeBonuses[regime] = trusted
            batch.majorityVoteRegimes.remove(regime)
            batch.scoreGates[regime] = nil
        }
        return batch
    }

    /// The bonus a set of `regime` gets (`pluralityBonus` when nil or not fitted).
    public func bonus(for regime: PoolRegime?) -> Double {
        regime.flatMap { regimeBonuses[$0] } ?? pluralityBonus
    }

    /// - Parameters:
    ///   - probabilities: the policy's distribution over the set's clusters.
    ///   - isLargest: per cluster, same order: whether it is tied for the most votes.
    ///   - regime: the set's kind of pool; nil applies `pluralityBonus`.
    public func apply(_ probabilities: [Double], isLargest: [Bool], regime: PoolRegime? = nil) -> [Double] {
        if let regime, majorityVoteRegimes.contains(regime), let vote = Self.majorityVote(probabilities, isLargest: isLargest) { return vote }
        return apply(probabilities, isLargest: isLargest, bonus: bonus(for: regime))
    }

    /// Majority vote as a distribution: equal shares for the clusters tied for the most votes, so the
    /// first of them wins (`choice`, and the aggregator, take the first of equals) exactly as majority
    /// vote breaks its ties, and the confidence says how many answers were tied. Nil when the shapes
    /// disagree or no cluster is marked largest.
    static func majorityVote(_ probabilities: [Double], isLargest: [Bool]) -> [Double]? {
        let tied = isLargest.lazy.filter { $0 }.count
        guard probabilities.count > 1, isLargest.count == probabilities.count, tied > 0 else { return nil }
        return isLargest.map { $0 ? 1 / Double(tied) : 0 }
    }

    /// The served decision for an encoded set: as `apply(_:isLargest:regime:)` with the set's regime,
    /// except that in a regime with a score gate the gate's bonus decides when the overturn it leads to
    /// is backed by the set's scores (`ScoreChannelGate.support`).
    public func apply(_ probabilities: [Double], encoding: SetEncoding) -> [Double] {
        let isLargest = encoding.isLargestCluster
        guard !majorityVoteRegimes.contains(encoding.regime), let gate = scoreGates[encoding.regime] else { return apply(probabilities, isLargest: isLargest, regime: encoding.regime) }
        let followed = apply(probabilities, isLargest: isLargest, bonus: gate.openBonus)
        guard let choice = Self.choice(followed), choice < isLargest.count, !isLargest[choice],
            !gate.opens(support: ScoreChannelGate.support(for: choice, in: encoding))
        else { return followed }
        return apply(probabilities, isLargest: isLargest, regime: encoding.regime)
    }

    /// The most probable cluster, the first of equals (so a tie is decided by cluster order, as the
    /// aggregator decides it); nil for an empty distribution.
    public static func choice(_ probabilities: [Double]) -> Int? {
        probabilities.indices.max { (probabilities[$0], -$0) < (probabilities[$1], -$1) }
    }

    func apply(_ probabilities: [Double], isLargest: [Bool], bonus: Double) -> [Double] {
        guard self != .identity, probabilities.count > 1, isLargest.count == probabilities.count else { return probabilities }
        let majorityOnly = bonus >= Self.majorityOnlyBonus && isLargest.contains(true)
        var scores = probabilities.indices.map { index in
            // A probability of 0 (float underflow) stays 0 rather than producing NaN.
            (Foundation.log(max(probabilities[index], Double.leastNonzeroMagnitude))
                + (isLargest[index] ? bonus : 0)) / temperature
        }
        let largest = scores.indices.filter { !majorityOnly || isLargest[$0] }.map { scores[$0] }.max() ?? 0
        var total = 0.0
        for index in scores.indices {
            scores[index] = majorityOnly && !isLargest[index] ? 0 : Foundation.exp(scores[index] - largest)
            total += scores[index]
        }
        return scores.map { $0 / total }
    }

    // Checkpoint metadata keys; a checkpoint without them predates calibration and uses `identity`
    // (without the per-regime key, every regime gets the one bonus).
    public static let bonusKey = "decision_plurality_bonus"
    public static let temperatureKey = "decision_temperature"
    public static let regimeBonusesKey = "decision_plurality_bonus_by_regime"
    /// `{"one-model+scores":{"openBonus":0.5,"threshold":2},...}`. A checkpoint without it (written
    /// before the gate existed, or by `--calibration robust`) serves every set with its regime's bonus,
    /// as before; code that predates the key ignores it and does the same.
    public static let scoreGatesKey = "decision_score_gate_by_regime"
    /// `["one-model","unnamed"]`: the kinds of pool served by majority vote's own rule. Absent: none
    /// (checkpoints written before the rule); code that predates the key serves them with their stored
    /// bonus, `majorityOnlyBonus`, so only the tie-breaks among the largest clusters differ.
    public static let majorityVoteRegimesKey = "decision_majority_vote_regimes"
    /// `{"minimumSets":16,"steps":{"one-model+scores":[{"agreement":0.7,"bonus":1},...],...}}` (sorted
    /// keys). Absent: no batch trust (every checkpoint before issue 13 round 5); code that predates the
    /// key ignores it and serves every batch with the regimes' own bonuses.
    public static let channelTrustKey = "decision_score_channel_trust"

    var metadata: [String: String] {
        var all = [Self.bonusKey: String(pluralityBonus), Self.temperatureKey: String(temperature)]
        if !regimeBonuses.isEmpty { all[Self.regimeBonusesKey] = regimeBonusesJSON }
        if !scoreGates.isEmpty { all[Self.scoreGatesKey] = scoreGatesJSON }
        if !majorityVoteRegimes.isEmpty { all[Self.majorityVoteRegimesKey] = majorityVoteRegimesJSON }
        if channelTrust != nil { all[Self.channelTrustKey] = channelTrustJSON }
        return all
    }

    /// The majority-vote regimes' keys, sorted, so the same calibration writes the same bytes.
    var majorityVoteRegimeKeys: [String] { majorityVoteRegimes.map(\.key).sorted() }

    public var majorityVoteRegimesJSON: String { Self.sortedJSON(majorityVoteRegimeKeys, orEmpty: "[]") }

    /// The batch trust map as sorted-key JSON ("{}" without one), so the same calibration writes the same bytes.
    public var channelTrustJSON: String { channelTrust.map { Self.sortedJSON($0, orEmpty: "{}") } ?? "{}" }

    /// The score gates as sorted-key JSON, so the same calibration writes the same bytes.
    public var scoreGatesJSON: String { Self.sortedJSON(Self.byKey(scoreGates), orEmpty: "{}") }

    /// `{"one-model":1.5,...}`, keys sorted, so the same calibration writes the same bytes.
    public var regimeBonusesJSON: String { Self.sortedJSON(Self.byKey(regimeBonuses), orEmpty: "{}") }

    /// `value` as JSON with sorted keys (`orEmpty` if it cannot be encoded, which plain numbers and
    /// strings never cause).
    static func sortedJSON(_ value: some Encodable, orEmpty empty: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? empty
    }

    /// Per-regime values keyed by `PoolRegime.key`, the form the checkpoint stores.
    static func byKey<Value>(_ values: [PoolRegime: Value]) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.key, $0.value) })
    }

    /// Back from `PoolRegime.key`s; keys of no known regime are dropped.
    static func byRegime<Value>(_ values: [String: Value]) -> [PoolRegime: Value] {
        Dictionary(uniqueKeysWithValues: values.compactMap { key, value in PoolRegime(key: key).map { ($0, value) } })
    }

    /// The error for a stored key that names no kind of pool.
    static func unknownRegime(_ key: String, in metadataKey: String) -> LearnedCheckpointError {
        .invalidMetadata(key: metadataKey, reason: "unknown regime \"\(key)\" (known: \(PoolRegime.all.map(\.key).joined(separator: ", ")))")
    }

    init(metadata: [String: String]) throws(LearnedCheckpointError) {
        func value(_ key: String, default fallback: Double, range: ClosedRange<Double>) throws(LearnedCheckpointError) -> Double {
            guard let text = metadata[key] else { return fallback }
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw .invalidMetadata(key: key, reason: "\"\(text)\" is not a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        pluralityBonus = try value(Self.bonusKey, default: 0, range: Self.bonusRange)
        temperature = try value(Self.temperatureKey, default: 1, range: Self.temperatureRange)
        scoreGates = try Self.scoreGates(metadata: metadata)
        majorityVoteRegimes = try Self.majorityVoteRegimes(metadata: metadata)
        channelTrust = try Self.channelTrust(metadata: metadata)
        guard let text = metadata[Self.regimeBonusesKey] else { return }
        guard let byKey = try? JSONDecoder().decode([String: Double].self, from: Data(text.utf8)) else {
            throw .invalidMetadata(key: Self.regimeBonusesKey, reason: "not a JSON object of numbers")
        }
        for (key, bonus) in byKey {
            guard let regime = PoolRegime(key: key) else { throw Self.unknownRegime(key, in: Self.regimeBonusesKey) }
            guard bonus.isFinite, Self.bonusRange.contains(bonus) else {
                throw .invalidMetadata(key: Self.regimeBonusesKey, reason: "\(key): \(bonus) is not in \(Self.bonusRange.lowerBound)...\(Self.bonusRange.upperBound)")
            }
            regimeBonuses[regime] = bonus
        }
    }

    /// The majority-vote regimes stored in `metadata`; none when the key is absent.
    static func majorityVoteRegimes(metadata: [String: String]) throws(LearnedCheckpointError) -> Set<PoolRegime> {
        guard let text = metadata[majorityVoteRegimesKey] else { return [] }
        guard let keys = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw .invalidMetadata(key: majorityVoteRegimesKey, reason: "not a JSON array of kinds of pool")
        }
        var regimes: Set<PoolRegime> = []
        for key in keys {
            guard let regime = PoolRegime(key: key) else { throw unknownRegime(key, in: majorityVoteRegimesKey) }
            regimes.insert(regime)
        }
        return regimes
    }

    /// The batch trust map stored in `metadata`; nil when the key is absent.
    static func channelTrust(metadata: [String: String]) throws(LearnedCheckpointError) -> ScoreChannelTrust? {
        guard let text = metadata[channelTrustKey] else { return nil }
        struct Stored: Decodable {
            var minimumSets: Int
            var steps: [String: [ScoreChannelTrust.Step]]
        }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else {
            throw .invalidMetadata(key: channelTrustKey, reason: "not a JSON object {\"minimumSets\": integer, \"steps\": {kind of pool: [{\"agreement\": number, \"bonus\": number}]}}")
        }
        guard stored.minimumSets >= 1 else { throw .invalidMetadata(key: channelTrustKey, reason: "minimumSets \(stored.minimumSets) is below 1") }
        var steps: [PoolRegime: [ScoreChannelTrust.Step]] = [:]
        for (key, regimeSteps) in stored.steps {
            guard let regime = PoolRegime(key: key), regime.clientScores else {
                throw .invalidMetadata(key: channelTrustKey, reason: "\"\(key)\" is not a kind of pool with client scores")
            }
            for (index, step) in regimeSteps.enumerated() {
                guard step.agreement.isFinite, (0...1).contains(step.agreement), step.bonus.isFinite, bonusRange.contains(step.bonus) else {
                    throw .invalidMetadata(key: channelTrustKey, reason: "\(key): step \(index) needs an agreement in 0...1 and a bonus in \(bonusRange.lowerBound)...\(bonusRange.upperBound)")
                }
                guard index == 0 || regimeSteps[index - 1].agreement < step.agreement else {
                    throw .invalidMetadata(key: channelTrustKey, reason: "\(key): steps must be in increasing agreement")
                }
            }
            steps[regime] = regimeSteps
        }
        return ScoreChannelTrust(steps: steps, minimumSets: stored.minimumSets)
    }

    /// The score gates stored in `metadata`; none when the key is absent.
    static func scoreGates(metadata: [String: String]) throws(LearnedCheckpointError) -> [PoolRegime: ScoreChannelGate] {
        guard let text = metadata[scoreGatesKey] else { return [:] }
        guard let byKey = try? JSONDecoder().decode([String: ScoreChannelGate].self, from: Data(text.utf8)) else {
            throw .invalidMetadata(key: scoreGatesKey, reason: "not a JSON object of {\"openBonus\": number, \"threshold\": number}")
        }
        var gates: [PoolRegime: ScoreChannelGate] = [:]
        for (key, gate) in byKey {
            guard let regime = PoolRegime(key: key), regime.clientScores else {
                throw .invalidMetadata(key: scoreGatesKey, reason: "\"\(key)\" is not a kind of pool with client scores (known: \(PoolRegime.all.filter(\.clientScores).map(\.key).joined(separator: ", ")))")
            }
            guard gate.openBonus.isFinite, bonusRange.contains(gate.openBonus) else {
                throw .invalidMetadata(key: scoreGatesKey, reason: "\(key): bonus \(gate.openBonus) is not in \(bonusRange.lowerBound)...\(bonusRange.upperBound)")
            }
            guard gate.threshold.isFinite, abs(gate.threshold) <= ScoreChannelGate.supportLimit + 1 else {
                throw .invalidMetadata(key: scoreGatesKey, reason: "\(key): threshold \(gate.threshold) is not in ±\(ScoreChannelGate.supportLimit + 1)")
            }
            gates[regime] = gate
        }
        return gates
    }
}
