import AggLMAggregation
import AggLMLearned
import AggLMService
import AggLMSupport
import ArgumentParser

/// `--checkpoint` and `--anonymous`, shared by every command that runs the
/// learned aggregator, so they mean the same everywhere.
struct ModelOptions: ParsableArguments {
    @Option(help: "Learned-aggregator checkpoint (default: the one compiled into agglm, built from Checkpoints/agglm-default.safetensors; 'none' to run without).")
    var checkpoint: String?

    @Flag(help: "Hide model names from the learned aggregator and reward model (anonymous clients).")
    var anonymous = false

    /// The loaded model: how to build each thread's methods, and what to
    /// call it in logs and health replies.
    struct Loaded: Sendable {
        let description: String
        let aggregator: LearnedAggregator?
        let anonymous: Bool
        /// With `forBatch`: the batch's estimate of the client's score channel (nil: unknown or not used).
        var channelEstimate: ScoreChannelAgreement? = nil

        /// The service engine: every worker thread gets its own suite.
        var engineFactory: AggregatorEngineFactory {
            AggregatorEngineFactory(description: description, makeSuite: { makeSuite(assist: $0) })
        }

        /// `assist`: a helper thread to share per-candidate work with (the server's inline engine).
        @Sendable func makeSuite(assist: AssistThread? = nil) -> MethodSuite {
            guard let aggregator else { return MethodSuite() }
            return MethodSuite.learned(aggregator, anonymous: anonymous, assist: assist)
        }

        /// The model for one batch of problems (a file): the client score channel estimated over it.
        func forBatch(_ problems: [PreparedProblem]) -> Loaded {
            guard let aggregator, aggregator.calibration.channelTrust != nil else { return self }
            let estimate = ScoreChannelAgreement.estimate(problems.map(\.fullSet))
            return Loaded(description: description, aggregator: aggregator.forBatch(estimate: estimate), anonymous: anonymous, channelEstimate: estimate)
        }
    }

    func load() throws -> Loaded {
        let learned = try CheckpointLocator.load(checkpoint)
        let name = learned.map { "\($0.path)\(anonymous ? " (anonymous)" : "")" } ?? "no checkpoint (baselines only)"
        return Loaded(description: name, aggregator: learned?.aggregator, anonymous: anonymous)
    }
}
