/// Answers introduced by a phrase: "The final answer is $x$", "the answer is 6.", "Answer: C",
/// "Final Answer: The volume is 120." and a few non-English equivalents.
enum PhraseAnswerScanner {
    /// Phrases, grouped by their first byte (lowercased) so that one backward pass can test them.
    /// Non-English markers (matched like the English ones: the last one in the text wins, the sentence after
    /// it is the answer): French, Spanish, Portuguese, Italian, German, Russian, Chinese (答案 "answer",
    /// 所以/因此 "so/therefore", which Chinese solutions put before the result), Japanese and Korean.
    static let phrases: [[UInt8]] = [
        "answer is", "answer:", "answer would be", "answer will be",
        "réponse est", "réponse :", "réponse:", "réponse finale", "réponse finale est", "respuesta es", "respuesta:",
        "respuesta final", "respuesta final es",
        "resposta é", "resposta:", "resposta final", "resposta final é", "risposta è", "risposta:", "antwort ist", "antwort lautet",
        "antwort:", "ответ:", "Ответ:", "答案是", "答案：", "答案:", "答案为", "答案為", "所以", "因此",
        "答えは", "答え：", "정답은", "답:",
    ].map { Array($0.utf8) }
    /// `phrasesByFirstByte[b]`: the phrases a text position holding byte `b` (either case) may start, longest
    /// first. One load per position tells whether any phrase can start there (most positions: none), and
    /// only that byte's few phrases are compared; the backward scan was the costliest part of reading a
    /// long solution.
    private static let phrasesByFirstByte: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for phrase in phrases.sorted(by: { $0.count > $1.count }) {
            guard let first = phrase.first else { continue }
            table[Int(first)].append(phrase)
            if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") { table[Int(first - 32)].append(phrase) }
        }
        return table
    }()
    /// `startsPhrase[b0 << 8 | b1]`: whether a phrase may start with the two bytes b0 b1, the second in
    /// either case (flat: reading it copies no array, and the second byte rules out most letters the first
    /// byte lets in). Both cases are entries of their own, so the scan loads two bytes and one flag per
    /// position and lowercases nothing.
    private static let startsPhrase: [Bool] = {
        var table = [Bool](repeating: false, count: 1 << 16)
        for (first, candidates) in phrasesByFirstByte.enumerated() {
            for phrase in candidates where phrase.count >= 2 {
                for second in 0..<256 where ByteClass.lowercased(UInt8(second)) == phrase[1] { table[first << 8 | second] = true }
            }
        }
        return table
    }()
    /// `allowedThirdBytes[Int(pairSlots[b0 << 8 | lowercased(b1)]) << 8 | b2]`: whether a phrase that starts
    /// with b0 b1 (keyed as in `startsPhrase`) may have b2 as its third byte, in either case. Common English
    /// pairs pass `startsPhrase` (`an`, `re` in "and", "are", "there"); this rules nearly all of them out
    /// before any phrase is compared. nil (no filtering) if a phrase were shorter than three bytes.
    private static let thirdByteFilter: (pairSlots: [UInt8], allowedThirdBytes: [Bool])? = {
        guard phrases.allSatisfy({ $0.count >= 3 }) else { return nil }
        var pairSlots = [UInt8](repeating: 0, count: 1 << 16)
        var allowed = [Bool](repeating: false, count: 256)  // slot 0: no phrase starts with the pair
        for (first, candidates) in phrasesByFirstByte.enumerated() {
            for phrase in candidates {
                let pair = first << 8 | Int(phrase[1])
                if pairSlots[pair] == 0 {
                    guard allowed.count / 256 < 256 else { return nil }
                    pairSlots[pair] = UInt8(allowed.count / 256)
                    allowed.append(contentsOf: repeatElement(false, count: 256))
                }
                let slot = Int(pairSlots[pair]) << 8
                let third = phrase[2]
                allowed[slot | Int(third)] = true
                // `ByteSearch.matches` (case-insensitive) also takes the capital of a lowercase letter.
                if third >= UInt8(ascii: "a") && third <= UInt8(ascii: "z") { allowed[slot | Int(third - 32)] = true }
            }
        }
        return (pairSlots, allowed)
    }()
    private static let maxAnswerLength = 400
    private static let hopeMarker = Array(" I hope".utf8)
    private static let ideographicStop = Array("。".utf8)
    private static let japaneseCopula = Array("です".utf8)
    private static let koreanCopula = Array("입니다".utf8)
    private static let fullwidthColon = Array("：".utf8)

    /// The last phrase in `range` and the refined answer after it. One backward pass that stops at the
    /// first (i.e. last-occurring) match.
    static func lastPhrase(in bytes: [UInt8], range: Range<Int>) -> (position: Int, answer: String?)? {
        let phrasesByFirstByte = self.phrasesByFirstByte
        let filter = thirdByteFilter
        let upperBound = min(range.upperBound, bytes.count)
        // Every phrase has at least two bytes: the scan starts at the last position with two.
        var start = upperBound - 2
        while let candidate = previousPhraseStart(in: bytes, from: start, lowerBound: range.lowerBound) {
            if let filter {
                // Every phrase has three bytes or more: none fits after the last two positions.
                guard candidate + 2 < upperBound else { start = candidate - 1; continue }
                let slot = Int(filter.pairSlots[Int(bytes[candidate]) << 8 | Int(ByteClass.lowercased(bytes[candidate + 1]))])
                guard filter.allowedThirdBytes[slot << 8 | Int(bytes[candidate + 2])] else { start = candidate - 1; continue }
            }
            // Longest first: the first match is the longest phrase starting here.
            for phrase in phrasesByFirstByte[Int(bytes[candidate])] where candidate + phrase.count <= upperBound
                && ByteSearch.matches(phrase, in: bytes, at: candidate, caseInsensitive: true) {
                return (candidate, answerAfterPhrase(bytes, from: candidate + phrase.count, limit: range.upperBound))
            }
            start = candidate - 1
        }
        return nil
    }

    /// The last position at or before `start` (and at or after `lowerBound`) whose two bytes may open a
    /// phrase. Requires `start + 1 < bytes.count`; unchecked loads, as this loop visits every byte of a text.
    private static func previousPhraseStart(in bytes: [UInt8], from start: Int, lowerBound: Int) -> Int? {
        guard start >= max(0, lowerBound), start + 1 < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { text in
            startsPhrase.withUnsafeBufferPointer { table in
                guard let textBase = text.baseAddress, let tableBase = table.baseAddress else { return nil }
                // In bounds: 0 ≤ lowest ≤ position and position + 1 ≤ start + 1 < bytes.count (the guard above).
                let lowest = max(0, lowerBound)
                var position = start
                while position >= lowest {
                    if tableBase[Int(textBase[position]) &<< 8 | Int(textBase[position &+ 1])] { return position }
                    position &-= 1
                }
                return nil
            }
        }
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
        while cursor < limit {
            if bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: ":")
                || bytes[cursor] == UInt8(ascii: "\t") || bytes[cursor] == UInt8(ascii: "*") {
                cursor += 1
            } else if ByteSearch.matches(fullwidthColon, in: bytes, at: cursor, caseInsensitive: false) {
                cursor += fullwidthColon.count  // `答案为：16`
            } else {
                break
            }
        }
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
            // Japanese ends the sentence with `。`, often after the copula `です` ("答えは 9 です。"); Korean
            // with the copula `입니다` ("정답은 8입니다.").
            if !inMath && (byte == 0xE3 || byte == 0xEC) && (ByteSearch.matches(ideographicStop, in: bytes, at: cursor, caseInsensitive: false)
                || ByteSearch.matches(japaneseCopula, in: bytes, at: cursor, caseInsensitive: false)
                || ByteSearch.matches(koreanCopula, in: bytes, at: cursor, caseInsensitive: false)) { break }
            cursor += 1
        }
        let end = min(cursor, limit)
        guard contentStart < end else { return nil }
        return AnswerRefiner.refine(Array(bytes[contentStart..<end]))
    }
}
