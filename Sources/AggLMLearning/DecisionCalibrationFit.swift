import AggLMEvaluation
import Foundation
public import AggLMPolicy

/// Fits the `DecisionCalibration` of a trained policy on its dev sets, never on training or test data.
///
/// - Plurality bonus: the *largest* bonus on `bonusGrid` whose dev accuracy (mean of named and
///   anonymous, averaged per problem) is within one paired standard error of the best bonus's. This is
///   the one-standard-error rule: among choices the dev set cannot tell apart, take the most
///   conservative one, the one that overturns the majority least often.
/// - Temperature: with that bonus, the value on `temperatureGrid` that minimises the log-loss of the
///   named decision's confidence against its correctness, so a confidence of 0.8 means right about
///   80% of the time.
public enum DecisionCalibrationFit {
    public static let bonusGrid: [Double] = (0...30).map { Double($0) / 10 }
    public static let temperatureGrid: [Double] = (0...64).map { Foundation.exp(Foundation.log(0.25) + Double($0) / 64 * Foundation.log(256)) }

    public struct Result: Sendable, Codable {
        public var calibration: DecisionCalibration
        /// Dev accuracy (mean of named and anonymous, per problem) without and with the chosen bonus.
        public var accuracyWithoutBonus: Double
        public var accuracyWithBonus: Double
        /// Dev easy-set retention (named) without and with the chosen bonus.
        public var retentionWithoutBonus: Double
        public var retentionWithBonus: Double
        /// Dev expected calibration error of the named confidence, before and after.
        public var eceBefore: Double
        public var eceAfter: Double
    }

    public static func fit(_ dev: DevSet, policy: PolicyNetwork) throws(PolicyError) -> Result {
        let workspace = PolicyWorkspace()
        let named = try dev.clusterProbabilities(policy: policy, workspace: workspace, hideNames: false)
        let anonymous = try dev.clusterProbabilities(policy: policy, workspace: workspace, hideNames: true)
        let largest = dev.contested.map(\.encoding.isLargestCluster)

        func calibrated(_ probabilities: [[Double]], _ calibration: DecisionCalibration) -> [[Double]] {
            zip(probabilities, largest).map { calibration.apply($0, isLargest: $1) }
        }
        /// Per problem: the share of its sets answered right (named and anonymous averaged).
        func perProblemAccuracy(bonus: Double) -> [Double] {
            let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: 1)
            var right = dev.uncontestedCorrectOfProblem.map(Double.init)
            for probabilities in [named, anonymous] {
                for (s, p) in calibrated(probabilities, calibration).enumerated() where dev.contested[s].picksCorrect(p) {
                    right[dev.problemOfContested[s]] += 0.5
                }
            }
            return zip(right, dev.setsOfProblem).compactMap { $1 > 0 ? $0 / Double($1) : nil }
        }

        let accuracies = bonusGrid.map(perProblemAccuracy(bonus:))
        let means = accuracies.map(Bootstrap.mean)
        let bestIndex = means.indices.max { (means[$0], -$0) < (means[$1], -$1) } ?? 0
        var chosen = bestIndex
        for index in bonusGrid.indices where index > bestIndex {
            let differences = zip(accuracies[index], accuracies[bestIndex]).map { $0 - $1 }
            if Bootstrap.mean(differences) >= -standardError(differences) { chosen = index }
        }
        let bonus = bonusGrid[chosen]

        let decisions = calibrated(named, DecisionCalibration(pluralityBonus: bonus, temperature: 1))
        let correct = zip(dev.contested, decisions).map { $0.picksCorrect($1) }
        let losses = temperatureGrid.map { logLoss(decisions, correct: correct, temperature: $0) }
        let temperature = losses.indices.min { (losses[$0], $0) < (losses[$1], $1) }.map { temperatureGrid[$0] } ?? 1
        let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: temperature)
        return Result(
            calibration: calibration,
            accuracyWithoutBonus: means[0], accuracyWithBonus: means[chosen],
            retentionWithoutBonus: easyRetention(dev, named), retentionWithBonus: easyRetention(dev, decisions),
            eceBefore: expectedCalibrationError(dev, named), eceAfter: expectedCalibrationError(dev, calibrated(named, calibration)))
    }

    /// Binary log-loss of the chosen cluster's confidence after rescaling by `temperature`
    /// (which never changes the choice, so `correct` holds for every temperature).
    static func logLoss(_ decisions: [[Double]], correct: [Bool], temperature: Double) -> Double {
        let rescale = DecisionCalibration(pluralityBonus: 0, temperature: temperature)
        var loss = 0.0
        for (p, right) in zip(decisions, correct) {
            let confidence = min(max(rescale.apply(p, isLargest: p.map { _ in false }).max() ?? 0, 1e-6), 1 - 1e-6)
            loss -= right ? Foundation.log(confidence) : Foundation.log(1 - confidence)
        }
        return loss
    }

    static func expectedCalibrationError(_ dev: DevSet, _ probabilities: [[Double]]) -> Double {
        Calibration.expectedError(zip(dev.contested, probabilities).map { (confidence: $1.max() ?? 0, correct: $0.picksCorrect($1)) })
    }

    /// Share of the easy sets (majority right) still answered right, cheap path included.
    static func easyRetention(_ dev: DevSet, _ probabilities: [[Double]]) -> Double {
        var easy = dev.uncontestedCorrect, kept = dev.uncontestedCorrect
        for (example, p) in zip(dev.contested, probabilities) where example.majorityCorrect {
            easy += 1
            if example.picksCorrect(p) { kept += 1 }
        }
        return easy == 0 ? 1 : Double(kept) / Double(easy)
    }

    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let m = Bootstrap.mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}
