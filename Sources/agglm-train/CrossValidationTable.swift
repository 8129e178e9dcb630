import AggLMLearned
import AggLMCommandLine
import Foundation
import AggLMTraining

/// The cross-validation result as a readable table.
enum CrossValidationTable {
    /// `testK`: the set size the held-out side was tested at, when it differs from the training `k`.
    static func render(_ rows: [(summary: HeldOutSummary, excluded: [String])], title: String, config: TrainingConfig, testK: Int, seconds: Double) -> String {
        var lines = [
            "\(title), k=\(config.k)\(testK == config.k ? "" : " (trained), tested at k=\(testK)"), \(config.setsPerProblem) sets/problem, objective \(config.objective.rawValue), easy ratio \(config.easyRatio.map { String($0) } ?? "all"), seed \(config.seed)",
            "accuracy % (95% CI over problems); rm-bon / rm-w = reward-model best-of-n / weighted vote (client scores when sent, else the built-in reward model); hard = recovered, easy = retained (majority right, canonical tie-break included), easy1 = retained among easy sets without a tie for the most votes; over% = contested sets where the choice has fewer votes than the largest cluster, right% = share of those overturns that are right; ECE of the named policy's confidence on contested sets",
        ]
        let header = ["file", "problems", "majority", "rm-bon", "rm-w", "agglm", "hard", "easy", "easy1", "over%", "right%", "anonymous", "hard", "easy", "easy1", "over%", "right%", "ECE", "left out of training"]
        var table: [[String]] = []
        for (s, excluded) in rows {
            table.append([
                shortName(s.file), String(s.problems), cell(s.majority), pct(s.rmBestOfN), pct(s.rmWeighted), cell(s.named), pct(s.named.hardRecovery), pct(s.named.easyRetention), pct(s.named.clearEasyRetention),
                pct(s.named.overturnRate), pct(s.named.overturnPrecision),
                cell(s.anonymous), pct(s.anonymous.hardRecovery), pct(s.anonymous.easyRetention), pct(s.anonymous.clearEasyRetention),
                pct(s.anonymous.overturnRate), pct(s.anonymous.overturnPrecision), String(format: "%.3f", s.ece),
                excluded.map(shortName).joined(separator: " "),
            ])
        }
        lines.append(TextTable(header: header, rows: table, alignments: header.map { _ in .left }).rendered)
        lines.append(String(format: "%.0f s", seconds))
        return lines.joined(separator: "\n")
    }

    static func shortName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path)).replacingOccurrences(of: ".jsonl.gz", with: "")
    }

    static func cell(_ score: HeldOutSummary.Score) -> String {
        String(format: "%.1f [%.1f, %.1f]", score.accuracy * 100, (score.ci95.first ?? 0) * 100, (score.ci95.last ?? 0) * 100)
    }

    static func pct(_ value: Double) -> String { String(format: "%.1f", value * 100) }
}
