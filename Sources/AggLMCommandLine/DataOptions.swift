public import ArgumentParser

/// `--data`: the dataset files a command reads (JSON Lines of Problem, optionally gzip-compressed), shared by
/// `agglm stats`, `compare`, `bench`, `bench-answers` and `agglm-train`.
public struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"), parsing: .upToNextOption, help: ArgumentHelp(
        "Dataset files (.jsonl or .jsonl.gz), one Problem per line, with its gold answer where the command scores answers; several may follow one --data.", valueName: "file"))
    public var files: [String] = []

    public init() {}

    /// For commands that need at least one file.
    public func requireFiles() throws {
        if files.isEmpty {
            throw ValidationError("Name at least one dataset file, e.g. --data ../shared/data/zeroeval-math-l5.jsonl.gz")
        }
    }
}
