public import AggLMPolicy

/// Why a checkpoint could not be written or loaded.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file itself is not a valid safetensors file (or could not be read/written).
    case safeTensors(SafeTensorsError)
    case notAnAggLMCheckpoint(String)
    case unsupportedFormatVersion(String)
    case missingMetadata(String)
    case invalidMetadata(key: String, value: String)
    /// The configuration stored in the file is not a valid network configuration.
    case invalidConfig(component: String, PolicyError)
    /// The stored configuration differs from the one the caller requires.
    case configMismatch(component: String, differences: [String])
    case missingTensor(String)
    case unexpectedTensor(String)
    case tensorShapeMismatch(name: String, expected: [Int], found: [Int])
    /// Caller metadata may not use the "agglm." prefix, which holds the configs.
    case reservedMetadataKey(String)
    case optimizerStateMismatch(String)

    public var description: String {
        switch self {
        case let .safeTensors(e): e.description
        case let .notAnAggLMCheckpoint(m): "checkpoint: not an AggLM checkpoint: \(m)"
        case let .unsupportedFormatVersion(v): "checkpoint: format version \(v) is not supported (expected \(AggregatorCheckpoint.formatVersion))"
        case let .missingMetadata(key): "checkpoint: metadata \"\(key)\" is missing"
        case let .invalidMetadata(key, value): "checkpoint: metadata \"\(key)\" has invalid value \"\(value)\""
        case let .invalidConfig(component, error): "checkpoint: stored \(component) config is invalid: \(error)"
        case let .configMismatch(component, differences):
            "checkpoint: \(component) config differs from the required one: \(differences.joined(separator: "; "))"
        case let .missingTensor(name): "checkpoint: tensor \"\(name)\" is missing"
        case let .unexpectedTensor(name): "checkpoint: unexpected tensor \"\(name)\""
        case let .tensorShapeMismatch(name, expected, found): "checkpoint: tensor \"\(name)\" has shape \(found), expected \(expected)"
        case let .reservedMetadataKey(key): "checkpoint: metadata key \"\(key)\" uses the reserved prefix \"agglm.\""
        case let .optimizerStateMismatch(m): "checkpoint: optimizer state: \(m)"
        }
    }
}
