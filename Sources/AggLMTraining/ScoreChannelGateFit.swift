import AggLMEvaluation
import AggLMFeatures
import AggLMLearned

/// Fits the `ScoreChannelGate` of one kind of pool with client scores on the dev channel probes
/// (`ScoreChannelProbes`: the dev problems scored at each simulated noise level, and by the policy's
/// own reward model, which misleads on one-model MATH pools).
///
/// Objective, over every (open bonus, threshold) on the grids and "no gate" (the regime's fall-back
/// bonus on every set, the robust calibration):
/// 1. Do no harm at the confidence the robust calibration uses: on every probe, the lower bound of
///    the paired per-problem gain over majority vote (mean − one standard error) must stay at or
///    above 0, or at or above the robust calibration's own lower bound when that is already below 0.
/// 2. Among those, the highest mean gain over the robust calibration, averaged over the probes with
///    equal weight: a client's channel is one of them, and the strong ones are where a gate can gain.
/// 3. Equal gains go to the higher threshold, then the higher bonus (the gate that opens least).
/// The gate is kept only when that mean gain is above 0.
enum ScoreChannelGateFit {
    /// Thresholds on `ScoreChannelGate.support` (a t statistic); the first opens for every overturn.
    static let thresholdGrid: [Double] = [-ScoreChannelGate.supportLimit] + (0...12).map { Double($0) / 2 } + [7, 8, 10]
    static var openBonusGrid: [Double] { DecisionCalibrationFit.bonusGrid }

    /// What the fit found, per judge (probe, and for sets without names the kind of pool they came from).
    struct Outcome {
        var gate: ScoreChannelGate?
        /// Per judge: mean per-problem gain over majority vote of the robust calibration and with the gate.
        var robustGains: [Double]
        var gatedGains: [Double]
    }

    /// One contested set of the regime seen by one judge.
    struct GatedSet {
        var problem: Int
        var majorityRight: Bool
        var fallbackRight: Bool
        /// Per open bonus: whether its choice is right, and the support of that choice (the support
        /// limit when it keeps a largest cluster: nothing to gate).
        var openRight: [Bool]
        var openSupport: [Double]

        func right(bonusIndex: Int, threshold: Double) -> Bool {
            openSupport[bonusIndex] >= threshold ? openRight[bonusIndex] : fallbackRight
        }
    }

    struct Judge {
        var sets: [GatedSet]
        var problemCount: Int

        /// Per problem with sets: the share of them `right` answers right.
        func perProblem(_ right: (GatedSet) -> Bool) -> [Double] {
            var hits = [Double](repeating: 0, count: problemCount), counts = hits
            for set in sets {
                counts[set.problem] += 1
                if right(set) { hits[set.problem] += 1 }
            }
            return zip(hits, counts).compactMap { $1 > 0 ? $0 / $1 : nil }
        }
    }

    static func judge(_ evidence: DecisionCalibrationFit.Evidence, regime: PoolRegime, origin: PoolRegime.Names?, fallbackBonus: Double) -> Judge {
        let fallback = DecisionCalibration(pluralityBonus: fallbackBonus, temperature: 1)
        let opens = openBonusGrid.map { DecisionCalibration(pluralityBonus: $0, temperature: 1) }
        var sets: [GatedSet] = []
        evidence.forEachSet(of: regime, origin: origin) { pass, s in
            let example = evidence.dev.contested[s], p = pass.probabilities[s], largest = evidence.largest[s]
            var openRight: [Bool] = [], openSupport: [Double] = []
            for open in opens {
                let choice = DecisionCalibration.choice(open.apply(p, isLargest: largest))
                openRight.append(choice.map { example.clusterRewards[$0] > 0 } ?? false)
                openSupport.append(choice.map { ScoreChannelGate.support(for: $0, in: example.encoding) } ?? ScoreChannelGate.supportLimit)
            }
            sets.append(GatedSet(
                problem: evidence.dev.problemOfContested[s], majorityRight: example.majorityCorrect,
                fallbackRight: example.picksCorrect(fallback.apply(p, isLargest: largest)), openRight: openRight, openSupport: openSupport))
        }
        return Judge(sets: sets, problemCount: evidence.dev.setsOfProblem.count)
    }

    /// - Parameter judges: one per probe (and origin), each with its sets of the regime; judges without
    ///   sets are ignored, and a judge with fewer than `minimumRegimeProblems` problems keeps the gate off.
    /// - Parameter fallbackBonus: the regime's bonus without the gate; only gentler open bonuses are tried.
    static func fit(_ judges: [Judge], fallbackBonus: Double) -> Outcome {
        let judges = judges.filter { !$0.sets.isEmpty }
        let majority = judges.map { $0.perProblem(\.majorityRight) }
        let robust = judges.map { $0.perProblem(\.fallbackRight) }
        let robustGains = zip(robust, majority).map { Bootstrap.mean(zip($0, $1).map { $0 - $1 }) }
        let none = Outcome(gate: nil, robustGains: robustGains, gatedGains: robustGains)
        guard !judges.isEmpty, majority.allSatisfy({ $0.count >= DecisionCalibrationFit.minimumRegimeProblems }) else { return none }
        let floors = zip(robust, majority).map { min(0, lowerBound(zip($0, $1).map { $0 - $1 })) }

        var best: (score: Double, threshold: Double, bonus: Double, gains: [Double])?
        for (b, bonus) in openBonusGrid.enumerated() where bonus < fallbackBonus {
            for threshold in thresholdGrid {
                var gains: [Double] = [], overRobust = 0.0, safe = true
                for (j, judge) in judges.enumerated() {
                    let accuracy = judge.perProblem { $0.right(bonusIndex: b, threshold: threshold) }
                    let gain = zip(accuracy, majority[j]).map { $0 - $1 }
                    guard lowerBound(gain) >= floors[j] else { safe = false; break }
                    gains.append(Bootstrap.mean(gain))
                    overRobust += Bootstrap.mean(zip(accuracy, robust[j]).map { $0 - $1 })
                }
                guard safe else { continue }
                let score = overRobust / Double(judges.count)
                if best.map({ (score, threshold, bonus) > ($0.score, $0.threshold, $0.bonus) }) ?? true {
                    best = (score, threshold, bonus, gains)
                }
            }
        }
        guard let best, best.score > 0 else { return none }
        return Outcome(gate: ScoreChannelGate(openBonus: best.bonus, threshold: best.threshold), robustGains: robustGains, gatedGains: best.gains)
    }

    static func lowerBound(_ gains: [Double]) -> Double {
        Bootstrap.mean(gains) - DecisionCalibrationFit.standardError(gains)
    }
}
