import AggLMSupport
import AggLMAnswers
import ArgumentParser

/// `agglm grade --pairs FILE`: one `{"equal", "gold", "pred"}` line per `{"gold", "pred"}` input line.
///
/// The hot path: lines are split from fixed-size chunks, the two fields read by `JSONStringFields` (no
/// Foundation JSON), each side read once (`GradingReader.read`, remembered for repeated strings) and
/// compared on those readings, and the output collected in a byte buffer written a megabyte at a time.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade predictions against gold answers by mathematical equivalence (JSON Lines in and out).",
        discussion: """
        Output is aligned with the input, one line per line. A line that is not a JSON object (or is longer \
        than --max-line-bytes) grades as not equal, with "error": "line N: …"; the count of such lines and \
        the first of them go to standard error. Missing or non-string "gold"/"pred" read as empty answers.
        """
    )

    @Option(name: .long, help: "JSON Lines file of {\"gold\": ..., \"pred\": ...} objects (\"-\" for stdin).")
    var pairs: String

    @Option(name: .long, help: "Longest input line accepted, in bytes.")
    var maxLineBytes: Int = 16 << 20

    @Option(name: .long, help: "Readings remembered by string (0 = none): a gold repeats once per candidate.")
    var memoEntries: Int = 1 << 16

    func run() throws {
        var output = ByteOutput(fileDescriptor: 1)
        var lineNumber = 0
        var invalidLines = 0
        var firstError: String?
        var memo = ReadingMemo(capacity: max(0, memoEntries))
        try JSONLines.forEachRecord(in: pairs, keys: ["gold", "pred"], maxLineBytes: maxLineBytes) { record in
            lineNumber += 1
            let fields: [String?]
            switch record {
            case .success(let values)?:
                fields = values
            case .failure(let failure)?:
                invalidLines += 1
                let message = "line \(lineNumber): \(failure)"
                if firstError == nil { firstError = message }
                output.appendUngraded(error: message)
                return
            case nil:
                invalidLines += 1
                let message = "line \(lineNumber): longer than \(maxLineBytes) bytes"
                if firstError == nil { firstError = message }
                output.appendUngraded(error: message)
                return
            }
            let gold = memo.read(fields[0] ?? "")
            let prediction = memo.read(fields[1] ?? "")
            var equal = false
            if let gold, let prediction { equal = Equivalence.equivalent(gold, prediction) }
            output.appendVerdict(equal: equal, gold: gold?.canonical.key, prediction: prediction?.canonical.key)
        }
        output.flush()
        if let firstError {
            StandardError.line("agglm grade: \(invalidLines) invalid line(s); first: \(firstError)")
        }
    }
}

/// Readings of recently seen strings. Grading files repeat strings (each gold once per candidate, popular
/// wrong answers many times); the memo holds at most `capacity` of them and starts over when full, so
/// memory stays bounded and results never depend on it (a reading is a pure function of its string).
private struct ReadingMemo {
    let capacity: Int
    private var readings: [String: GradingReader.Reading?] = [:]

    init(capacity: Int) { self.capacity = capacity }

    mutating func read(_ text: String) -> GradingReader.Reading? {
        guard capacity > 0 else { return GradingReader.read(text) }
        if let known = readings[text] { return known }
        let reading = GradingReader.read(text)
        if readings.count >= capacity { readings.removeAll(keepingCapacity: true) }
        readings[text] = reading
        return reading
    }
}
