import AggLMLearning
import Foundation

/// The cross-validation result as a readable table.
enum CrossValidationTable {
    static func render(_ summaries: [HeldOutSummary], folds: Int, config: TrainingConfig, seconds: Double) -> String {
        var lines = [
            "\(folds)-fold problem-level cross-validation, k=\(config.k), \(config.setsPerProblem) sets/problem, objective \(config.objective.rawValue), easy ratio \(config.easyRatio.map { String($0) } ?? "all"), seed \(config.seed)",
            "accuracy % (95% CI over problems); hard = recovered, easy = retained; ECE of the named policy's confidence on contested sets",
        ]
        let header = ["file", "problems", "majority", "agglm", "hard", "easy", "anonymous", "hard", "easy", "ECE"]
        var rows: [[String]] = []
        for s in summaries {
            let name = String(s.file.split(separator: "/").last ?? Substring(s.file)).replacingOccurrences(of: ".jsonl.gz", with: "")
            rows.append([
                name, String(s.problems), cell(s.majority), cell(s.named), pct(s.named.hardRecovery), pct(s.named.easyRetention),
                cell(s.anonymous), pct(s.anonymous.hardRecovery), pct(s.anonymous.easyRetention), String(format: "%.3f", s.ece),
            ])
        }
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        lines.append(line(header))
        lines.append(line(widths.map { String(repeating: "-", count: $0) }))
        lines += rows.map(line)
        lines.append(String(format: "%.0f s", seconds))
        return lines.joined(separator: "\n")
    }

    static func cell(_ score: HeldOutSummary.Score) -> String {
        String(format: "%.1f [%.1f, %.1f]", score.accuracy * 100, (score.ci95.first ?? 0) * 100, (score.ci95.last ?? 0) * 100)
    }

    static func pct(_ value: Double) -> String { String(format: "%.1f", value * 100) }
}
