import AggLMEvaluation
import AggLMFeatures
public import AggLMLearned
import AggLMSupport

/// Fits the `ScoreChannelTrust` map on the dev channel probes (`ScoreChannelProbes`: the dev problems
/// scored at each simulated noise level, and by the policy's own reward model, which misleads on
/// one-model MATH pools), per kind of pool with client scores.
///
/// Batches: at run time the estimate is taken over a batch (a request, a file, a test fold), so the
/// fit draws many sub-batches of 32–256 dev problems from each dev file (with replacement: a CV fold's
/// dev file may hold only a few dozen problems), the same draws for every probe. Each sub-batch gives
/// one estimate of its probe's channel (`ScoreChannelAgreement`, unknown below `minimumSets` consensus
/// sets) and, through the map, one bonus for its problems. A dev problem's gain over majority vote is
/// averaged over the sub-batches that drew it.
///
/// Objective, greedy over steps (threshold on `agreementGrid`, bonus below the current one from the
/// regime's grid), at most `maximumSteps`, starting from the regime's own (robust) bonus everywhere:
/// 1. Do no harm, as the robust calibration and the gate judge it: on every probe the lower bound of
///    the per-problem gain over majority vote (mean − one standard error) stays ≥ 0, or ≥ the robust
///    bonus's own bound when that is already below 0; and on every probe and dev file with at least
///    `minimumFileProblems` problems of the regime, the mean gain stays at least the robust bonus's
///    there: a gain on one file or channel cannot pay for a loss on another.
/// 2. Among those, the highest mean gain, probes weighted equally (a client's channel is one of them).
/// 3. Equal gains go to the higher threshold, then the higher bonus (the map that trusts least).
/// A step is kept only when it raises the mean gain, and only for a regime whose dev sets come from at
/// least `minimumFiles` files with `minimumFileProblems` problems each: leave-one-file-out showed a map
/// learned from one file's pools (the one-model regime with mot-gsm8k-llama2 alone) trusting the reward
/// model's misleading channel on the held-out MATH pools.
public enum ScoreChannelTrustFit {
    /// Consensus sets a batch needs for its estimate to count (`ScoreChannelTrust.minimumSets`).
    static let minimumSets = 16
    static let batchSizes = [32, 45, 64, 90, 128, 181, 256]
    static let drawsPerSize = 12
    /// Thresholds on the agreement: 0.50, 0.52, …, 0.98.
    static let agreementGrid: [Double] = (25...49).map { Double($0) / 50 }
    static let maximumSteps = 3
    /// Problems of the regime a dev file needs to count (`DecisionCalibrationFit.minimumFileProblems`).
    static let minimumFileProblems = DecisionCalibrationFit.minimumFileProblems
    /// Dev files (each with `minimumFileProblems` of the regime) a regime needs before any step is
    /// fitted (`DecisionCalibrationFit.minimumRegimeFiles`). Stricter than the rule for a regime's own
    /// bonus (`DecisionCalibrationFit.enoughSourceFiles`), which asks for one file when the dev data has
    /// only one: a map that trusts a channel more as it agrees with consensus stays unfitted on one file.
    static let minimumFiles = DecisionCalibrationFit.minimumRegimeFiles

    /// What the fit found for one kind of pool.
    public struct RegimeTrust: Sendable, Codable {
        public var regime: String
        public var steps: [ScoreChannelTrust.Step]
        /// Per probe: the mean per-problem gain over majority vote with the regime's own bonus, and
        /// with the map (sub-batches of the dev files).
        public var probeGainsWithout: [Double]
        public var probeGainsWith: [Double]
        /// Per probe: the mean estimate over its sub-batches with a known estimate.
        public var probeAgreement: [Double]
        /// Per probe, per dev file (group order): the mean known estimate of its sub-batches (nil: none known).
        public var fileAgreement: [[Double?]] = []
    }

    /// One problem's draws: how often each bin of the estimate (`bin(of:)`; -1 unknown) drew it.
    typealias Occurrences = [(bin: Int, count: Int)]

    /// The sub-batches drawn from each group (dev file): problem indices, with repetition.
    static func draws(groups: [Int], seed: UInt64) -> [[Int]] {
        var members: [Int: [Int]] = [:]
        for (problem, group) in groups.enumerated() { members[group, default: []].append(problem) }
        var batches: [[Int]] = []
        for group in members.keys.sorted() {
            guard let problems = members[group] else { continue }
            for (s, size) in batchSizes.enumerated() {
                for draw in 0..<drawsPerSize {
                    var rng = SplitMix64(seed: seed ^ UInt64(group &* 1_000_003 &+ s &* 1_009 &+ draw) &* 0x9e37_79b9_7f4a_7c15)
                    batches.append((0..<size).map { _ in problems[Int(rng.next() % UInt64(problems.count))] })
                }
            }
        }
        return batches
    }

    /// The bin of an agreement: how many thresholds it reaches (0…grid count).
    static func bin(of agreement: Double) -> Int { agreementGrid.lazy.filter { agreement >= $0 }.count }

    /// Per probe, per problem: its draws by bin of the probe's sub-batch estimate.
    static func occurrences(_ probe: DevSet, draws: [[Int]]) -> [Occurrences] {
        var counts = [[Int: Int]](repeating: [:], count: probe.channelConcordance.count)
        for batch in draws {
            let estimate = ScoreChannelAgreement.estimate(concordances: batch.compactMap { probe.channelConcordance[$0] })
            let known = estimate.map { $0.sets >= minimumSets ? Self.bin(of: $0.agreement) : -1 } ?? -1
            for problem in batch { counts[problem][known, default: 0] += 1 }
        }
        return counts.map { $0.sorted { $0.key < $1.key }.map { (bin: $0.key, count: $0.value) } }
    }

    /// One probe's view of a regime: per bonus on the grid, the per-problem gain over majority vote.
    struct Judge {
        var gains: [[Double?]]
        var occurrences: [Occurrences]
        var groups: [Int]

        /// Per problem with sets of the regime: its gain averaged over its draws with `map` (a bonus
        /// index per bin, `base` for an unknown estimate), and its group.
        func perProblem(_ map: [Int], base: Int) -> [(gain: Double, group: Int)] {
            var result: [(gain: Double, group: Int)] = []
            for problem in occurrences.indices {
                guard gains[base][problem] != nil, !occurrences[problem].isEmpty else { continue }
                var total = 0.0, draws = 0
                for (bin, count) in occurrences[problem] {
                    total += Double(count) * (gains[bin < 0 ? base : map[bin]][problem] ?? 0)
                    draws += count
                }
                result.append((total / Double(draws), groups[problem]))
            }
            return result
        }
    }

    /// - Parameters:
    ///   - probes: the channel probes' evidence, and their dev sets (same order).
    ///   - groups: per dev problem (probe order), the dev file it came from.
    ///   - bonuses: each kind of pool's own bonus (the robust calibration's).
    static func fit(
        _ probes: [DecisionCalibrationFit.Evidence], groups: [Int], bonuses: [PoolRegime: Double], grid: [Double], seed: UInt64
    ) -> (trust: ScoreChannelTrust?, regimes: [RegimeTrust]) {
        guard let first = probes.first, groups.count == first.dev.channelConcordance.count else { return (nil, []) }
        let draws = Self.draws(groups: groups, seed: seed)
        let occurrences = probes.map { Self.occurrences($0.dev, draws: draws) }
        func meanKnown(_ batches: [[Int]], _ probe: DecisionCalibrationFit.Evidence) -> Double? {
            let known = batches.compactMap { ScoreChannelAgreement.estimate(concordances: $0.compactMap { probe.dev.channelConcordance[$0] }) }.filter { $0.sets >= minimumSets }
            return known.isEmpty ? nil : known.map(\.agreement).reduce(0, +) / Double(known.count)
        }
        let agreements = probes.map { meanKnown(draws, $0) ?? 0 }
        let fileAgreement = probes.map { probe in
            Set(groups).sorted().map { group in meanKnown(draws.filter { groups[$0[0]] == group }, probe) }
        }
        var steps: [PoolRegime: [ScoreChannelTrust.Step]] = [:]
        var reports: [RegimeTrust] = []
        for regime in PoolRegime.all where regime.clientScores {
            guard let bonus = bonuses[regime], let base = grid.firstIndex(of: bonus) else { continue }
            let judges = zip(probes, occurrences).map { probe, occurrences in
                Judge(gains: grid.map { probe.gainByProblem(bonus: $0, regime: regime) }, occurrences: occurrences, groups: groups)
            }
            let fitted = fitMap(judges, grid: grid, base: base)
            let without = judges.map { judge in Bootstrap.mean(judge.perProblem(fitted.baseMap, base: base).map { $0.gain }) }
            let with = judges.map { judge in Bootstrap.mean(judge.perProblem(fitted.map, base: base).map { $0.gain }) }
            let regimeSteps = Self.steps(fitted.map, grid: grid)
            if !regimeSteps.isEmpty { steps[regime] = regimeSteps }
            reports.append(RegimeTrust(regime: regime.key, steps: regimeSteps, probeGainsWithout: without, probeGainsWith: with, probeAgreement: agreements, fileAgreement: fileAgreement))
        }
        return (steps.isEmpty ? nil : ScoreChannelTrust(steps: steps, minimumSets: minimumSets), reports)
    }

    /// The greedy fit of one regime's map (a bonus index per bin, non-increasing in bonus).
    static func fitMap(_ judges: [Judge], grid: [Double], base: Int) -> (map: [Int], baseMap: [Int]) {
        let baseMap = [Int](repeating: base, count: agreementGrid.count + 1)
        let judges = judges.filter { !$0.perProblem(baseMap, base: base).isEmpty }
        guard !judges.isEmpty else { return (baseMap, baseMap) }
        let baseline = judges.map { $0.perProblem(baseMap, base: base) }
        let floors = baseline.map { min(0, ScoreChannelGateFit.lowerBound($0.map(\.gain))) }
        let groupFloors = baseline.map { gains in groupMeans(gains) }
        // A map learned from one source of such pools says nothing about the next one.
        guard groupFloors.allSatisfy({ $0.count >= minimumFiles }) else { return (baseMap, baseMap) }

        /// The mean gain over the probes, or nil when `map` breaks a do-no-harm bound.
        func score(_ map: [Int]) -> Double? {
            var total = 0.0
            for (j, judge) in judges.enumerated() {
                let gains = judge.perProblem(map, base: base)
                guard ScoreChannelGateFit.lowerBound(gains.map(\.gain)) >= floors[j] - 1e-12 else { return nil }
                for (group, mean) in groupMeans(gains) where mean < (groupFloors[j][group] ?? 0) - 1e-12 { return nil }
                total += Bootstrap.mean(gains.map(\.gain))
            }
            return total / Double(judges.count)
        }

        var map = baseMap
        guard var best = score(map) else { return (baseMap, baseMap) }
        for _ in 0..<maximumSteps {
            var improved: (score: Double, threshold: Int, bonus: Int, map: [Int])?
            for threshold in agreementGrid.indices {
                for bonus in grid.indices where grid[bonus] < grid[map[threshold + 1]] {
                    var candidate = map
                    for bin in (threshold + 1)..<candidate.count where grid[bonus] < grid[candidate[bin]] { candidate[bin] = bonus }
                    guard let value = score(candidate), value > best + 1e-12 else { continue }
                    if improved.map({ (value, threshold, grid[bonus]) > ($0.score, $0.threshold, grid[$0.bonus]) }) ?? true {
                        improved = (value, threshold, bonus, candidate)
                    }
                }
            }
            guard let improved else { break }
            map = improved.map
            best = improved.score
        }
        return (map, baseMap)
    }

    /// Per group with at least `minimumFileProblems` problems: the mean gain.
    static func groupMeans(_ gains: [(gain: Double, group: Int)]) -> [Int: Double] {
        var sums: [Int: (total: Double, count: Int)] = [:]
        for (gain, group) in gains { sums[group, default: (0, 0)].total += gain; sums[group, default: (0, 0)].count += 1 }
        return sums.filter { $0.value.count >= minimumFileProblems }.mapValues { $0.total / Double($0.count) }
    }

    /// The map as steps: where (on `agreementGrid`) the bonus changes, and to what.
    static func steps(_ map: [Int], grid: [Double]) -> [ScoreChannelTrust.Step] {
        var steps: [ScoreChannelTrust.Step] = []
        for bin in 1..<map.count where map[bin] != map[bin - 1] {
            steps.append(ScoreChannelTrust.Step(agreement: agreementGrid[bin - 1], bonus: grid[map[bin]]))
        }
        return steps
    }
}
