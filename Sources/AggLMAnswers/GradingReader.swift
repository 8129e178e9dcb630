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

        /// The text read again without its part labels (`(a) 4; (b) 9` is `4; 9`; `PartLabels`); nil when
        /// it does not open with them (read whole, `(a)` alone is a choice letter).
        func withoutPartLabels() -> CanonicalAnswer? {
            guard text.first == UInt8(ascii: "(") || text.first.map(ByteClass.isSpace) == true,
                  let stripped = PartLabels.stripped(text) else { return nil }
            return GradingReader.read(utf8: stripped)?.canonical
        }

        func asEquation() -> CanonicalAnswer? {
            Canonicalizer.canonicalize(bytes: answer, keepsSolvedEquations: true)
        }

        /// The last `count` boxed answers of the text joined as a list, when it has at least that many.
        func lastBoxes(_ count: Int) -> String? {
            BoxedAnswerScanner.lastBoxes(in: text, count: count)
        }
    }

    /// Marked answers first (box, "the answer is", JSON, `####`), then the whole string if it is
    /// mathematics or contains no prose words (its opening number when a parenthesized working follows
    /// it), then the unmarked fallback (last number or math segment), then
    /// the string as text. nil when nothing readable is there.
    public static func read(_ text: String) -> Reading? {
        read(utf8: Array(text.utf8))
    }

    /// `read` of the string whose UTF-8 is `text` (must be valid UTF-8): no `String` is built on the way.
    public static func read(utf8 text: [UInt8]) -> Reading? {
        let bytes = AnswerExtractor.prepared(utf8: text)
        if let marked = AnswerExtractor.markedAnswer(bytes) {
            let answer = Array(marked.utf8)
            return Canonicalizer.canonicalize(bytes: answer).map { Reading(canonical: $0, answer: answer, text: bytes) }
        }
        let whole = Canonicalizer.canonicalize(bytes: bytes)
        if let whole, whole.form != .text {
            return Reading(canonical: whole, answer: bytes, text: bytes)
        }
        if let whole, AnswerRefiner.proseWordCount(bytes) == 0 {
            // `63. (9 x 5 = 45, 45 + 18 = 63)`: an answer followed by its working in parentheses.
            if let number = leadingNumberBeforeWorking(bytes), let answer = Canonicalizer.canonicalize(bytes: number) {
                return Reading(canonical: answer, answer: number, text: bytes)
            }
            // Otherwise text without prose words is the answer (`\text{Evelyn}`, `NO`).
            return Reading(canonical: whole, answer: bytes, text: bytes)
        }
        if let fallback = FallbackAnswerScanner.lastAnswer(in: bytes, range: 0..<bytes.count) {
            let answer = Array(fallback.utf8)
            return Canonicalizer.canonicalize(bytes: answer).map { Reading(canonical: $0, answer: answer, text: bytes) }
        }
        return whole.map { Reading(canonical: $0, answer: bytes, text: bytes) }
    }

    /// The number that opens `bytes` when a parenthesized working follows it (`63. (…)`, `30 (…)`).
    static func leadingNumberBeforeWorking(_ bytes: [UInt8]) -> [UInt8]? {
        var cursor = 0
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        let start = cursor
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
        let digitsStart = cursor
        while cursor < bytes.count, ByteClass.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: ",")
            || (bytes[cursor] == UInt8(ascii: ".") && cursor + 1 < bytes.count && ByteClass.isDigit(bytes[cursor + 1])) {
            cursor += 1
        }
        guard cursor > digitsStart else { return nil }
        let end = cursor
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") { cursor += 1 }
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")") else { return nil }
        return Array(bytes[start..<end])
    }

    public static func canonical(_ text: String) -> CanonicalAnswer? {
        read(text)?.canonical
    }
}
