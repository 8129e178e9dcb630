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
        let keys = [Array("gold".utf8), Array("pred".utf8)]
        var output = ByteOutput(fileDescriptor: 1)
        var lineNumber = 0
        var invalidLines = 0
        var firstError: String?
        var memo = ReadingMemo(capacity: max(0, memoEntries))
        try JSONLines.forEachLine(in: pairs, maxLineBytes: max(1, maxLineBytes)) { line in
            lineNumber += 1
            let fields: [String?]
            switch line.map({ JSONStringFields.read($0, keys: keys) }) {
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

/// The grade command's output lines, buffered and written with `write(2)` a megabyte at a time.
private struct ByteOutput {
    private static let flushBytes = 1 << 20
    let fileDescriptor: Int32
    private var buffer: [UInt8] = []

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    mutating func appendVerdict(equal: Bool, gold: String?, prediction: String?) {
        append(equal ? "{\"equal\":true,\"gold\":" : "{\"equal\":false,\"gold\":")
        appendQuoted(gold)
        append(",\"pred\":")
        appendQuoted(prediction)
        append("}\n")
        if buffer.count >= Self.flushBytes { flush() }
    }

    mutating func appendUngraded(error: String) {
        append("{\"equal\":false,\"gold\":null,\"pred\":null,\"error\":")
        appendQuoted(error)
        append("}\n")
        if buffer.count >= Self.flushBytes { flush() }
    }

    private mutating func append(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string literal (`null` for nil): quotes, backslashes and control characters escaped.
    private mutating func appendQuoted(_ text: String?) {
        guard let text else { append("null"); return }
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    mutating func flush() {
        JSONLines.writeAll(buffer, to: fileDescriptor)
        buffer.removeAll(keepingCapacity: true)
    }
}
