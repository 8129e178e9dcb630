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
    /// Style marks: counts of `\\`, `$`, `*`, `#`, `,`; JSON-escaped newlines (`\\n`), inline
    /// LaTeX openers (`\\(`), "step" and "therefore" words; whether `\\boxed`, a code fence
    /// and a leading `{` occur.
    public var backslashes = 0
    public var dollars = 0
    public var asterisks = 0
    public var hashMarks = 0
    public var commas = 0
    public var escapedNewlines = 0
    public var inlineMathOpeners = 0
    public var stepWords = 0
    public var thereforeWords = 0
    public var boxedMarker = false
    public var codeFence = false
    public var startsWithBrace = false
    /// The distinct absolute values of the numbers written in the text (thousands commas
    /// allowed, signs ignored), ascending; at most `numberLimit` tokens are read.
    public var numbers: [Double] = []

    /// Texts longer than this are read only up to it (the counts saturate on a log scale anyway).
    public static let byteLimit = 64 * 1024
    /// Number tokens kept per text (a bound on memory and sorting time).
    public static let numberLimit = 1024

    static let hedgeWords: [UInt64] = (["maybe", "perhaps", "probably", "approximately", "guess", "unsure", "assume", "likely", "seems", "roughly", "estimate"].map(wordHash))
    // Short arrays: a linear scan beats hashing a hash (SipHash) for a dozen words.
    static let correctionWords: [UInt64] = (["wait", "actually", "mistake", "oops", "recheck", "recalculate", "incorrect", "wrong", "correction", "however", "reconsider", "error"].map(wordHash))
    static let boxed = wordHash("boxed")
    static let final = wordHash("final")
    static let answer = wordHash("answer")
    static let isWord = wordHash("is")
    static let step = wordHash("step")
    static let therefore = wordHash("therefore")

    public init(text: String) {
        let hedgeWords = Self.hedgeWords, correctionWords = Self.correctionWords
        let boxed = Self.boxed, final = Self.final, answer = Self.answer, isWord = Self.isWord
        let step = Self.step, therefore = Self.therefore
        var tokens: [Double] = []
        var backticks = 0
        var seenContent = false
        var lowered: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        var previousWord: UInt64 = 0
        var hashes = 0
        var history: [ArithmeticClaims.Token] = []
        history.reserveCapacity(6)
        var numberValue = 0.0
        var numberScale = 0.0  // > 0 while reading decimals
        var numberDigits = 0
        var inNumber = false
        var previousByte: UInt8 = 0

        func finishWord() {
            guard inWord else { return }
            if hedgeWords.contains(lowered) { hedges += 1 }
            if correctionWords.contains(lowered) { corrections += 1 }
            if lowered == boxed { boxedMarker = true }
            if lowered == step { stepWords += 1 }
            if lowered == therefore { thereforeWords += 1 }
            if lowered == boxed || (lowered == answer && previousWord == final)
                || (lowered == isWord && previousWord == answer) {
                finalMarker = true
            }
            previousWord = lowered
            lowered = 0xcbf2_9ce4_8422_2325
            inWord = false
        }

        // Iterating a contiguous buffer is several times faster than String.UTF8View.
        var contiguous = text
        contiguous.makeContiguousUTF8()
        contiguous.utf8.withContiguousStorageIfAvailable { all in
        for byte in all.prefix(Self.byteLimit) {
            if !seenContent, byte != 0x20, byte != 0x09, byte != 0x0a, byte != 0x0d {
                seenContent = true
                startsWithBrace = byte == UInt8(ascii: "{")
            }
            backticks = byte == UInt8(ascii: "`") ? backticks + 1 : 0
            if backticks == 3 { codeFence = true }
            let isDigit = byte >= 0x30 && byte <= 0x39
            // Numbers (with thousands commas and one decimal point).
            if isDigit {
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
                    commas += 1
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
            let isLetter = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            if isLetter {
                if byte == UInt8(ascii: "n"), previousByte == UInt8(ascii: "\\") {
                    // A JSON-escaped newline ends a word: "\\nStep" is "Step" on a new line.
                    escapedNewlines += 1
                    finishWord()
                    previousByte = byte
                    continue
                }
                lowered = (lowered ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01b3
                inWord = true
                previousByte = byte
                continue
            }
            finishWord()
            switch byte {
            case UInt8(ascii: "\\"): backslashes += 1
            case UInt8(ascii: "$"): dollars += 1
            case UInt8(ascii: "*"): asterisks += 1
            case UInt8(ascii: "#"): hashMarks += 1
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: "(") where previousByte == UInt8(ascii: "\\"): inlineMathOpeners += 1
            default: break
            }
            switch byte {
            case UInt8(ascii: "\n"):
                lines += 1
            case UInt8(ascii: "="):
                equals += 1
                claims.consume(.equals, history: &history)
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"):
                claims.consume(.op(byte), history: &history)
            case UInt8(ascii: "#"):
                hashes = previousByte == UInt8(ascii: "#") ? hashes + 1 : 1
                if hashes >= 4 { finalMarker = true }
            case 0x20, 0x09, UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0d:
                break  // spaces, currency and calculator brackets do not break a claim
            case 0xc3:
                break  // first byte of × (C3 97); the second is handled below
            case 0x97 where previousByte == 0xc3:
                claims.consume(.op(UInt8(ascii: "*")), history: &history)
            default:
                claims.consume(.other, history: &history)
            }
            previousByte = byte
        }
        }
        if inNumber {
            if tokens.count < Self.numberLimit { tokens.append(numberValue) }
            claims.consume(.number(numberValue), history: &history)
        }
        tokens.sort()
        numbers = tokens.enumerated().compactMap { index, value in index > 0 && tokens[index - 1] == value ? nil : value }
        finishWord()
        bytes = text.utf8.count
        if bytes > 0 { lines += 1 }
    }

    /// True when `value`'s absolute value is one of `numbers` (to within float rounding).
    public static func mentions(_ value: Double, in numbers: [Double]) -> Bool {
        let target = abs(value)
        guard target.isFinite else { return false }
        var low = 0, high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] < target { low = middle + 1 } else { high = middle }
        }
        let tolerance = max(1e-9, target * 1e-9)
        return (low < numbers.count && numbers[low] - target <= tolerance)
            || (low > 0 && target - numbers[low - 1] <= tolerance)
    }

    static func wordHash(_ word: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 { hash = (hash ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
