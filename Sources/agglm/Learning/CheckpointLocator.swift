import AggLMLearning
import ArgumentParser
import Foundation

/// Finds and loads the learned aggregator's checkpoint for a command.
///
/// An explicit path must load (a broken or mismatched file is an error, not
/// a silent fallback). Without one, the committed default
/// `Checkpoints/agglm-default.safetensors` is used when it can be found in
/// the current directory or in the package that holds the executable.
enum CheckpointLocator {
    static let defaultRelativePath = "Checkpoints/agglm-default.safetensors"

    /// nil when `option` is "none", or when no option is given and no default exists.
    static func load(_ option: String?) throws -> (path: String, aggregator: LearnedAggregator)? {
        if option == "none" { return nil }
        guard let path = option ?? defaultPath() else { return nil }
        do {
            return (path, try LearnedAggregator.load(from: path).aggregator)
        } catch {
            throw ValidationError("\(error)\(option == nil ? " (the default checkpoint; pass --checkpoint none to run without it)" : "")")
        }
    }

    static func defaultPath() -> String? {
        var candidates = [defaultRelativePath]
        // The executable lives in <package>/.build/<configuration>/agglm.
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent(defaultRelativePath).path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
