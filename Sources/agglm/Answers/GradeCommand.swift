import AggLMSupport
import AggLMAnswers
import ArgumentParser

/// `agglm grade --pairs FILE`: one `{"equal", "gold", "pred"}` line per `{"gold", "pred"}` input line.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade predictions against gold answers by mathematical equivalence (JSON Lines in and out)."
    )

    @Option(name: .long, help: "JSON Lines file of {\"gold\": ..., \"pred\": ...} objects (\"-\" for stdin).")
    var pairs: String

    func run() throws {
        var output: [String] = []
        try JSONLines.forEachObject(in: pairs) { object in
            let gold = object?["gold"] as? String ?? ""
            let prediction = object?["pred"] as? String ?? ""
            let goldAnswer = GradingReader.canonical(gold)
            let predictedAnswer = GradingReader.canonical(prediction)
            let equal = Equivalence.equivalent(gold: gold, prediction: prediction)
            output.append("{\"equal\":\(equal),\"gold\":\(JSONText.quoted(goldAnswer?.key)),"
                          + "\"pred\":\(JSONText.quoted(predictedAnswer?.key))}")
            if output.count >= 4096 { JSONLines.write(output.joined(separator: "\n")); output.removeAll() }
        }
        if !output.isEmpty { JSONLines.write(output.joined(separator: "\n")) }
    }
}
