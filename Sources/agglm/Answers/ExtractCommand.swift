import AggLMSupport
import AggLMAnswers
import ArgumentParser

/// `agglm extract --input FILE`: one `{"answer", "canonical", "form"}` line per `{"text"}` input line.
///
/// Reads lines like `agglm grade` does (`JSONLines.forEachRecord`, no Foundation JSON) and writes through
/// the same byte buffer. A line that is not a JSON object reads as an empty one (no answer), so the output
/// stays aligned; how many there were, and the first, go to standard error.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract final answers from model outputs (JSON Lines in and out)."
    )

    @Option(name: .long, help: "JSON Lines file of {\"text\": ...} objects, optionally with \"answer\" (\"-\" for stdin).")
    var input: String

    @Option(name: .long, help: "Longest input line accepted, in bytes.")
    var maxLineBytes: Int = 16 << 20

    func run() throws {
        var output = ByteOutput(fileDescriptor: 1)
        var lineNumber = 0
        var invalidLines = 0
        var firstError: String?
        try JSONLines.forEachRecord(in: input, keys: ["text", "answer"], maxLineBytes: maxLineBytes) { record in
            lineNumber += 1
            var fields: [String?] = [nil, nil]
            switch record {
            case .success(let values)?:
                fields = values
            case .failure(let failure)?:
                invalidLines += 1
                if firstError == nil { firstError = "line \(lineNumber): \(failure)" }
            case nil:
                invalidLines += 1
                if firstError == nil { firstError = "line \(lineNumber): longer than \(maxLineBytes) bytes" }
            }
            let text = fields[0] ?? ""
            let provided = fields[1]
            let answer = AnswerReader.read(text: text, providedAnswer: provided)
            let raw = answer?.raw ?? (provided == nil ? AnswerExtractor.extract(from: text) : nil)
            output.append("{\"answer\":")
            output.appendQuoted(raw)
            output.append(",\"canonical\":")
            output.appendQuoted(answer?.canonical.key)
            output.append(",\"form\":")
            output.appendQuoted(answer?.canonical.form.rawValue)
            output.endLine()
        }
        output.flush()
        if let firstError {
            StandardError.line("agglm extract: \(invalidLines) unreadable line(s), extracted as empty; first: \(firstError)")
        }
    }
}
