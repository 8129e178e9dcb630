/// Reads a candidate's answer.
public enum AnswerReader {
    /// Values that sources store in an `answer` field when they have no answer.
    private static let abstentionSentinels: Set<String> = [
        "", "[invalid]", "invalid", "[error]", "error", "none", "null", "nil", "nan", "n/a", "[none]", "no answer",
    ]

    /// The candidate's pre-extracted `providedAnswer` wins when present and not a sentinel ("[invalid]", "",
    /// "None", …: those mean the candidate abstains); otherwise the answer is extracted from `text`.
    /// nil = abstain (also when the answer has no canonical form).
    public static func read(text: String, providedAnswer: String?) -> ExtractedAnswer? {
        if let provided = providedAnswer {
            let trimmed = String(decoding: TextNormalizer.trimmedAnswerBytes(Array(provided.utf8)), as: UTF8.self)
            if isSentinel(trimmed) { return nil }
            return ExtractedAnswer(raw: trimmed)
        }
        guard let raw = AnswerExtractor.extract(from: text) else { return nil }
        return ExtractedAnswer(raw: raw)
    }

    static func isSentinel(_ value: String) -> Bool {
        abstentionSentinels.contains(String(decoding: Array(value.utf8).map(ByteClass.lowercased), as: UTF8.self))
    }
}
