import Foundation
import AggLMAnswers
import Testing

/// Agreement with the labelled cases in ../shared/eval (targets: ≥ 95% each). The peer cases are not
/// committed; without them these tests are disabled (the committed corpora are in AnswerCorpusTests).
@Suite(.enabled(if: SharedEvalFiles.evalAvailable, "needs ../shared/eval (peer test cases, not in the repository)"))
struct EvalAgreementTests {
    /// Rows with `policy: strict_string` assert a grader that compares the extracted string verbatim.
    static func pairAgrees(_ row: [String: Any]) -> Bool? {
        guard let gold = row["gold"] as? String, let prediction = row["pred"] as? String,
              let expected = row["equal"] as? Bool else { return nil }
        if (row["policy"] as? String) == "strict_string" {
            let extracted = AnswerExtractor.extract(from: prediction) ?? prediction
            return (extracted.trimmingCharacters(in: .whitespaces) == gold.trimmingCharacters(in: .whitespaces)) == expected
        }
        var agrees = Equivalence.equivalent(gold: gold, prediction: prediction) == expected
        if (row["symmetric"] as? Bool) == true {
            agrees = agrees && Equivalence.equivalent(gold: prediction, prediction: gold) == expected
        }
        return agrees
    }

    @Test func equivalencePairsAgreeWithLabels() throws {
        let rows = try #require(SharedEvalFiles.jsonLines("eval/equivalence-pairs.jsonl"))
        var tallies: [String: (agree: Int, total: Int)] = [:]
        var misses: [String] = []
        for (index, row) in rows.enumerated() {
            guard let agrees = Self.pairAgrees(row) else { continue }
            let category = row["category"] as? String ?? "?"
            tallies[category, default: (0, 0)].total += 1
            if agrees { tallies[category, default: (0, 0)].agree += 1 } else {
                misses.append("  #\(index) [\(category)] expected \(row["equal"] ?? "?"): "
                              + "\(String(describing: row["gold"] ?? "").prefix(60).debugDescription) vs "
                              + "\(String(describing: row["pred"] ?? "").suffix(60).debugDescription)")
            }
        }
        let overall = SharedEvalFiles.printTable(title: "equivalence-pairs.jsonl agreement", tallies: tallies)
        print("misses (\(misses.count)):\n" + misses.joined(separator: "\n"))
        #expect(overall >= 0.95)
    }

    @Test func extractionCasesAgree() throws {
        let rows = try #require(SharedEvalFiles.jsonLines("eval/extraction-cases.jsonl"))
        var tallies: [String: (agree: Int, total: Int)] = [:]
        var misses: [String] = []
        for (index, row) in rows.enumerated() {
            guard let text = row["text"] as? String else { continue }
            let expected = row["answer"] as? String
            let extracted = AnswerExtractor.extract(from: text)
            let agrees: Bool
            switch (expected, extracted) {
            case (nil, nil): agrees = true
            case (nil, _), (_, nil): agrees = false
            case (let expected?, let extracted?):
                if (row["match"] as? String) == "exact" {
                    agrees = expected == extracted
                } else {
                    agrees = Equivalence.equivalent(gold: expected, prediction: extracted)
                }
            }
            let category = row["category"] as? String ?? "?"
            tallies[category, default: (0, 0)].total += 1
            if agrees { tallies[category, default: (0, 0)].agree += 1 } else {
                misses.append("  #\(index) [\(category)] expected \(expected.debugDescription) got \(extracted.debugDescription)")
            }
        }
        let overall = SharedEvalFiles.printTable(title: "extraction-cases.jsonl agreement", tallies: tallies)
        print("misses (\(misses.count)):\n" + misses.joined(separator: "\n"))
        #expect(overall >= 0.95)
    }
}
