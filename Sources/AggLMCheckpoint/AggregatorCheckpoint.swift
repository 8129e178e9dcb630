public import AggLMPolicy
/// The one-file checkpoint of the learned aggregator: policy and reward-model parameters, their
/// configs, optional Adam state (for resuming training) and the caller's metadata (feature-schema
/// version, model-name vocabulary, training config, data digest, dev metrics — opaque strings
/// here), stored as a safetensors file.
///
/// Layout: tensors "policy.<tensor>" and "reward_model.<tensor>" (names from each network's
/// `ParameterLayout`), optionally "optimizer.policy.m|v" and "optimizer.reward_model.m|v" (flat);
/// metadata keys "agglm.*" hold the format version, both configs and optimizer steps, every other
/// key is the caller's.
public struct AggregatorCheckpoint: Sendable, Equatable {
    public var policy: PolicyNetwork
    public var rewardModel: RewardModelNetwork
    /// Caller metadata; keys must not start with "agglm.".
    public var metadata: [String: String]
    public var policyOptimizer: AdamState?
    public var rewardModelOptimizer: AdamState?

    public static let format = "agglm-checkpoint"
    static let formatVersion = "1"
    static let reservedPrefix = "agglm."

    public init(
        policy: PolicyNetwork, rewardModel: RewardModelNetwork, metadata: [String: String] = [:],
        policyOptimizer: AdamState? = nil, rewardModelOptimizer: AdamState? = nil
    ) {
        self.policy = policy
        self.rewardModel = rewardModel
        self.metadata = metadata
        self.policyOptimizer = policyOptimizer
        self.rewardModelOptimizer = rewardModelOptimizer
    }

    // MARK: saving

    public func save(to path: String) throws(CheckpointError) {
        let file = try safeTensors()
        do {
            try file.save(to: path)
        } catch {
            throw .safeTensors(error)
        }
    }

    public func safeTensors() throws(CheckpointError) -> SafeTensors {
        if let key = metadata.keys.sorted().first(where: { $0.hasPrefix(Self.reservedPrefix) }) {
            throw .reservedMetadataKey(key)
        }
        var all = metadata
        all["agglm.format"] = Self.format
        all["agglm.format_version"] = Self.formatVersion
        for (key, value) in Self.fields(of: policy.config) { all["agglm.policy.\(key)"] = String(value) }
        for (key, value) in Self.fields(of: rewardModel.config) { all["agglm.reward_model.\(key)"] = String(value) }
        var tensors = Self.tensors(prefix: "policy.", layout: policy.layout, values: policy.parameters)
            + Self.tensors(prefix: "reward_model.", layout: rewardModel.layout, values: rewardModel.parameters)
        for (component, state, count) in [("policy", policyOptimizer, policy.parameterCount), ("reward_model", rewardModelOptimizer, rewardModel.parameterCount)] {
            guard let state else { continue }
            guard state.m.count == count, state.v.count == count, state.step >= 0 else {
                throw .optimizerStateMismatch("\(component) moments have \(state.m.count)/\(state.v.count) elements, expected \(count)")
            }
            tensors.append(SafeTensors.Tensor(name: "optimizer.\(component).m", shape: [count], values: state.m))
            tensors.append(SafeTensors.Tensor(name: "optimizer.\(component).v", shape: [count], values: state.v))
            all["agglm.optimizer.\(component).step"] = String(state.step)
        }
        do {
            return try SafeTensors(tensors: tensors, metadata: all)
        } catch {
            throw .safeTensors(error)
        }
    }

    // MARK: loading

    /// Loads and validates a checkpoint. When `expectedPolicy`/`expectedRewardModel` are given,
    /// a stored config that differs in any field is refused with `.configMismatch`.
    public static func load(
        from path: String, expectedPolicy: PolicyConfig? = nil, expectedRewardModel: RewardModelConfig? = nil
    ) throws(CheckpointError) -> AggregatorCheckpoint {
        let file: SafeTensors
        do {
            file = try SafeTensors.load(from: path)
        } catch {
            throw .safeTensors(error)
        }
        return try AggregatorCheckpoint(file, expectedPolicy: expectedPolicy, expectedRewardModel: expectedRewardModel)
    }

    public init(_ file: SafeTensors, expectedPolicy: PolicyConfig? = nil, expectedRewardModel: RewardModelConfig? = nil) throws(CheckpointError) {
        let meta = file.metadata
        guard meta["agglm.format"] == Self.format else {
            throw .notAnAggLMCheckpoint("metadata agglm.format is \(meta["agglm.format"].map { "\"\($0)\"" } ?? "missing")")
        }
        guard let version = meta["agglm.format_version"] else { throw .missingMetadata("agglm.format_version") }
        guard version == Self.formatVersion else { throw .unsupportedFormatVersion(version) }

        let policyConfig = PolicyConfig(
            featureCount: try Self.integer(meta, "agglm.policy.featureCount"),
            clusterFeatureCount: try Self.integer(meta, "agglm.policy.clusterFeatureCount"),
            vocabularySize: try Self.integer(meta, "agglm.policy.vocabularySize"),
            embeddingDimension: try Self.integer(meta, "agglm.policy.embeddingDimension"),
            hiddenSize: try Self.integer(meta, "agglm.policy.hiddenSize"))
        let rewardConfig = RewardModelConfig(
            featureCount: try Self.integer(meta, "agglm.reward_model.featureCount"),
            vocabularySize: try Self.integer(meta, "agglm.reward_model.vocabularySize"),
            embeddingDimension: try Self.integer(meta, "agglm.reward_model.embeddingDimension"),
            hiddenSize: try Self.integer(meta, "agglm.reward_model.hiddenSize"))
        if let expectedPolicy {
            try Self.requireEqual("policy", Self.fields(of: expectedPolicy), Self.fields(of: policyConfig))
        }
        if let expectedRewardModel {
            try Self.requireEqual("reward model", Self.fields(of: expectedRewardModel), Self.fields(of: rewardConfig))
        }

        // Layouts only: shapes are checked against the file before any parameter is allocated.
        let policyLayout: ParameterLayout, rewardLayout: ParameterLayout
        do {
            policyLayout = try PolicyNetwork.layout(for: policyConfig)
        } catch {
            throw .invalidConfig(component: "policy", error)
        }
        do {
            rewardLayout = try RewardModelNetwork.layout(for: rewardConfig)
        } catch {
            throw .invalidConfig(component: "reward model", error)
        }

        var byName: [String: SafeTensors.Tensor] = [:]
        for tensor in file.tensors { byName[tensor.name] = tensor }
        var used = Set<String>()
        let policyValues = try Self.flatten(prefix: "policy.", layout: policyLayout, byName, &used)
        let rewardValues = try Self.flatten(prefix: "reward_model.", layout: rewardLayout, byName, &used)
        let policyOptimizer = try Self.optimizerState("policy", count: policyLayout.parameterCount, byName, meta, &used)
        let rewardOptimizer = try Self.optimizerState("reward_model", count: rewardLayout.parameterCount, byName, meta, &used)
        if let extra = file.tensors.first(where: { !used.contains($0.name) }) { throw .unexpectedTensor(extra.name) }

        do {
            policy = try PolicyNetwork(config: policyConfig, parameters: policyValues)
            rewardModel = try RewardModelNetwork(config: rewardConfig, parameters: rewardValues)
        } catch {
            throw .invalidConfig(component: "network", error)
        }
        metadata = meta.filter { !$0.key.hasPrefix(Self.reservedPrefix) }
        self.policyOptimizer = policyOptimizer
        self.rewardModelOptimizer = rewardOptimizer
    }

    // MARK: helpers

    static func fields(of c: PolicyConfig) -> [(String, Int)] {
        [("featureCount", c.featureCount), ("clusterFeatureCount", c.clusterFeatureCount), ("vocabularySize", c.vocabularySize),
         ("embeddingDimension", c.embeddingDimension), ("hiddenSize", c.hiddenSize)]
    }

    static func fields(of c: RewardModelConfig) -> [(String, Int)] {
        [("featureCount", c.featureCount), ("vocabularySize", c.vocabularySize),
         ("embeddingDimension", c.embeddingDimension), ("hiddenSize", c.hiddenSize)]
    }

    private static func requireEqual(_ component: String, _ expected: [(String, Int)], _ found: [(String, Int)]) throws(CheckpointError) {
        let differences = zip(expected, found).filter { $0.1 != $1.1 }.map { "\($0.0): expected \($0.1), found \($1.1)" }
        guard differences.isEmpty else { throw .configMismatch(component: component, differences: differences) }
    }

    /// A decimal integer of at most 9 digits (configs are small; this also keeps it in Int32).
    private static func integer(_ meta: [String: String], _ key: String) throws(CheckpointError) -> Int {
        guard let text = meta[key] else { throw .missingMetadata(key) }
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) else {
            throw .invalidMetadata(key: key, value: text)
        }
        return value
    }

    private static func tensors(prefix: String, layout: ParameterLayout, values: [Float]) -> [SafeTensors.Tensor] {
        zip(layout.tensors, layout.offsets).map { spec, offset in
            SafeTensors.Tensor(name: prefix + spec.name, shape: spec.shape, values: Array(values[offset..<(offset + spec.elementCount)]))
        }
    }

    private static func flatten(
        prefix: String, layout: ParameterLayout, _ byName: [String: SafeTensors.Tensor], _ used: inout Set<String>
    ) throws(CheckpointError) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(layout.parameterCount)
        for spec in layout.tensors {
            let name = prefix + spec.name
            guard let tensor = byName[name] else { throw .missingTensor(name) }
            guard tensor.shape == spec.shape else { throw .tensorShapeMismatch(name: name, expected: spec.shape, found: tensor.shape) }
            values.append(contentsOf: tensor.values)
            used.insert(name)
        }
        return values
    }

    private static func optimizerState(
        _ component: String, count: Int, _ byName: [String: SafeTensors.Tensor], _ meta: [String: String], _ used: inout Set<String>
    ) throws(CheckpointError) -> AdamState? {
        let mName = "optimizer.\(component).m", vName = "optimizer.\(component).v", stepKey = "agglm.optimizer.\(component).step"
        let m = byName[mName], v = byName[vName], stepText = meta[stepKey]
        if m == nil, v == nil, stepText == nil { return nil }
        guard let m, let v, stepText != nil else {
            throw .optimizerStateMismatch("\(component) needs \(mName), \(vName) and \(stepKey) together")
        }
        for tensor in [m, v] where tensor.shape != [count] {
            throw .tensorShapeMismatch(name: tensor.name, expected: [count], found: tensor.shape)
        }
        used.insert(mName)
        used.insert(vName)
        return AdamState(m: m.values, v: v.values, step: try integer(meta, stepKey))
    }
}
