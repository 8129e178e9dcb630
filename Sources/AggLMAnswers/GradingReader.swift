/// Reads a string that may be a bare answer or a whole solution, for grading.
public enum GradingReader {
    /// One side of a grading comparison: the answer as read, and what the fallbacks of
    /// `Equivalence.equivalent(_:_:)` need to read it again another way.
    public struct Reading: Sendable {
        public let canonical: CanonicalAnswer
        /// The answer bytes that `canonical` was made from.
        let answer: [UInt8]
        /// The whole (prepared) text, for its boxes.
        let text: [UInt8]

        /// A comma directly between two digits: the answer has another reading (`MathTokenizer`).
        var hasDigitComma: Bool {
            guard answer.count >= 3 else { return false }
            for index in 1..<(answer.count - 1) where answer[index] == UInt8(ascii: ",")
                && ByteClass.isDigit(answer[index - 1]) && ByteClass.isDigit(answer[index + 1]) {
                return true
            }
            return false
        }

        func flippedCommas() -> CanonicalAnswer? {
            Canonicalizer.canonicalize(bytes: answer, flipsAmbiguousCommas: true)
        }

        /// The last `count` boxed answers of the text joined as a list, when it has at least that many.
        func lastBoxes(_ count: Int) -> String? {
            BoxedAnswerScanner.lastBoxes(in: text, count: count)
        }
    }

    /// Marked answers first (box, "the answer is", JSON, `####`), then the whole string if it is
    /// mathematics or contains no prose words, then the unmarked fallback (last number or math segment), then
    /// the string as text. nil when nothing readable is there.
    public static func read(_ text: String) -> Reading? {
        let bytes = AnswerExtractor.prepared(text)
        if let marked = AnswerExtractor.markedAnswer(bytes) {
            let answer = Array(marked.utf8)
            return Canonicalizer.canonicalize(bytes: answer).map { Reading(canonical: $0, answer: answer, text: bytes) }
        }
        let whole = Canonicalizer.canonicalize(bytes: bytes)
        if let whole, whole.form != .text || AnswerRefiner.proseWordCount(bytes) == 0 {
            return Reading(canonical: whole, answer: bytes, text: bytes)
        }
        if let fallback = FallbackAnswerScanner.lastAnswer(in: bytes, range: 0..<bytes.count) {
            let answer = Array(fallback.utf8)
            return Canonicalizer.canonicalize(bytes: answer).map { Reading(canonical: $0, answer: answer, text: bytes) }
        }
        return whole.map { Reading(canonical: $0, answer: bytes, text: bytes) }
    }

    public static func canonical(_ text: String) -> CanonicalAnswer? {
        read(text)?.canonical
    }
}
