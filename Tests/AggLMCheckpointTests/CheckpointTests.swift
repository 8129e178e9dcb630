import Foundation
import Testing
@testable import AggLMPolicy
@testable import AggLMCheckpoint
import AggLMTestSupport

@Suite struct CheckpointTests {
    func sample() throws -> AggregatorCheckpoint {
        let policy = try PolicyNetwork(config: NetworkFixtures.smallPolicy, seed: 3)
        let reward = try RewardModelNetwork(config: NetworkFixtures.smallRewardModel, seed: 4)
        var state = AdamState(parameterCount: policy.parameterCount)
        state.m[0] = 0.5
        state.v[1] = 0.25
        state.step = 17
        return AggregatorCheckpoint(
            policy: policy, rewardModel: reward,
            metadata: ["featureSchemaVersion": "3", "modelVocabulary": "[\"<unknown>\",\"a\",\"b\",\"c\"]", "devAccuracy": "0.75"],
            policyOptimizer: state)
    }

    func loadError(_ file: SafeTensors, policy: PolicyConfig? = nil) -> CheckpointError? {
        do {
            _ = try AggregatorCheckpoint(file, expectedPolicy: policy)
            return nil
        } catch {
            return error
        }
    }

    @Test func roundTripThroughAFileIsBitExact() throws {
        let directory = try temporaryDirectory("checkpoint")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/agglm.safetensors"
        let original = try sample()
        try original.save(to: path)
        let loaded = try AggregatorCheckpoint.load(from: path, expectedPolicy: NetworkFixtures.smallPolicy, expectedRewardModel: NetworkFixtures.smallRewardModel)
        #expect(loaded == original)
        #expect(loaded.policy.parameters.map(\.bitPattern) == original.policy.parameters.map(\.bitPattern))
        #expect(loaded.metadata == original.metadata)
        #expect(loaded.policyOptimizer == original.policyOptimizer)
        #expect(loaded.rewardModelOptimizer == nil)
        // The loaded policy computes exactly what the saved one did.
        let batch = NetworkFixtures.randomBatch(config: NetworkFixtures.smallPolicy, candidateCounts: [8], seed: 1)
        #expect(try loaded.policy.forward(batch, workspace: PolicyWorkspace()) == original.policy.forward(batch, workspace: PolicyWorkspace()))
    }

    @Test func refusesMismatchedConfig() throws {
        let file = try sample().safeTensors()
        var wanted = NetworkFixtures.smallPolicy
        wanted.hiddenSize = 6
        let error = loadError(file, policy: wanted)
        #expect(error == .configMismatch(component: "policy", differences: ["hiddenSize: expected 6, found 5"]))
        #expect(error?.description.contains("hiddenSize: expected 6, found 5") == true)
    }

    @Test func refusesInconsistentFiles() throws {
        let file = try sample().safeTensors()
        // Config says one shape, tensors another.
        var meta = file.metadata
        meta["agglm.policy.hiddenSize"] = "6"
        guard case .tensorShapeMismatch = loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) else {
            Issue.record("expected tensorShapeMismatch")
            return
        }
        meta = file.metadata
        meta["agglm.policy.hiddenSize"] = "six"
        #expect(loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) == .invalidMetadata(key: "agglm.policy.hiddenSize", value: "six"))
        meta["agglm.policy.hiddenSize"] = "999999999"
        guard case .invalidConfig = loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) else {
            Issue.record("expected invalidConfig for a huge hidden size")
            return
        }
        meta = file.metadata
        meta.removeValue(forKey: "agglm.format")
        guard case .notAnAggLMCheckpoint = loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) else {
            Issue.record("expected notAnAggLMCheckpoint")
            return
        }
        meta = file.metadata
        meta["agglm.format_version"] = "2"
        #expect(loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) == .unsupportedFormatVersion("2"))
        let missing = try SafeTensors(tensors: file.tensors.filter { $0.name != "policy.head.fc1.bias" }, metadata: file.metadata)
        #expect(loadError(missing) == .missingTensor("policy.head.fc1.bias"))
        let extra = try SafeTensors(tensors: file.tensors + [.init(name: "stray", shape: [1], values: [0])], metadata: file.metadata)
        #expect(loadError(extra) == .unexpectedTensor("stray"))
        meta = file.metadata
        meta.removeValue(forKey: "agglm.optimizer.policy.step")
        guard case .optimizerStateMismatch = loadError(try SafeTensors(tensors: file.tensors, metadata: meta)) else {
            Issue.record("expected optimizerStateMismatch")
            return
        }
    }

    @Test func reservedMetadataIsRefusedOnSave() throws {
        var checkpoint = try sample()
        checkpoint.metadata["agglm.policy.hiddenSize"] = "1"
        #expect(throws: CheckpointError.reservedMetadataKey("agglm.policy.hiddenSize")) { try checkpoint.safeTensors() }
    }

    @Test func corruptFileReportsTheSafeTensorsError() throws {
        let directory = try temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/c.safetensors"
        let bytes = try sample().safeTensors().encoded()
        try Data(bytes.prefix(bytes.count - 3)).write(to: URL(fileURLWithPath: path))
        do {
            _ = try AggregatorCheckpoint.load(from: path)
            Issue.record("truncated checkpoint loaded")
        } catch {
            guard case .safeTensors(.offsetsOutOfRange) = error else { Issue.record("got \(error)"); return }
        }
    }
}
