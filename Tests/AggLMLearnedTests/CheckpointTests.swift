import AggLMFeatures
import AggLMPolicy
import Foundation
import Testing
@testable import AggLMLearned
import AggLMCheckpoint
import AggLMTestSupport

@Suite struct LearnedCheckpointTests {
    func temporaryPath(_ name: String) -> String {
        // One directory per test process; each test uses its own file name.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agglm-learning-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test func roundTripKeepsNetworksVocabularyAndMetadata() throws {
        let aggregator = try Fixtures.aggregator(seed: 7, names: ["gpt", "claude"])
        let path = temporaryPath("round.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try aggregator.save(to: path)
        let loaded = try LearnedAggregator.load(from: path).aggregator
        #expect(loaded.policy == aggregator.policy)
        #expect(loaded.rewardModel == aggregator.rewardModel)
        #expect(loaded.vocabulary == aggregator.vocabulary)
        #expect(loaded.metadata["note"] == "test")
    }

    @Test func refusesACorruptFile() throws {
        let aggregator = try Fixtures.aggregator(seed: 8)
        let path = temporaryPath("corrupt.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try aggregator.save(to: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Truncate the data section: the header no longer matches the file.
        bytes.removeLast(12)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: LearnedCheckpointError.self) { try LearnedAggregator.load(from: path) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: LearnedCheckpointError.self) { try LearnedAggregator.load(from: path) }
    }

    @Test func refusesAnotherFeatureSchemaClearly() throws {
        let aggregator = try Fixtures.aggregator(seed: 9)
        var metadata = aggregator.checkpointMetadata
        metadata[LearnedAggregator.schemaKey] = "agglm-features-0"
        let path = temporaryPath("schema.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try AggregatorCheckpoint(policy: aggregator.policy, rewardModel: aggregator.rewardModel, metadata: metadata).save(to: path)
        let message = loadErrorMessage(path)
        #expect(message?.contains("agglm-features-0") == true)
        #expect(message?.contains(FeatureSchema.version) == true)
    }

    /// The load error's message, or nil when the file loads.
    func loadErrorMessage(_ path: String) -> String? {
        do {
            _ = try LearnedAggregator.load(from: path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func refusesAVocabularyOfTheWrongSize() throws {
        let aggregator = try Fixtures.aggregator(seed: 10, names: ["a", "b"])
        #expect(throws: LearnedCheckpointError.self) {
            try LearnedAggregator(policy: aggregator.policy, rewardModel: aggregator.rewardModel, vocabulary: ModelVocabulary(names: ["a"]))
        }
    }
}

