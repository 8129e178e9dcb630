public import AggLMAggregation
public import AggLMEvaluation
import AggLMWire
public import AggLMLearned
import AggLMSupport

/// What the learned aggregator did on one held-out problem's sampled sets,
/// next to majority vote: the raw counts cross-validation adds up.
public struct HeldOutTally: Sendable {
    public var sets = 0
    public var majorityCorrect = 0
    var namedCorrect = 0
    var anonymousCorrect = 0
    public var bucketSets: [SetBucket: Int] = [:]
    var namedByBucket: [SetBucket: Int] = [:]
    var anonymousByBucket: [SetBucket: Int] = [:]
    /// Sets with at least two clusters, and per mode how often the choice had fewer votes than the
    /// largest cluster (it overturned the plurality) and how often that overturn was right.
    var contestedSets = 0
    /// Easy sets whose right cluster has strictly more votes than any other (no tie for the most
    /// votes, so majority vote's answer does not depend on a tie-break), and per mode how many of
    /// them the aggregator kept.
    var clearEasySets = 0
    var namedClearEasyKept = 0
    var anonymousClearEasyKept = 0
    /// Sets the reward-model baselines answer right (client scores when every answer has one, else the
    /// built-in reward model).
    var rmBestOfNCorrect = 0
    var rmWeightedCorrect = 0
    var namedOverturns = 0
    var namedOverturnsRight = 0
    var anonymousOverturns = 0
    var anonymousOverturnsRight = 0
    /// (confidence, correct) of every named decision the policy made (contested sets).
    public var calibration: [(confidence: Double, correct: Bool)] = []

    public init() {}
}

/// Runs majority and the learned aggregator (with and without model names)
/// through the same `MethodSuite` path `agglm compare` uses.
public enum HeldOutEvaluation {
    public static func tallies(
        _ problems: [PreparedProblem], aggregator: LearnedAggregator, sampler: SetSampler, threads: Int
    ) -> [HeldOutTally?] {
        ParallelMap.map(
            count: problems.count, threads: threads,
            makeState: {
                (named: MethodSuite.learned(aggregator), anonymous: MethodSuite.learned(aggregator, anonymous: true))
            },
            body: { suites, index in tally(problems[index], sampler: sampler, suites: &suites) })
    }

    static func tally(
        _ problem: PreparedProblem, sampler: SetSampler, suites: inout (named: MethodSuite, anonymous: MethodSuite)
    ) -> HeldOutTally? {
        guard problem.goldAnswer != nil, !problem.candidates.isEmpty else { return nil }
        var tally = HeldOutTally()
        for members in sampler.sets(problemID: problem.id, candidateCount: problem.candidates.count) {
            let set = CandidateSet(problem: problem, members: members)
            guard let bucket = SetBucket(set) else { return nil }
            tally.sets += 1
            tally.bucketSets[bucket, default: 0] += 1
            if bucket == .easy { tally.majorityCorrect += 1 }
            if set.clusters.count >= 2 { tally.contestedSets += 1 }
            let clearEasy = bucket == .easy && set.plurality?.tie == false
            if clearEasy { tally.clearEasySets += 1 }
            for method in [Agglm_V1_Method.rmBestOfN, .rmWeighted] {
                guard let cluster = suites.named.decide(method, on: set).outcome?.cluster, set.isCorrect(cluster: cluster) == true else { continue }
                if method == .rmBestOfN { tally.rmBestOfNCorrect += 1 } else { tally.rmWeightedCorrect += 1 }
            }
            let mostVotes = set.clusters.first?.members.count ?? 0
            for anonymous in [false, true] {
                let outcome = anonymous ? suites.anonymous.decide(.agglm, on: set).outcome : suites.named.decide(.agglm, on: set).outcome
                let right = outcome?.cluster.flatMap { set.isCorrect(cluster: $0) } ?? false
                let overturned = outcome?.cluster.map { set.clusters[$0].members.count < mostVotes } ?? false
                if clearEasy && right {
                    if anonymous { tally.anonymousClearEasyKept += 1 } else { tally.namedClearEasyKept += 1 }
                }
                if anonymous {
                    if right { tally.anonymousCorrect += 1; tally.anonymousByBucket[bucket, default: 0] += 1 }
                    if overturned { tally.anonymousOverturns += 1; if right { tally.anonymousOverturnsRight += 1 } }
                } else {
                    if overturned { tally.namedOverturns += 1; if right { tally.namedOverturnsRight += 1 } }
                    if right { tally.namedCorrect += 1; tally.namedByBucket[bucket, default: 0] += 1 }
                    if set.clusters.count >= 2, let outcome { tally.calibration.append((outcome.score, right)) }
                }
            }
        }
        return tally
    }
}

/// Per-file summary of held-out tallies.
public struct HeldOutSummary: Sendable, Codable {
    public struct Score: Sendable, Codable {
        public var accuracy: Double
        public var ci95: [Double]
        public var hardRecovery: Double
        public var easyRetention: Double
        /// Share of contested sets where the choice had fewer votes than the largest cluster, and
        /// share of those overturns that were right (0 for majority vote).
        public var overturnRate = 0.0
        public var overturnPrecision = 0.0
        /// Share of the easy sets without a tie for the most votes that stay right.
        public var clearEasyRetention = 1.0
    }

    public var file: String
    public var problems: Int
    public var sets: Int
    public var easy: Int
    public var hard: Int
    public var none: Int
    public var majority: Score
    /// Accuracy of the reward-model baselines (per problem, as `Score.accuracy`).
    public var rmBestOfN: Double
    public var rmWeighted: Double
    public var named: Score
    public var anonymous: Score
    /// Expected calibration error of the named policy's confidence (10 equal-width bins, contested sets).
    public var ece: Double

    public init(file: String, tallies: [HeldOutTally], seed: UInt64) {
        self.file = file
        problems = tallies.count
        sets = tallies.reduce(0) { $0 + $1.sets }
        func count(_ bucket: SetBucket) -> Int { tallies.reduce(0) { $0 + ($1.bucketSets[bucket] ?? 0) } }
        let easySets = count(.easy), hardSets = count(.hard)
        easy = easySets
        hard = hardSets
        none = count(.none)
        func score(_ perProblem: (HeldOutTally) -> Int, _ byBucket: (HeldOutTally) -> [SetBucket: Int]) -> Score {
            let values = tallies.map { Double(perProblem($0)) / Double(max($0.sets, 1)) }
            let interval = Bootstrap.percentileInterval(values, samples: 1000, seed: seed)
            let hardRight = tallies.reduce(0) { $0 + (byBucket($1)[.hard] ?? 0) }
            let easyRight = tallies.reduce(0) { $0 + (byBucket($1)[.easy] ?? 0) }
            return Score(
                accuracy: Bootstrap.mean(values), ci95: [interval.low, interval.high],
                hardRecovery: hardSets == 0 ? 0 : Double(hardRight) / Double(hardSets),
                easyRetention: easySets == 0 ? 0 : Double(easyRight) / Double(easySets))
        }
        let contested = Double(max(tallies.reduce(0) { $0 + $1.contestedSets }, 1))
        let clearEasy = tallies.reduce(0) { $0 + $1.clearEasySets }
        func overturns(_ score: inout Score, _ count: (HeldOutTally) -> Int, _ right: (HeldOutTally) -> Int, _ kept: (HeldOutTally) -> Int) {
            score.clearEasyRetention = clearEasy == 0 ? 1 : Double(tallies.reduce(0) { $0 + kept($1) }) / Double(clearEasy)
            let total = tallies.reduce(0) { $0 + count($1) }
            score.overturnRate = Double(total) / contested
            score.overturnPrecision = total == 0 ? 0 : Double(tallies.reduce(0) { $0 + right($1) }) / Double(total)
        }
        majority = score({ $0.majorityCorrect }, { t in [.easy: t.bucketSets[.easy] ?? 0] })
        rmBestOfN = Bootstrap.mean(tallies.map { Double($0.rmBestOfNCorrect) / Double(max($0.sets, 1)) })
        rmWeighted = Bootstrap.mean(tallies.map { Double($0.rmWeightedCorrect) / Double(max($0.sets, 1)) })
        named = score({ $0.namedCorrect }, { $0.namedByBucket })
        overturns(&named, \.namedOverturns, \.namedOverturnsRight, \.namedClearEasyKept)
        anonymous = score({ $0.anonymousCorrect }, { $0.anonymousByBucket })
        overturns(&anonymous, \.anonymousOverturns, \.anonymousOverturnsRight, \.anonymousClearEasyKept)
        ece = Calibration.expectedError(tallies.flatMap(\.calibration))
    }
}

/// Calibration of confidences against outcomes.
public enum Calibration {
    /// Expected calibration error with `bins` equal-width bins over [0, 1].
    static func expectedError(_ pairs: [(confidence: Double, correct: Bool)], bins: Int = 10) -> Double {
        guard !pairs.isEmpty else { return 0 }
        var count = [Int](repeating: 0, count: bins)
        var confidence = [Double](repeating: 0, count: bins)
        var correct = [Double](repeating: 0, count: bins)
        for pair in pairs {
            let bin = min(bins - 1, max(0, Int(pair.confidence * Double(bins))))
            count[bin] += 1
            confidence[bin] += pair.confidence
            correct[bin] += pair.correct ? 1 : 0
        }
        var error = 0.0
        for bin in 0..<bins where count[bin] > 0 {
            error += abs(confidence[bin] - correct[bin]) / Double(pairs.count)
        }
        return error
    }
}
