import AggLMSupport
import Testing
@testable import AggLMFeatures

/// A deliberately plain reading of the `CandidateSignals` rules: one byte at a time, words kept as
/// lowercase strings and compared with the word lists as strings, claims found by looking at the last
/// five tokens in an array. Slow, but each rule is one line, so the fast pass is tested against it.
private struct ReferenceSignals {
    var lines = 0, equals = 0, hedges = 0, corrections = 0
    var finalMarker = false
    var answerLabel = false
    var checked = 0, wrong = 0
    var style = StyleMarks()
    var numbers: [Double] = []

    static let hedgeWords: Set<String> = ["maybe", "perhaps", "probably", "approximately", "guess", "unsure", "assume", "likely", "seems", "roughly", "estimate"]
    static let correctionWords: Set<String> = ["wait", "actually", "mistake", "oops", "recheck", "recalculate", "incorrect", "wrong", "correction", "however", "reconsider", "error"]

    private enum Token: Equatable { case number(Double), op(UInt8), equals }

    init(_ text: String) {
        let all = Array(text.utf8.prefix(CandidateSignals.byteLimit))
        var tokens: [Token] = []
        var word: [UInt8] = []
        var previousWord = ""
        var number: (value: Double, scale: Double, digits: Int)?
        var hashes = 0, backticks = 0
        style.startsWithBrace = all.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) } == UInt8(ascii: "{")

        func push(_ token: Token) {
            tokens.append(token)
            guard tokens.count >= 5, case let .number(a) = tokens[tokens.count - 5], case let .op(op) = tokens[tokens.count - 4],
                  case let .number(b) = tokens[tokens.count - 3], tokens[tokens.count - 2] == .equals,
                  case let .number(c) = tokens[tokens.count - 1] else { return }
            let value: Double
            switch op {
            case UInt8(ascii: "+"): value = a + b
            case UInt8(ascii: "-"): value = a - b
            case UInt8(ascii: "*"): value = a * b
            default:
                guard b != 0 else { return }
                value = a / b
            }
            checked += 1
            if abs(value - c) > max(0.01 * abs(value), 0.006) { wrong += 1 }
        }
        func endNumber() {
            guard let current = number else { return }
            number = nil
            if numbers.count < CandidateSignals.numberLimit { numbers.append(current.value) }
            push(.number(current.value))
        }
        func endWord(before next: UInt8? = nil) {
            guard !word.isEmpty else { return }
            let text = String(decoding: word, as: UTF8.self)
            if (next == UInt8(ascii: ":") && (text == "answer" || text == "a")) || (next == UInt8(ascii: "\"") && text == "answer") { answerLabel = true }
            if text == "boxed" { style.boxedMarker = true; finalMarker = true }
            if text == "step" { style.stepWords += 1 }
            if text == "therefore" { style.thereforeWords += 1 }
            if Self.hedgeWords.contains(text) { hedges += 1 }
            if Self.correctionWords.contains(text) { corrections += 1 }
            if (text == "answer" && previousWord == "final") || (text == "is" && previousWord == "answer") { finalMarker = true }
            previousWord = text
            word = []
        }

        for (index, byte) in all.enumerated() {
            let previous = index > 0 ? all[index - 1] : 0
            if (48...57).contains(byte) {
                var current = number ?? (0, 0, 0)
                current.digits += 1
                if current.digits <= 18 {
                    if current.scale > 0 {
                        current.value += Double(byte - 48) * current.scale
                        current.scale /= 10
                    } else {
                        current.value = current.value * 10 + Double(byte - 48)
                    }
                }
                number = current
                continue
            }
            if let current = number, current.scale == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") {
                if byte == UInt8(ascii: ",") { style.commas += 1 } else { number?.scale = 0.1 }
                continue
            }
            endNumber()
            if byte == UInt8(ascii: "n") && previous == UInt8(ascii: "\\") {
                style.escapedNewlines += 1
                continue
            }
            if (65...90).contains(byte) || (97...122).contains(byte) {
                word.append(byte | 0x20)
                continue
            }
            endWord(before: byte)
            switch byte {
            case UInt8(ascii: "\n"): lines += 1
            case UInt8(ascii: "="): equals += 1; push(.equals)
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"): push(.op(byte))
            case UInt8(ascii: "*"): style.asterisks += 1; push(.op(byte))
            case UInt8(ascii: "#"):
                style.hashMarks += 1
                hashes = previous == UInt8(ascii: "#") ? hashes + 1 : 1
                if hashes >= 4 { finalMarker = true }
            case UInt8(ascii: "$"): style.dollars += 1
            case 0x20, 0x09, 0x0d, UInt8(ascii: "<"), UInt8(ascii: ">"), 0xc3: break
            case 0x97 where previous == 0xc3: push(.op(UInt8(ascii: "*")))
            default:
                if byte == UInt8(ascii: "\\") { style.backslashes += 1 }
                if byte == UInt8(ascii: ",") { style.commas += 1 }
                if byte == UInt8(ascii: "(") && previous == UInt8(ascii: "\\") { style.inlineMathOpeners += 1 }
                if byte == UInt8(ascii: "`") {
                    backticks = previous == UInt8(ascii: "`") ? backticks + 1 : 1
                    if backticks >= 3 { style.codeFence = true }
                }
                tokens = []
            }
        }
        endNumber()
        endWord()
        if !text.isEmpty { lines += 1 }
    }

    func matches(_ fast: CandidateSignals) -> Bool {
        lines == fast.lines && equals == fast.equals && hedges == fast.hedges && corrections == fast.corrections
            && finalMarker == fast.finalMarker && answerLabel == fast.answerLabel && checked == fast.claims.checked && wrong == fast.claims.wrong
            && style == fast.style && numbers.map(\.bitPattern) == fast.numbers.map(\.bitPattern)
    }
}

@Suite struct CandidateSignalsOracleTests {
    /// Pieces that exercise every rule: escapes, number punctuation, claims, × in UTF-8, markers.
    static let pieces = [
        "a", "n", "N", "\\", "\\n", "\\(", "1", "2", "0", "9", ".", ",", "=", "+", "-", "*", "/", "×", "#", "`", "$", " ",
        "\n", "\t", "\r", "(", ")", "<<", ">>", "{", "}", "wait", "Wait", "final", "answer", "is", "boxed", "step",
        "therefore", "maybe", ":", "\"", "A", "Answer", "9.5", "1,000", "é", "ab12cd", "ERROR", "\u{97}", "\u{C3}", "12345678901234567890",
    ]

    @Test func fastPassEqualsReferenceOnRandomPieces() {
        var rng = SplitMix64(seed: 11)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let count = Int(rng.next() % 40)
            texts.append((0..<count).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined())
        }
        let mismatches = texts.filter { !ReferenceSignals($0).matches(CandidateSignals(text: $0)) }
        #expect(mismatches.isEmpty, "first: \(mismatches.first.map { $0.debugDescription } ?? "")")
    }

    @Test func fastPassEqualsReferenceOnRandomBytes() {
        var rng = SplitMix64(seed: 12)
        var mismatches: [String] = []
        for _ in 0..<10_000 {
            let bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            if !ReferenceSignals(text).matches(CandidateSignals(text: text)) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.first.map { $0.debugDescription } ?? "")")
    }

    @Test func referenceCatchesADifference() {
        // The comparison can fail: a text with one more claim does not match.
        let fast = CandidateSignals(text: "1 + 2 = 3")
        #expect(ReferenceSignals("1 + 2 = 3").matches(fast))
        #expect(!ReferenceSignals("1 + 2 = 3, 2 + 2 = 4").matches(fast))
    }

    @Test func countedWordsFindExactlyTheirHashes() {
        var rng = SplitMix64(seed: 6)
        let members = (0..<40).map { _ in rng.next() }
        let words = CountedWords(members.enumerated().map { ($1, $0 % 2 == 0 ? .hedge : .correction) })
        for (index, member) in members.enumerated() {
            #expect(words.roles(of: member) == (index % 2 == 0 ? .hedge : .correction))
        }
        // Same top byte (same first slot) but another hash: not a member.
        #expect(words.roles(of: members[0] ^ 1).isEmpty)
        #expect((0..<2000).map { _ in rng.next() }.allSatisfy { words.roles(of: $0).isEmpty })
    }
}

@Suite struct SharedScanTests {
    /// Problem features computed with a helper thread equal those computed on one thread, bit for bit.
    @Test func featuresWithAHelperEqualFeaturesWithout() throws {
        let assist = try AssistThread()
        defer { assist.stop() }
        var rng = SplitMix64(seed: 21)
        let pieces = CandidateSignalsOracleTests.pieces
        for round in 0..<40 {
            let candidates = (0..<Int(1 + rng.next() % 12)).map { index in
                candidate((0..<Int(rng.next() % 200)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(),
                          model: "m\(index % 3)", id: "c\(index)")
            }
            let prepared = problem(candidates, id: "p\(round)")
            assist.prepare()
            let shared = ProblemFeatures(prepared, assist: assist)
            assist.release()
            let alone = ProblemFeatures(prepared)
            #expect(shared.own.map { $0.map(\.bitPattern) } == alone.own.map { $0.map(\.bitPattern) })
            #expect(shared.numbers.map { $0.map(\.bitPattern) } == alone.numbers.map { $0.map(\.bitPattern) })
            #expect(shared.questionNumbers == alone.questionNumbers)
        }
    }
}
