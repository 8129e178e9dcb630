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
///   bound (mean minus one standard error), larger bonuses winning ties — with `doNoHarmTest`
///   (`agglm-train --do-no-harm-test`, not the default) kept only if that gain also passes the do-no-harm test (mean above `doNoHarmZ` standard errors, a one-sided 95% bound
///   over problems); otherwise the regime is served by majority vote itself, its tie rule included
///   (`majorityVoteRegimes`). The highest of many noisy bounds is biased upward, and with few dev
///   problems it can even sit on a bonus that loses on dev; the test is what stops a small, noisy
///   dev set from buying a loss. `majorityBonus` (the policy only breaks ties among the largest
///   clusters) is one of the candidates, so tie-breaks too must beat majority's own rule by the bound.
///   Sets without names get the most conservative of the candidates chosen per kind of pool they
///   came from (the dev data knows their names), and it must also not lose on dev (mean gain ≥ 0)
///   on any of those kinds.
/// - With channel probes (`ScoreChannelProbes`), a regime with client scores is judged on each probe
///   (dev scored at one channel quality) and gets the bonus whose *lowest* lower bound across them is
///   highest, on the finer `probedRegimeBonusGrid`: a client's channel may be the misleading one. When
///   that bound is not above 0, no overturn has earned its place on every probe, and the regime gets
///   `majorityBonus` (the policy breaking ties among the largest clusters only).
/// - With `scoreGates` as well, each such regime may get a `ScoreChannelGate` on top of that bonus
///   (`ScoreChannelGateFit`): a gentler bonus on the sets whose own scores back the overturn.
/// - With `devFiles` and `channelTrust` (`agglm-train --channel-trust`), a `ScoreChannelTrust` map from a
///   batch's estimate of the client's score channel to those regimes' bonus (`ScoreChannelTrustFit`).
/// - Temperature: with that bonus, the value on `temperatureGrid` that minimises the log-loss of the
///   named decision's confidence against its correctness, so a confidence of 0.8 means right about
///   80% of the time.
public enum DecisionCalibrationFit {
    static let bonusGrid: [Double] = (0...30).map { Double($0) / 10 }
    public static let temperatureGrid: [Double] = (0...64).map { Foundation.exp(Foundation.log(0.25) + Double($0) / 64 * Foundation.log(256)) }

    /// The do-no-harm test: a regime leaves majority vote (its own tie rule included) only when the
    /// chosen bonus's mean per-problem gain over majority vote exceeds this many standard errors, a
    /// one-sided 95% lower bound above 0 (normal approximation). The gain is averaged per problem
    /// first, so the 16 sets of one problem, which share its question and candidates, count once.
    public static let doNoHarmZ = 1.645
    /// A regime needs dev sets from at least this many problems to get its own bonus.
    public static let minimumRegimeProblems = 30
    /// With the dev problems' source files known, a regime (and each kind of origin of a regime without
    /// names) also needs dev sets from at least this many files with `minimumFileProblems` problems
    /// each: evidence from one source of such pools says nothing about the next one. Leave-one-file-out
    /// showed why: with the two MATH one-model files held out, the only one-model dev sets left were
    /// mot-gsm8k-llama2's, on which the policy's own reward model is a good channel, so sets without
    /// names and with scores got bonus 0, and the held-out MATH pools, where that channel misleads,
    /// lost 6.0 and 1.8 points to majority vote. When the dev data has fewer such files in all (a
    /// user training on one file of their own), a regime needs all of them: that one source is then
    /// what the checkpoint will serve, not one source among several.
    public static let minimumRegimeFiles = 2
    /// Dev problems of a regime a file needs to count towards `minimumRegimeFiles`.
    public static let minimumFileProblems = 10

    /// The two-file rule: whether the dev problems marked in `seen` (one kind of pool's) come from at
    /// least `minimumRegimeFiles` source files with `minimumFileProblems` of them each — or, when the
    /// whole dev data has fewer files of that size, from all of them. `files[p]` is problem p's file.
    static func enoughSourceFiles(seen: [Bool], files: [Int]) -> Bool {
        let problems = min(seen.count, files.count)
        let sizeable = filesWithEnoughProblems([Bool](repeating: true, count: problems), files: files)
        return filesWithEnoughProblems(Array(seen.prefix(problems)), files: files) >= max(min(minimumRegimeFiles, sizeable), 1)
    }

    /// How many source files hold at least `minimumFileProblems` of the problems marked in `marked`.
    private static func filesWithEnoughProblems(_ marked: [Bool], files: [Int]) -> Int {
        var problemsOfFile: [Int: Int] = [:]
        for (problem, isMarked) in marked.enumerated() where isMarked { problemsOfFile[files[problem], default: 0] += 1 }
        return problemsOfFile.values.filter { $0 >= minimumFileProblems }.count
    }
    /// Majority vote, the policy breaking ties between equal clusters (`DecisionCalibration.majorityOnlyBonus`).
    static let majorityBonus = DecisionCalibration.majorityOnlyBonus
    /// Candidate bonuses for a regime.
    static var regimeBonusGrid: [Double] { bonusGrid + [majorityBonus] }
    /// Candidate bonuses for a regime with client scores judged on channel probes: a misleading channel
    /// can pull the policy far from the vote, so the bar that keeps it at majority's level while a
    /// strong channel still overturns may lie above `bonusGrid`.
    static var probedRegimeBonusGrid: [Double] { bonusGrid + [4, 5, 6, 8, 10, 12, majorityBonus] }
    /// The bonus of a regime the dev data has (almost) no sets of: the policy's evidence was never
    /// checked on such pools, so the choice stays among the largest clusters (the policy breaking
    /// their ties). With the do-no-harm test such a regime is served by majority vote itself, and this
    /// is the bonus stored for it, for readers that predate `majorityVoteRegimes`.
    public static var unseenRegimeBonus: Double { majorityBonus }

    /// What the fit found for one kind of pool on the dev sets.
    public struct RegimeFit: Sendable, Codable {
        public var regime: String
        /// Dev problems with contested sets of this regime (0: the regime got `unseenRegimeBonus`).
        public var problems: Int
        public var bonus: Double
        /// Served by majority vote itself (`DecisionCalibration.majorityVoteRegimes`); `bonus` is then
        /// the tie-breaking bonus stored for older readers.
        public var majorityVote: Bool
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
        /// The bonus with the highest lower bound before the do-no-harm test, its mean per-problem
        /// gain over majority vote and that gain's standard error (the worst judge and origin), and
        /// what it does to the contested sets.
        public var candidateBonus: Double = 0
        public var candidateGain: Double = 0
        public var candidateGainStandardError: Double = 0
        public var candidateEffects = DecisionEffects()
        /// Why the regime was treated as unseen though it has `problems` ≥ `minimumRegimeProblems` (a
        /// kind of origin, or a probe, with too few dev problems, or the two-file rule); nil otherwise.
        public var unseenBecause: String? = nil
    }

    /// What a bonus does on one regime's contested dev sets (named and anonymous passes) against
    /// majority vote: overturns of the plurality, and tie-breaks among the largest clusters that pick
    /// another cluster than majority vote's; won = right where majority vote was wrong, lost = the reverse.
    /// Counted in sets, each once, while the regime's gain weighs each *problem* once: a problem whose
    /// pool is no larger than k has a single set, which weighs as much as another problem's sixteen, so
    /// the two can even differ in sign (TDG's 8-sample pools at k = 8 next to mot-gsm8k-llama2's 24).
    public struct DecisionEffects: Sendable, Codable {
        public var sets = 0
        public var overturns = 0
        public var rightOverturns = 0
        public var overturnsWon = 0
        public var overturnsLost = 0
        public var tieBreaks = 0
        public var tieBreaksWon = 0
        public var tieBreaksLost = 0
    }

    /// A regime's decision: `bonus` nil is majority vote itself.
    struct RegimeChoice {
        var bonus: Double?
        var candidate: Double
        var gain: Double
        var standardError: Double
        var unseenBecause: String? = nil
        /// Treated as unseen: majority vote itself with the do-no-harm test, else the policy breaking ties.
        static func unseen(because reason: String, doNoHarmTest: Bool) -> RegimeChoice {
            RegimeChoice(bonus: doNoHarmTest ? nil : unseenRegimeBonus, candidate: unseenRegimeBonus, gain: 0, standardError: 0, unseenBecause: reason)
        }
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
        /// With `channelTrust`: per kind of pool with client scores, the batch trust map fitted on the probes.
        public var channelTrust: [ScoreChannelTrustFit.RegimeTrust] = []
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

        /// Calls `body` with each contested set of `regime` (from pools named as `origin` when given) and
        /// the pass that saw it so: the named pass sees a set's own regime, the anonymous pass the same set
        /// without names, so a set may count in both.
        func forEachSet(of regime: PoolRegime, origin: PoolRegime.Names? = nil, _ body: (Pass, Int) -> Void) {
            for pass in [named, anonymous] {
                for s in pass.regimes.indices where pass.regimes[s] == regime && (origin == nil || namedRegimes[s].names == origin) {
                    body(pass, s)
                }
            }
        }

        /// Per problem with contested sets of `regime` (in either pass, from pools named as `origin` when
        /// given): the share of them answered right, with `bonus`, or by majority vote when nil.
        func perProblemAccuracy(bonus: Double?, regime: PoolRegime, origin: PoolRegime.Names? = nil) -> [Double] {
            var right = [Double](repeating: 0, count: dev.setsOfProblem.count)
            var sets = [Double](repeating: 0, count: dev.setsOfProblem.count)
            forEachSet(of: regime, origin: origin) { pass, s in
                sets[dev.problemOfContested[s]] += 1
                let correct = bonus.map { dev.contested[s].picksCorrect(DecisionCalibration(pluralityBonus: $0, temperature: 1).apply(pass.probabilities[s], isLargest: largest[s])) }
                    ?? dev.contested[s].majorityCorrect
                if correct { right[dev.problemOfContested[s]] += 1 }
            }
            return zip(right, sets).compactMap { $1 > 0 ? $0 / $1 : nil }
        }

        /// Whether the contested sets of `regime` (from pools named as `origin` when given) come from
        /// enough source files (`DecisionCalibrationFit.enoughSourceFiles`; `files`: per dev problem,
        /// its source file); true when the files are not known.
        func enoughFiles(_ files: [Int]?, regime: PoolRegime, origin: PoolRegime.Names?) -> Bool {
            guard let files else { return true }
            var seen = [Bool](repeating: false, count: dev.setsOfProblem.count)
            forEachSet(of: regime, origin: origin) { _, s in seen[dev.problemOfContested[s]] = true }
            return DecisionCalibrationFit.enoughSourceFiles(seen: seen, files: files)
        }

        /// Per problem with contested sets of `regime` (from pools named as `origin` when given): the
        /// gain of `bonus` over majority vote in that problem's accuracy, each set weighing 1 / (the
        /// problem's sets), as in held-out accuracy. Averaging over the contested sets alone would let
        /// a problem with one such set weigh as much as one with sixteen, and inflate the noise.
        func perProblemGain(bonus: Double, regime: PoolRegime, origin: PoolRegime.Names? = nil) -> [Double] {
            gainByProblem(bonus: bonus, regime: regime, origin: origin).compactMap { $0 }
        }

        /// As `perProblemGain`, indexed by problem: nil for a problem without contested sets of `regime`.
        func gainByProblem(bonus: Double, regime: PoolRegime, origin: PoolRegime.Names? = nil) -> [Double?] {
            var gain = [Double](repeating: 0, count: dev.setsOfProblem.count)
            var seen = [Bool](repeating: false, count: dev.setsOfProblem.count)
            let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: 1)
            forEachSet(of: regime, origin: origin) { pass, s in
                let problem = dev.problemOfContested[s]
                seen[problem] = true
                let right = dev.contested[s].picksCorrect(calibration.apply(pass.probabilities[s], isLargest: largest[s]))
                gain[problem] += ((right ? 1 : 0) - (dev.contested[s].majorityCorrect ? 1 : 0)) / Double(max(dev.setsOfProblem[problem], 1))
            }
            return gain.indices.map { seen[$0] ? gain[$0] : nil }
        }

        func decisionEffects(bonus: Double, regime: PoolRegime) -> DecisionEffects {
            var effects = DecisionEffects()
            let calibration = DecisionCalibration(pluralityBonus: bonus, temperature: 1)
            forEachSet(of: regime) { pass, s in
                effects.sets += 1
                let example = dev.contested[s]
                guard let choice = TrainingExample.choice(calibration.apply(pass.probabilities[s], isLargest: largest[s])),
                    choice != largest[s].firstIndex(of: true)
                else { return }
                let right = example.clusterRewards[choice] > 0
                let won = right && !example.majorityCorrect, lost = !right && example.majorityCorrect
                if largest[s][choice] {
                    effects.tieBreaks += 1
                    if won { effects.tieBreaksWon += 1 }
                    if lost { effects.tieBreaksLost += 1 }
                } else {
                    effects.overturns += 1
                    if right { effects.rightOverturns += 1 }
                    if won { effects.overturnsWon += 1 }
                    if lost { effects.overturnsLost += 1 }
                }
            }
            return effects
        }
    }

    /// - Parameter channelProbes: with dev sets of `ScoreChannelProbes`, the kinds of pool with client
    ///   scores get the bonus whose worst lower bound across the probes is highest; without, the one
    ///   fitted on `dev`'s own scored sets.
    /// - Parameter scoreGates: with `channelProbes`, fit a `ScoreChannelGate` per kind of pool with client scores.
    /// - Parameter doNoHarmTest: hold each kind of pool to majority vote itself unless its bonus passes
    ///   the do-no-harm test; without it, the bonus with the highest lower bound is kept as it is, and
    ///   kinds too rare on dev get `unseenRegimeBonus` (the policy breaking ties among the largest).
    /// - Parameter devFiles: per dev problem (the probes' order), the file it came from: a regime
    ///   whose dev sets come from fewer than `minimumRegimeFiles` files is treated as unseen.
    /// - Parameter channelTrust: with `devFiles` and `channelProbes` (and neither `scoreGates` nor
    ///   `doNoHarmTest`), fit the batch trust map on sub-batches of each file (`ScoreChannelTrustFit`).
    public static func fit(
        _ dev: DevSet, policy: PolicyNetwork, channelProbes: [DevSet] = [], scoreGates: Bool = false, doNoHarmTest: Bool = false,
        devFiles: [Int]? = nil, channelTrust: Bool = false
    ) throws(PolicyError) -> Result {
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
        /// The bonus for `regime` (nil: majority vote itself, only with `doNoHarmTest`) and the dev evidence for it. Per kind
        /// of origin, the candidate with the highest lower bound; the most conservative of those is
        /// kept only if, on every judge, its gain over majority vote on all of the regime's dev sets
        /// clears `doNoHarmZ` standard errors and its mean gain on each kind of origin is not negative
        /// (sets without names come from one-model and mixed pools alike: the vote may be left only
        /// where it pays beyond noise overall and loses on dev in neither).
        func regimeChoice(_ regime: PoolRegime) -> RegimeChoice {
            let probed = regime.clientScores && !probes.isEmpty
            let judges = probed ? probes : [evidence]
            let grid = probed ? probedRegimeBonusGrid : regimeBonusGrid
            var candidate: Double?
            for origin in origins(regime) {
                var candidates: [(accuracies: [[Double]], baseline: [Double])] = []
                for judge in judges {
                    let majority = judge.perProblemAccuracy(bonus: nil, regime: regime, origin: origin)
                    guard !majority.isEmpty else { continue }
                    let from = origin.map { " from \($0.rawValue) pools" } ?? ""
                    guard majority.count >= minimumRegimeProblems else {
                        return .unseen(because: "\(majority.count) dev problems\(from), fewer than \(minimumRegimeProblems)", doNoHarmTest: doNoHarmTest)
                    }
                    guard judge.enoughFiles(devFiles, regime: regime, origin: origin) else {
                        return .unseen(because: "dev sets\(from) from fewer than \(minimumRegimeFiles) source files of \(minimumFileProblems)+ problems", doNoHarmTest: doNoHarmTest)
                    }
                    candidates.append((grid.map { judge.perProblemAccuracy(bonus: $0, regime: regime, origin: origin) }, majority))
                }
                guard !candidates.isEmpty else { continue }
                let index = probed ? probedChoice(candidates) : worstLowerBoundChoice(candidates)
                candidate = max(candidate ?? 0, grid[index])
            }
            guard let candidate else {
                return doNoHarmTest ? .unseen(because: "no dev sets to judge", doNoHarmTest: true) : RegimeChoice(bonus: 0, candidate: 0, gain: 0, standardError: 0)
            }
            var chosen = RegimeChoice(bonus: candidate, candidate: candidate, gain: .infinity, standardError: 0)
            var losesOnAKindOfPool = false
            for judge in judges {
                let gains = judge.perProblemGain(bonus: candidate, regime: regime)
                guard !gains.isEmpty else { continue }
                let gain = (mean: Bootstrap.mean(gains), standardError: standardError(gains))
                if doNoHarmBound(gain) < doNoHarmBound((chosen.gain, chosen.standardError)) { (chosen.gain, chosen.standardError) = gain }
                for origin in origins(regime) where origin != nil {
                    let originGains = judge.perProblemGain(bonus: candidate, regime: regime, origin: origin)
                    if !originGains.isEmpty, Bootstrap.mean(originGains) < 0 { losesOnAKindOfPool = true }
                }
            }
            guard doNoHarmTest else {
                if !chosen.gain.isFinite { chosen.gain = 0 }
                return chosen
            }
            guard chosen.gain.isFinite else { return .unseen(because: "no dev gain to judge", doNoHarmTest: true) }
            if losesOnAKindOfPool || !(doNoHarmBound((chosen.gain, chosen.standardError)) > 0) { chosen.bonus = nil }
            return chosen
        }

        let globalIndex = oneStandardErrorChoice(bonusGrid.map(perProblemAccuracy(bonus:)))
        let bonus = bonusGrid[globalIndex.chosen]
        var regimeBonuses: [PoolRegime: Double] = [:]
        var gates: [PoolRegime: ScoreChannelGate] = [:]
        var regimeFits: [RegimeFit] = []
        var majorityVoteRegimes: Set<PoolRegime> = []
        for regime in PoolRegime.all {
            let majority = evidence.perProblemAccuracy(bonus: nil, regime: regime)
            let problems = majority.count
            guard problems >= minimumRegimeProblems else {
                regimeBonuses[regime] = unseenRegimeBonus
                if doNoHarmTest { majorityVoteRegimes.insert(regime) }
                regimeFits.append(RegimeFit(regime: regime.key, problems: problems, bonus: unseenRegimeBonus, majorityVote: doNoHarmTest, majorityAccuracy: 0, accuracyWithoutBonus: 0, accuracyWithBonus: 0, overturnRate: 0, overturnPrecision: 0))
                continue
            }
            let choice = regimeChoice(regime)
            // Stored as the tie-breaking bonus too, so code that predates majority-vote regimes serves
            // them as close to majority vote as it can.
            let chosenBonus = choice.bonus ?? unseenRegimeBonus
            regimeBonuses[regime] = chosenBonus
            if choice.bonus == nil { majorityVoteRegimes.insert(regime) }
            let effects = evidence.decisionEffects(bonus: choice.candidate, regime: regime)
            var fit = RegimeFit(
                regime: regime.key, problems: problems, bonus: chosenBonus, majorityVote: choice.bonus == nil, majorityAccuracy: Bootstrap.mean(majority),
                accuracyWithoutBonus: Bootstrap.mean(evidence.perProblemAccuracy(bonus: 0, regime: regime)),
                accuracyWithBonus: Bootstrap.mean(choice.bonus == nil ? majority : evidence.perProblemAccuracy(bonus: chosenBonus, regime: regime)),
                overturnRate: choice.bonus == nil || effects.sets == 0 ? 0 : Double(effects.overturns) / Double(effects.sets),
                overturnPrecision: choice.bonus == nil || effects.overturns == 0 ? 0 : Double(effects.rightOverturns) / Double(effects.overturns),
                candidateBonus: choice.candidate, candidateGain: choice.gain, candidateGainStandardError: choice.standardError, candidateEffects: effects,
                unseenBecause: choice.unseenBecause)
            if choice.bonus != nil, scoreGates, regime.clientScores, !probes.isEmpty {
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

        var trust: (trust: ScoreChannelTrust?, regimes: [ScoreChannelTrustFit.RegimeTrust]) = (nil, [])
        if channelTrust, let devFiles, !probes.isEmpty, !scoreGates, !doNoHarmTest {
            trust = ScoreChannelTrustFit.fit(probes, groups: devFiles, bonuses: regimeBonuses, grid: probedRegimeBonusGrid, seed: 0x7e57_c4a7)
        }
        let byRegime = DecisionCalibration(pluralityBonus: bonus, temperature: 1, regimeBonuses: regimeBonuses, scoreGates: gates, majorityVoteRegimes: majorityVoteRegimes)
        let decisions = calibratedNamed(byRegime)
        let correct = zip(dev.contested, decisions).map { $0.picksCorrect($1) }
        let losses = temperatureGrid.map { logLoss(decisions, correct: correct, temperature: $0) }
        let temperature = losses.indices.min { (losses[$0], $0) < (losses[$1], $1) }.map { temperatureGrid[$0] } ?? 1
        let calibration = DecisionCalibration(
            pluralityBonus: bonus, temperature: temperature, regimeBonuses: regimeBonuses, scoreGates: gates, majorityVoteRegimes: majorityVoteRegimes,
            channelTrust: trust.trust)
        let unbiased = DecisionCalibration(pluralityBonus: 0, temperature: 1)
        return Result(
            calibration: calibration,
            accuracyWithoutBonus: Bootstrap.mean(perProblemAccuracy(bonus: 0)), accuracyWithBonus: Bootstrap.mean(perProblemAccuracy(bonus: bonus)),
            retentionWithoutBonus: easyRetention(dev, calibratedNamed(unbiased)), retentionWithBonus: easyRetention(dev, decisions),
            eceBefore: expectedCalibrationError(dev, named.probabilities), eceAfter: expectedCalibrationError(dev, calibratedNamed(calibration)),
            regimes: regimeFits, channelTrust: trust.regimes)
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
        highestBoundIndex(worstLowerBounds(judges))
    }

    /// The index of the highest of `bounds`, the last of equals; 0 when there are none.
    private static func highestBoundIndex(_ bounds: [Double]) -> Int {
        bounds.indices.max { (bounds[$0], $0) < (bounds[$1], $1) } ?? 0
    }

    /// The choice for a kind of pool with client scores, judged on channel probes: the
    /// `worstLowerBoundChoice` when its lowest lower bound is above 0, else the last index (the grid's
    /// `majorityBonus`). A client's channel is one of the probes, not their mix: when not even the best
    /// bonus gains beyond one standard error on the worst of them, the channel has not earned an
    /// overturn, and the policy only breaks ties among the largest clusters.
    static func probedChoice(_ judges: [(accuracies: [[Double]], baseline: [Double])]) -> Int {
        let bounds = worstLowerBounds(judges)
        let best = highestBoundIndex(bounds)
        return bounds.indices.contains(best) && bounds[best] > 0 ? best : max(bounds.count - 1, 0)
    }

    /// Per index, the lowest lower bound across `judges` (mean gain over the baseline minus one
    /// standard error, per problem, paired).
    static func worstLowerBounds(_ judges: [(accuracies: [[Double]], baseline: [Double])]) -> [Double] {
        let count = judges.map(\.accuracies.count).min() ?? 0
        return (0..<count).map { index in
            judges.map { judge -> Double in
                let gain = gainEstimate(judge.accuracies[index], baseline: judge.baseline)
                return gain.mean - gain.standardError
            }.min() ?? 0
        }
    }

    /// Mean and standard error of the paired per-problem gain of `accuracies` over `baseline`.
    static func gainEstimate(_ accuracies: [Double], baseline: [Double]) -> (mean: Double, standardError: Double) {
        let gains = zip(accuracies, baseline).map { $0 - $1 }
        return (Bootstrap.mean(gains), standardError(gains))
    }

    /// The one-sided 95% lower bound of a gain over majority vote; leaving majority vote needs it above 0.
    static func doNoHarmBound(_ gain: (mean: Double, standardError: Double)) -> Double {
        gain.mean - doNoHarmZ * gain.standardError
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
