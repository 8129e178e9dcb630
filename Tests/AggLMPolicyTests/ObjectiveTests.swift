import AggLMSupport
import Testing
@testable import AggLMPolicy
import AggLMTestSupport

@Suite struct ObjectiveTests {
    /// Three sets of 3, 1 and 4 clusters plus an empty set.
    let offsets = [0, 3, 4, 4, 8]

    func softmax(_ z: [Float]) -> [Float] {
        var p = [Float](repeating: 0, count: z.count)
        for s in 0..<(offsets.count - 1) {
            let r = offsets[s]..<offsets[s + 1]
            guard let m = r.map({ z[$0] }).max() else { continue }
            let e = r.map { Double(z[$0] - m).exponential }
            let sum = e.reduce(0, +)
            for (i, c) in r.enumerated() { p[c] = Float(e[i] / sum) }
        }
        return p
    }

    @Test func grpoGradientMatchesFiniteDifferences() throws {
        var random = TestRandom(seed: 21)
        let z = random.floats(8, scale: 1.5)
        let reference = softmax(random.floats(8))
        let objective = GRPOObjective(groupSize: 6, klCoefficient: 0.3)
        var rng = SplitMix64(seed: 5)
        let actions = try objective.sampleActions(probabilities: softmax(z), clusterOffsets: offsets, rng: &rng)
        let rewards = actions.map { a -> Float in a < 0 ? 0 : Float(Int(a) % 2) }
        var dz: [Float] = []
        let result = try objective.lossAndGradient(logits: z, clusterOffsets: offsets, actions: actions, rewards: rewards, referenceProbabilities: reference, dLogits: &dz)
        #expect(result.activeSets == 3)
        #expect(result.kl > 0)
        #expect(abs(result.loss - (result.surrogate + 0.3 * result.kl)) < 1e-5)
        let comparison = try compareGradient(z, analytic: dz, epsilon: 1e-2, absoluteTolerance: 2e-4) { probe in
            var scratch: [Float] = []
            return Double(try objective.lossAndGradient(logits: probe, clusterOffsets: offsets, actions: actions, rewards: rewards, referenceProbabilities: reference, dLogits: &scratch).loss)
        }
        #expect(comparison.failures == 0, "\(comparison)")
        #expect(dz[4..<4].isEmpty && dz.count == 8)
    }

    @Test func klVanishesAtTheReference() throws {
        var random = TestRandom(seed: 22)
        let z = random.floats(8)
        let objective = GRPOObjective(groupSize: 2, klCoefficient: 1)
        let actions: [Int32] = [0, 1, 3, 3, -1, -1, 5, 7]
        let rewards: [Float] = [1, 1, 0, 0, 0, 0, 1, 1]  // equal within each group: zero advantages
        var dz: [Float] = []
        let result = try objective.lossAndGradient(logits: z, clusterOffsets: offsets, actions: actions, rewards: rewards, referenceProbabilities: softmax(z), dLogits: &dz)
        #expect(abs(result.kl) < 1e-6)
        #expect(dz.allSatisfy { abs($0) < 1e-6 })
    }

    @Test func advantagesAreGroupNormalised() throws {
        let objective = GRPOObjective(groupSize: 4, advantageEpsilon: 0)
        let a = try objective.advantages(rewards: [1, 0, 0, 0, 1, 1, 1, 1])
        #expect(abs(a[0..<4].reduce(0, +)) < 1e-6)
        let std = (a[0..<4].reduce(0) { $0 + $1 * $1 } / 4).squareRoot()
        #expect(abs(std - 1) < 1e-5)
        #expect(a[0] > 0 && a[1] < 0)
        let eps = GRPOObjective(groupSize: 4)
        #expect(try eps.advantages(rewards: [1, 1, 1, 1]) == [0, 0, 0, 0])
        #expect(throws: PolicyError.self) { try eps.advantages(rewards: [1, 0, 1]) }
    }

    @Test func samplingFollowsProbabilitiesAndIsDeterministic() throws {
        let p: [Float] = [0.7, 0.2, 0.1, 1, 0.25, 0.25, 0.25, 0.25]
        let objective = GRPOObjective(groupSize: 20_000)
        var rng1 = SplitMix64(seed: 3), rng2 = SplitMix64(seed: 3)
        let a = try objective.sampleActions(probabilities: p, clusterOffsets: offsets, rng: &rng1)
        let b = try objective.sampleActions(probabilities: p, clusterOffsets: offsets, rng: &rng2)
        #expect(a == b)
        let first = a[0..<20_000]
        for c in 0..<3 {
            let frequency = Double(first.filter { $0 == Int32(c) }.count) / 20_000
            #expect(abs(frequency - Double(p[c])) < 0.015)
        }
        #expect(a[20_000..<40_000].allSatisfy { $0 == 3 })
        #expect(a[40_000..<60_000].allSatisfy { $0 == -1 })
        #expect(a[60_000...].allSatisfy { $0 >= 4 && $0 < 8 })
        #expect(throws: PolicyError.self) {
            _ = try objective.sampleActions(probabilities: [0.5, -1, 0.5, 1, 0, 0, 0, 1], clusterOffsets: offsets, rng: &rng1)
        }
    }

    @Test func grpoRejectsInconsistentInputs() {
        let objective = GRPOObjective(groupSize: 1)
        let z = [Float](repeating: 0, count: 8), ref = [Float](repeating: 0.25, count: 8)
        var dz: [Float] = []
        #expect(throws: PolicyError.self) {  // action of set 0 points into set 2
            _ = try objective.lossAndGradient(logits: z, clusterOffsets: offsets, actions: [5, 3, -1, 5], rewards: [1, 1, 1, 1], referenceProbabilities: ref, dLogits: &dz)
        }
        #expect(throws: PolicyError.self) {  // too few actions
            _ = try objective.lossAndGradient(logits: z, clusterOffsets: offsets, actions: [0], rewards: [1], referenceProbabilities: ref, dLogits: &dz)
        }
        #expect(throws: PolicyError.self) {  // NaN logit
            var bad = z; bad[1] = .nan
            _ = try objective.lossAndGradient(logits: bad, clusterOffsets: offsets, actions: [0, 3, -1, 5], rewards: [1, 1, 1, 1], referenceProbabilities: ref, dLogits: &dz)
        }
    }

    @Test func expectedRewardGradient() throws {
        var random = TestRandom(seed: 23)
        let z = random.floats(8, scale: 1.5)
        let rewards: [Float] = [0, 1, 0, 1, 1, 0, 0.5, 0]
        var dz: [Float] = []
        let loss = try ExpectedRewardObjective.expectedReward(logits: z, clusterOffsets: offsets, clusterRewards: rewards, dLogits: &dz)
        let p = softmax(z)
        let expected = -((p[1]) + 1 + (p[4] + 0.5 * p[6])) / 3
        #expect(abs(loss - expected) < 1e-5)
        let comparison = try compareGradient(z, analytic: dz, absoluteTolerance: 2e-4) { probe in
            var scratch: [Float] = []
            return Double(try ExpectedRewardObjective.expectedReward(logits: probe, clusterOffsets: offsets, clusterRewards: rewards, dLogits: &scratch))
        }
        #expect(comparison.failures == 0, "\(comparison)")
    }

    @Test func crossEntropyGradientSkipsSetsWithoutCorrectCluster() throws {
        var random = TestRandom(seed: 24)
        let z = random.floats(8, scale: 1.5)
        let rewards: [Float] = [0, 0, 0, 1, 1, 0, 1, 0]  // set 0 has no correct cluster
        var dz: [Float] = []
        let loss = try ExpectedRewardObjective.crossEntropy(logits: z, clusterOffsets: offsets, clusterRewards: rewards, dLogits: &dz)
        let p = softmax(z)
        let expected = -(Double(0) + Double(p[4] + p[6]).logarithm) / 2
        #expect(abs(Double(loss) - expected) < 1e-5)
        #expect(dz[0..<4].allSatisfy { $0 == 0 })
        let comparison = try compareGradient(z, analytic: dz, absoluteTolerance: 2e-4) { probe in
            var scratch: [Float] = []
            return Double(try ExpectedRewardObjective.crossEntropy(logits: probe, clusterOffsets: offsets, clusterRewards: rewards, dLogits: &scratch))
        }
        #expect(comparison.failures == 0, "\(comparison)")
        #expect(throws: PolicyError.self) {
            _ = try ExpectedRewardObjective.crossEntropy(logits: z, clusterOffsets: offsets, clusterRewards: [Float](repeating: -1, count: 8), dLogits: &dz)
        }
    }

    /// End to end: objective gradient → policy backward matches finite differences of the
    /// objective evaluated through the network.
    @Test func grpoThroughPolicyNetwork() throws {
        let config = NetworkFixtures.smallPolicy
        let network = try PolicyNetwork(config: config, seed: 77)
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [5, 6, 4], seed: 78)
        let objective = GRPOObjective(groupSize: 4, klCoefficient: 0.1)
        let workspace = PolicyWorkspace()
        let out = try network.forward(batch, workspace: workspace)
        let reference = try PolicyNetwork(config: config, seed: 1).forward(batch, workspace: PolicyWorkspace()).probabilities
        var rng = SplitMix64(seed: 9)
        let actions = try objective.sampleActions(probabilities: out.probabilities, clusterOffsets: batch.clusterOffsets, rng: &rng)
        let rewards = actions.map { Float($0 >= 0 && $0 % 2 == 0 ? 1 : 0) }
        var dz: [Float] = []
        _ = try objective.lossAndGradient(logits: out.logits, clusterOffsets: batch.clusterOffsets, actions: actions, rewards: rewards, referenceProbabilities: reference, dLogits: &dz)
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        try network.backward(dLogits: dz, workspace: workspace, gradients: &gradients)
        let comparison = try compareGradient(network.parameters, analytic: gradients, absoluteTolerance: 2e-4) { probe in
            let logits = try PolicyNetwork(config: config, parameters: probe).forward(batch, workspace: PolicyWorkspace()).logits
            var scratch: [Float] = []
            return Double(try objective.lossAndGradient(logits: logits, clusterOffsets: batch.clusterOffsets, actions: actions, rewards: rewards, referenceProbabilities: reference, dLogits: &scratch).loss)
        }
        #expect(comparison.failures == 0, "\(comparison)")
    }
}

extension Double {
    var exponential: Double { Self.exponentialOf(self) }
    var logarithm: Double { Self.logarithmOf(self) }
}
