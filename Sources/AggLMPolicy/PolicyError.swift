/// Errors of the policy and reward-model networks. Every input a caller can get wrong is reported
/// here instead of trapping.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A config field is out of its allowed range.
    case invalidConfig(String)
    /// A batch's arrays are inconsistent with each other or with the config.
    case invalidBatch(String)
    /// A parameter or gradient buffer does not have the layout's element count.
    case bufferSizeMismatch(what: String, expected: Int, found: Int)
    /// backward was called without a matching forward in the same workspace.
    case workspaceNotPrepared(String)
    /// Objective inputs are inconsistent.
    case invalidObjectiveInput(String)

    public var description: String {
        switch self {
        case let .invalidConfig(m): "invalid network config: \(m)"
        case let .invalidBatch(m): "invalid batch: \(m)"
        case let .bufferSizeMismatch(what, expected, found):
            "\(what) has \(found) elements, expected \(expected)"
        case let .workspaceNotPrepared(m): "workspace not prepared for backward: \(m)"
        case let .invalidObjectiveInput(m): "invalid objective input: \(m)"
        }
    }
}
