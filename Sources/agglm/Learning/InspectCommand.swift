import AggLMFeatures
import AggLMLearned
import AggLMPolicy
import ArgumentParser
import Foundation
import AggLMCheckpoint

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a learned-aggregator checkpoint: schema, model names, sizes, training provenance.",
        discussion: """
            Loads and validates the checkpoint exactly as compare and serve do (a corrupt file or a \
            feature-schema mismatch is reported, not ignored), then prints its feature schema, \
            model-name vocabulary, network shapes and parameter counts, the training config, the \
            data digest, dev metrics and every tensor.

            Examples:
              agglm inspect default          (the checkpoint compiled into this binary)
              agglm inspect Checkpoints/agglm-default.safetensors
            """
    )

    @Argument(help: "A checkpoint written by agglm-train (.safetensors), or 'default' for the one compiled into agglm.")
    var path: String

    @Flag(help: "Also list every tensor with its shape.")
    var tensors = false

    @Option(help: "Also time aggregation of k-candidate sets from this dataset file: majority vs the learned aggregator, one thread.")
    var bench: String?

    @Option(help: "Set size for --bench.")
    var k = 8

    func run() throws {
        let loaded: (aggregator: LearnedAggregator, checkpoint: AggregatorCheckpoint)
        let embedded = path == "default"
        do {
            loaded = embedded ? try EmbeddedDefaultCheckpoint.load() : try LearnedAggregator.load(from: path)
        } catch {
            throw ValidationError("\(error)")
        }
        let aggregator = loaded.aggregator
        let size = embedded
            ? EmbeddedDefaultCheckpoint.bytes.count
            : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let name = embedded ? "\(EmbeddedDefaultCheckpoint.name), built from \(EmbeddedDefaultCheckpoint.sourcePath)" : path
        let p = aggregator.policy.config, r = aggregator.rewardModel.config
        var lines = [
            "checkpoint      \(name) (\(size) bytes)",
            "feature schema  \(FeatureSchema.version) (\(FeatureSchema.candidateFeatureCount) candidate + \(FeatureSchema.clusterFeatureCount) cluster features)",
            "policy          \(aggregator.policy.parameterCount) parameters: features \(p.featureCount), cluster features \(p.clusterFeatureCount), vocabulary \(p.vocabularySize), embedding \(p.embeddingDimension), hidden \(p.hiddenSize)",
            "reward model    \(aggregator.rewardModel.parameterCount) parameters: features \(r.featureCount), vocabulary \(r.vocabularySize), embedding \(r.embeddingDimension), hidden \(r.hiddenSize)",
            String(format: "calibration     plurality bonus %.2f log-odds, confidence temperature %.3f", aggregator.calibration.pluralityBonus, aggregator.calibration.temperature),
            "bonus by pool   \(aggregator.calibration.regimeBonuses.isEmpty ? "the same for every kind of pool" : aggregator.calibration.regimeBonusesJSON)",
            "majority vote   \(aggregator.calibration.majorityVoteRegimes.isEmpty ? "in no kind of pool beyond its bonus" : aggregator.calibration.majorityVoteRegimesJSON + " (its own tie rule: the policy breaks no ties)")",
            "score gates     \(aggregator.calibration.scoreGates.isEmpty ? "none (every scored set gets its pool's bonus)" : aggregator.calibration.scoreGatesJSON)",
            "batch trust     \(aggregator.calibration.channelTrust == nil ? "none (a scored set's bonus does not depend on its batch)" : aggregator.calibration.channelTrustJSON)",
            "optimizer state \(loaded.checkpoint.policyOptimizer == nil ? "no" : "yes (resumable)")",
            "model names     \(aggregator.vocabulary.names.count) (+ unknown): \(aggregator.vocabulary.names.joined(separator: ", "))",
        ]
        for key in aggregator.metadata.keys.sorted() {
            lines.append("\(key.padding(toLength: 17, withPad: " ", startingAt: 0)) \(aggregator.metadata[key] ?? "")")
        }
        if tensors {
            let file = try loaded.checkpoint.safeTensors()
            for tensor in file.tensors { lines.append("tensor          \(tensor.name) \(tensor.shape)") }
        }
        print(lines.joined(separator: "\n"))
        if let bench {
            print(try AggregationBenchmark.run(path: bench, k: k, aggregator: aggregator))
        }
    }
}
