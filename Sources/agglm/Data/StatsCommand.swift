import AggLMSupport
import AggLMData
import AggLMCommandLine
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarise dataset files: problems, candidates per problem, size and load rate.",
        discussion: """
            Reads each file completely with the same reader the other commands use \
            (JSON Lines of Problem, plain or gzip). Bad lines are reported as FILE:LINE \
            on standard error and skipped, unless --strict is given.

            Example:
              agglm stats --data ../shared/data/*.jsonl.gz
            """
    )

    @OptionGroup var dataset: DataOptions

    @Flag(help: "Fail on the first bad line instead of skipping it.")
    var strict = false

    func validate() throws {
        try dataset.requireFiles()
    }

    func run() throws {
        let reader = DatasetReader()
        var failures = 0
        let header = ["file", "problems", "cand min", "cand mean", "cand max", "bad lines", "file MB", "text MB", "s", "text MB/s"]
        var rows: [[String]] = []
        for path in dataset.files {
            var candidates = CandidateCountSummary()
            var invalid = 0
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let summary = try reader.read(path: path) { entry in
                    switch entry {
                    case .problem(let problem, _):
                        candidates.add(problem.candidates.count)
                    case .invalid(let error):
                        if strict { throw error }
                        invalid += 1
                        StandardError.line(error.description)
                    }
                }
                let seconds = (clock.now - start).seconds
                let textMB = Double(summary.textBytes) / 1e6
                rows.append([
                    path, "\(summary.problems)",
                    "\(candidates.min ?? 0)", format(candidates.mean, 2), "\(candidates.max ?? 0)",
                    "\(summary.invalidLines)",
                    format(Double(summary.fileBytes) / 1e6, 2), format(textMB, 2),
                    format(seconds, 3), format(seconds > 0 ? textMB / seconds : 0, 1),
                ])
            } catch {
                // The lines read before a whole-file failure still count.
                failures += 1
                StandardError.line("error: \(error)")
                rows.append([
                    path + " (incomplete)", "\(candidates.count)",
                    "\(candidates.min ?? 0)", format(candidates.mean, 2), "\(candidates.max ?? 0)",
                    "\(invalid)", "-", "-", "-", "-",
                ])
            }
        }
        StandardOutput.line(TextTable(header: header, rows: rows).rendered)
        if failures > 0 {
            throw ExitCode(1)
        }
    }
}

/// Min / mean / max of candidates per problem, in one pass.
struct CandidateCountSummary {
    private(set) var min: Int?
    private(set) var max: Int?
    private var total = 0
    private(set) var count = 0

    mutating func add(_ candidates: Int) {
        min = Swift.min(min ?? candidates, candidates)
        max = Swift.max(max ?? candidates, candidates)
        total += candidates
        count += 1
    }

    var mean: Double { count == 0 ? 0 : Double(total) / Double(count) }
}
