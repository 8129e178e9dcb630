import AggLMSupport
import ArgumentParser
import Foundation

/// `agglm grade --pairs FILE`: one `{"equal", "gold", "pred"}` line per `{"gold", "pred"}` input line.
///
/// The hot path: lines are split from fixed-size chunks, the two fields read by `JSONStringFields` (no
/// Foundation JSON), each side read once (`GradingReader.read`, remembered for repeated strings) and
/// compared on those readings, and the output collected in a byte buffer written a megabyte at a time.
/// With several threads the lines are graded a batch at a time (`PairGrading`), with the same output.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade predictions against gold answers by mathematical equivalence (JSON Lines in and out).",
        discussion: """
        Output is aligned with the input, one line per line. A line that is not a JSON object (or is longer \
        than --max-line-bytes) grades as not equal, with "error": "line N: …"; the count of such lines and \
        the first of them go to standard error. Missing or non-string "gold"/"pred" read as empty answers.

        --threads N grades batches of \(PairGrading.defaultBatchLines) lines on N threads and writes them in \
        input order: the output is byte for byte that of --threads 1, about N times sooner when N cores are \
        free. --threads 1 grades each line as it is read, holding no batch: right when other jobs keep the \
        other cores busy, or to keep memory to one line.
        """
    )

    /// The default thread count: every core this process may run on, up to a point where the one reading
    /// thread, not grading, would limit the rate.
    static let defaultThreads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    @Option(name: .long, help: "JSON Lines file of {\"gold\": ..., \"pred\": ...} objects (\"-\" for stdin).")
    var pairs: String

    @Option(name: .long, help: "Longest input line accepted, in bytes.")
    var maxLineBytes: Int = 16 << 20

    @Option(name: .long, help: "Readings remembered by string (0 = none): a gold repeats once per candidate.")
    var memoEntries: Int = 1 << 16

    @Option(name: .long, help: ArgumentHelp(
        "Threads that grade; by default the active cores, at most 8. The output is the same for any count.",
        valueName: "n"))
    var threads: Int = defaultThreads

    func validate() throws {
        guard threads >= 1 else {
            throw ValidationError(
                "--threads must be at least 1 (got \(threads)): type --threads 1 to grade on one thread, or leave "
                    + "--threads out to use every core (\(Self.defaultThreads) here)")
        }
    }

    func run() throws {
        let invalid = try PairGrading.run(
            pairs: pairs, maxLineBytes: maxLineBytes, memoEntries: memoEntries, threads: threads, to: 1)
        if let summary = invalid.summary { StandardError.line(summary) }
    }
}
