import Testing
@testable import AggLMPolicy
import AggLMTestSupport

@Suite struct RewardModelNetworkTests {
    let config = NetworkFixtures.smallRewardModel

    @Test func lossGradientMatchesFiniteDifferences() throws {
        let network = try RewardModelNetwork(config: config, seed: 5)
        var random = TestRandom(seed: 6)
        let n = 7
        let features = random.floats(n * config.featureCount)
        let ids = (0..<n).map { _ in Int32(random.int(below: config.vocabularySize)) }
        let labels: [Float] = [1, 0, 0, 1, 1, 0, 1]
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        let loss = try network.lossAndGradients(features: features, modelIds: ids, labels: labels, workspace: RewardModelWorkspace(), gradients: &gradients)
        #expect(loss > 0 && loss.isFinite)
        let comparison = try compareGradient(network.parameters, analytic: gradients) { probe in
            let perturbed = try RewardModelNetwork(config: config, parameters: probe)
            var scratch = [Float](repeating: 0, count: probe.count)
            return Double(try perturbed.lossAndGradients(features: features, modelIds: ids, labels: labels, workspace: RewardModelWorkspace(), gradients: &scratch))
        }
        #expect(comparison.failures == 0, "\(comparison)")
        for (tensor, offset) in zip(network.layout.tensors, network.layout.offsets) {
            #expect(gradients[offset..<(offset + tensor.elementCount)].contains { $0 != 0 }, "\(tensor.name)")
        }
    }

    @Test func logitGradientMatchesFiniteDifferences() throws {
        let network = try RewardModelNetwork(config: config, seed: 8)
        var random = TestRandom(seed: 9)
        let features = random.floats(4 * config.featureCount)
        let ids: [Int32] = [0, 3, 3, 1]
        let w = random.floats(4)
        let workspace = RewardModelWorkspace()
        var logits: [Float] = []
        try network.forward(features: features, modelIds: ids, workspace: workspace, logits: &logits)
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        try network.backward(dLogits: w, workspace: workspace, gradients: &gradients)
        let comparison = try compareGradient(network.parameters, analytic: gradients) { probe in
            var out: [Float] = []
            try RewardModelNetwork(config: config, parameters: probe).forward(features: features, modelIds: ids, workspace: RewardModelWorkspace(), logits: &out)
            return weightedSum(out, w)
        }
        #expect(comparison.failures == 0, "\(comparison)")
    }

    @Test func deterministicAndValidating() throws {
        let a = try RewardModelNetwork(config: config, seed: 1), b = try RewardModelNetwork(config: config, seed: 1)
        #expect(a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern))
        var logits: [Float] = []
        #expect(throws: PolicyError.self) {
            try a.forward(features: [0, 0, 0], modelIds: [7], workspace: RewardModelWorkspace(), logits: &logits)
        }
        #expect(throws: PolicyError.self) {
            try a.forward(features: [0, 0], modelIds: [0], workspace: RewardModelWorkspace(), logits: &logits)
        }
        var gradients = [Float](repeating: 0, count: a.parameterCount)
        #expect(throws: PolicyError.self) {
            _ = try a.lossAndGradients(features: [0, 0, 0], modelIds: [0], labels: [], workspace: RewardModelWorkspace(), gradients: &gradients)
        }
    }
}
