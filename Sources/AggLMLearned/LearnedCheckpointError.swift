public import AggLMCheckpoint

/// Why a checkpoint cannot be used by this build of the learned aggregator.
public enum LearnedCheckpointError: Error, Sendable, CustomStringConvertible {
    /// The file is not a valid aggregator checkpoint (corrupt, truncated, wrong format).
    case unreadable(path: String, CheckpointError)
    /// The checkpoint was trained on another feature layout.
    case schemaMismatch(found: String, expected: String)
    case missingMetadata(String)
    case invalidMetadata(key: String, reason: String)
    /// The stored networks do not fit this feature schema or vocabulary.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case let .unreadable(path, error):
            "cannot load checkpoint \(path): \(error)"
        case let .schemaMismatch(found, expected):
            "checkpoint uses feature schema \"\(found)\" but this agglm reads \"\(expected)\"; retrain it with this version (agglm-train) or use a matching agglm"
        case let .missingMetadata(key):
            "checkpoint metadata lacks \"\(key)\"; it was not written by agglm-train"
        case let .invalidMetadata(key, reason):
            "checkpoint metadata \"\(key)\" is invalid: \(reason)"
        case let .shapeMismatch(reason):
            "checkpoint networks do not match the feature schema: \(reason)"
        }
    }
}
