import AggLMSupport
import AggLMAnswers
import ArgumentParser

/// `agglm extract --input FILE`: one `{"answer", "canonical", "form"}` line per `{"text"}` input line.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract final answers from model outputs (JSON Lines in and out)."
    )

    @Option(name: .long, help: "JSON Lines file of {\"text\": ...} objects, optionally with \"answer\" (\"-\" for stdin).")
    var input: String

    func run() throws {
        var output: [String] = []
        try JSONLines.forEachObject(in: input) { object in
            let text = object?["text"] as? String ?? ""
            let provided = object?["answer"] as? String
            let answer = AnswerReader.read(text: text, providedAnswer: provided)
            let raw = answer?.raw ?? (provided == nil ? AnswerExtractor.extract(from: text) : nil)
            output.append("{\"answer\":\(JSONText.quoted(raw)),\"canonical\":\(JSONText.quoted(answer?.canonical.key)),"
                          + "\"form\":\(JSONText.quoted(answer?.canonical.form.rawValue))}")
            if output.count >= 4096 { JSONLines.write(output.joined(separator: "\n")); output.removeAll() }
        }
        if !output.isEmpty { JSONLines.write(output.joined(separator: "\n")) }
    }
}
