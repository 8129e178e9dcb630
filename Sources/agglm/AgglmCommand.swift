import ArgumentParser

@main
struct AgglmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agglm",
        abstract: "Aggregate candidate LLM solutions into one better answer.",
        subcommands: [
            StatsCommand.self, CompareCommand.self, AggregateCommand.self, ServeCommand.self, WorkerCommand.self, KeygenCommand.self, BenchCommand.self,
            InspectCommand.self, GradeCommand.self, ExtractCommand.self, BenchAnswersCommand.self,
        ]
    )
}
