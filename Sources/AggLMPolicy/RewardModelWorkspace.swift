/// Per-thread scratch for `RewardModelNetwork` (see `PolicyWorkspace`). Not Sendable.
public final class RewardModelWorkspace {
    let arena = ScratchBuffer<Float>()
    let gradientArena = ScratchBuffer<Float>()
    let indexArena = ScratchBuffer<Int32>()
    var prepared: RewardModelActivations?

    public init() {}

    func prepare(_ activations: RewardModelActivations) {
        arena.ensure(activations.floatCount)
        indexArena.ensure(activations.encoder.rows)
        prepared = activations
    }
}

struct RewardModelActivations: Equatable {
    let config: RewardModelConfig
    let features: Int
    let encoder: CandidateEncoder.Activations
    let logits: Int
    let floatCount: Int

    init(config: RewardModelConfig, encoder: CandidateEncoder, candidates n: Int) {
        self.config = config
        var floats = OffsetAllocator()
        features = floats.take(n * config.featureCount)
        self.encoder = CandidateEncoder.Activations(rows: n, encoder: encoder, allocator: &floats)
        logits = floats.take(n)
        floatCount = floats.total
    }
}
