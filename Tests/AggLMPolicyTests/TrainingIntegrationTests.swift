import AggLMSupport
import Testing
@testable import AggLMPolicy
import AggLMTestSupport

/// The building blocks used the way the trainer will: sample → reward → GRPO → backward → Adam.
@Suite struct TrainingIntegrationTests {
    let config = NetworkFixtures.smallPolicy

    /// Synthetic task: the correct cluster of a set is the one whose cluster feature 0 is largest.
    func rewards(_ batch: PolicyBatch) -> [Float] {
        let g = config.clusterFeatureCount
        var out = [Float](repeating: 0, count: batch.clusterCount)
        for s in 0..<batch.setCount {
            let r = batch.clusterOffsets[s]..<batch.clusterOffsets[s + 1]
            if let best = r.max(by: { batch.clusterFeatures[$0 * g] < batch.clusterFeatures[$1 * g] }) { out[best] = 1 }
        }
        return out
    }

    /// Runs `steps` GRPO updates; returns the final parameters and the mean reward per step.
    func train(steps: Int, seed: UInt64) throws -> (parameters: [Float], meanRewards: [Float]) {
        var network = try PolicyNetwork(config: config, seed: seed)
        let reference = network
        let objective = GRPOObjective(groupSize: 8, klCoefficient: 0.01)
        let adam = Adam(learningRate: 0.01, weightDecay: 0.01, maxGradientNorm: 1)
        var state = AdamState(parameterCount: network.parameterCount)
        var rng = SplitMix64(seed: seed &+ 1)
        let workspace = PolicyWorkspace(), referenceWorkspace = PolicyWorkspace()
        var output = PolicyOutput(), referenceOutput = PolicyOutput()
        var meanRewards: [Float] = []
        for step in 0..<steps {
            let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [8, 8, 8, 8, 8, 8, 8, 8], maxClusters: 4, seed: seed &* 1000 &+ UInt64(step))
            let clusterRewards = rewards(batch)
            try network.forward(batch, workspace: workspace, output: &output)
            try reference.forward(batch, workspace: referenceWorkspace, output: &referenceOutput)
            let actions = try objective.sampleActions(probabilities: output.probabilities, clusterOffsets: batch.clusterOffsets, rng: &rng)
            let actionRewards = actions.map { $0 >= 0 ? clusterRewards[Int($0)] : 0 }
            var dLogits: [Float] = []
            let result = try objective.lossAndGradient(
                logits: output.logits, clusterOffsets: batch.clusterOffsets, actions: actions, rewards: actionRewards,
                referenceProbabilities: referenceOutput.probabilities, dLogits: &dLogits)
            var gradients = [Float](repeating: 0, count: network.parameterCount)
            try network.backward(dLogits: dLogits, workspace: workspace, gradients: &gradients)
            try adam.update(parameters: &network.parameters, gradients: gradients, state: &state, layout: network.layout)
            meanRewards.append(result.meanReward)
        }
        return (network.parameters, meanRewards)
    }

    @Test func grpoTrainingIsDeterministicAndLearns() throws {
        let a = try train(steps: 150, seed: 3)
        let b = try train(steps: 150, seed: 3)
        #expect(a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern))
        let early = a.meanRewards.prefix(20).reduce(0, +) / 20
        let late = a.meanRewards.suffix(20).reduce(0, +) / 20
        #expect(late > early + 0.15, "mean reward early \(early), late \(late)")
    }

    @Test func sharedNetworkServesConcurrentWorkers() async throws {
        let network = try PolicyNetwork(config: config, seed: 9)  // immutable, shared
        let batches = (0..<8).map { NetworkFixtures.randomBatch(config: config, candidateCounts: [8, 5], seed: UInt64($0)) }
        let serial = try batches.map { try network.forward($0, workspace: PolicyWorkspace()).probabilities }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (i, batch) in batches.enumerated() {
                group.addTask {
                    let workspace = PolicyWorkspace()  // one per worker
                    var output = PolicyOutput()
                    for _ in 0..<20 { try network.forward(batch, workspace: workspace, output: &output) }
                    return (i, output.probabilities)
                }
            }
            var results = [[Float]](repeating: [], count: batches.count)
            for try await (i, p) in group { results[i] = p }
            return results
        }
        #expect(concurrent.map { $0.map(\.bitPattern) } == serial.map { $0.map(\.bitPattern) })
    }
}
