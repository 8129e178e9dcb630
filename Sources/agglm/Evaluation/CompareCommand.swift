import AggLMSupport
import AggLMAggregation
import AggLMData
import AggLMEvaluation
import AggLMService
import AggLMWire
import AggLMCommandLine
import ArgumentParser
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare aggregation methods against gold on datasets (the AggLM protocol).",
        discussion: """
            For every problem, draws --sets random candidate sets of size --k (seeded and \
            reproducible; a problem with fewer than k candidates is used whole), runs every \
            method on every set, and judges each chosen answer against gold with the \
            equivalence checker.

            Reported per dataset file and method: accuracy with a 95% bootstrap interval over \
            problems; the buckets easy (majority right), hard (majority wrong, some candidate \
            right) and none (no candidate right) — accuracy on hard is the recovery rate, on \
            easy the retention; wins and losses against majority; and mean candidate accuracy.

            The learned aggregator (method agglm) and the built-in reward model behind \
            rm-best-of-n and rm-weighted (for sets without client scores) come from \
            --checkpoint; by default the checkpoint compiled into agglm (Checkpoints/agglm-default.safetensors at build time). \
            --anonymous hides model names from both, as for clients that send none.

            A method that cannot run on some set (no reward scores and no reward model, no \
            token confidence) is left out of that file's report and named below the table.

            Examples:
              agglm compare --data ../shared/data/zeroeval-math-l5.jsonl.gz
              agglm compare --data ../shared/data/*.jsonl.gz --k 8 --sets 16 --json > report.json
              agglm compare --data math.jsonl --sweep-k 2,4,8,16 --plot accuracy.svg
            """
    )

    @OptionGroup var dataset: DataOptions

    @Option(help: "Candidates per set.")
    var k = 8

    @Option(help: "Random sets drawn per problem.")
    var sets = 16

    @Option(help: "Seed for set sampling and bootstrap intervals.")
    var seed: UInt64 = 0

    @Option(
        help: ArgumentHelp(
            "Methods to compare, comma-separated.",
            discussion: "Any of: \(Agglm_V1_Method.reportOrder.map(\.cliName).joined(separator: ", ")). Default: all."))
    var methods: String?

    @Option(help: "Also run k = each of these (comma-separated), e.g. 2,4,8,16; the table shows each k.")
    var sweepK: String?

    @Option(help: "Write an SVG plot of accuracy against k (uses --sweep-k, or just --k).")
    var plot: String?

    @Flag(help: "Print the report as JSON on standard output instead of tables.")
    var json = false

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @OptionGroup var model: ModelOptions

    @OptionGroup var server: EndpointOptions

    @Flag(help: "Fail on the first bad line in a data file instead of skipping it.")
    var strict = false

    func validate() throws {
        try dataset.requireFiles()
        if k < 1 { throw ValidationError("--k must be at least 1, e.g. --k 8") }
        if sets < 1 { throw ValidationError("--sets must be at least 1, e.g. --sets 16") }
        _ = try methodList()
        _ = try kList()
    }

    func methodList() throws -> [Agglm_V1_Method] {
        try MethodListParser.parse(methods) ?? Agglm_V1_Method.reportOrder
    }

    func kList() throws -> [Int] {
        guard let sweepK else { return [k] }
        return try SetSizeList.parse(sweepK, option: "--sweep-k")
    }

    func run() throws {
        let methods = try methodList()
        let ks = try kList()
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let clock = ContinuousClock()
        let start = clock.now
        let failures = RemoteSetDecider.Failures()
        let makeDecider: @Sendable () -> any SetDecider
        var local: ModelOptions.Loaded?
        if let endpoint = server.endpoint {
            let timeout = server.timeoutDuration
            let keys = try server.curve.load()
            makeDecider = {
                do {
                    return RemoteSetDecider(client: try Client(endpoint: endpoint, timeout: timeout, curve: keys), failures: failures)
                } catch {
                    failures.record("cannot connect to \(endpoint): \(error)")
                    return MethodSuite()
                }
            }
        } else {
            let loaded = try model.load()
            StandardError.line("model: \(loaded.description)")
            makeDecider = { loaded.makeSuite() }
            local = loaded
        }

        var datasets: [(file: String, problems: [PreparedProblem])] = []
        for path in dataset.files {
            let raw = try DatasetReader().readAll(paths: [path], strict: strict) { StandardError.line($0.description) }
            let bar = ProgressBar(label: "answers  \(shortName(path))", total: raw.count)
            let prepared = ParallelMap.map(
                count: raw.count, threads: threads, progress: { bar.update($0) }, makeState: {},
                body: { _, index in PreparedProblem(raw[index]) })
            bar.finish()
            datasets.append((path, prepared))
        }

        var reportsByK: [[DatasetReport]] = []
        // Each file is one batch: with client scores the learned aggregator's decisions follow the
        // file's estimate of the score channel (`LearnedAggregator.forBatch`).
        let deciders = datasets.map { dataset -> @Sendable () -> any SetDecider in
            guard let batch = local?.forBatch(dataset.problems) else { return makeDecider }
            if let estimate = batch.channelEstimate {
                StandardError.line(String(format: "%@: client scores agree with clear consensus in %.1f%% of pairs (%d sets)", shortName(dataset.file), estimate.agreement * 100, estimate.sets))
            }
            return { batch.makeSuite() }
        }
        for k in ks {
            reportsByK.append(zip(datasets, deciders).map { dataset, decider in
                let comparison = Comparison(
                    sampler: SetSampler(k: k, sets: sets, seed: seed), methods: methods, threads: threads,
                    makeDecider: decider)
                let bar = ProgressBar(label: "k=\(k) \(shortName(dataset.file))", total: dataset.problems.count)
                defer { bar.finish() }
                return comparison.report(file: dataset.file, problems: dataset.problems, seed: seed, progress: { bar.update($0) })
            })
        }
        let seconds = (clock.now - start).seconds
        if let failure = failures.message {
            throw ValidationError("The server at \(server.endpoint ?? "") failed: \(failure). Is `agglm serve` running there?")
        }

        if json {
            let documents = zip(ks, reportsByK).map { ReportJSON.document(k: $0, sets: sets, seed: seed, reports: $1) }
            StandardOutput.line((documents.count == 1 ? documents[0] : .object([("sweep", .array(documents))])).rendered(.afterSeparators))
        } else {
            for (k, reports) in zip(ks, reportsByK) {
                for report in reports { StandardOutput.line(ComparisonTable.render(report, k: k, sets: sets) + "\n") }
            }
            StandardOutput.line("\(datasets.count) file(s), \(ks.count) k value(s), \(format(seconds, 1)) s, \(threads) thread(s), seed \(seed)")
        }
        if let plot {
            let svg = AccuracyPlot(ks: ks, points: reportsByK).svg
            do {
                try svg.write(toFile: plot, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("Cannot write the plot to \(plot): \(error.localizedDescription)")
            }
            StandardError.line("wrote \(plot)")
        }
    }

    private func shortName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}

/// The human-readable comparison table for one dataset.
enum ComparisonTable {
    static func render(_ report: DatasetReport, k: Int, sets: Int) -> String {
        let easy = report.methods.first?.buckets[.easy]?.n ?? 0
        let hard = report.methods.first?.buckets[.hard]?.n ?? 0
        let none = report.methods.first?.buckets[.none]?.n ?? 0
        var lines = [
            "\(report.file)  k=\(k)  sets/problem≤\(sets)",
            "\(report.problems) problems, \(report.sets) sets (easy \(easy), hard \(hard), none \(none)), "
                + "candidate accuracy \(percent(report.candidateAccuracy))",
        ]
        if report.problemsWithoutGold > 0 {
            lines.append("\(report.problemsWithoutGold) problems without usable gold were left out")
        }
        let rows = report.methods.map { score -> [String] in
            [
                score.method.cliName, percent(score.accuracy),
                "[\(percent(score.ci95.low)), \(percent(score.ci95.high))]",
                percent(score.buckets[.easy]?.accuracy ?? 0), percent(score.buckets[.hard]?.accuracy ?? 0),
                score.method == .majority ? "-" : "+\(score.winsOverMajority)/-\(score.lossesToMajority)",
            ]
        }
        lines.append(TextTable(header: ["method", "accuracy", "95% CI", "easy kept", "hard recovered", "vs majority"], rows: rows).rendered)
        if !report.unavailable.isEmpty {
            lines.append("unavailable: " + report.unavailable.map(\.cliName).joined(separator: ", ")
                + " (no reward scores / token confidence / checkpoint for these sets)")
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { format(value * 100, 1) }
}
