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
    /// An answer label the answer reader trusts over a bare number: `Answer:`, `A:` or a JSON `"answer"`
    /// key (a word "answer" or "a" followed by `:`, or "answer" followed by `"`). With `finalMarker`, it tells
    /// a marked answer from one the reader could only take from the last number (`CandidateFeatures`).
    public var answerLabel = false
    /// The text's last non-blank byte is a letter, a comma, or an operator or opening bracket: it stops
    /// mid-sentence, as a solution cut off by a length limit does.
    public var endsMidSentence = false
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
    static let correctionWords: [UInt64] = (["wait", "actually", "mistake", "oops", "recheck", "recalculate", "incorrect", "wrong", "correction", "however", "reconsider", "error"].map(wordHash))
    private static let finalHash = wordHash("final")
    private static let answerHash = wordHash("answer")
    private static let letterAHash = wordHash("a")
    /// Every counted word with its roles, built once.
    static let words = CountedWords(
        hedgeWords.map { ($0, .hedge) } + correctionWords.map { ($0, .correction) } + [
            (wordHash("boxed"), .boxed), (wordHash("step"), .step), (wordHash("therefore"), .therefore),
            (answerHash, .answer), (wordHash("is"), .isWord),
        ])

    public init(text: String) {
        // Iterating a contiguous buffer is several times faster than String.UTF8View.
        var contiguous = text
        contiguous.makeContiguousUTF8()
        contiguous.utf8.withContiguousStorageIfAvailable { all in
            Self.byteRoles.withUnsafeBufferPointer { roles in
                scan(UnsafeBufferPointer(rebasing: all.prefix(Self.byteLimit)), roles: roles)
            }
        }
        bytes = text.utf8.count
        if bytes > 0 { lines += 1 }
        endsMidSentence = contiguous.utf8.withContiguousStorageIfAvailable(Self.endsMidSentence) ?? false
    }

    /// Bytes after which a sentence cannot have ended.
    private static let openEndings = Set("=+-*/^_,([{\\&".utf8)

    /// Whether the last non-blank byte (within the last 256 bytes: a longer blank tail reads as ended)
    /// leaves a sentence open.
    static func endsMidSentence(_ all: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = all.count - 1
        let stop = max(all.count - 256, 0)
        while index >= stop, all[index] == 0x20 || all[index] == 0x09 || all[index] == 0x0a || all[index] == 0x0d { index -= 1 }
        guard index >= stop else { return false }
        return isLetter(all[index]) || openEndings.contains(all[index])
    }

    /// What a byte does in the scan; every byte not named here is `other` (it ends a word and breaks a claim).
    enum ByteRole: UInt8 {
        case other, letter, digit
        /// Spaces, calculator brackets `<` `>`, and 0xC3 (the first byte of ×): they end a word and nothing else.
        case blank
        case newline, equals
        /// `+`, `-`, `/` (`*` is `asterisk`: also a style mark).
        case operation
        case asterisk, hash, dollar, backslash, comma
        /// `(`: an inline-math opener after a backslash.
        case parenthesis
        case backtick
        /// 0x97: the second byte of × after 0xC3, otherwise `other`.
        case timesTail
    }

    static let byteRoles: [ByteRole] = (0...255).map { value -> ByteRole in
        let byte = UInt8(value)
        if isLetter(byte) { return .letter }
        if byte &- 0x30 < 10 { return .digit }
        switch byte {
        case 0x20, 0x09, UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0d, 0xc3: return .blank
        case UInt8(ascii: "\n"): return .newline
        case UInt8(ascii: "="): return .equals
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"): return .operation
        case UInt8(ascii: "*"): return .asterisk
        case UInt8(ascii: "#"): return .hash
        case UInt8(ascii: "$"): return .dollar
        case UInt8(ascii: "\\"): return .backslash
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "("): return .parenthesis
        case UInt8(ascii: "`"): return .backtick
        case 0x97: return .timesTail
        default: return .other
        }
    }

    /// The one pass. All state lives in locals (not in `self` or in a closure's captures) so it stays in
    /// registers; runs of digits and of letters are consumed by tight inner loops, and every other byte
    /// is dispatched once on its role from a 256-entry table.
    ///
    /// The rules, which the features of the trained checkpoint depend on bit for bit (the tests compare
    /// this pass with a byte-by-byte reference on real and random texts):
    /// - a number is a run of digits with thousands commas and one decimal point, its value accumulated
    ///   left to right over at most 18 digits;
    /// - a word is a run of letters, hashed lowercased; digits and a number's commas and point do not end
    ///   it (`ab12cd` hashes as `abcd`); an `n` after a backslash is an escaped newline, never a letter;
    /// - letters, spaces, newlines, `$`, `<` and `>` do not break an arithmetic claim; other bytes do;
    /// - the byte before the current one is `all[index - 2]` (the loop has already stepped past the
    ///   current byte), or none at the start.
    private mutating func scan(_ all: UnsafeBufferPointer<UInt8>, roles: UnsafeBufferPointer<ByteRole>) {
        let words = Self.words
        var lines = 0, equals = 0, hedges = 0, corrections = 0
        var finalMarker = false
        var answerLabel = false
        var style = StyleMarks()
        var tokens: [Double] = []
        var backticks = 0
        var claims = ArithmeticClaims()
        var matcher = ArithmeticClaims.Matcher()
        var lowered = Self.hashOffset
        var inWord = false
        var previousWord: UInt64 = 0
        var hashes = 0
        var numberValue = 0.0
        var numberScale = 0.0  // > 0 while reading decimals
        var numberDigits = 0
        var inNumber = false

        let count = all.count
        var index = 0
        while index < count, all[index] == 0x20 || all[index] == 0x09 || all[index] == 0x0a || all[index] == 0x0d { index += 1 }
        style.startsWithBrace = index < count && all[index] == UInt8(ascii: "{")
        index = 0
        while index < count {
            let byte = all[index]
            let role = roles[Int(byte)]
            if role == .digit {
                if !inNumber {
                    inNumber = true
                    numberValue = 0
                    numberScale = 0
                    numberDigits = 0
                }
                var digitByte = byte
                while true {
                    numberDigits += 1
                    if numberDigits <= 18 {
                        let digit = Double(digitByte &- 0x30)
                        if numberScale > 0 {
                            numberValue += digit * numberScale
                            numberScale /= 10
                        } else {
                            numberValue = numberValue * 10 + digit
                        }
                    }
                    index += 1
                    guard index < count else { break }
                    digitByte = all[index]
                    guard digitByte &- 0x30 < 10 else { break }
                }
                continue
            }
            index += 1
            if inNumber {
                if byte == UInt8(ascii: ","), numberScale == 0 {
                    style.commas += 1
                    continue
                }
                if byte == UInt8(ascii: "."), numberScale == 0 {
                    numberScale = 0.1
                    continue
                }
                inNumber = false
                if tokens.count < Self.numberLimit { tokens.append(numberValue) }
                matcher.number(numberValue, into: &claims)
            }
            if role == .letter {
                if byte == UInt8(ascii: "n"), index >= 2, all[index - 2] == UInt8(ascii: "\\") {
                    // A JSON-escaped newline is not part of a word: "\\nStep" is "Step" on a new line.
                    style.escapedNewlines += 1
                    continue
                }
                var hash = (lowered ^ UInt64(byte | 0x20)) &* Self.hashPrime
                while true {
                    while index < count, Self.isLetter(all[index]) {
                        hash = (hash ^ UInt64(all[index] | 0x20)) &* Self.hashPrime
                        index += 1
                    }
                    // The commonest continuation, one space and the next word, taken here: the space ends
                    // the word and does nothing else (it is `blank`), and after a space no `n` is escaped.
                    guard index + 1 < count, all[index] == 0x20, Self.isLetter(all[index + 1]) else { break }
                    Self.count(hash, after: previousWord, words: words, hedges: &hedges, corrections: &corrections, finalMarker: &finalMarker, style: &style)
                    previousWord = hash
                    hash = (Self.hashOffset ^ UInt64(all[index + 1] | 0x20)) &* Self.hashPrime
                    index += 2
                }
                lowered = hash
                inWord = true
                continue
            }
            if inWord {
                Self.count(lowered, after: previousWord, words: words, hedges: &hedges, corrections: &corrections, finalMarker: &finalMarker, style: &style)
                if byte == UInt8(ascii: ":") ? lowered == Self.answerHash || lowered == Self.letterAHash
                    : byte == UInt8(ascii: "\"") && lowered == Self.answerHash {
                    answerLabel = true
                }
                previousWord = lowered
                lowered = Self.hashOffset
                inWord = false
            }
            let previousByte = index >= 2 ? all[index - 2] : 0
            switch role {
            case .blank:
                break
            case .newline:
                lines += 1
            case .equals:
                equals += 1
                matcher.equals()
            case .operation:
                matcher.operation(byte)
            case .asterisk:
                style.asterisks += 1
                matcher.operation(byte)
            case .hash:
                style.hashMarks += 1
                hashes = previousByte == UInt8(ascii: "#") ? hashes + 1 : 1
                if hashes >= 4 { finalMarker = true }
            case .dollar:
                style.dollars += 1  // currency does not break a claim
            case .timesTail:
                if previousByte == 0xc3 { matcher.operation(UInt8(ascii: "*")) } else { matcher.breakClaim() }
            case .backslash:
                style.backslashes += 1
                matcher.breakClaim()
            case .comma:
                style.commas += 1
                matcher.breakClaim()
            case .parenthesis:
                if previousByte == UInt8(ascii: "\\") { style.inlineMathOpeners += 1 }
                matcher.breakClaim()
            case .backtick:
                backticks = previousByte == UInt8(ascii: "`") ? backticks + 1 : 1
                if backticks >= 3 { style.codeFence = true }
                matcher.breakClaim()
            case .other, .letter, .digit:
                matcher.breakClaim()
            }
        }
        if inNumber {
            if tokens.count < Self.numberLimit { tokens.append(numberValue) }
            matcher.number(numberValue, into: &claims)
        }
        if inWord {
            Self.count(lowered, after: previousWord, words: words, hedges: &hedges, corrections: &corrections, finalMarker: &finalMarker, style: &style)
        }
        numbers = tokens
        self.style = style
        self.lines = lines
        self.equals = equals
        self.hedges = hedges
        self.corrections = corrections
        self.finalMarker = finalMarker
        self.answerLabel = answerLabel
        self.claims = claims
    }

    /// Counts one finished word (hash `word`, after the word hashed `previousWord`).
    @inline(__always)
    private static func count(
        _ word: UInt64, after previousWord: UInt64, words: CountedWords,
        hedges: inout Int, corrections: inout Int, finalMarker: inout Bool, style: inout StyleMarks
    ) {
        let roles = words.roles(of: word)
        guard !roles.isEmpty else { return }
        if roles.contains(.boxed) {
            style.boxedMarker = true
            finalMarker = true
        }
        if roles.contains(.step) { style.stepWords += 1 }
        if roles.contains(.therefore) { style.thereforeWords += 1 }
        if roles.contains(.hedge) { hedges += 1 }
        if roles.contains(.correction) { corrections += 1 }
        if (roles.contains(.answer) && previousWord == finalHash) || (roles.contains(.isWord) && previousWord == answerHash) {
            finalMarker = true
        }
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
