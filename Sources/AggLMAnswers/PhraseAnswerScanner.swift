/// Answers introduced by a phrase: "The final answer is $x$", "the answer is 6.", "Answer: C",
/// "Final Answer: The volume is 120." and a few non-English equivalents.
enum PhraseAnswerScanner {
    /// Phrases, grouped by their first byte (lowercased) so that one backward pass can test them.
    /// Non-English markers (matched like the English ones: the last one in the text wins, the sentence after
    /// it is the answer): French, Spanish, Portuguese, Italian, German, Russian, Chinese (答案 "answer",
    /// 所以/因此 "so/therefore", which Chinese solutions put before the result), Japanese and Korean.
    private static let phrases: [[UInt8]] = [
        "answer is", "answer:", "answer would be", "answer will be",
        "réponse est", "réponse :", "réponse:", "réponse finale", "réponse finale est", "respuesta es", "respuesta:",
        "respuesta final", "respuesta final es",
        "resposta é", "resposta:", "resposta final", "resposta final é", "risposta è", "risposta:", "antwort ist", "antwort lautet",
        "antwort:", "ответ:", "Ответ:", "答案是", "答案：", "答案:", "答案为", "答案為", "所以", "因此",
        "答えは", "答え：", "정답은", "답:",
    ].map { Array($0.utf8) }
    /// The bytes the (lowercase) phrases start with.
    private static let lowercaseFirstBytes: [UInt8] = phrases.reduce(into: []) { firsts, phrase in
        if let first = phrase.first, !firsts.contains(first) { firsts.append(first) }
    }
    /// The same in either case, for the eight-at-a-time skip.
    private static let firstBytes: [UInt8] = lowercaseFirstBytes
        + lowercaseFirstBytes.filter { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }.map { $0 - 32 }
    private static let maxAnswerLength = 400
    private static let hopeMarker = Array(" I hope".utf8)

    /// The last phrase in `range` and the refined answer after it. One backward pass that stops at the
    /// first (i.e. last-occurring) match.
    static func lastPhrase(in bytes: [UInt8], range: Range<Int>) -> (position: Int, answer: String?)? {
        let phrases = self.phrases
        let firstBytes = self.firstBytes
        let lowercaseFirstBytes = self.lowercaseFirstBytes
        var start = range.upperBound - 1
        while start >= range.lowerBound {
            // Eight positions at a time while none of them holds a possible first byte.
            if start - 7 >= range.lowerBound, start < bytes.count,
               !ByteSearch.eightBytes(endingAt: start, in: bytes, holdAnyOf: firstBytes) {
                start -= 8
                continue
            }
            let first = ByteClass.lowercased(bytes[start])
            if lowercaseFirstBytes.contains(first) {
                var longest = 0
                for phrase in phrases where phrase[0] == first && start + phrase.count <= range.upperBound
                    && phrase.count > longest
                    && ByteSearch.matches(phrase, in: bytes, at: start, caseInsensitive: true) {
                    longest = phrase.count
                }
                if longest > 0 {
                    return (start, answerAfterPhrase(bytes, from: start + longest, limit: range.upperBound))
                }
            }
            start -= 1
        }
        return nil
    }

    /// The rest of the line from `start`, trimmed; nil when blank.
    static func restOfLine(_ bytes: [UInt8], from start: Int) -> String? {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let trimmed = TextNormalizer.trimmedAnswerBytes(Array(bytes[min(start, end)..<end]))
        return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
    }

    /// The sentence after a phrase: up to a newline, a sentence-ending period, "I hope", or a chat token.
    static func answerAfterPhrase(_ bytes: [UInt8], from start: Int, limit: Int) -> String? {
        var cursor = start
        while cursor < limit, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: ":")
            || bytes[cursor] == UInt8(ascii: "\t") || bytes[cursor] == UInt8(ascii: "*") { cursor += 1 }
        // The answer may sit on the next line ("the answer is\n(C) Cecile").
        if cursor < limit, bytes[cursor] == UInt8(ascii: "\n") {
            while cursor < limit, ByteClass.isSpace(bytes[cursor]) { cursor += 1 }
        }
        let contentStart = cursor
        var inMath = false
        var braceLevel = 0
        while cursor < limit && cursor - contentStart < maxAnswerLength {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\") { cursor += 2; continue }
            if byte == UInt8(ascii: "$") { inMath.toggle() }
            if byte == UInt8(ascii: "{") { braceLevel += 1 }
            if byte == UInt8(ascii: "}") { braceLevel -= 1 }
            if byte == UInt8(ascii: "<"), cursor + 1 < limit, bytes[cursor + 1] == UInt8(ascii: "|") { break }
            if !inMath && braceLevel <= 0 && byte == UInt8(ascii: "."),
               cursor + 1 >= limit || ByteClass.isSpace(bytes[cursor + 1]) || bytes[cursor + 1] == UInt8(ascii: "<") {
                break
            }
            if !inMath && ByteSearch.matches(hopeMarker, in: bytes, at: cursor, caseInsensitive: false) { break }
            cursor += 1
        }
        let end = min(cursor, limit)
        guard contentStart < end else { return nil }
        return AnswerRefiner.refine(Array(bytes[contentStart..<end]))
    }
}
