import AggLMFeatures
import AggLMPolicy
import Foundation
import Testing
@testable import AggLMLearned

/// The checkpoint compiled into the binary must be the committed default file, byte for byte, so the two
/// can never drift: after retraining, run Scripts/embed-default-checkpoint.sh (train-default.sh does).
@Suite struct EmbeddedDefaultCheckpointTests {
    static func repositoryFile(_ relative: String) -> String {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url.appendingPathComponent(relative).path
    }

    @Test func embeddedBytesEqualTheCommittedCheckpoint() throws {
        let file = try #require(FileManager.default.contents(atPath: Self.repositoryFile(EmbeddedDefaultCheckpoint.sourcePath)))
        let embedded = EmbeddedDefaultCheckpoint.bytes
        #expect(embedded.count == file.count, "run Scripts/embed-default-checkpoint.sh")
        #expect(embedded == [UInt8](file), "run Scripts/embed-default-checkpoint.sh")
    }

    @Test func embeddedCheckpointLoadsLikeTheFile() throws {
        let embedded = try EmbeddedDefaultCheckpoint.load().aggregator
        let file = try LearnedAggregator.load(from: Self.repositoryFile(EmbeddedDefaultCheckpoint.sourcePath)).aggregator
        #expect(embedded.policy == file.policy)
        #expect(embedded.rewardModel == file.rewardModel)
        #expect(embedded.vocabulary == file.vocabulary)
        #expect(embedded.metadata == file.metadata)
    }

    /// Column names derive from `OwnFeature` and `ClusterFeature`; the shipped checkpoint recorded them
    /// when it was trained, so a column moved, dropped or renamed since shows up here.
    @Test func featureColumnNamesMatchTheShippedCheckpoint() throws {
        let metadata = try EmbeddedDefaultCheckpoint.load().checkpoint.metadata
        let candidate = try #require(metadata[LearnedAggregator.candidateFeaturesKey].flatMap(LearnedAggregator.decodeStrings))
        let cluster = try #require(metadata[LearnedAggregator.clusterFeaturesKey].flatMap(LearnedAggregator.decodeStrings))
        #expect(candidate == FeatureSchema.candidateFeatureNames)
        #expect(cluster == FeatureSchema.clusterFeatureNames)
    }

    /// Loading the shipped checkpoint and saving it again writes the same bytes: the header writer, the
    /// metadata lists (vocabulary, column names) and the calibration all print what they read.
    @Test func shippedCheckpointResavesByteForByte() throws {
        let source = Self.repositoryFile(EmbeddedDefaultCheckpoint.sourcePath)
        let copy = NSTemporaryDirectory() + "agglm-resave-\(UInt32.random(in: 0...UInt32.max)).safetensors"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try LearnedAggregator.load(from: source).aggregator.save(to: copy)
        let original = try #require(FileManager.default.contents(atPath: source))
        let resaved = try #require(FileManager.default.contents(atPath: copy))
        #expect(resaved == original)
    }
}
