/// Outcome reward model: P(candidate correct) from its own features and model-name embedding,
/// ignoring the rest of the set:  logit_n = fc(encoder([X_n, E[m_n]])),  trained with
/// `BinaryCrossEntropy`. Same value semantics and Sendable story as `PolicyNetwork`.
public struct RewardModelNetwork: Sendable, Equatable {
    public let config: RewardModelConfig
    public let layout: ParameterLayout
    /// All parameters, flat, in `layout` order (invariant: count == layout.parameterCount).
    public var parameters: [Float]

    let encoder: CandidateEncoder
    private let outWeight: Int
    private let outBias: Int

    public init(config: RewardModelConfig, seed: UInt64) throws(PolicyError) {
        try self.init(config: config, parameters: nil, seed: seed)
    }

    public init(config: RewardModelConfig, parameters: [Float]) throws(PolicyError) {
        try self.init(config: config, parameters: parameters, seed: 0)
    }

    /// The flat-buffer layout of a network with `config`, without allocating any parameters.
    public static func layout(for config: RewardModelConfig) throws(PolicyError) -> ParameterLayout {
        try config.validate()
        return architecture(config).layout
    }

    private static func architecture(_ config: RewardModelConfig) -> (encoder: CandidateEncoder, layout: ParameterLayout) {
        let encoder = CandidateEncoder(
            featureCount: config.featureCount, vocabularySize: config.vocabularySize,
            embeddingDimension: config.embeddingDimension, hiddenSize: config.hiddenSize, parameterBase: 0)
        let h = config.hiddenSize
        let layout = ParameterLayout(
            tensors: encoder.tensorSpecs(prefix: "encoder.") + [
                TensorSpec(name: "out.weight", shape: [1, h], role: .weight(fanIn: h, gain: 1)),
                TensorSpec(name: "out.bias", shape: [1], role: .bias),
            ])
        return (encoder, layout)
    }

    private init(config: RewardModelConfig, parameters: [Float]?, seed: UInt64) throws(PolicyError) {
        try config.validate()
        let (encoder, layout) = Self.architecture(config)
        let h = config.hiddenSize
        let values = parameters ?? layout.initialParameters(seed: seed)
        guard values.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "reward-model parameters", expected: layout.parameterCount, found: values.count)
        }
        self.config = config
        self.layout = layout
        self.parameters = values
        self.encoder = encoder
        outWeight = encoder.parameterCount
        outBias = outWeight + h
    }

    public static func == (lhs: RewardModelNetwork, rhs: RewardModelNetwork) -> Bool {
        lhs.config == rhs.config && lhs.parameters == rhs.parameters
    }

    public var parameterCount: Int { layout.parameterCount }

    /// One logit per candidate; `features` is N x featureCount row-major, `modelIds` N ids in
    /// 0..<vocabularySize. Reuses `logits`' storage.
    public func forward(features: [Float], modelIds: [Int32], workspace ws: RewardModelWorkspace, logits: inout [Float]) throws(PolicyError) {
        guard parameters.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "reward-model parameters", expected: layout.parameterCount, found: parameters.count)
        }
        let n = modelIds.count
        guard n <= PolicyBatch.maximumRows else {
            throw .invalidBatch("\(n) candidates exceed the limit of \(PolicyBatch.maximumRows) per batch")
        }
        let (expected, overflow) = n.multipliedReportingOverflow(by: config.featureCount)
        guard !overflow, features.count == expected else {
            throw .invalidBatch("features has \(features.count) elements, expected \(n) x \(config.featureCount)")
        }
        for (i, id) in modelIds.enumerated() where id < 0 || Int(id) >= config.vocabularySize {
            throw .invalidBatch("modelIds[\(i)] = \(id) outside 0..<\(config.vocabularySize)")
        }
        for (i, x) in features.enumerated() where !x.isFinite {
            throw .invalidBatch("features[\(i)] is not finite")
        }
        let act = RewardModelActivations(config: config, encoder: encoder, candidates: n)
        ws.prepare(act)
        let a = ws.arena.base, ix = ws.indexArena.base
        for (i, x) in features.enumerated() { a[act.features + i] = x }
        for (i, x) in modelIds.enumerated() { ix[i] = x }
        parameters.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }  // never empty: parameterCount > 0
            encoder.forward(parameters: p, features: a + act.features, modelIds: ix, arena: a, at: act.encoder)
            Linear.forward(out: a + act.logits, inp: a + act.encoder.output, weight: p + outWeight, bias: p + outBias, rows: n, inFeatures: config.hiddenSize, outFeatures: 1)
        }
        logits.removeAll(keepingCapacity: true)
        logits.append(contentsOf: UnsafeBufferPointer(start: a + act.logits, count: n))
    }

    /// Back-propagates dLoss/dLogits of the last forward in `workspace`, accumulating into
    /// `gradients` (layout order).
    public func backward(dLogits: [Float], workspace ws: RewardModelWorkspace, gradients: inout [Float]) throws(PolicyError) {
        guard let act = ws.prepared, act.config == config else {
            throw .workspaceNotPrepared("run forward with this network first")
        }
        let n = act.encoder.rows
        guard dLogits.count == n else { throw .bufferSizeMismatch(what: "dLogits", expected: n, found: dLogits.count) }
        guard gradients.count == layout.parameterCount, parameters.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "reward-model gradients", expected: layout.parameterCount, found: gradients.count)
        }
        let d = ws.gradientArena.ensure(act.floatCount)
        d.update(repeating: 0, count: act.floatCount)
        for i in 0..<n { d[act.logits + i] = dLogits[i] }
        let a = ws.arena.base, ix = ws.indexArena.base
        parameters.withUnsafeBufferPointer { buffer in
            gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                guard let p = buffer.baseAddress, let g = gradientBuffer.baseAddress else { return }
                Linear.backward(dInp: d + act.encoder.output, dWeight: g + outWeight, dBias: g + outBias, dOut: d + act.logits, inp: a + act.encoder.output, weight: p + outWeight, rows: n, inFeatures: config.hiddenSize, outFeatures: 1)
                encoder.backward(parameters: p, gradients: g, modelIds: ix, arena: a, gradientArena: d, at: act.encoder)
            }
        }
    }

    /// One training step's worth of work: forward, mean binary cross-entropy against `labels`
    /// (1 = correct, 0 = wrong), backward accumulating into `gradients`. Returns the loss.
    public func lossAndGradients(
        features: [Float], modelIds: [Int32], labels: [Float],
        workspace: RewardModelWorkspace, gradients: inout [Float]
    ) throws(PolicyError) -> Float {
        guard labels.count == modelIds.count else {
            throw .invalidObjectiveInput("labels has \(labels.count) elements, expected \(modelIds.count)")
        }
        var logits: [Float] = []
        try forward(features: features, modelIds: modelIds, workspace: workspace, logits: &logits)
        let n = logits.count
        var dLogits = [Float](repeating: 0, count: n)
        var loss: Float = 0
        logits.withUnsafeBufferPointer { l in
            labels.withUnsafeBufferPointer { y in
                dLogits.withUnsafeMutableBufferPointer { dl in
                    guard let lp = l.baseAddress, let yp = y.baseAddress, let dp = dl.baseAddress else { return }
                    loss = BinaryCrossEntropy.forward(logits: lp, labels: yp, count: n)
                    BinaryCrossEntropy.backward(dLogits: dp, logits: lp, labels: yp, count: n)
                }
            }
        }
        try backward(dLogits: dLogits, workspace: workspace, gradients: &gradients)
        return loss
    }
}
