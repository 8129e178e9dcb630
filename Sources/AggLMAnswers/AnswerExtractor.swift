/// Finds the final answer in a raw model output.
///
/// Marked answers, in this order of trust:
/// 1. a JSON `"answer"` field (ZeroEval-style outputs; broken JSON tolerated); the template's placeholder
///    there (`"answer": "___"`) means the model declined, and it abstains;
/// 2. otherwise the marker that occurs last among `\boxed{…}`/`\fbox{…}` (adjacent boxes joined into a list),
///    "final answer is …", "the answer is …", "Answer: …", GSM8K `#### …`, and a final `A: …` line;
/// 3. a leading choice line (`D. because…`).
/// Programs (Faithful-CoT symbolic outputs: `answer = …`, `def …`) abstain unless they carry a JSON answer.
/// Without a marker it falls back to the last number or math segment, then to a lone capital choice letter.
/// `<think>…</think>` reasoning is skipped, and so is whatever follows a new question the model went on to
/// write after answering (`QuestionEcho`). nil means the candidate abstains. Linear time in the text,
/// which is first cut to its last `AnswerLimits.maxTextBytes` bytes.
public enum AnswerExtractor {
    // Built once: a literal turned into an array per call allocated on every read.
    private static let thinkClose = Array("</think>".utf8)
    private static let hashMarker = Array("####".utf8)
    private static let answerLineMarker = Array("A:".utf8)

    public static func extract(from text: String) -> String? {
        let bytes = prepared(text)
        switch JSONAnswerScanner.answer(in: bytes) {
        case .answer(let json): return json
        case .placeholder: return nil
        case nil: break
        }
        // A program's answer is its execution result, which is not in its text.
        if ProgramText.looksLikeProgram(bytes) { return nil }
        // The JSON scan above found nothing: do not repeat it.
        if let marked = nonJSONMarkedAnswer(bytes) { return marked }
        return FallbackAnswerScanner.lastAnswer(in: bytes, range: 0..<bytes.count)
    }

    /// The text cut to its tail, with any `<think>` section removed, and cut before a new question
    /// when the part before it holds a marked answer (a text that restates its question before
    /// solving it keeps everything).
    static func prepared(_ text: String) -> [UInt8] {
        prepared(utf8: Array(text.utf8))
    }

    static func prepared(utf8 text: [UInt8]) -> [UInt8] {
        var bytes = text
        if bytes.count > AnswerLimits.maxTextBytes { bytes = Array(bytes[(bytes.count - AnswerLimits.maxTextBytes)...]) }
        if let close = ByteSearch.lastIndex(of: thinkClose, in: bytes, range: 0..<bytes.count) {
            bytes = Array(bytes[(close + 8)...])
        }
        if let echo = QuestionEcho.continuationStart(in: bytes) {
            let answered = Array(bytes[..<echo])
            if markedAnswer(answered) != nil { bytes = answered }
        }
        return bytes
    }

    static func markedAnswer(_ bytes: [UInt8]) -> String? {
        switch JSONAnswerScanner.answer(in: bytes) {
        case .answer(let json): return json
        case .placeholder: return nil
        case nil: return nonJSONMarkedAnswer(bytes)
        }
    }

    /// `markedAnswer` for a text known to hold no JSON answer: markers 2 and 3 of the list above.
    private static func nonJSONMarkedAnswer(_ bytes: [UInt8]) -> String? {
        let whole = 0..<bytes.count
        var best: (position: Int, answer: String?)?
        func consider(_ position: Int?, _ answer: @autoclosure () -> String?) {
            guard let position else { return }
            if let current = best, current.position >= position { return }
            best = (position, answer())
        }
        if let boxed = BoxedAnswerScanner.lastBoxed(in: bytes) { consider(boxed.position, boxed.answer) }
        if let phrase = PhraseAnswerScanner.lastPhrase(in: bytes, range: whole) {
            consider(phrase.position, phrase.answer)
        }
        if let hashes = ByteSearch.lastIndex(of: hashMarker, in: bytes, range: whole) {
            consider(hashes, PhraseAnswerScanner.restOfLine(bytes, from: hashes + 4))
        }
        if let line = lastAnswerLine(bytes) { consider(line, PhraseAnswerScanner.restOfLine(bytes, from: line + 2)) }
        if let best { return best.answer }
        return leadingChoice(bytes)
    }

    /// Start of the last line that begins with `A:` (GSM8K solutions end with `A: 42`).
    private static func lastAnswerLine(_ bytes: [UInt8]) -> Int? {
        var searchEnd = bytes.count
        // Each search ends before the previous hit, so the whole loop scans the text once.
        while searchEnd >= 2, let found = ByteSearch.lastIndex(of: answerLineMarker, in: bytes, range: 0..<searchEnd) {
            var before = found - 1
            while before >= 0, bytes[before] == UInt8(ascii: " ") || bytes[before] == UInt8(ascii: "\t") { before -= 1 }
            if before < 0 || bytes[before] == UInt8(ascii: "\n") { return found }
            searchEnd = found + 1
        }
        return nil
    }

    /// A text that opens with a choice (`D. it can't be A or B`, `B。不是 A`).
    private static func leadingChoice(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, ByteClass.isSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        var cursor = start
        let parenthesized = bytes[cursor] == UInt8(ascii: "(")
        if parenthesized { cursor += 1 }
        guard cursor < bytes.count else { return nil }
        var letter = bytes[cursor]
        if parenthesized, letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "e") { letter -= 32 }
        guard letter >= UInt8(ascii: "A"), letter <= UInt8(ascii: "E") else { return nil }
        cursor += 1
        if parenthesized {
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ")") else { return nil }
            cursor += 1
        }
        guard cursor < bytes.count else { return String(UnicodeScalar(letter)) }
        let next = bytes[cursor]
        if next == UInt8(ascii: ".") || next == UInt8(ascii: ")") || next == UInt8(ascii: ":") || next >= 0x80 || parenthesized {
            return String(UnicodeScalar(letter))
        }
        return nil
    }
}
