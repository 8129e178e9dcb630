public import AggLMSupport
import AggLMFeatures
public import AggLMWire
public import AggLMLearned
import AggLMTraining

extension SplitMix64 {
    /// A uniform integer in 0..<n (n >= 1), for test fixtures.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

public enum Fixtures {
    /// A synthetic problem: `oracle` is always right, "echo-*" models copy one shared wrong
    /// answer (so they form the majority), the rest answer at random. With `majorityRight`
    /// the echo models copy the gold answer instead and `oracle` is wrong.
    public static func synthetic(_ index: Int, candidates: Int = 8, majorityRight: Bool = false) -> Agglm_V1_Problem {
        var rng = SplitMix64(seed: UInt64(index) &* 7919)
        let gold = 10 + index % 50
        let wrong = gold + 1 + rng.below(5)
        var problem = Agglm_V1_Problem()
        problem.id = "synthetic/\(index)"
        problem.question = "Question number \(index)?"
        problem.gold = String(gold)
        problem.candidates = (0..<candidates).map { slot in
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c\(slot)"
            let answer: Int
            switch slot {
            case 0:
                candidate.model = "oracle"
                answer = majorityRight ? wrong : gold
            case 1...4:
                candidate.model = "echo-\(slot)"
                answer = majorityRight ? gold : wrong
            default:
                candidate.model = "noise-\(slot)"
                answer = gold + 10 + rng.below(20)
            }
            candidate.text = "Some reasoning. The answer is \(answer)."
            candidate.answer = String(answer)
            return candidate
        }
        return problem
    }

    public static func aggregator(seed: UInt64, names: [String] = ["a", "b", "c"]) throws -> LearnedAggregator {
        let vocabulary = ModelVocabulary(names: names)
        var config = TrainingConfig()
        config.hiddenSize = 16
        config.seed = seed
        let trainer = Trainer(config: config, vocabulary: vocabulary)
        let state = try trainer.initialState()
        return try LearnedAggregator(policy: state.policy, rewardModel: state.rewardModel, vocabulary: vocabulary, metadata: ["note": "test"])
    }

    /// A problem with several answer clusters and varied texts.
    public static func contested(seed: UInt64, size: Int = 9) -> Agglm_V1_Problem {
        var rng = SplitMix64(seed: seed)
        var problem = Agglm_V1_Problem()
        problem.id = "contested/\(seed)"
        problem.gold = "3"
        problem.candidates = (0..<size).map { slot in
            var candidate = Agglm_V1_Candidate()
            candidate.id = "c\(slot)"
            candidate.model = ["a", "b", "c", "d"][rng.below(4)]
            let answer = 1 + rng.below(4)
            let padding = String(repeating: "Then 2 + 2 = 4. ", count: rng.below(6))
            candidate.text = padding + (rng.below(3) == 0 ? "Wait, maybe. " : "") + "The answer is \(answer)."
            candidate.answer = String(answer)
            return candidate
        }
        return problem
    }
}
