import AggLMAggregation
import AggLMFeatures
import AggLMSupport
import AggLMWire
import Testing
@testable import AggLMLearned
import AggLMTestSupport

/// The batch estimate of a client's score channel, the trust map's decision from it, and the service
/// path that decides a request's problems with it.
@Suite struct ScoreChannelAgreementTests {
    enum Channel {
        /// correctness + σ·N(0,1), as a reward model of that quality.
        case noisy(Double)
        /// Scores the writing, not the answer: a wrong answer's form scores higher (a misleading channel).
        case misleading
        /// Scores unrelated to the candidate.
        case unrelated
    }

    /// A one-model pool: each of `size` samples is right ("7") with probability `accuracy`, else one of
    /// three wrong answers; scored by `channel` when given.
    static func problem(_ index: Int, size: Int = 8, accuracy: Double = 0.6, channel: Channel?, model: String = "m") -> Agglm_V1_Problem {
        var rng = SplitMix64(seed: UInt64(index) &* 0x9e37 &+ 11)
        var problem = Agglm_V1_Problem()
        problem.id = "p\(index)"
        problem.question = "Question \(index)?"
        problem.gold = "7"
        problem.candidates = (0..<size).map { slot in
            let right = rng.nextUnitDouble() < accuracy
            let answer = right ? "7" : ["3/4", "12", "x+1"][rng.below(3)]
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c\(slot)"
            candidate.model = model
            candidate.text = "Working. The answer is \(answer)."
            candidate.answer = answer
            switch channel {
            case .noisy(let sigma)?: candidate.rewardScore = (right ? 1 : 0) + sigma * rng.nextGaussian()
            case .misleading?: candidate.rewardScore = (right ? 0 : 0.8) + 0.5 * rng.nextGaussian()
            case .unrelated?: candidate.rewardScore = rng.nextGaussian()
            case nil: break
            }
            return candidate
        }
        return problem
    }

    static func sets(_ problems: [Agglm_V1_Problem]) -> [CandidateSet] { problems.map { PreparedProblem($0).fullSet } }

    @Test func theEstimateRanksChannelsByTheirQuality() throws {
        func estimate(_ channel: Channel) throws -> ScoreChannelAgreement {
            try #require(ScoreChannelAgreement.estimate(Self.sets((0..<300).map { Self.problem($0, channel: channel) })))
        }
        let strong = try estimate(.noisy(0.5)), medium = try estimate(.noisy(1)), weak = try estimate(.noisy(4))
        let unrelated = try estimate(.unrelated), misleading = try estimate(.misleading)
        #expect(strong.agreement > 0.8)
        #expect(strong.agreement > medium.agreement && medium.agreement > weak.agreement)
        #expect(abs(unrelated.agreement - 0.5) < 0.05)
        #expect(misleading.agreement < 0.4)
        #expect(strong.sets > 100 && strong.sets <= 300)
        // Without client scores, or with a score missing, no set is evidence.
        #expect(ScoreChannelAgreement.estimate(Self.sets((0..<50).map { Self.problem($0, channel: nil) })) == nil)
    }

    @Test func concordanceCountsOnlyClearConsensusSets() {
        func set(_ answers: [String], _ scores: [Double]) -> CandidateSet {
            var problem = Agglm_V1_Problem()
            problem.id = "c"
            problem.candidates = answers.indices.map { i in
                var candidate = Agglm_V1_Candidate()
                candidate.id = "c\(i)"
                candidate.text = "The answer is \(answers[i])."
                candidate.answer = answers[i]
                candidate.rewardScore = scores[i]
                return candidate
            }
            return PreparedProblem(problem).fullSet
        }
        // Consensus "1" (3 of 5): pairs 3 × 2, concordant 4, one tie, one discordant.
        #expect(ScoreChannelAgreement.concordance(set(["1", "1", "1", "2", "3"], [0.9, 0.5, 0.2, 0.5, 0.1])) == 4.5 / 6)
        // A tie for the most votes, no dissenter, or a plurality under half: no evidence.
        #expect(ScoreChannelAgreement.concordance(set(["1", "1", "2", "2"], [1, 1, 0, 0])) == nil)
        #expect(ScoreChannelAgreement.concordance(set(["1", "1"], [1, 0])) == nil)
        #expect(ScoreChannelAgreement.concordance(set(["1", "1", "2", "3", "4"], [1, 1, 0, 0, 0])) == nil)
    }

    @Test func theEstimateDoesNotDependOnProblemOrCandidateOrder() throws {
        let problems = (0..<80).map { Self.problem($0, channel: .noisy(1)) }
        let expected = try #require(ScoreChannelAgreement.estimate(Self.sets(problems)))
        var rng = SplitMix64(seed: 3)
        for _ in 0..<10 {
            var shuffled = problems
            shuffled.shuffle(using: &rng)
            for index in shuffled.indices { shuffled[index].candidates.shuffle(using: &rng) }
            #expect(ScoreChannelAgreement.estimate(Self.sets(shuffled)) == expected)
        }
    }

    static let scored = PoolRegime(names: .oneModel, clientScores: true)
    static let trust = ScoreChannelTrust(steps: [scored: [.init(agreement: 0.6, bonus: 3), .init(agreement: 0.75, bonus: 0)]], minimumSets: 16)
    static let calibration = DecisionCalibration(
        pluralityBonus: 1, temperature: 1, regimeBonuses: [scored: DecisionCalibration.majorityOnlyBonus], majorityVoteRegimes: [scored], channelTrust: trust)

    @Test func trustingFollowsTheStepsAndLeavesUnknownBatchesAsToday() {
        #expect(Self.calibration.trusting(nil) == Self.calibration)
        #expect(Self.calibration.trusting(ScoreChannelAgreement(agreement: 0.95, sets: 15)) == Self.calibration)
        #expect(Self.calibration.trusting(ScoreChannelAgreement(agreement: 0.55, sets: 200)) == Self.calibration)
        let middle = Self.calibration.trusting(ScoreChannelAgreement(agreement: 0.7, sets: 16))
        #expect(middle.bonus(for: Self.scored) == 3)
        #expect(middle.majorityVoteRegimes.isEmpty)
        let strong = Self.calibration.trusting(ScoreChannelAgreement(agreement: 0.75, sets: 40))
        #expect(strong.bonus(for: Self.scored) == 0)
        // Kinds of pool without steps keep their bonus; without a trust map nothing changes.
        #expect(strong.bonus(for: PoolRegime(names: .oneModel, clientScores: false)) == 1)
        var plain = Self.calibration
        plain.channelTrust = nil
        #expect(plain.trusting(ScoreChannelAgreement(agreement: 0.9, sets: 100)) == plain)
    }

    /// Per problem id, the learned aggregator's chosen answer in `response`.
    static func answers(_ response: Agglm_V1_AggregateResponse) -> [String: String] {
        Dictionary(uniqueKeysWithValues: response.results.map { ($0.problemID, $0.aggregated.canonical) })
    }

    static func request(_ problems: [Agglm_V1_Problem]) -> Agglm_V1_AggregateRequest {
        var request = Agglm_V1_AggregateRequest()
        request.requestID = "batch"
        request.problems = problems
        request.options.methods = [.agglm]
        return request
    }

    @Test func aServiceRequestIsDecidedWithItsOwnEstimateAndAloneAsToday() throws {
        // Any batch estimate above chance opens the plurality fully; alone, majority vote.
        var calibration = Self.calibration
        calibration.channelTrust = ScoreChannelTrust(steps: [Self.scored: [.init(agreement: 0.5, bonus: 0)]], minimumSets: 16)
        let aggregator = try Fixtures.aggregator(seed: 4, names: ["m"]).with(calibration: calibration)
        let problems = (0..<60).map { Self.problem($0, accuracy: 0.45, channel: .noisy(0.5)) }
        var service = Aggregator(methods: MethodSuite.learned(aggregator))
        let batched = Self.answers(service.aggregate(Self.request(problems)))
        // The same as each problem decided by the aggregator made for the batch's estimate …
        let estimate = try #require(ScoreChannelAgreement.estimate(Self.sets(problems)))
        #expect(estimate.agreement >= 0.5 && estimate.sets >= 16)
        var forBatch = Aggregator(methods: MethodSuite.learned(aggregator.forBatch(estimate: estimate)))
        var alone = Aggregator(methods: MethodSuite.learned(aggregator))
        var differs = false
        for problem in problems {
            #expect(batched[problem.id] == forBatch.aggregate(problem, options: Self.request([]).options).aggregated.canonical)
            // … while a one-problem request is decided as without the trust map (majority vote here).
            let single = Self.answers(service.aggregate(Self.request([problem])))[problem.id]
            #expect(single == alone.aggregate(problem, options: Self.request([]).options).aggregated.canonical)
            if single != batched[problem.id] { differs = true }
        }
        // The random policy overturns some pluralities once trusted: the test can see the batch.
        #expect(differs)
        // Problem order does not change any problem's decision.
        var rng = SplitMix64(seed: 9)
        #expect(Self.answers(service.aggregate(Self.request(problems.shuffled(using: &rng)))) == batched)
    }
}
