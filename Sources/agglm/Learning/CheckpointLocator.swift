import AggLMLearned
import ArgumentParser

/// Finds and loads the learned aggregator's checkpoint for a command.
///
/// An explicit path must load (a broken or mismatched file is an error, not
/// a silent fallback). Without one, the default checkpoint compiled into the
/// binary is used, so the binary works wherever it is copied.
enum CheckpointLocator {
    /// nil when `option` is "none".
    static func load(_ option: String?) throws -> (path: String, aggregator: LearnedAggregator)? {
        if option == "none" { return nil }
        do {
            guard let path = option, path != "default" else {
                return (EmbeddedDefaultCheckpoint.name, try EmbeddedDefaultCheckpoint.load().aggregator)
            }
            return (path, try LearnedAggregator.load(from: path).aggregator)
        } catch {
            throw ValidationError("\(error)\(option == nil ? " (the default checkpoint; pass --checkpoint none to run without it)" : "")")
        }
    }
}
