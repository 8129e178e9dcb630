/// The permutation-invariant set policy (one logit per answer cluster):
///
///     h_i   = encoder([X_i, E[m_i]])                      candidate encoder, 2 GELU layers
///     ctx_s = mean_{i in set s} h_i                        set context (abstainers included)
///     u_c   = [mean_{i in cluster c} h_i, ctx_{set(c)}, Z_c]
///     z_c   = head.fc2(GELU(head.fc1(u_c)))                one logit per cluster
///     pi_s  = softmax(z over the clusters of set s)
///
/// Only means and per-row maps touch candidates, so permuting candidates inside a set (keeping
/// cluster membership) leaves every output unchanged up to float summation order.
///
/// A value type holding its flat parameters: a `let` instance is immutable and safely shared by
/// any number of serving threads (it is genuinely Sendable — no unchecked conformance); the trainer
/// keeps a `var` and updates `parameters` in place. Invariant: parameters.count ==
/// layout.parameterCount (forward/backward check it and throw otherwise).
public struct PolicyNetwork: Sendable, Equatable {
    public let config: PolicyConfig
    public let layout: ParameterLayout
    /// All parameters, flat, in `layout` order.
    public var parameters: [Float]

    let encoder: CandidateEncoder
    private let headFC1Weight: Int
    private let headFC1Bias: Int
    private let headFC2Weight: Int
    private let headFC2Bias: Int

    /// A freshly initialised network (He-normal weights, zero biases; deterministic in `seed`).
    public init(config: PolicyConfig, seed: UInt64) throws(PolicyError) {
        try self.init(config: config, parameters: nil, seed: seed)
    }

    /// A network with the given flat parameters (e.g. from a checkpoint).
    public init(config: PolicyConfig, parameters: [Float]) throws(PolicyError) {
        try self.init(config: config, parameters: parameters, seed: 0)
    }

    /// The flat-buffer layout of a network with `config` (tensor names, shapes, offsets), without
    /// allocating any parameters.
    public static func layout(for config: PolicyConfig) throws(PolicyError) -> ParameterLayout {
        try config.validate()
        return architecture(config).layout
    }

    private static func architecture(_ config: PolicyConfig) -> (encoder: CandidateEncoder, layout: ParameterLayout) {
        let encoder = CandidateEncoder(
            featureCount: config.featureCount, vocabularySize: config.vocabularySize,
            embeddingDimension: config.embeddingDimension, hiddenSize: config.hiddenSize, parameterBase: 0)
        let h = config.hiddenSize
        let headIn = 2 * h + config.clusterFeatureCount
        let layout = ParameterLayout(
            tensors: encoder.tensorSpecs(prefix: "encoder.") + [
                TensorSpec(name: "head.fc1.weight", shape: [h, headIn], role: .weight(fanIn: headIn, gain: Float(2).squareRoot())),
                TensorSpec(name: "head.fc1.bias", shape: [h], role: .bias),
                TensorSpec(name: "head.fc2.weight", shape: [1, h], role: .weight(fanIn: h, gain: 1)),
                TensorSpec(name: "head.fc2.bias", shape: [1], role: .bias),
            ])
        return (encoder, layout)
    }

    private init(config: PolicyConfig, parameters: [Float]?, seed: UInt64) throws(PolicyError) {
        try config.validate()
        let (encoder, layout) = Self.architecture(config)
        let h = config.hiddenSize
        let headIn = 2 * h + config.clusterFeatureCount
        let values = parameters ?? layout.initialParameters(seed: seed)
        guard values.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "policy parameters", expected: layout.parameterCount, found: values.count)
        }
        self.config = config
        self.layout = layout
        self.parameters = values
        self.encoder = encoder
        headFC1Weight = encoder.parameterCount
        headFC1Bias = headFC1Weight + h * headIn
        headFC2Weight = headFC1Bias + h
        headFC2Bias = headFC2Weight + h
    }

    public static func == (lhs: PolicyNetwork, rhs: PolicyNetwork) -> Bool {
        lhs.config == rhs.config && lhs.parameters == rhs.parameters
    }

    public var parameterCount: Int { layout.parameterCount }

    /// Runs the policy on `batch`, leaving activations in `workspace` for `backward` and writing
    /// logits and probabilities into `output` (reusing its storage).
    public func forward(_ batch: PolicyBatch, workspace ws: PolicyWorkspace, output: inout PolicyOutput) throws(PolicyError) {
        try checkParameterCount()
        try batch.validate(for: config)
        let n = batch.candidateCount, c = batch.clusterCount, s = batch.setCount
        let act = PolicyActivations(config: config, encoder: encoder, candidates: n, clusters: c, sets: s)
        ws.prepare(act)
        let a = ws.arena.base, ix = ws.indexArena.base, offsets = ws.offsetArena.base
        copyInputs(batch, into: ws, act)
        // Set index of every candidate and every cluster, for pooling and broadcasting context.
        for set in 0..<s {
            for i in batch.setOffsets[set]..<batch.setOffsets[set + 1] { ix[act.setOfCandidate + i] = Int32(set) }
            for k in batch.clusterOffsets[set]..<batch.clusterOffsets[set + 1] { ix[act.setOfCluster + k] = Int32(set) }
            offsets[set] = batch.clusterOffsets[set]
        }
        offsets[s] = batch.clusterOffsets[s]
        let h = config.hiddenSize, g = config.clusterFeatureCount
        parameters.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }  // never empty: parameterCount > 0
            encoder.forward(parameters: p, features: a + act.features, modelIds: ix + act.modelIds, arena: a, at: act.encoder)
            let hOut = a + act.encoder.output
            GroupMeanPool.forward(out: a + act.setContext, inverseCounts: a + act.setInverseCounts, inp: hOut, groupOf: ix + act.setOfCandidate, rows: n, groups: s, width: h)
            GroupMeanPool.forward(out: a + act.clusterMean, inverseCounts: a + act.clusterInverseCounts, inp: hOut, groupOf: ix + act.clusterOfCandidate, rows: n, groups: c, width: h)
            GatherRows.forward(out: a + act.clusterContext, inp: a + act.setContext, index: ix + act.setOfCluster, rows: c, width: h)
            ConcatFeatures.forward(out: a + act.headInput, rows: c, a + act.clusterMean, widthA: h, a + act.clusterContext, widthB: h, a + act.clusterFeatures, widthC: g)
            Linear.forward(out: a + act.headPre, inp: a + act.headInput, weight: p + headFC1Weight, bias: p + headFC1Bias, rows: c, inFeatures: 2 * h + g, outFeatures: h)
            GELU.forward(out: a + act.headAct, inp: a + act.headPre, count: c * h)
            Linear.forward(out: a + act.logits, inp: a + act.headAct, weight: p + headFC2Weight, bias: p + headFC2Bias, rows: c, inFeatures: h, outFeatures: 1)
            SegmentSoftmax.forward(probabilities: a + act.probabilities, logits: a + act.logits, offsets: offsets, segments: s)
        }
        output.overwrite(logits: a + act.logits, probabilities: a + act.probabilities, count: c)
    }

    /// Convenience forward that allocates its output.
    public func forward(_ batch: PolicyBatch, workspace: PolicyWorkspace) throws(PolicyError) -> PolicyOutput {
        var output = PolicyOutput()
        try forward(batch, workspace: workspace, output: &output)
        return output
    }

    /// Back-propagates dLoss/dLogits (one per cluster of the last forward batch in `workspace`)
    /// and ACCUMULATES dLoss/dParameters into `gradients` (layout order; zero it yourself between
    /// steps). Requires that `parameters` did not change since that forward.
    public func backward(dLogits: [Float], workspace ws: PolicyWorkspace, gradients: inout [Float]) throws(PolicyError) {
        try checkParameterCount()
        guard let act = ws.prepared, act.config == config else {
            throw .workspaceNotPrepared("run forward with this network first")
        }
        let n = act.candidateCount, c = act.clusterCount
        guard dLogits.count == c else {
            throw .bufferSizeMismatch(what: "dLogits", expected: c, found: dLogits.count)
        }
        guard gradients.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "policy gradients", expected: layout.parameterCount, found: gradients.count)
        }
        let d = ws.gradientArena.ensure(act.floatCount)
        d.update(repeating: 0, count: act.floatCount)
        for k in 0..<c { d[act.logits + k] = dLogits[k] }
        let a = ws.arena.base, ix = ws.indexArena.base
        let h = config.hiddenSize, g = config.clusterFeatureCount
        parameters.withUnsafeBufferPointer { buffer in
            gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                guard let p = buffer.baseAddress, let grad = gradientBuffer.baseAddress else { return }
                Linear.backward(dInp: d + act.headAct, dWeight: grad + headFC2Weight, dBias: grad + headFC2Bias, dOut: d + act.logits, inp: a + act.headAct, weight: p + headFC2Weight, rows: c, inFeatures: h, outFeatures: 1)
                GELU.backward(dInp: d + act.headPre, inp: a + act.headPre, dOut: d + act.headAct, count: c * h)
                Linear.backward(dInp: d + act.headInput, dWeight: grad + headFC1Weight, dBias: grad + headFC1Bias, dOut: d + act.headPre, inp: a + act.headInput, weight: p + headFC1Weight, rows: c, inFeatures: 2 * h + g, outFeatures: h)
                // Cluster features are data: no gradient for that part.
                ConcatFeatures.backward(dOut: d + act.headInput, rows: c, d + act.clusterMean, widthA: h, d + act.clusterContext, widthB: h, nil, widthC: g)
                GatherRows.backward(dInp: d + act.setContext, dOut: d + act.clusterContext, index: ix + act.setOfCluster, rows: c, width: h)
                let dH = d + act.encoder.output
                GroupMeanPool.backward(dInp: dH, dOut: d + act.clusterMean, inverseCounts: a + act.clusterInverseCounts, groupOf: ix + act.clusterOfCandidate, rows: n, width: h)
                GroupMeanPool.backward(dInp: dH, dOut: d + act.setContext, inverseCounts: a + act.setInverseCounts, groupOf: ix + act.setOfCandidate, rows: n, width: h)
                encoder.backward(parameters: p, gradients: grad, modelIds: ix + act.modelIds, arena: a, gradientArena: d, at: act.encoder)
            }
        }
    }

    private func checkParameterCount() throws(PolicyError) {
        guard parameters.count == layout.parameterCount else {
            throw .bufferSizeMismatch(what: "policy parameters", expected: layout.parameterCount, found: parameters.count)
        }
    }

    private func copyInputs(_ batch: PolicyBatch, into ws: PolicyWorkspace, _ act: PolicyActivations) {
        let a = ws.arena.base, ix = ws.indexArena.base
        for (i, x) in batch.features.enumerated() { a[act.features + i] = x }
        for (i, x) in batch.clusterFeatures.enumerated() { a[act.clusterFeatures + i] = x }
        for (i, x) in batch.modelIds.enumerated() { ix[act.modelIds + i] = x }
        for (i, x) in batch.clusterOfCandidate.enumerated() { ix[act.clusterOfCandidate + i] = x }
    }
}
