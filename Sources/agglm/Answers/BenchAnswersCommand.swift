import AggLMSupport
import AggLMAnswers
import AggLMCommandLine
import ArgumentParser
import Foundation

/// `agglm bench-answers`: throughput of grading and extraction, and a fuzz run with per-input timing.
/// Meant for release builds (`swift build -c release`); single-threaded.
struct BenchAnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-answers",
        abstract: "Benchmark answer extraction and equivalence; optionally fuzz with per-input timing.",
        discussion: "With --data: also a per-file extraction report of those dataset files."
    )

    @Option(name: .long, help: "Folder holding equivalence-pairs.jsonl and extraction-cases.jsonl.")
    var eval: String = "../shared/eval"

    @Option(name: .long, help: "JSON Lines file of {\"text\": ...} candidate outputs to time extraction on.")
    var texts: String?

    /// With files: a per-file extraction report as well.
    @OptionGroup var dataset: DataOptions

    @Option(name: .long, help: "Seconds to spend on each throughput measurement.")
    var seconds: Double = 2

    @Option(name: .long, help: "Number of fuzzed inputs to run (0 = no fuzzing).")
    var fuzz: Int = 0

    @Option(name: .long, help: "Seed of the fuzzer.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Print per-stage timings for each {\"text\": ...} line of this file.")
    var replay: String?

    @Option(name: .long, help: "Write the five slowest fuzzed inputs to this JSON Lines file.")
    var slowestOutput: String?

    func run() throws {
        let pairs = try loadFields("\(eval)/equivalence-pairs.jsonl", keys: ["gold", "pred"]).compactMap { fields -> (String, String)? in
            guard let gold = fields[0], let prediction = fields[1] else { return nil }
            return (gold, prediction)
        }
        let cases = try loadFields("\(eval)/extraction-cases.jsonl", keys: ["text"]).compactMap { $0[0] }
        var candidateTexts: [String] = []
        if let texts { candidateTexts = try loadFields(texts, keys: ["text"]).compactMap { $0[0] } }

        if !pairs.isEmpty {
            let rate = measure(count: pairs.count) { index in
                _ = Equivalence.equivalent(gold: pairs[index].0, prediction: pairs[index].1)
            }
            report("grade pairs from strings (extract + canonicalize + compare)", rate, "pairs/s", pairs.count)
            let canonical = pairs.compactMap { pair -> (CanonicalAnswer, CanonicalAnswer)? in
                guard let gold = GradingReader.canonical(pair.0), let prediction = GradingReader.canonical(pair.1)
                else { return nil }
                return (gold, prediction)
            }
            let compareRate = measure(count: canonical.count) { index in
                _ = Equivalence.equivalent(canonical[index].0, canonical[index].1)
            }
            report("equivalence checks on canonical answers", compareRate, "checks/s", canonical.count)
            let shortAnswers = pairs.flatMap { [$0.0, $0.1] }.filter { $0.utf8.count <= 80 }
            let canonicalizeRate = measure(count: shortAnswers.count) { index in
                _ = Canonicalizer.canonicalize(shortAnswers[index])
            }
            report("canonicalize short answers (<= 80 bytes)", canonicalizeRate, "answers/s", shortAnswers.count)
        }
        if !cases.isEmpty {
            let rate = measure(count: cases.count) { index in _ = AnswerReader.read(text: cases[index], providedAnswer: nil) }
            report("extract + canonicalize extraction cases", rate, "extractions/s", cases.count)
        }
        if !candidateTexts.isEmpty {
            let rate = measure(count: candidateTexts.count) { index in
                _ = AnswerReader.read(text: candidateTexts[index], providedAnswer: nil)
            }
            let bytes = candidateTexts.reduce(0) { $0 + $1.utf8.count }
            report("extract + canonicalize candidate texts (mean \(bytes / candidateTexts.count) bytes)", rate,
                   "extractions/s", candidateTexts.count)
        }
        if !dataset.files.isEmpty { try DataAnswerReport(paths: dataset.files).run() }
        if let replay {
            print("stage timings (min of 5 runs) for \(replay):")
            for text in try loadFields(replay, keys: ["text"]).compactMap({ $0[0] }) { printStageTimings(text) }
        }
        if fuzz > 0 {
            runFuzz(corpus: pairs.flatMap { [$0.0, $0.1] } + cases + candidateTexts.prefix(2_000))
        }
    }

    /// The string values of `keys` in each JSON object line of `path` (lines that are not objects skipped).
    private func loadFields(_ path: String, keys: [String]) throws -> [[String?]] {
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipping \(path): not found")
            return []
        }
        var records: [[String?]] = []
        try JSONLines.forEachRecord(in: path, keys: keys) { record in
            if case .success(let values)? = record { records.append(values) }
        }
        return records
    }

    /// Runs `body` over indices 0..<count round-robin for about `seconds`; returns calls per second.
    private func measure(count: Int, _ body: (Int) -> Void) -> Double {
        guard count > 0 else { return 0 }
        for index in 0..<count { body(index) }  // warm-up
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        var elapsed = 0.0
        repeat {
            for index in 0..<count { body(index) }
            calls += count
            elapsed = (clock.now - start).seconds
        } while elapsed < seconds
        return Double(calls) / elapsed
    }

    private func report(_ label: String, _ rate: Double, _ unit: String, _ items: Int) {
        print(String(format: "%-72@ %12.0f %@ (%d items)", label as NSString, rate, unit as NSString, items))
        fflush(nil)
    }

    /// Minimum over five runs of each stage for one input.
    private func printStageTimings(_ input: String) {
        let clock = ContinuousClock()
        let stages: [(String, () -> Void)] = [
            ("extract", { _ = AnswerReader.read(text: input, providedAnswer: nil) }),
            ("canonicalize", { _ = Canonicalizer.canonicalize(input) }),
            ("grading-read", { _ = GradingReader.canonical(input) }),
        ]
        let timings = stages.map { name, body -> String in
            var best = Double.infinity
            for _ in 0..<5 {
                let start = clock.now
                body()
                best = min(best, (clock.now - start).seconds)
            }
            return "\(name) \(String(format: "%.0f", best * 1e6)) µs"
        }
        print("  \(input.utf8.count) bytes: " + timings.joined(separator: ", "))
    }

    /// Extracts, canonicalizes and grades every fuzzed input, timing each one.
    private func runFuzz(corpus: [String]) {
        var fuzzer = AnswerFuzzer(seed: seed, corpus: corpus)
        let clock = ContinuousClock()
        var worst = 0.0
        var worstInput = ""
        var overMillisecond = 0
        var total = 0.0
        var previous: CanonicalAnswer?
        var slowest: [(seconds: Double, input: String)] = []
        var rawWorst = 0.0
        for iteration in 0..<fuzz {
            let input = fuzzer.next()
            func process() -> (Double, CanonicalAnswer?) {
                let start = clock.now
                let extracted = AnswerReader.read(text: input, providedAnswer: nil)
                let direct = Canonicalizer.canonicalize(input)
                let graded = GradingReader.canonical(input)
                if let direct, let previous { _ = Equivalence.equivalent(direct, previous) }
                if let graded, let extracted { _ = Equivalence.equivalent(graded, extracted.canonical) }
                return ((clock.now - start).seconds, direct)
            }
            var (elapsed, direct) = process()
            rawWorst = max(rawWorst, elapsed)
            // The machine is shared: a first timing over 1 ms is re-measured three times and the minimum
            // kept, so that preemption by other processes is not counted against the input.
            if elapsed > 0.001 {
                for _ in 0..<3 { elapsed = min(elapsed, process().0) }
            }
            previous = direct ?? previous
            total += elapsed
            if elapsed > 0.001 { overMillisecond += 1 }
            if elapsed > worst { worst = elapsed; worstInput = input }
            if slowest.count < 5 || elapsed > (slowest.last?.seconds ?? 0) {
                slowest.append((elapsed, input))
                slowest.sort { $0.seconds > $1.seconds }
                if slowest.count > 5 { slowest.removeLast() }
            }
            if (iteration + 1) % 100_000 == 0 {
                print("fuzz: \(iteration + 1) inputs, max \(String(format: "%.1f", worst * 1e6)) µs"); fflush(nil)
            }
        }
        print(String(format: "fuzz: %d inputs (seed %llu), no crash; mean %.1f µs, max %.1f µs (min of 4 runs for "
                     + "inputs first timed over 1 ms; raw first-run max %.1f µs), %d over 1 ms",
                     fuzz, seed, total / Double(max(1, fuzz)) * 1e6, worst * 1e6, rawWorst * 1e6, overMillisecond))
        print("slowest input (\(worstInput.utf8.count) bytes): \(String(worstInput.prefix(160)).debugDescription)")
        // Stage timings of the slowest inputs, to locate the scanner responsible.
        for entry in slowest { printStageTimings(entry.input) }
        if let slowestOutput {
            let lines = slowest.map { "{\"text\":\(JSONText.quoted($0.input))}" }.joined(separator: "\n")
            if !FileManager.default.createFile(atPath: slowestOutput, contents: Data((lines + "\n").utf8)) {
                StandardError.line("could not write the slowest inputs to \(slowestOutput)")
            }
        }
    }
}
