/// Counts read from a solution's text in one pass over its UTF-8 bytes:
/// structure, hedging and self-correction words, final-answer markers,
/// arithmetic claims, writing-style marks and the numbers it mentions.
/// No regex, no backtracking: O(length).
///
/// The style marks (LaTeX, markdown, JSON escapes) matter when model names are
/// absent: they tell generators apart, and generators differ in reliability.
public struct CandidateSignals: Sendable, Equatable {
    public var bytes = 0
    public var lines = 0
    public var equals = 0
    public var hedges = 0
    public var corrections = 0
    public var finalMarker = false
    public var claims = ArithmeticClaims()
    public var style = StyleMarks()
    /// The absolute values of the numbers written in the text (thousands commas allowed, signs
    /// ignored), in order of appearance, repeats kept; at most `numberLimit` are kept. Unsorted on
    /// purpose: a set asks about a handful of values, and a linear scan of them is cheaper than
    /// sorting every candidate's numbers (hundreds in a long MATH solution).
    public var numbers: [Double] = []

    /// Texts longer than this are read only up to it (the counts saturate on a log scale anyway).
    public static let byteLimit = 64 * 1024
    /// Number tokens kept per text (a bound on memory and on the time `mentions` takes).
    public static let numberLimit = 1024

    static let hedgeWords: [UInt64] = (["maybe", "perhaps", "probably", "approximately", "guess", "unsure", "assume", "likely", "seems", "roughly", "estimate"].map(wordHash))
    // Short arrays: a linear scan beats hashing a hash (SipHash) for a dozen words.
    static let correctionWords: [UInt64] = (["wait", "actually", "mistake", "oops", "recheck", "recalculate", "incorrect", "wrong", "correction", "however", "reconsider", "error"].map(wordHash))
    /// The word lists in one value, loaded once per text rather than once per word.
    private static let words = WordCounter(
        hedges: hedgeWords, corrections: correctionWords,
        boxed: wordHash("boxed"), final: wordHash("final"), answer: wordHash("answer"), isWord: wordHash("is"),
        step: wordHash("step"), therefore: wordHash("therefore"))

    public init(text: String) {
        // Iterating a contiguous buffer is several times faster than String.UTF8View.
        var contiguous = text
        contiguous.makeContiguousUTF8()
        contiguous.utf8.withContiguousStorageIfAvailable { all in
            scan(UnsafeBufferPointer(rebasing: all.prefix(Self.byteLimit)))
        }
        bytes = text.utf8.count
        if bytes > 0 { lines += 1 }
    }

    /// The one pass. All state lives in locals (not in `self` or in a closure's captures) so it stays in
    /// registers, and a run of letters is hashed by a tight inner loop: letters neither end a number nor
    /// touch any other state, so consuming the run at once is the same as consuming it byte by byte.
    /// Note that digits do not end a word (`ab12cd` hashes as `abcd`), which this keeps.
    private mutating func scan(_ all: UnsafeBufferPointer<UInt8>) {
        let words = Self.words
        var lines = 0, equals = 0, hedges = 0, corrections = 0
        var finalMarker = false
        var style = StyleMarks()
        var tokens: [Double] = []
        var backticks = 0
        var claims = ArithmeticClaims()
        var lowered = Self.hashOffset
        var inWord = false
        var previousWord: UInt64 = 0
        var hashes = 0
        var history = ArithmeticClaims.History()
        var numberValue = 0.0
        var numberScale = 0.0  // > 0 while reading decimals
        var numberDigits = 0
        var inNumber = false
        var previousByte: UInt8 = 0

        let count = all.count
        var index = 0
        while index < count, all[index] == 0x20 || all[index] == 0x09 || all[index] == 0x0a || all[index] == 0x0d { index += 1 }
        style.startsWithBrace = index < count && all[index] == UInt8(ascii: "{")
        index = 0
        while index < count {
            let byte = all[index]
            index += 1
            // Numbers (with thousands commas and one decimal point).
            if byte &- 0x30 < 10 {
                if !inNumber {
                    inNumber = true
                    numberValue = 0
                    numberScale = 0
                    numberDigits = 0
                }
                numberDigits += 1
                if numberDigits <= 18 {
                    let digit = Double(byte - 0x30)
                    if numberScale > 0 {
                        numberValue += digit * numberScale
                        numberScale /= 10
                    } else {
                        numberValue = numberValue * 10 + digit
                    }
                }
                previousByte = byte
                continue
            }
            if inNumber {
                if byte == UInt8(ascii: ","), numberScale == 0 {
                    style.commas += 1
                    previousByte = byte
                    continue
                }
                if byte == UInt8(ascii: "."), numberScale == 0 {
                    numberScale = 0.1
                    previousByte = byte
                    continue
                }
                inNumber = false
                if tokens.count < Self.numberLimit { tokens.append(numberValue) }
                claims.consume(.number(numberValue), history: &history)
            }
            if byte == UInt8(ascii: "n"), previousByte == UInt8(ascii: "\\") {
                // A JSON-escaped newline is not part of a word: "\\nStep" is "Step" on a new line.
                style.escapedNewlines += 1
                previousByte = byte
                continue
            }
            if Self.isLetter(byte) {
                var hash = (lowered ^ UInt64(byte | 0x20)) &* Self.hashPrime
                var last = byte
                while index < count, Self.isLetter(all[index]) {
                    last = all[index]
                    hash = (hash ^ UInt64(last | 0x20)) &* Self.hashPrime
                    index += 1
                }
                lowered = hash
                inWord = true
                previousByte = last
                continue
            }
            if inWord {
                words.count(lowered, after: previousWord, hedges: &hedges, corrections: &corrections, finalMarker: &finalMarker, style: &style)
                previousWord = lowered
                lowered = Self.hashOffset
                inWord = false
            }
            switch byte {
            case UInt8(ascii: "\n"):
                lines += 1
            case UInt8(ascii: "="):
                equals += 1
                claims.consume(.equals, history: &history)
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"):
                if byte == UInt8(ascii: "*") { style.asterisks += 1 }
                claims.consume(.op(byte), history: &history)
            case UInt8(ascii: "#"):
                style.hashMarks += 1
                hashes = previousByte == UInt8(ascii: "#") ? hashes + 1 : 1
                if hashes >= 4 { finalMarker = true }
            case UInt8(ascii: "$"):
                style.dollars += 1  // currency does not break a claim
            case 0x20, 0x09, UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0d:
                break  // spaces and calculator brackets do not break a claim
            case 0xc3:
                break  // first byte of × (C3 97); the second is handled below
            case 0x97 where previousByte == 0xc3:
                claims.consume(.op(UInt8(ascii: "*")), history: &history)
            default:
                switch byte {
                case UInt8(ascii: "\\"): style.backslashes += 1
                case UInt8(ascii: ","): style.commas += 1
                case UInt8(ascii: "(") where previousByte == UInt8(ascii: "\\"): style.inlineMathOpeners += 1
                case UInt8(ascii: "`"):
                    backticks = previousByte == UInt8(ascii: "`") ? backticks + 1 : 1
                    if backticks >= 3 { style.codeFence = true }
                default: break
                }
                // Breaking a claim that has not started changes nothing.
                if !history.isEmpty { claims.consume(.other, history: &history) }
            }
            previousByte = byte
        }
        if inNumber {
            if tokens.count < Self.numberLimit { tokens.append(numberValue) }
            claims.consume(.number(numberValue), history: &history)
        }
        if inWord {
            words.count(lowered, after: previousWord, hedges: &hedges, corrections: &corrections, finalMarker: &finalMarker, style: &style)
        }
        numbers = tokens
        self.style = style
        self.lines = lines
        self.equals = equals
        self.hedges = hedges
        self.corrections = corrections
        self.finalMarker = finalMarker
        self.claims = claims
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    private static let hashOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let hashPrime: UInt64 = 0x0000_0100_0000_01b3

    /// True when `value`'s absolute value is one of `numbers` (to within float rounding).
    public static func mentions(_ value: Double, in numbers: [Double]) -> Bool {
        let target = abs(value)
        guard target.isFinite else { return false }
        let tolerance = max(1e-9, target * 1e-9)
        return numbers.contains { abs($0 - target) <= tolerance }
    }

    static func wordHash(_ word: String) -> UInt64 {
        var hash = hashOffset
        for byte in word.utf8 { hash = (hash ^ UInt64(byte | 0x20)) &* hashPrime }
        return hash
    }
}

/// The words `CandidateSignals` counts, with a filter that rejects most other words in one test.
private struct WordCounter {
    let hedges: [UInt64]
    let corrections: [UInt64]
    let boxed: UInt64, final: UInt64, answer: UInt64, isWord: UInt64
    let step: UInt64, therefore: UInt64
    /// Every hash above: a miss means the word is none of them (profiling showed the list scans were the
    /// bulk of the pass before this filter); a hit is confirmed by the exact comparisons.
    let filter: WordHashFilter

    init(hedges: [UInt64], corrections: [UInt64], boxed: UInt64, final: UInt64, answer: UInt64, isWord: UInt64, step: UInt64, therefore: UInt64) {
        self.hedges = hedges
        self.corrections = corrections
        self.boxed = boxed
        self.final = final
        self.answer = answer
        self.isWord = isWord
        self.step = step
        self.therefore = therefore
        filter = WordHashFilter(hedges + corrections + [boxed, final, answer, isWord, step, therefore])
    }

    /// Counts one finished word (hash `word`, after the word hashed `previousWord`).
    @inline(__always)
    func count(_ word: UInt64, after previousWord: UInt64, hedges: inout Int, corrections: inout Int, finalMarker: inout Bool, style: inout StyleMarks) {
        guard filter.mayContain(word) else { return }
        if word == boxed { style.boxedMarker = true }
        if word == step { style.stepWords += 1 }
        if word == therefore { style.thereforeWords += 1 }
        if self.hedges.contains(word) { hedges += 1 }
        if self.corrections.contains(word) { corrections += 1 }
        if word == boxed || (word == answer && previousWord == final) || (word == isWord && previousWord == answer) {
            finalMarker = true
        }
    }
}
