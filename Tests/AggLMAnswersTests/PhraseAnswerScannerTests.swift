import AggLMSupport
import Testing
@testable import AggLMAnswers

/// The phrase scan reads two precomputed tables (first two bytes, third byte) before comparing phrases;
/// these tests hold it to the plain definition on texts dense in near-misses.
@Suite struct PhraseAnswerScannerTests {
    /// The plain definition: the largest start in the range where some phrase matches (case-insensitive),
    /// the longest phrase there, and the sentence after it.
    static func naiveLastPhrase(in bytes: [UInt8], range: Range<Int>) -> (position: Int, answer: String?)? {
        let upperBound = min(range.upperBound, bytes.count)
        let longestFirst = PhraseAnswerScanner.phrases.sorted { $0.count > $1.count }
        for start in stride(from: upperBound - 1, through: max(0, range.lowerBound), by: -1) {
            for phrase in longestFirst where start + phrase.count <= upperBound
                && ByteSearch.matches(phrase, in: bytes, at: start, caseInsensitive: true) {
                return (start, PhraseAnswerScanner.answerAfterPhrase(bytes, from: start + phrase.count, limit: range.upperBound))
            }
        }
        return nil
    }

    @Test func lastPhraseEqualsTheNaiveSearch() {
        var rng = SplitMix64(seed: 61)
        // Pieces of phrases in both cases, their common English prefixes, and non-ASCII bytes.
        let pieces = ["answer is", "ANSWER:", "Answer", "an", "re", "are", "there", "Réponse : ", "réponse",
                      "respuesta", "RISPOSTA:", "antwort ist", "Ответ:", "ответ", "答案是", "答", "所以", "因此",
                      "답:", "정답은", " 42", ". ", "\n", "$x$", "\\boxed{7}", "a", "r", "R", "A"].map { Array($0.utf8) }
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 9) {
                bytes += pieces[Int(rng.next() % UInt64(pieces.count))]
                if rng.next() % 3 == 0 { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
            }
            let low = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            let high = rng.next() % 2 == 0 ? bytes.count : low + Int(rng.next() % UInt64(bytes.count - low + 1))
            let fast = PhraseAnswerScanner.lastPhrase(in: bytes, range: low..<high)
            let naive = Self.naiveLastPhrase(in: bytes, range: low..<high)
            #expect(fast?.position == naive?.position && fast?.answer == naive?.answer, "\(bytes) \(low)..<\(high)")
            if fast?.position != naive?.position || fast?.answer != naive?.answer { return }
        }
    }

    @Test func findsPhrasesInEitherCaseAndSkipsNearMisses() {
        let text = Array("There are answers, and the ANSWER IS 12. Then there are more.".utf8)
        let found = PhraseAnswerScanner.lastPhrase(in: text, range: 0..<text.count)
        #expect(found?.position == 27)
        #expect(found?.answer == "12")
        let none = Array("There are answers and more answers here".utf8)
        #expect(PhraseAnswerScanner.lastPhrase(in: none, range: 0..<none.count) == nil)
    }
}
