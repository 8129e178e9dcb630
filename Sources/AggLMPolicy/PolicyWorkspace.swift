/// Per-thread scratch memory for `PolicyNetwork` forward/backward: activations, their gradients,
/// copies of the batch's index arrays, all in arenas that only grow. After the first call of a
/// given size, forward on the serving path does not allocate.
///
/// Not Sendable on purpose: a workspace belongs to one thread (one per serving worker, one for the
/// trainer); the network it is used with is a shared immutable value.
public final class PolicyWorkspace {
    let arena = ScratchBuffer<Float>()
    let gradientArena = ScratchBuffer<Float>()
    let indexArena = ScratchBuffer<Int32>()
    let offsetArena = ScratchBuffer<Int>()
    /// The layout of the last forward pass; backward requires it.
    var prepared: PolicyActivations?

    public init() {}

    /// Sizes the arenas for `activations` and records it as the current forward pass.
    func prepare(_ activations: PolicyActivations) {
        arena.ensure(activations.floatCount)
        indexArena.ensure(activations.indexCount)
        offsetArena.ensure(activations.setCount + 1)
        prepared = activations
    }
}

/// Where every activation of one policy forward pass lives in the workspace arenas (llm.c's
/// ActivationTensors). The gradient arena uses the same float layout.
struct PolicyActivations: Equatable {
    let config: PolicyConfig
    let candidateCount: Int
    let clusterCount: Int
    let setCount: Int

    // Float arena.
    let features: Int  // N x F (copied input)
    let clusterFeatures: Int  // C x G (copied input)
    let encoder: CandidateEncoder.Activations
    let setContext: Int  // S x H
    let setInverseCounts: Int  // S
    let clusterMean: Int  // C x H
    let clusterInverseCounts: Int  // C
    let clusterContext: Int  // C x H
    let headInput: Int  // C x (2H + G)
    let headPre: Int  // C x H
    let headAct: Int  // C x H
    let logits: Int  // C
    let probabilities: Int  // C
    let floatCount: Int

    // Int32 arena.
    let modelIds: Int  // N
    let clusterOfCandidate: Int  // N
    let setOfCandidate: Int  // N
    let setOfCluster: Int  // C
    let indexCount: Int

    init(config: PolicyConfig, encoder: CandidateEncoder, candidates n: Int, clusters c: Int, sets s: Int) {
        self.config = config
        candidateCount = n
        clusterCount = c
        setCount = s
        let h = config.hiddenSize
        var floats = OffsetAllocator()
        features = floats.take(n * config.featureCount)
        clusterFeatures = floats.take(c * config.clusterFeatureCount)
        self.encoder = CandidateEncoder.Activations(rows: n, encoder: encoder, allocator: &floats)
        setContext = floats.take(s * h)
        setInverseCounts = floats.take(s)
        clusterMean = floats.take(c * h)
        clusterInverseCounts = floats.take(c)
        clusterContext = floats.take(c * h)
        headInput = floats.take(c * (2 * h + config.clusterFeatureCount))
        headPre = floats.take(c * h)
        headAct = floats.take(c * h)
        logits = floats.take(c)
        probabilities = floats.take(c)
        floatCount = floats.total
        var ints = OffsetAllocator()
        modelIds = ints.take(n)
        clusterOfCandidate = ints.take(n)
        setOfCandidate = ints.take(n)
        setOfCluster = ints.take(c)
        indexCount = ints.total
    }
}
