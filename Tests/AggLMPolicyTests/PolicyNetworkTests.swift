import Testing
@testable import AggLMPolicy
import AggLMTestSupport

@Suite struct PolicyNetworkTests {
    let config = NetworkFixtures.smallPolicy

    @Test func parameterGradientMatchesFiniteDifferences() throws {
        let network = try PolicyNetwork(config: config, seed: 42)
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [4, 6, 1, 3], seed: 7)
        let workspace = PolicyWorkspace()
        let output = try network.forward(batch, workspace: workspace)
        var random = TestRandom(seed: 99)
        let w = random.floats(output.logits.count)
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        try network.backward(dLogits: w, workspace: workspace, gradients: &gradients)
        let comparison = try compareGradient(network.parameters, analytic: gradients) { probe in
            let perturbed = try PolicyNetwork(config: config, parameters: probe)
            return weightedSum(try perturbed.forward(batch, workspace: PolicyWorkspace()).logits, w)
        }
        #expect(comparison.failures == 0, "\(comparison)")
        // Every tensor receives gradient (nothing is silently disconnected).
        for (tensor, offset) in zip(network.layout.tensors, network.layout.offsets) {
            let slice = gradients[offset..<(offset + tensor.elementCount)]
            #expect(slice.contains { $0 != 0 }, "\(tensor.name) has an all-zero gradient")
        }
    }

    @Test func backwardAccumulatesAndRequiresForward() throws {
        let network = try PolicyNetwork(config: config, seed: 1)
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [5], seed: 2)
        let workspace = PolicyWorkspace()
        var gradients = [Float](repeating: 0, count: network.parameterCount)
        #expect(throws: PolicyError.self) {
            try network.backward(dLogits: [], workspace: workspace, gradients: &gradients)
        }
        let out = try network.forward(batch, workspace: workspace)
        let ones = [Float](repeating: 1, count: out.logits.count)
        try network.backward(dLogits: ones, workspace: workspace, gradients: &gradients)
        let once = gradients
        try network.backward(dLogits: ones, workspace: workspace, gradients: &gradients)
        for (a, b) in zip(once, gradients) { #expect(abs(2 * a - b) <= 1e-6 * max(1, abs(b))) }
    }

    @Test func probabilitiesSumToOnePerSet() throws {
        let network = try PolicyNetwork(config: config, seed: 3)
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [8, 8, 2, 8], seed: 4)
        let out = try network.forward(batch, workspace: PolicyWorkspace())
        for s in 0..<batch.setCount {
            let r = batch.clusterOffsets[s]..<batch.clusterOffsets[s + 1]
            guard !r.isEmpty else { continue }  // every candidate of this set abstained
            #expect(abs(r.reduce(Float(0)) { $0 + out.probabilities[$1] } - 1) < 1e-5)
        }
    }

    /// Property: permuting candidates inside each set (cluster membership travels with the
    /// candidate) leaves every cluster's probability unchanged.
    @Test(arguments: 0..<20)
    func permutationInvariance(trial: Int) throws {
        let network = try PolicyNetwork(config: config, seed: UInt64(trial))
        var random = TestRandom(seed: 1000 + UInt64(trial))
        let counts = (0..<3).map { _ in 1 + random.int(below: 8) }
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: counts, seed: UInt64(trial))
        var permutation: [Int] = []
        for s in 0..<batch.setCount {
            var slice = Array(batch.setOffsets[s]..<batch.setOffsets[s + 1])
            for i in stride(from: slice.count - 1, to: 0, by: -1) { slice.swapAt(i, random.int(below: i + 1)) }
            permutation += slice
        }
        let f = config.featureCount
        var permuted = batch
        permuted.modelIds = permutation.map { batch.modelIds[$0] }
        permuted.clusterOfCandidate = permutation.map { batch.clusterOfCandidate[$0] }
        permuted.features = permutation.flatMap { batch.features[($0 * f)..<($0 * f + f)] }
        let workspace = PolicyWorkspace()
        let a = try network.forward(batch, workspace: workspace)
        let b = try network.forward(permuted, workspace: workspace)
        for (x, y) in zip(a.probabilities, b.probabilities) { #expect(abs(x - y) < 1e-5) }
    }

    @Test func sameSeedGivesBitIdenticalParametersAndOutputs() throws {
        let a = try PolicyNetwork(config: config, seed: 11)
        let b = try PolicyNetwork(config: config, seed: 11)
        let c = try PolicyNetwork(config: config, seed: 12)
        #expect(a.parameters.map(\.bitPattern) == b.parameters.map(\.bitPattern))
        #expect(a.parameters != c.parameters)
        let batch = NetworkFixtures.randomBatch(config: config, candidateCounts: [8, 3], seed: 5)
        let outA = try a.forward(batch, workspace: PolicyWorkspace())
        let outB = try b.forward(batch, workspace: PolicyWorkspace())
        #expect(outA.logits.map(\.bitPattern) == outB.logits.map(\.bitPattern))
        #expect(outA.probabilities.map(\.bitPattern) == outB.probabilities.map(\.bitPattern))
    }

    @Test func workspaceReuseAcrossSizesGivesSameResults() throws {
        let network = try PolicyNetwork(config: config, seed: 8)
        let small = NetworkFixtures.randomBatch(config: config, candidateCounts: [3], seed: 1)
        let large = NetworkFixtures.randomBatch(config: config, candidateCounts: [8, 8, 8], seed: 2)
        let shared = PolicyWorkspace()
        var output = PolicyOutput()
        try network.forward(large, workspace: shared, output: &output)
        try network.forward(small, workspace: shared, output: &output)
        let fresh = try network.forward(small, workspace: PolicyWorkspace())
        #expect(output == fresh)
    }

    @Test func invalidBatchesThrowInsteadOfTrapping() throws {
        let network = try PolicyNetwork(config: config, seed: 0)
        let good = NetworkFixtures.randomBatch(config: config, candidateCounts: [4, 4], seed: 3)
        var cases: [PolicyBatch] = []
        var b = good; b.modelIds[0] = 4; cases.append(b)  // id outside vocabulary
        b = good; b.modelIds[0] = -2; cases.append(b)
        b = good; b.setOffsets = [0, 5, 4]; cases.append(b)  // decreasing
        b = good; b.setOffsets = [0, 4]; cases.append(b)  // count mismatch with clusterOffsets
        b = good; b.clusterOfCandidate[0] = Int32(b.clusterOffsets[2]); cases.append(b)  // out of range
        b = good; b.clusterOfCandidate[0] = Int32(b.clusterOffsets[2] - 1); cases.append(b)  // other set's cluster
        b = good; b.features.removeLast(); cases.append(b)
        b = good; b.clusterFeatures.append(0); cases.append(b)
        b = good; b.features[0] = .nan; cases.append(b)
        b = good; b.setOffsets = []; b.clusterOffsets = []; cases.append(b)
        for bad in cases {
            #expect(throws: PolicyError.self) { try network.forward(bad, workspace: PolicyWorkspace()) }
        }
        #expect(throws: PolicyError.self) { try PolicyNetwork(config: config, parameters: [1, 2, 3]) }
        var badConfig = config
        badConfig.hiddenSize = 0
        #expect(throws: PolicyError.self) { try PolicyNetwork(config: badConfig, seed: 0) }
    }

    @Test func appendSetBuildsTheSamePackedBatch() throws {
        let packed = NetworkFixtures.randomBatch(config: config, candidateCounts: [4, 0, 6], seed: 12)
        var built = PolicyBatch()
        let f = config.featureCount, g = config.clusterFeatureCount
        for s in 0..<packed.setCount {
            let candidates = packed.setOffsets[s]..<packed.setOffsets[s + 1]
            let clusters = packed.clusterOffsets[s]..<packed.clusterOffsets[s + 1]
            try built.appendSet(
                features: Array(packed.features[(candidates.lowerBound * f)..<(candidates.upperBound * f)]),
                modelIds: Array(packed.modelIds[candidates]),
                localClusterOfCandidate: packed.clusterOfCandidate[candidates].map { $0 < 0 ? -1 : $0 - Int32(clusters.lowerBound) },
                clusterFeatures: Array(packed.clusterFeatures[(clusters.lowerBound * g)..<(clusters.upperBound * g)]),
                clusterCount: clusters.count)
        }
        #expect(built == packed)
        let before = built
        #expect(throws: PolicyError.self) {
            try built.appendSet(features: [0, 0, 0], modelIds: [0], localClusterOfCandidate: [2], clusterFeatures: [0, 0, 0, 0], clusterCount: 2)
        }
        #expect(built == before)
        built.removeAll()
        #expect(built == PolicyBatch())
    }

    @Test func chosenClustersIsTheArgmaxPerSet() {
        let output = PolicyOutput(logits: [], probabilities: [0.2, 0.5, 0.3, 1, 0.4, 0.4, 0.2])
        #expect(output.chosenClusters(clusterOffsets: [0, 3, 3, 4, 7]) == [1, -1, 3, 4])
        #expect(output.chosenClusters(clusterOffsets: [0, 3]) == [-1])  // offsets do not match
        #expect(output.chosenClusters(clusterOffsets: [0, 5, 2, 7]) == [-1, -1, -1])
        #expect(output.chosenClusters(clusterOffsets: [0, 9, 7]) == [-1, -1])
        #expect(output.chosenClusters(clusterOffsets: []) == [])
    }

    @Test func emptyBatchAndSetsWithoutClusters() throws {
        let network = try PolicyNetwork(config: config, seed: 0)
        let empty = PolicyBatch(features: [], modelIds: [], setOffsets: [0], clusterOfCandidate: [], clusterOffsets: [0], clusterFeatures: [])
        #expect(try network.forward(empty, workspace: PolicyWorkspace()).logits.isEmpty)
        // One set whose candidates all abstain: no clusters, nothing to choose.
        let abstaining = PolicyBatch(features: [Float](repeating: 0.5, count: 6), modelIds: [0, 1], setOffsets: [0, 2], clusterOfCandidate: [-1, -1], clusterOffsets: [0, 0], clusterFeatures: [])
        #expect(try network.forward(abstaining, workspace: PolicyWorkspace()).probabilities.isEmpty)
    }
}
