/// Counts read from a solution's text in one pass over its UTF-8 bytes:
/// structure, hedging and self-correction words, final-answer markers and
/// arithmetic claims. No regex, no backtracking: O(length).
public struct CandidateSignals: Sendable, Equatable {
    public var bytes = 0
    public var lines = 0
    public var equals = 0
    public var hedges = 0
    public var corrections = 0
    public var finalMarker = false
    public var claims = ArithmeticClaims()

    /// Texts longer than this are read only up to it (the counts saturate on a log scale anyway).
    public static let byteLimit = 64 * 1024

    static let hedgeWords: [UInt64] = (["maybe", "perhaps", "probably", "approximately", "guess", "unsure", "assume", "likely", "seems", "roughly", "estimate"].map(wordHash))
    // Short arrays: a linear scan beats hashing a hash (SipHash) for a dozen words.
    static let correctionWords: [UInt64] = (["wait", "actually", "mistake", "oops", "recheck", "recalculate", "incorrect", "wrong", "correction", "however", "reconsider", "error"].map(wordHash))
    static let boxed = wordHash("boxed")
    static let final = wordHash("final")
    static let answer = wordHash("answer")
    static let isWord = wordHash("is")

    public init(text: String) {
        let hedgeWords = Self.hedgeWords, correctionWords = Self.correctionWords
        let boxed = Self.boxed, final = Self.final, answer = Self.answer, isWord = Self.isWord
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
                    previousByte = byte
                    continue
                }
                if byte == UInt8(ascii: "."), numberScale == 0 {
                    numberScale = 0.1
                    previousByte = byte
                    continue
                }
                inNumber = false
                claims.consume(.number(numberValue), history: &history)
            }
            let isLetter = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            if isLetter {
                lowered = (lowered ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01b3
                inWord = true
                previousByte = byte
                continue
            }
            finishWord()
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
        if inNumber { claims.consume(.number(numberValue), history: &history) }
        finishWord()
        bytes = text.utf8.count
        if bytes > 0 { lines += 1 }
    }

    static func wordHash(_ word: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 { hash = (hash ^ UInt64(byte | 0x20)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
