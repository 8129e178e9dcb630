import AggLMSupport
import Testing

@testable import AggLMAggregation
import AggLMAnswers
import AggLMWire
import AggLMTestSupport

@Suite struct MajorityVoteTests {
    @Test func pluralityOfEquivalentAnswersWins() throws {
        let problem = makeProblem(["1/2", "0.5", "\\frac{1}{2}", "3", "3"])
        let set = PreparedProblem(problem).fullSet
        var majority = MajorityVote()
        let outcome = try #require(majority.decide(set).outcome)
        #expect(outcome.score == 3)
        #expect(outcome.tie == false)
        #expect(set.clusters[outcome.cluster ?? -1].members.count == 3)
    }

    @Test func abstainersDoNotVoteAndTiesAreReported() throws {
        let problem = makeProblem(["7", nil, nil, nil, "8"])
        var majority = MajorityVote()
        let outcome = try #require(majority.decide(PreparedProblem(problem).fullSet).outcome)
        #expect(outcome.tie)
        #expect(outcome.score == 1)
    }

    @Test func allAbstainGivesNoAnswer() {
        var majority = MajorityVote()
        #expect(majority.decide(PreparedProblem(makeProblem([nil, nil])).fullSet) == .decided(.noAnswer))
    }

    @Test func singleCandidate() {
        #expect(chosenKey(.majority, makeProblem(["42"])) != nil)
    }
}

@Suite struct RewardMethodTests {
    @Test func bestOfNPicksTheHighestClientScore() throws {
        let problem = makeProblem(["1", "1", "2"], scores: [0.1, 0.2, 0.9])
        var method = RewardBestOfN()
        let set = PreparedProblem(problem).fullSet
        let outcome = try #require(method.decide(set).outcome)
        #expect(outcome.memberPosition == 2)
        #expect(outcome.scoreSource == .client)
        #expect(chosenKey(.rmBestOfN, problem) == chosenKey(.majority, makeProblem(["2"])))
    }

    @Test func weightedVoteSumsScores() {
        // Two weak votes for 1 (0.3 + 0.3) lose to one strong vote for 2 (0.7).
        let problem = makeProblem(["1", "1", "2"], scores: [0.3, 0.3, 0.7])
        #expect(chosenKey(.rmWeighted, problem) == chosenKey(.majority, makeProblem(["2"])))
        // Logit-scaled scores go through a softmax: 1 gets e^0 + e^0, 2 gets e^0.5.
        let logits = makeProblem(["1", "1", "2"], scores: [-2.0, -2.0, -1.5])
        #expect(chosenKey(.rmWeighted, logits) == chosenKey(.majority, makeProblem(["1"])))
    }

    @Test func missingScoresMakeTheMethodsUnavailable() {
        var problem = makeProblem(["1", "2"], scores: [0.5, 0.5])
        problem.candidates[1].clearRewardScore()
        var suite = MethodSuite()
        let set = PreparedProblem(problem).fullSet
        if case .unavailable = suite.decide(.rmBestOfN, on: set) {} else { Issue.record("best-of-n guessed") }
        if case .unavailable = suite.decide(.rmWeighted, on: set) {} else { Issue.record("weighted guessed") }
    }

    @Test func builtinModelIsUsedWhenClientSendsNoScores() throws {
        struct PrefersTwo: RewardScoring {
            mutating func scores(for set: CandidateSet) -> [Double] {
                set.members.indices.map { set.candidate($0).answer?.raw == "2" ? 0.9 : 0.1 }
            }
        }
        var suite = MethodSuite(rewardModel: PrefersTwo())
        let set = PreparedProblem(makeProblem(["1", "1", "2"])).fullSet
        let outcome = try #require(suite.decide(.rmBestOfN, on: set).outcome)
        #expect(outcome.scoreSource == .builtin)
        #expect(set.clusters[outcome.cluster ?? -1].representative == "2")
    }
}

@Suite struct OtherMethodTests {
    @Test func confidenceWeightedDropsTheLeastConfident() {
        // Ten candidates: 9 keep; the one dropped is the least confident vote for 5.
        let answers = ["5", "5", "5", "5", "6", "6", "6", "6", "6", "5"]
        let confidences = [-0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -3.0]
        let problem = makeProblem(answers, confidences: confidences)
        #expect(chosenKey(.confidenceWeighted, problem) == chosenKey(.majority, makeProblem(["6"])))
        if case .unavailable = (MethodSuite().decideCopy(.confidenceWeighted, makeProblem(["1"]))) {} else {
            Issue.record("confidence-weighted guessed without confidence")
        }
    }

    @Test func shortestPicksTheShortestAnsweringOutput() {
        let problem = makeProblem(["1", "2", nil], lengths: [300, 100, 10])
        #expect(chosenKey(.shortest, problem) == chosenKey(.majority, makeProblem(["2"])))
    }

    @Test func oracleNeedsGoldAndFindsAMinorityAnswer() {
        #expect(chosenKey(.oracle, makeProblem(["1", "2"])) == nil)
        let problem = makeProblem(["1", "1", "2"], gold: "2")
        #expect(chosenKey(.oracle, problem) == chosenKey(.majority, makeProblem(["2"])))
    }

    @Test func agglmWithoutCheckpointIsUnavailable() {
        if case .unavailable = MethodSuite().decideCopy(.agglm, makeProblem(["1", "2"])) {} else {
            Issue.record("agglm ran without a policy")
        }
    }
}

extension MethodSuite {
    fileprivate func decideCopy(_ method: Agglm_V1_Method, _ problem: Agglm_V1_Problem) -> MethodResult {
        var copy = self
        return copy.decide(method, on: PreparedProblem(problem).fullSet)
    }
}

@Suite struct OrderIndependenceTests {
    /// A policy that prefers the cluster with the longest answer text, to
    /// exercise the aggregator path without a checkpoint.
    struct LongestAnswerPolicy: SetPolicy {
        mutating func evaluate(_ set: CandidateSet, memberScores: [Double]?) -> PolicyEvaluation {
            let lengths = set.clusters.map { Double($0.representative.count) }
            let total = lengths.reduce(0, +)
            return PolicyEvaluation(
                probabilities: lengths.map { $0 / total },
                bestMember: set.clusters.map { Aggregator.representativeMember($0, set: set) },
                memberScores: memberScores ?? [Double](repeating: 0, count: set.members.count))
        }

        mutating func rationale(for set: CandidateSet, evaluation: PolicyEvaluation) -> String { "longest" }
    }

    @Test func permutingCandidatesNeverChangesAnyMethodsAnswer() {
        var rng = SplitMix64(seed: 11)
        let pool = ["1", "2", "0.5", "1/2", "3", "\\frac{3}{1}", "x+1", "1+x", nil]
        for _ in 0..<200 {
            let count = 1 + Int(rng.next() % 9)
            let answers = (0..<count).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
            let scores = (0..<count).map { _ in Double(rng.next() % 4) / 4 }
            let confidences = (0..<count).map { _ in -Double(rng.next() % 3) }
            let lengths = (0..<count).map { _ in 50 + Int(rng.next() % 3) * 10 }
            let problem = makeProblem(answers, gold: "2", scores: scores, confidences: confidences, lengths: lengths)
            var shuffled = problem
            shuffled.candidates.shuffle(using: &rng)
            let suite = MethodSuite(policy: LongestAnswerPolicy())
            for method in Agglm_V1_Method.reportOrder {
                #expect(chosenKey(method, problem, suite: suite) == chosenKey(method, shuffled, suite: suite), "\(method.cliName) \(answers)")
            }
            // Duplicating the whole set keeps every vote-based winner.
            var doubled = problem
            doubled.candidates += problem.candidates.map { var copy = $0; copy.id += "'"; return copy }
            for method in [Agglm_V1_Method.majority, .rmWeighted, .confidenceWeighted, .shortest, .oracle] {
                #expect(chosenKey(method, problem, suite: suite) == chosenKey(method, doubled, suite: suite), "\(method.cliName)")
            }
        }
    }
}
