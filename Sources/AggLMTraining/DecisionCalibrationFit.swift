import AggLMEvaluation
import AggLMFeatures
import Foundation
public import AggLMPolicy
public import AggLMLearned

/// Fits the `DecisionCalibration` of a trained policy on its dev sets, never on training or test data.
///
/// - Plurality bonus: the *largest* bonus on `bonusGrid` whose dev accuracy (mean of named and
///   anonymous, averaged per problem) is within one paired standard error of the best bonus's. This is
///   the one-standard-error rule: among choices the dev set cannot tell apart, take the most
///   conservative one, the one that overturns the majority least often.
/// - Per kind of pool (`PoolRegime`), a bonus of its own from that regime's dev sets only: the one
///   on `regimeBonusGrid` whose paired per-problem gain over majority vote has the highest lower
///   bound (mean minus one standard error), larger bonuses winning ties. Sets without names are
///   judged per kind of pool they came from, and get the most conservative of those bonuses. So a regime keeps a small
///   bonus only where dev data shows overturning pays beyond noise; elsewhere it falls back to
///   `majorityBonus` (the choice stays among the largest clusters, breaking only their ties).
/// - With channel probes (`ScoreChannelProbes`), a regime with client scores is judged on each probe
///   (dev scored at one channel quality) and gets the bonus whose *lowest* lower bound across them is
///   highest, on the finer `probedRegimeBonusGrid`: a client's channel may be the misleading one.
/// - With `scoreGates` as well, each such regime may get a `ScoreChannelGate` on top of that bonus
///   (`ScoreChannelGateFit`): a gentler bonus on the sets whose own scores back the overturn.
/// - Temperature: with that bonus, the value on `temperatureGrid` that minimises the log-loss of the
///   named decision's confidence against its correctness, so a confidence of 0.8 means right about
///   80% of the time.
public enum DecisionCalibrationFit {
    static let bonusGrid: [Double] = (0...30).map { Double($0) / 10 }
    public static let temperatureGrid: [Double] = (0...64).map { Foundation.exp(Foundation.log(0.25) + Double($0) / 64 * Foundation.log(256)) }

    /// A regime needs dev sets from at least this many problems to get its own bonus.
    public static let minimumRegimeProblems = 30
    /// Majority vote, the policy breaking ties between equal clusters (`DecisionCalibration.majorityOnlyBonus`).
    static let majorityBonus = DecisionCalibration.majorityOnlyBonus
    /// Candidate bonuses for a regime.
    static var regimeBonusGrid: [Double] { bonusGrid + [majorityBonus] }
    /// Candidate bonuses for a regime with client scores judged on channel probes: a misleading channel
    /// can pull the policy far from the vote, so the bar that keeps it at majority's level while a
    /// strong channel still overturns may lie above `bonusGrid`.
    static var probedRegimeBonusGrid: [Double] { bonusGrid + [4, 5, 6, 8, 10, 12, majorityBonus] }
    /// The bonus of a regime the dev data has (almost) no sets of: the policy's evidence was never
    /// checked on such pools, so the decision falls back to majority vote.
    public static var unseenRegimeBonus: Double { majorityBonus }

    /// What the fit found for one kind of pool on the dev sets.
    public struct RegimeFit: Sendable, Codable {
        public var regime: String
        /// Dev problems with contested sets of this regime (0: the regime got `unseenRegimeBonus`).
        public var problems: Int
        public var bonus: Double
        /// Per-problem dev accuracy on this regime's contested sets: majority vote, bonus 0, the chosen bonus.
        public var majorityAccuracy: Double
        public var accuracyWithoutBonus: Double
        public var accuracyWithBonus: Double
        /// With the chosen bonus: share of contested sets where the choice has fewer votes than the
        /// largest cluster (an overturn), and the share of those that are right.
        public var overturnRate: Double
        public var overturnPrecision: Double
        /// With `scoreGates`, a regime with client scores: the gate chosen (nil: none pays on dev), and
        /// per probe (per probe and kind of origin for sets without names) the mean per-problem gain
        /// over majority vote without and with it.
        public var gate: ScoreChannelGate? = nil
        public var probeGainsWithoutGate: [Double] = []
        public var probeGainsWithGate: [Double] = []
    }

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
        /// Per regime, in `PoolRegime.all` order.
        public var regimes: [RegimeFit] = []
    }

    /// The contested dev sets seen one way (names shown or hidden): the policy's probabilities and each set's regime.
    struct Pass {
        var probabilities: [[Double]]
        var regimes: [PoolRegime]
    }

    /// A dev set's contested sets as the policy sees them, named and anonymous.
    struct Evidence {
        var dev: DevSet
        var named: Pass
        var anonymous: Pass
        var namedRegimes: [PoolRegime]
        var largest: [[Bool]]

        init(_ dev: DevSet, policy: PolicyNetwork, workspace: PolicyWorkspace) throws(PolicyError) {
            self.dev = dev
            namedRegimes = dev.contested.map(\.encoding.regime)
            named = Pass(probabilities: try dev.clusterProbabilities(policy: policy, workspace: workspace, hideNames: false), regimes: namedRegimes)
            anonymous = Pass(
                probabilities: try dev.clusterProbabilities(policy: policy, workspace: workspace, hideNames: true),
                regimes: namedRegimes.map(\.withoutNames))
            largest = dev.contested.map(\.encoding.isLargestCluster)
        }

        /// Per problem with contested sets of `regime` (in either pass, from pools named as `origin` when
        /// given): the share of them answered right, with `bonus`, or by majority vote when nil.
        func perProblemAccuracy(bonus: Double?, regime: PoolRegime, origin: PoolRegime.Names? = nil) -> [Double] {
            var right = [Double](repeating: 0, count: dev.setsOfProblem.count)
            var sets = [Double](repeating: 0, count: dev.setsOfProblem.count)
            for pass in [named, anonymous] {
                for s in pass.regimes.indices where pass.regimes[s] == regime && (origin == nil || namedRegimes[s].names == origin) {
                    sets[dev.problemOfContested[s]] += 1
                    let correct = bonus.map { dev.contested[s].picksCorrect(DecisionCalibration(pluralityBonus: $0, temperature: 1).apply(pass.probabilities[s], isLargest: largest[s])) }
                        ?? dev.contested[s].majorityCorrect
                    if correct { right[dev.problemOfContested[s]] += 1 }
                }
            }
            return zip(right, sets).compactMap { $1 > 0 ? $0 / $1 : nil }
        }
    }

    /// - Parameter channelProbes: with dev sets of `ScoreChannelProbes`, the kinds of pool with client
    ///   scores get the bonus whose worst lower bound across the probes is highest; without, the one
    ///   fitted on `dev`'s own scored sets.
    /// - Parameter scoreGates: with `channelProbes`, fit a `ScoreChannelGate` per kind of pool with client scores.
    public static func fit(_ dev: DevSet, policy: PolicyNetwork, channelProbes: [DevSet] = [], scoreGates: Bool = false) throws(PolicyError) -> Result {
        let workspace = PolicyWorkspace()
        let evidence = try Evidence(dev, policy: policy, workspace: workspace)
        let probes = try channelProbes.map { probe throws(PolicyError) in try Evidence(probe, policy: policy, workspace: workspace) }
        let named = evidence.named, anonymous = evidence.anonymous, largest = evidence.largest

        /// The named pass's decisions (score gates included: the named pass sees each set's own regime).
        func calibratedNamed(_ calibration: DecisionCalibration) -> [[Double]] {
            zip(named.probabilities, dev.contested).map { calibration.apply($0, encoding: $1.encoding) }
        }
        /// Per problem: the share of its sets answered right (named and anonymous averaged).
        func perProblemAccuracy(bonus: Double) -> [Double] {
            let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: 1)
            var right = dev.uncontestedCorrectOfProblem.map(Double.init)
            for pass in [named, anonymous] {
                for (s, p) in pass.probabilities.enumerated() where dev.contested[s].picksCorrect(calibration.apply(p, isLargest: largest[s])) {
                    right[dev.problemOfContested[s]] += 0.5
                }
            }
            return zip(right, dev.setsOfProblem).compactMap { $1 > 0 ? $0 / Double($1) : nil }
        }
        /// The bonus for `regime`. A set without names may come from a one-model or a mixed pool, and
        /// the policy cannot tell which: its bonus is the largest of those fitted separately on the dev
        /// sets of each kind of pool they came from (the dev data knows their names), and majority
        /// when a kind present in dev has too few problems to judge. A regime with client scores is
        /// judged on every channel probe, when there are probes, and must hold up on the worst.
        func origins(_ regime: PoolRegime) -> [PoolRegime.Names?] {
            regime.names == .unnamed ? PoolRegime.Names.allCases.map { $0 } : [nil]
        }
        func regimeBonus(_ regime: PoolRegime) -> Double {
            let origins = origins(regime)
            let probed = regime.clientScores && !probes.isEmpty
            let judges = probed ? probes : [evidence]
            let grid = probed ? probedRegimeBonusGrid : regimeBonusGrid
            var chosen = 0.0
            for origin in origins {
                var candidates: [(accuracies: [[Double]], baseline: [Double])] = []
                for judge in judges {
                    let majority = judge.perProblemAccuracy(bonus: nil, regime: regime, origin: origin)
                    guard !majority.isEmpty else { continue }
                    guard majority.count >= minimumRegimeProblems else { return unseenRegimeBonus }
                    candidates.append((grid.map { judge.perProblemAccuracy(bonus: $0, regime: regime, origin: origin) }, majority))
                }
                guard !candidates.isEmpty else { continue }
                chosen = max(chosen, grid[worstLowerBoundChoice(candidates)])
            }
            return chosen
        }

        let globalIndex = oneStandardErrorChoice(bonusGrid.map(perProblemAccuracy(bonus:)))
        let bonus = bonusGrid[globalIndex.chosen]
        var regimeBonuses: [PoolRegime: Double] = [:]
        var gates: [PoolRegime: ScoreChannelGate] = [:]
        var regimeFits: [RegimeFit] = []
        for regime in PoolRegime.all {
            let majority = evidence.perProblemAccuracy(bonus: nil, regime: regime)
            let problems = majority.count
            guard problems >= minimumRegimeProblems else {
                regimeBonuses[regime] = unseenRegimeBonus
                regimeFits.append(RegimeFit(regime: regime.key, problems: problems, bonus: unseenRegimeBonus, majorityAccuracy: 0, accuracyWithoutBonus: 0, accuracyWithBonus: 0, overturnRate: 0, overturnPrecision: 0))
                continue
            }
            let chosenBonus = regimeBonus(regime)
            regimeBonuses[regime] = chosenBonus
            var sets = 0, overturns = 0, rightOverturns = 0
            for pass in [named, anonymous] {
                for s in pass.regimes.indices where pass.regimes[s] == regime {
                    sets += 1
                    let p = DecisionCalibration(pluralityBonus: chosenBonus, temperature: 1).apply(pass.probabilities[s], isLargest: largest[s])
                    guard let choice = TrainingExample.choice(p), !largest[s][choice] else { continue }
                    overturns += 1
                    if dev.contested[s].clusterRewards[choice] > 0 { rightOverturns += 1 }
                }
            }
            var fit = RegimeFit(
                regime: regime.key, problems: problems, bonus: chosenBonus, majorityAccuracy: Bootstrap.mean(majority),
                accuracyWithoutBonus: Bootstrap.mean(evidence.perProblemAccuracy(bonus: 0, regime: regime)),
                accuracyWithBonus: Bootstrap.mean(evidence.perProblemAccuracy(bonus: chosenBonus, regime: regime)),
                overturnRate: sets == 0 ? 0 : Double(overturns) / Double(sets),
                overturnPrecision: overturns == 0 ? 0 : Double(rightOverturns) / Double(overturns))
            if scoreGates, regime.clientScores, !probes.isEmpty {
                let judges = probes.flatMap { probe in
                    origins(regime).map { ScoreChannelGateFit.judge(probe, regime: regime, origin: $0, fallbackBonus: chosenBonus) }
                }
                let outcome = ScoreChannelGateFit.fit(judges, fallbackBonus: chosenBonus)
                gates[regime] = outcome.gate
                fit.gate = outcome.gate
                fit.probeGainsWithoutGate = outcome.robustGains
                fit.probeGainsWithGate = outcome.gatedGains
            }
            regimeFits.append(fit)
        }

        let byRegime = DecisionCalibration(pluralityBonus: bonus, temperature: 1, regimeBonuses: regimeBonuses, scoreGates: gates)
        let decisions = calibratedNamed(byRegime)
        let correct = zip(dev.contested, decisions).map { $0.picksCorrect($1) }
        let losses = temperatureGrid.map { logLoss(decisions, correct: correct, temperature: $0) }
        let temperature = losses.indices.min { (losses[$0], $0) < (losses[$1], $1) }.map { temperatureGrid[$0] } ?? 1
        let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: temperature, regimeBonuses: regimeBonuses, scoreGates: gates)
        let unbiased = DecisionCalibration(pluralityBonus: 0, temperature: 1)
        return Result(
            calibration: calibration,
            accuracyWithoutBonus: Bootstrap.mean(perProblemAccuracy(bonus: 0)), accuracyWithBonus: Bootstrap.mean(perProblemAccuracy(bonus: bonus)),
            retentionWithoutBonus: easyRetention(dev, calibratedNamed(unbiased)), retentionWithBonus: easyRetention(dev, decisions),
            eceBefore: expectedCalibrationError(dev, named.probabilities), eceAfter: expectedCalibrationError(dev, calibratedNamed(calibration)),
            regimes: regimeFits)
    }

    /// The index whose paired per-problem gain over `baseline` has the highest mean minus one standard
    /// error; the last (largest bonus) of equals.
    static func lowerBoundChoice(_ accuracies: [[Double]], baseline: [Double]) -> Int {
        worstLowerBoundChoice([(accuracies, baseline)])
    }

    /// The index whose lowest lower bound (mean gain over the baseline minus one standard error, per
    /// problem, paired) across `judges` is highest; the last (largest bonus) of equals. Every judge
    /// has one accuracy list per index.
    static func worstLowerBoundChoice(_ judges: [(accuracies: [[Double]], baseline: [Double])]) -> Int {
        let count = judges.map(\.accuracies.count).min() ?? 0
        let bounds = (0..<count).map { index in
            judges.map { judge -> Double in
                let gains = zip(judge.accuracies[index], judge.baseline).map { $0 - $1 }
                return Bootstrap.mean(gains) - standardError(gains)
            }.min() ?? 0
        }
        return bounds.indices.max { (bounds[$0], $0) < (bounds[$1], $1) } ?? 0
    }

    /// The one-standard-error rule over `bonusGrid`: the largest bonus whose per-problem accuracy is
    /// within one paired standard error of the best bonus's (`accuracies[i]` are per problem, paired).
    static func oneStandardErrorChoice(_ accuracies: [[Double]]) -> (best: Int, chosen: Int) {
        let means = accuracies.map(Bootstrap.mean)
        let bestIndex = means.indices.max { (means[$0], -$0) < (means[$1], -$1) } ?? 0
        var chosen = bestIndex
        for index in accuracies.indices where index > bestIndex {
            let differences = zip(accuracies[index], accuracies[bestIndex]).map { $0 - $1 }
            if Bootstrap.mean(differences) >= -standardError(differences) { chosen = index }
        }
        return (bestIndex, chosen)
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
