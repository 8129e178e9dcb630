public import AggLMSupport
import AggLMWire

/// The `agglm compare --json` document. Its shape is a public contract:
/// `{"k", "sets", "seed", "datasets": [{"file", "problems", "sets",
/// "candidateAccuracy", "methods": {name: {"accuracy", "ci95", "easy",
/// "hard", "none"}}}]}`; an unavailable method is absent from `methods`.
public enum ReportJSON {
    public static func document(k: Int, sets: Int, seed: UInt64, reports: [DatasetReport]) -> JSONValue {
        .object([
            ("k", .int(k)),
            ("sets", .int(sets)),
            ("seed", .int(Int(clamping: seed))),
            ("datasets", .array(reports.map(dataset))),
        ])
    }

    static func dataset(_ report: DatasetReport) -> JSONValue {
        .object([
            ("file", .string(report.file)),
            ("problems", .int(report.problems)),
            ("sets", .int(report.sets)),
            ("candidateAccuracy", .double(report.candidateAccuracy)),
            ("methods", .object(report.methods.map { score in
                (score.method.cliName, .object([
                    ("accuracy", .double(score.accuracy)),
                    ("ci95", .array([.double(score.ci95.low), .double(score.ci95.high)])),
                    ("easy", bucket(score.buckets[.easy])),
                    ("hard", bucket(score.buckets[.hard])),
                    ("none", bucket(score.buckets[.none])),
                ]))
            })),
        ])
    }

    static func bucket(_ score: DatasetReport.BucketScore?) -> JSONValue {
        .object([("n", .int(score?.n ?? 0)), ("accuracy", .double(score?.accuracy ?? 0))])
    }
}
