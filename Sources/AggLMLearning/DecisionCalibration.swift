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
/// Both are fitted on dev sets after training (`DecisionCalibrationFit`) and stored in the checkpoint.
/// Invariant: `identity` leaves every probability unchanged, and `apply` returns a distribution.
public struct DecisionCalibration: Sendable, Equatable, Codable {
    public var pluralityBonus: Double
    public var temperature: Double

    public static let identity = DecisionCalibration(pluralityBonus: 0, temperature: 1)
    /// Values outside these ranges are refused when loading a checkpoint.
    public static let bonusRange = 0.0...16.0
    public static let temperatureRange = 0.01...100.0

    public init(pluralityBonus: Double, temperature: Double) {
        self.pluralityBonus = pluralityBonus
        self.temperature = temperature
    }

    /// - Parameters:
    ///   - probabilities: the policy's distribution over the set's clusters.
    ///   - isLargest: per cluster, same order: whether it is tied for the most votes.
    public func apply(_ probabilities: [Double], isLargest: [Bool]) -> [Double] {
        guard self != .identity, probabilities.count > 1, isLargest.count == probabilities.count else { return probabilities }
        var scores = probabilities.indices.map { index in
            // A probability of 0 (float underflow) stays 0 rather than producing NaN.
            (Foundation.log(max(probabilities[index], Double.leastNonzeroMagnitude))
                + (isLargest[index] ? pluralityBonus : 0)) / temperature
        }
        let largest = scores.max() ?? 0
        var total = 0.0
        for index in scores.indices {
            scores[index] = Foundation.exp(scores[index] - largest)
            total += scores[index]
        }
        return scores.map { $0 / total }
    }

    // Checkpoint metadata keys; a checkpoint without them predates calibration and uses `identity`.
    public static let bonusKey = "decision_plurality_bonus"
    public static let temperatureKey = "decision_temperature"

    var metadata: [String: String] {
        [Self.bonusKey: String(pluralityBonus), Self.temperatureKey: String(temperature)]
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
    }
}
