/// Turns an answer string (UTF-8 bytes) into `MathToken`s, removing LaTeX decoration on the way.
///
/// Bounded by construction: one forward pass (each iteration consumes at least one byte), nested text
/// commands recurse at most `AnswerLimits.maxDepth` levels, and the output is capped at
/// `AnswerLimits.maxTokens` tokens (more returns nil: not an answer).
struct MathTokenizer {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int
    private let depth: Int
    /// The other reading of commas between digits (see `scanDecimalComma`).
    private let flipsAmbiguousCommas: Bool
    private var tokens: [MathToken] = []
    /// Digits still to be read one at a time as arguments of `\frac12` or `\sqrt3`.
    private var pendingDigitArguments = 0
    private var failed = false
    /// A word in a non-Latin script was emitted (`dropTrailingScriptUnits` has nothing to do otherwise).
    private var emittedScriptWord = false

    private init(bytes: [UInt8], start: Int, end: Int, depth: Int, flipsAmbiguousCommas: Bool) {
        self.bytes = bytes
        self.index = start
        self.end = end
        self.depth = depth
        self.flipsAmbiguousCommas = flipsAmbiguousCommas
    }

    static func tokenize(_ bytes: [UInt8], flipsAmbiguousCommas: Bool = false) -> [MathToken]? {
        tokenize(bytes, start: 0, end: bytes.count, depth: 0, flipsAmbiguousCommas: flipsAmbiguousCommas)
    }

    private static func tokenize(_ bytes: [UInt8], start: Int, end: Int, depth: Int,
                                 flipsAmbiguousCommas: Bool) -> [MathToken]? {
        guard depth <= AnswerLimits.maxDepth else { return nil }
        var tokenizer = MathTokenizer(bytes: bytes, start: start, end: end, depth: depth,
                                      flipsAmbiguousCommas: flipsAmbiguousCommas)
        // Almost every token consumes at least one byte: one allocation instead of one per doubling.
        tokenizer.tokens.reserveCapacity(min(max(end - start, 0), AnswerLimits.maxTokens) + 1)
        tokenizer.run()
        if depth == 0 && tokenizer.emittedScriptWord { tokenizer.dropTrailingScriptUnits() }
        return tokenizer.failed ? nil : tokenizer.tokens
    }

    /// Words in a non-Latin script after the final quantity are its unit or counter (`24 см`, `16 元`,
    /// `5 个`, `3 時間`): dropped, as English unit words are. Only at the end, and only after a number, a
    /// degree sign, a percent sign or a closing bracket.
    private mutating func dropTrailingScriptUnits() {
        var start = tokens.count
        while start > 0, case .word(let word) = tokens[start - 1], Self.isNonLatinScriptLetter(word) { start -= 1 }
        guard start < tokens.count, start > 0 else { return }
        switch tokens[start - 1] {
        case .number, .degree, .percent, .close: tokens.removeSubrange(start...)
        default: break
        }
    }

    /// A one-scalar word from Cyrillic, kana, CJK ideographs or Hangul.
    private static func isNonLatinScriptLetter(_ word: String) -> Bool {
        guard let scalar = word.unicodeScalars.first?.value, word.unicodeScalars.count == 1 else { return false }
        return (0x0400...0x04FF).contains(scalar) || (0x3040...0x30FF).contains(scalar)
            || (0x4E00...0x9FFF).contains(scalar) || (0xAC00...0xD7AF).contains(scalar)
    }

    // MARK: - Main loop

    private mutating func emit(_ token: MathToken) {
        tokens.append(token)
        if tokens.count > AnswerLimits.maxTokens { failed = true }
    }

    private func byte(at position: Int) -> UInt8? { position < end ? bytes[position] : nil }

    private mutating func run() {
        while index < end && !failed {
            let current = bytes[index]
            if pendingDigitArguments > 0 {
                if ByteClass.isSpace(current) { index += 1; continue }
                if ByteClass.isDigit(current) {
                    pendingDigitArguments -= 1
                    let value = Int64(current - UInt8(ascii: "0"))
                    emit(.number(NumberLiteral(exact: Rational(value), approximate: Double(value),
                                               fractionalDigits: 0, integerDigits: 1, exponent: 0)))
                    index += 1
                    continue
                }
                pendingDigitArguments = 0
            }
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                 UInt8(ascii: "$"), UInt8(ascii: "~"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                scanNumber()
            case UInt8(ascii: "."):
                if let next = byte(at: index + 1), ByteClass.isDigit(next) { scanNumber() } else { index += 1 }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                scanWord()
            case UInt8(ascii: "\\"):
                scanCommand()
            case UInt8(ascii: "^"):
                scanCaret()
            case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"):
                emit(.symbol(current)); index += 1
            case UInt8(ascii: "-"):
                // "->" and "-->" arrows are prose, not subtraction.
                if byte(at: index + 1) == UInt8(ascii: ">") { emit(.word("->")); index += 2 } else {
                    emit(.symbol(current)); index += 1
                }
            case UInt8(ascii: "!"):
                if byte(at: index + 1) == UInt8(ascii: "=") { emit(.relation(.notEqual)); index += 2 } else {
                    emit(.symbol(current)); index += 1
                }
            case UInt8(ascii: "("), UInt8(ascii: "["):
                emit(.open(current)); index += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                emit(.close(current)); index += 1
            case UInt8(ascii: "{"):
                if let value = infixBinomial() {
                    emitInteger(value)
                } else if byte(at: index + 1) == UInt8(ascii: "}") { index += 2 } else { emit(.open(current)); index += 1 }
            case UInt8(ascii: "}"):
                emit(.close(current)); index += 1
            case UInt8(ascii: ","), UInt8(ascii: ";"):
                emit(.separator); index += 1
            case UInt8(ascii: "="):
                emit(.relation(.equal))
                index += byte(at: index + 1) == UInt8(ascii: "=") ? 2 : 1
            case UInt8(ascii: "<"):
                if byte(at: index + 1) == UInt8(ascii: "=") { emit(.relation(.lessOrEqual)); index += 2 } else {
                    emit(.relation(.less)); index += 1
                }
            case UInt8(ascii: ">"):
                if byte(at: index + 1) == UInt8(ascii: "=") { emit(.relation(.greaterOrEqual)); index += 2 } else {
                    emit(.relation(.greater)); index += 1
                }
            case UInt8(ascii: "|"):
                emit(.bar); index += 1
            case UInt8(ascii: ":"):
                emit(.colon); index += 1
            case UInt8(ascii: "%"):
                emit(.percent); index += 1
            case UInt8(ascii: "&"):
                emit(.ampersand); index += 1
            case UInt8(ascii: "_"):
                skipSubscript()
            case 0x80...0xFF:
                scanNonASCII()
            default:
                emit(.word(String(UnicodeScalar(current)))); index += 1
            }
        }
    }

    // MARK: - Numbers

    private func digitRunLength(from position: Int) -> Int {
        var cursor = position
        while cursor < end, ByteClass.isDigit(bytes[cursor]) { cursor += 1 }
        return cursor - position
    }

    /// If a thousands separator starts at `position` and is followed by exactly three digits, returns the
    /// position of those digits.
    private func thousandsGroupStart(at position: Int, firstGroupLength: Int) -> Int? {
        guard let separator = byte(at: position) else { return nil }
        var cursor = position
        switch separator {
        case UInt8(ascii: ","):
            cursor += 1
            // Right after `(`, `[` or a separator, `12,102` is more likely two elements than one number.
            let plainComma = !(byte(at: cursor) == UInt8(ascii: "\\"))
            if plainComma, let previous = tokens.last {
                switch previous {
                case .open, .setOpen, .separator: return nil
                default: break
                }
            }
            // `11,\!111` and `11,\! 111`
            if byte(at: cursor) == UInt8(ascii: "\\"), byte(at: cursor + 1) == UInt8(ascii: "!") {
                cursor += 2
                while let next = byte(at: cursor), next == UInt8(ascii: " ") { cursor += 1 }
            }
        case UInt8(ascii: "{"):
            // `14{,}916`, `14{, }916`
            guard let groupStart = bracedCommaEnd(from: cursor) else { return nil }
            cursor = groupStart
        case UInt8(ascii: "\\"):
            // `1\,000`, `1\!000`, and the other LaTeX spaces `1\ 000`, `1\;000`, `1\:000`
            guard let kind = byte(at: cursor + 1),
                  kind == UInt8(ascii: ",") || kind == UInt8(ascii: "!") || kind == UInt8(ascii: " ")
                    || kind == UInt8(ascii: ";") || kind == UInt8(ascii: ":")
            else { return nil }
            cursor += 2
        case UInt8(ascii: " "):
            var afterSpaces = cursor
            while byte(at: afterSpaces) == UInt8(ascii: " ") { afterSpaces += 1 }
            if byte(at: afterSpaces) == UInt8(ascii: "{"), let groupStart = bracedCommaEnd(from: afterSpaces) {
                // `14 {, }916`: the braced comma marks a thousands group whatever the spacing around it.
                cursor = groupStart
                break
            }
            // `1 000` only after a short first group, so that lists such as `10 100` stay rare exceptions.
            guard firstGroupLength <= 3 else { return nil }
            cursor += 1
        default:
            return nil
        }
        guard digitRunLength(from: cursor) == 3 else { return nil }
        return cursor
    }

    private func bracedCommaEnd(from open: Int) -> Int? {
        Self.bracedCommaEnd(bytes, from: open, limit: end)
    }

    /// The position after a LaTeX braced comma `{,}` at `open` (spaces allowed inside and after it), the
    /// way LaTeX writes a thousands separator; nil when `open` does not start one. Shared with the unmarked
    /// answer scanner, which reads numbers in prose.
    static func bracedCommaEnd(_ bytes: [UInt8], from open: Int, limit: Int) -> Int? {
        func byte(at position: Int) -> UInt8? { position < limit ? bytes[position] : nil }
        guard byte(at: open) == UInt8(ascii: "{") else { return nil }
        var cursor = open + 1
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        guard byte(at: cursor) == UInt8(ascii: ",") else { return nil }
        cursor += 1
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        guard byte(at: cursor) == UInt8(ascii: "}") else { return nil }
        cursor += 1
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        return cursor
    }

    /// Continental thousands dots at `index`, after a first group of one to three digits: two or more
    /// `.ddd` groups (`1.000.000`), or one followed by a decimal comma with one or two digits (`1.234,5`).
    /// A single dot group alone (`1.234`) stays a decimal point. Returns the group digits, the decimals
    /// after the comma, and the position after the number.
    private func dotGroupedNumber(firstGroupLength: Int)
        -> (groups: [UInt8], decimals: ArraySlice<UInt8>, after: Int)? {
        guard firstGroupLength <= 3, byte(at: index) == UInt8(ascii: "."), digitRunLength(from: index + 1) == 3
        else { return nil }
        var groups: [UInt8] = []
        var cursor = index
        while byte(at: cursor) == UInt8(ascii: "."), digitRunLength(from: cursor + 1) == 3,
              groups.count < AnswerLimits.maxExactDigits {
            groups.append(contentsOf: bytes[(cursor + 1)..<(cursor + 4)])
            cursor += 4
        }
        if let next = byte(at: cursor), ByteClass.isDigit(next) || next == UInt8(ascii: ".") { return nil }
        if byte(at: cursor) == UInt8(ascii: ","), case let length = digitRunLength(from: cursor + 1),
           length == 1 || length == 2 {
            if startsListElement { return nil }
            let after = cursor + 1 + length
            if let next = byte(at: after), ByteClass.isDigit(next) || next == UInt8(ascii: ",") { return nil }
            return (groups, bytes[(cursor + 1)..<after], after)
        }
        return groups.count >= 6 ? (groups, [], cursor) : nil
    }

    /// The digits `0`, for a number written without its whole part (`.5`).
    private static let zeroDigits: [UInt8] = [UInt8(ascii: "0")]

    private mutating func scanNumber() {
        // Digit runs are slices of the input (no copy); only a number with thousands groups joins its
        // groups into a new array.
        var integerPart: ArraySlice<UInt8>
        var fractionPart: ArraySlice<UInt8> = []
        var exponent = 0
        var firstGroup = digitRunLength(from: index)
        integerPart = bytes[index..<(index + firstGroup)]
        index += firstGroup
        // A thousands grouping never starts with a lone zero (`0,111`).
        let canGroup = firstGroup > 0 && !(firstGroup == 1 && integerPart.first == UInt8(ascii: "0"))
        let grouped = canGroup && thousandsGroupStart(at: index, firstGroupLength: firstGroup) != nil
        // Grouped by spaces (`1 234,5`, `1\,234,5`), a comma can still be the decimal comma; grouped by
        // commas it cannot.
        let groupedByComma = grouped && byte(at: index) == UInt8(ascii: ",")
        if grouped {
            var joined = Array(integerPart)
            while let groupStart = thousandsGroupStart(at: index, firstGroupLength: firstGroup) {
                joined.append(contentsOf: bytes[groupStart..<(groupStart + 3)])
                index = groupStart + 3
                firstGroup = 0  // later groups may follow any separator type already seen
            }
            integerPart = joined[...]
        }
        if canGroup, !grouped, byte(at: index) == UInt8(ascii: "."),
           let (joined, decimals, after) = dotGroupedNumber(firstGroupLength: firstGroup) {
            integerPart = (Array(integerPart) + joined)[...]
            fractionPart = decimals
            index = after
        } else if !groupedByComma, !integerPart.isEmpty, let length = decimalCommaLength(whole: integerPart) {
            fractionPart = bytes[(index + 1)..<(index + 1 + length)]
            index += 1 + length
        } else if byte(at: index) == UInt8(ascii: "."), let next = byte(at: index + 1), ByteClass.isDigit(next) {
            let length = digitRunLength(from: index + 1)
            fractionPart = bytes[(index + 1)..<(index + 1 + length)]
            index += 1 + length
        }
        if let repeating = repeatingDecimal(integerPart: integerPart, fractionPart: fractionPart) {
            emit(.number(repeating))
            return
        }
        if let marker = byte(at: index), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            var cursor = index + 1
            var negative = false
            if let sign = byte(at: cursor), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                negative = sign == UInt8(ascii: "-"); cursor += 1
            }
            let length = digitRunLength(from: cursor)
            if length > 0 && length <= 3 && !(byte(at: cursor + length).map(ByteClass.isLetter) ?? false) {
                var value = 0
                for digit in bytes[cursor..<(cursor + length)] { value = value * 10 + Int(digit - 48) }
                exponent = negative ? -value : value
                index = cursor + length
            }
        }
        if integerPart.isEmpty { integerPart = Self.zeroDigits[...] }
        if fractionPart.isEmpty, exponent == 0, let mixed = mixedNumber(whole: integerPart) {
            emit(.number(mixed))
            return
        }
        let literal = NumberLiteral.make(integerPart: integerPart, fractionPart: fractionPart, exponent: exponent)
        // `4210_7`: a numeral in another base.
        if byte(at: index) == UInt8(ascii: "_"), fractionPart.isEmpty, exponent == 0 {
            index += 1
            let base = readSubscriptText()
            emit(.basedNumber(digits: String(decoding: integerPart, as: UTF8.self), base: base))
            return
        }
        // `4210₇`: the same with Unicode subscript digits, as chat models write it.
        if fractionPart.isEmpty, exponent == 0, let base = readUnicodeSubscriptDigits() {
            emit(.basedNumber(digits: String(decoding: integerPart, as: UTF8.self), base: base))
            return
        }
        emit(.number(literal))
        skipOrdinalSuffix()
    }

    /// `0.\overline{3}` = 1/3, `33.\overline{3}` = 100/3, `0.19\overline{09}` = 21/110: a repeating decimal, its
    /// period under a bar (`\overline` or `\bar`, braced digits or one digit), is its exact fraction. At
    /// most 15 digits in all; nil (nothing consumed) otherwise.
    private mutating func repeatingDecimal(integerPart: ArraySlice<UInt8>, fractionPart: ArraySlice<UInt8>) -> NumberLiteral? {
        var cursor = index
        if fractionPart.isEmpty {
            guard byte(at: cursor) == UInt8(ascii: "."), byte(at: cursor + 1) == UInt8(ascii: "\\") else { return nil }
            cursor += 1
        }
        guard byte(at: cursor) == UInt8(ascii: "\\") else { return nil }
        if matches("\\overline", at: cursor) { cursor += 9 } else if matches("\\bar", at: cursor) { cursor += 4 } else { return nil }
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        let period: ArraySlice<UInt8>
        if byte(at: cursor) == UInt8(ascii: "{") {
            let length = digitRunLength(from: cursor + 1)
            guard length >= 1, byte(at: cursor + 1 + length) == UInt8(ascii: "}") else { return nil }
            period = bytes[(cursor + 1)..<(cursor + 1 + length)]
            cursor += length + 2
        } else {
            guard let digit = byte(at: cursor), ByteClass.isDigit(digit) else { return nil }
            period = bytes[cursor..<(cursor + 1)]
            cursor += 1
        }
        guard integerPart.count + fractionPart.count + period.count <= 15 else { return nil }
        func value(_ parts: [ArraySlice<UInt8>]) -> Int64 { parts.reduce(0) { Self.digitsValue($1, after: $0) } }
        var scale: Int64 = 1
        for _ in fractionPart { scale *= 10 }
        var periodScale: Int64 = 1
        for _ in period { periodScale *= 10 }
        let numerator = value([integerPart, fractionPart, period]) - value([integerPart, fractionPart])
        guard let exact = Rational(numerator: numerator, denominator: scale * (periodScale - 1)) else { return nil }
        index = cursor
        return NumberLiteral.computed(exact)
    }

    /// `6th`, `21st`, `2nd`, `3rd`: an ordinal is its number.
    private mutating func skipOrdinalSuffix() {
        guard let first = byte(at: index), let second = byte(at: index + 1) else { return }
        // Compared byte by byte: this runs after every number, so it must not allocate.
        let suffix = (ByteClass.lowercased(first), ByteClass.lowercased(second))
        let isOrdinal = suffix == (UInt8(ascii: "t"), UInt8(ascii: "h")) || suffix == (UInt8(ascii: "s"), UInt8(ascii: "t"))
            || suffix == (UInt8(ascii: "n"), UInt8(ascii: "d")) || suffix == (UInt8(ascii: "r"), UInt8(ascii: "d"))
        guard isOrdinal, !(byte(at: index + 2).map(ByteClass.isLetter) ?? false) else { return }
        index += 2
    }

    /// Decimal comma or list? A comma directly between digits (no space after it), not a thousands separator
    /// (those take exactly three digits after a group that is not a lone zero, `1,234`), and not right after
    /// a bracket or separator (`(0,5)` is a pair). Decided by the digits:
    /// - `1000,99`, `1000,5`: a group of four or more digits before one or two digits is a decimal comma
    ///   (no thousands grouping, and an unlikely list);
    /// - `1,22`, `2,74`, `0,5`, `0,111`: ambiguous; read as a list (two numbers), the reading of English text
    ///   (`0,1` is far more often the two answers 0 and 1 in the shared data than one tenth).
    /// A comma followed by digits and another comma (`0,1,2`) is always a list.
    /// `flipsAmbiguousCommas` gives the other reading of every case above except thousands groups
    /// (decimal ↔ list); grading uses it when the other answer shows which reading was meant.
    /// Returns the number of decimal digits after the comma, consuming nothing.
    /// The number just scanned opens a bracket or follows a separator, looking past its sign (`(-1,5)`):
    /// a comma after it separates elements rather than marking decimals.
    private var startsListElement: Bool {
        var previousIndex = tokens.count - 1
        if previousIndex >= 0, tokens[previousIndex] == .symbol(UInt8(ascii: "-")) || tokens[previousIndex] == .symbol(UInt8(ascii: "+")) {
            previousIndex -= 1
        }
        guard previousIndex >= 0 else { return false }
        switch tokens[previousIndex] {
        case .open, .setOpen, .separator: return true
        default: return false
        }
    }

    private func decimalCommaLength(whole: ArraySlice<UInt8>) -> Int? {
        guard byte(at: index) == UInt8(ascii: ","), let next = byte(at: index + 1), ByteClass.isDigit(next) else {
            return nil
        }
        if startsListElement { return nil }
        let length = digitRunLength(from: index + 1)
        let after = index + 1 + length
        if byte(at: after) == UInt8(ascii: ","), let digit = byte(at: after + 1), ByteClass.isDigit(digit) { return nil }
        if byte(at: after) == UInt8(ascii: ".") { return nil }
        let evidence = whole.count >= 4 && length <= 2
        return evidence != flipsAmbiguousCommas ? length : nil
    }

    /// `1 1/2` and `12 3/4`: a whole number, spaces, and a proper fraction of plain integers is a mixed
    /// number (3/2, 51/4); so is `4 and 1/2` (9/2), the word "and" between them with one to three spaces
    /// on each side. Only where it reads as one: not after `/`, `^` or another number, the fraction
    /// proper (0 < numerator < denominator), and nothing numeric glued to its end (`1 1/2.5`, `1 1/2^3`).
    /// On a match, consumes through the denominator.
    /// The number just scanned comes after `/`, `^` or another number, where it cannot start a mixed number.
    private var followsOperandOrPower: Bool {
        guard let previous = tokens.last else { return false }
        switch previous {
        case .symbol(UInt8(ascii: "/")), .symbol(UInt8(ascii: "^")), .number, .fraction: return true
        default: return false
        }
    }

    private mutating func mixedNumber(whole: ArraySlice<UInt8>) -> NumberLiteral? {
        // The space first: it rules out nearly every number, and copying the previous token does not.
        var cursor = index
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        // `1½`, `2 ¾`: a precomposed fraction after a whole number, with or without spaces.
        if cursor - index <= 3, let lead = byte(at: cursor), lead == 0xC2 || lead == 0xE2,
           let (part, length) = VulgarFraction.read(bytes, at: cursor, end: end),
           whole.count <= AnswerLimits.maxExactDigits - 4, !followsOperandOrPower,
           let total = Rational(Self.digitsValue(whole)).adding(part) {
            index = cursor + length
            return NumberLiteral(exact: total, approximate: total.doubleValue, fractionalDigits: 0,
                                 integerDigits: whole.count, exponent: 0)
        }
        guard cursor > index, cursor - index <= 3, !followsOperandOrPower else { return nil }
        // `4 and 1/2`: the whole and the fraction joined by the word "and", as a mixed number is said.
        if matches("and ", at: cursor) {
            let afterWord = cursor + 4
            cursor = afterWord
            while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
            guard cursor - afterWord <= 2 else { return nil }
            if let mixed = mixedNumberWithFractionCommand(whole: whole, at: cursor) { return mixed }
        }
        let numeratorLength = digitRunLength(from: cursor)
        guard numeratorLength >= 1, numeratorLength <= 4, bytes[cursor] != UInt8(ascii: "0"),
              byte(at: cursor + numeratorLength) == UInt8(ascii: "/") else { return nil }
        let denominatorStart = cursor + numeratorLength + 1
        let denominatorLength = digitRunLength(from: denominatorStart)
        guard denominatorLength >= 1, denominatorLength <= 4 else { return nil }
        let after = denominatorStart + denominatorLength
        if let next = byte(at: after),
           next == UInt8(ascii: ".") || next == UInt8(ascii: "^") || next == UInt8(ascii: "/") || next == UInt8(ascii: "_") {
            return nil
        }
        guard whole.count <= AnswerLimits.maxExactDigits - 4,
              let mixed = Self.mixedNumberLiteral(whole: whole, numerator: Self.digitsValue(bytes[cursor..<(cursor + numeratorLength)]),
                                                  denominator: Self.digitsValue(bytes[denominatorStart..<after])) else { return nil }
        index = after
        return mixed
    }

    /// `whole` and a proper fraction (0 < numerator < denominator) as one exact number; nil otherwise.
    private static func mixedNumberLiteral(whole: ArraySlice<UInt8>, numerator: Int64, denominator: Int64) -> NumberLiteral? {
        guard numerator > 0, numerator < denominator, let part = Rational(numerator: numerator, denominator: denominator),
              let total = Rational(digitsValue(whole)).adding(part) else { return nil }
        return NumberLiteral(exact: total, approximate: total.doubleValue, fractionalDigits: 0,
                             integerDigits: whole.count, exponent: 0)
    }

    /// The value of a run of decimal digits written after the digits of `leading` (callers bound the
    /// length so it fits in Int64).
    fileprivate static func digitsValue(_ digits: ArraySlice<UInt8>, after leading: Int64 = 0) -> Int64 {
        digits.reduce(leading) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    /// `4 and \frac{1}{2}` (also `\dfrac`, `\tfrac`): the fraction command after "and" at `position`, of a
    /// proper fraction of plain integers; consumes through its closing brace. nil, consuming nothing,
    /// otherwise.
    private mutating func mixedNumberWithFractionCommand(whole: ArraySlice<UInt8>, at position: Int) -> NumberLiteral? {
        guard whole.count <= AnswerLimits.maxExactDigits - 4 else { return nil }
        let start = index
        for name in ["\\frac", "\\dfrac", "\\tfrac"] where matches(name, at: position) {
            index = position + name.utf8.count
            if let numerator = bracedInteger(), let denominator = bracedInteger(),
               let mixed = Self.mixedNumberLiteral(whole: whole, numerator: numerator, denominator: denominator) {
                return mixed
            }
        }
        index = start
        return nil
    }

    /// Consumes a run of subscript digits `₀`…`₉` (U+2080…U+2089, UTF-8 E2 82 80…89) and returns them as
    /// ASCII digits; nil, consuming nothing, when none starts at `index`.
    private mutating func readUnicodeSubscriptDigits() -> String? {
        // Every subscript digit starts with 0xE2: most numbers are followed by something else.
        guard byte(at: index) == 0xE2 else { return nil }
        var digits: [UInt8] = []
        while index + 2 < end, bytes[index] == 0xE2, bytes[index + 1] == 0x82,
              bytes[index + 2] >= 0x80, bytes[index + 2] <= 0x89 {
            digits.append(UInt8(ascii: "0") + (bytes[index + 2] - 0x80))
            index += 3
        }
        return digits.isEmpty ? nil : String(decoding: digits, as: UTF8.self)
    }

    // MARK: - Words and identifiers

    private mutating func scanWord() {
        let start = index
        while index < end, ByteClass.isLetter(bytes[index]) { index += 1 }
        if index - start == 1 {
            // A lone letter (the commonest word in answers) is never a keyword, function or multi-letter unit:
            // skip building and looking up its string.
            if UnitWords.letterUnits.contains(bytes[start]), isPowerSignAhead() {
                skipUnitPower()
                return
            }
            emitIdentifier(String(UnicodeScalar(bytes[start])), subscriptAllowed: true)
            return
        }
        let length = index - start
        // Lowercased straight into the string (short words stay inline: no array, no heap).
        let word = String(unsafeUninitializedCapacity: length) { buffer in
            for offset in 0..<length { buffer[offset] = ByteClass.lowercased(bytes[start + offset]) }
            return length
        }
        if let token = MathTokenizer.keywordToken(word) {
            if case .function = token { emitFunction(token) } else { emit(token) }
            return
        }
        // `2 million`: the number before a scale word, scaled (`ScaleWords`).
        // Every scale word has seven or eight letters: most words skip the lookup.
        if length == 7 || length == 8, case .number(let literal)? = tokens.last,
           let power = ScaleWords.powersOfTen[word], let scaled = ScaleWords.scaled(literal, byPowerOfTen: power) {
            tokens[tokens.count - 1] = .number(scaled)
            return
        }
        // `12.5 per cent` (British): a percent sign, not the unit words "per" and "cent".
        if word == "per" {
            var cursor = index
            while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
            if cursor > index, matches("cent", at: cursor) {
                index = cursor + 4
                emit(.percent)
                return
            }
        }
        if UnitWords.words.contains(word) && (length > 1) {
            skipUnitPower()
            return
        }
        if length == 1, UnitWords.letterUnits.contains(bytes[start]), isPowerSignAhead() {
            skipUnitPower()
            return
        }
        if length <= 2 {
            for position in start..<index {
                emitIdentifier(String(UnicodeScalar(bytes[position])), subscriptAllowed: position == index - 1)
            }
            return
        }
        emit(.word(word))
    }

    private static func keywordToken(_ word: String) -> MathToken? { keywordTokens[word] }

    /// Words with a meaning of their own, looked up in one hash probe (a `switch` over strings compares the
    /// word with each case in turn, and every word of every answer went through it).
    private static let keywordTokens: [String: MathToken] = {
        var table: [String: MathToken] = ["and": .separator, "or": .separator, "pi": .pi, "inf": .infinity,
                                          "infty": .infinity, "infinity": .infinity, "sqrt": .squareRoot,
                                          "am": .meridiem(isPM: false), "pm": .meridiem(isPM: true)]
        for word in ["pct", "percent", "percentage", "percents", "percentages", "pourcent", "prozent", "porcentaje"] {
            table[word] = .percent
        }
        for function in MathFunction.allCases { table[function.rawValue] = .function(function, logBase: nil) }
        return table
    }()

    private mutating func emitIdentifier(_ name: String, subscriptAllowed: Bool) {
        var full = name
        if subscriptAllowed, byte(at: index) == UInt8(ascii: "_") {
            index += 1
            full += "_" + readSubscriptText()
        }
        while byte(at: index) == UInt8(ascii: "'") { full += "'"; index += 1 }
        emit(.identifier(full))
    }

    /// Reads `x` or `{...}` after an underscore and returns it without spaces or braces.
    private mutating func readSubscriptText() -> String {
        while let next = byte(at: index), next == UInt8(ascii: " ") { index += 1 }
        guard let first = byte(at: index) else { return "" }
        if first == UInt8(ascii: "{") {
            guard let close = matchingBrace(from: index) else { index = end; return "" }
            let content = bytes[(index + 1)..<close].filter { !ByteClass.isSpace($0) && $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "}") }
            index = close + 1
            return String(decoding: content, as: UTF8.self)
        }
        if first == UInt8(ascii: "\\") {
            let start = index
            index += 1
            while index < end, ByteClass.isLetter(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        index += 1
        return String(UnicodeScalar(first))
    }

    private mutating func skipSubscript() {
        index += 1
        _ = readSubscriptText()
    }

    private func isPowerSignAhead() -> Bool {
        guard let next = byte(at: index) else { return false }
        if next == UInt8(ascii: "^") { return true }
        return next == 0xC2 && (byte(at: index + 1) == 0xB2 || byte(at: index + 1) == 0xB3)
    }

    /// After a dropped unit word, also drops a following `^2`, `^{2}`, `²` or `³`.
    private mutating func skipUnitPower() {
        var cursor = index
        while let next = byte(at: cursor), next == UInt8(ascii: " ") { cursor += 1 }
        guard let next = byte(at: cursor) else { return }
        if next == 0xC2, let second = byte(at: cursor + 1), second == 0xB2 || second == 0xB3 {
            index = cursor + 2
        } else if next == UInt8(ascii: "^") {
            if byte(at: cursor + 1) == UInt8(ascii: "{") {
                index = matchingBrace(from: cursor + 1).map { $0 + 1 } ?? end
            } else if let digit = byte(at: cursor + 1), ByteClass.isDigit(digit) {
                index = cursor + 2
            }
        }
    }

    // MARK: - Commands

    private mutating func scanCommand() {
        index += 1
        guard let first = byte(at: index) else { return }
        guard ByteClass.isLetter(first) else {
            index += 1
            switch first {
            case UInt8(ascii: "%"): emit(.percent)
            case UInt8(ascii: "{"): emit(.setOpen)
            case UInt8(ascii: "}"): emit(.setClose)
            case UInt8(ascii: "\\"):
                // `\\frac` is a command escaped twice (JSON inside JSON); `\\` before anything else breaks a row.
                if let next = byte(at: index), ByteClass.isLetter(next) { index -= 1; scanCommand() } else { emit(.rowBreak) }
            case UInt8(ascii: "|"): emit(.bar)
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"): break
            default: break  // \! \, \; \: \  \$ \& are spacing or currency
            }
            return
        }
        let start = index
        while index < end, ByteClass.isLetter(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        handleCommand(name)
    }

    private mutating func handleCommand(_ name: String) {
        let command = LatexCommand.named(name)
        // Every integer function is a `.prose` command and `operatorname` a `.textArgument` one: the set is
        // probed only for those (one hash probe per command instead of two).
        if command?.mayNameIntegerFunction ?? false, Self.integerFunctionNames.contains(name) || name == "operatorname" {
            let resume = index
            var function = name
            if name == "operatorname" {
                // `\operatorname{gcd}(3, 18)`: the function named in braces.
                while byte(at: index) == UInt8(ascii: " ") { index += 1 }
                if byte(at: index) == UInt8(ascii: "{"), let close = matchingBrace(from: index), close - index <= 8 {
                    function = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                    index = close + 1
                }
            }
            if Self.integerFunctionNames.contains(function) {
                let argumentsStart = index
                if let value = integerFunctionValue(function) {
                    emitRational(value)
                    return
                }
                index = argumentsStart
                if let value = constantArgumentsValue(function) {
                    if let exact = value.exact { emitRational(exact) } else { emit(.number(value)) }
                    return
                }
                if fieldGcdOrLcm(function) { return }
                if function != name {
                    // `\operatorname{gcd}(x, y)` unevaluated reads as `\gcd(x, y)` does, never as its arguments.
                    handleCommand(function)
                    return
                }
            }
            index = resume
        }
        if name == "bar" || name == "overline" {
            if let accented = accentedName() {
                emitIdentifier("\\bar{" + accented + "}", subscriptAllowed: true)
                return
            }
            if emitComplexConjugate() { return }
        }
        guard let command else {
            // Greek letters and other symbols name variables.
            emitIdentifier("\\" + name, subscriptAllowed: true)
            return
        }
        if name == "mathbb", matches("{R}", at: index) {
            index += 3
            emitRealLine()
            return
        }
        switch command {
        case .token(let token, let digitArguments):
            emit(token)
            pendingDigitArguments = digitArguments
        case .ignored:
            break
        case .ignoredWithArgument:
            skipBraceArgument()
        case .textArgument:
            handleTextArgument()
        case .beginEnvironment:
            let environment = readEnvironmentName()
            emit(.beginEnvironment(environment))
            if environment == "array" { skipBraceArgument() }
        case .endEnvironment:
            emit(.endEnvironment(readEnvironmentName()))
        case .prose:
            emit(.word("\\" + name))
        case .emptySet:
            emit(.setOpen); emit(.setClose)
        case .function(let function):
            emitFunction(.function(function, logBase: nil))
        }
    }

    /// The name under an accent bar: `\bar{x}`, `\overline{x}`, `\bar x`, `\overline{AB}`, `\bar{\theta}` are one
    /// variable each, whichever command draws the bar (the two differ only in width). The argument is letters
    /// only (at most 8) or one command name (a Greek letter); nil, consuming nothing, otherwise (the command
    /// is then read as before).
    private mutating func accentedName() -> String? {
        var cursor = index
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        guard let first = byte(at: cursor) else { return nil }
        if first == UInt8(ascii: "{") {
            guard let close = matchingBrace(from: cursor), close - cursor <= 18 else { return nil }
            let content = bytes[(cursor + 1)..<close].filter { !ByteClass.isSpace($0) }
            guard !content.isEmpty else { return nil }
            let letters = content.first == UInt8(ascii: "\\") ? content.dropFirst() : content[...]
            guard !letters.isEmpty, letters.allSatisfy(ByteClass.isLetter),
                  content.first == UInt8(ascii: "\\") || letters.count <= 8,
                  !content.elementsEqual(ComplexEvaluator.unit.utf8) else { return nil }  // `\bar{i}`: a conjugate
            index = close + 1
            return String(decoding: content, as: UTF8.self)
        }
        guard ByteClass.isLetter(first), cursor > index, first != UInt8(ascii: "i") else { return nil }
        index = cursor + 1
        return String(UnicodeScalar(first))
    }

    /// `\overline{1+2i}` = `1-2i`: a bar over a braced complex constant (its only variable `i`) is the complex
    /// conjugate, emitted as the argument with every `i` replaced by `(-i)` (exact for the real coefficients
    /// and real functions this reader has). false, consuming nothing, for anything else.
    private mutating func emitComplexConjugate() -> Bool {
        guard depth < AnswerLimits.maxDepth else { return false }
        var cursor = index
        while byte(at: cursor) == UInt8(ascii: " ") { cursor += 1 }
        guard byte(at: cursor) == UInt8(ascii: "{"), let close = matchingBrace(from: cursor),
              let inner = Self.tokenize(bytes, start: cursor + 1, end: close, depth: depth + 1,
                                        flipsAmbiguousCommas: flipsAmbiguousCommas) else { return false }
        var hasUnit = false
        for token in inner {
            switch token {
            case .identifier(let name): if name == ComplexEvaluator.unit { hasUnit = true } else { return false }
            case .word, .separator, .relation: return false
            default: break
            }
        }
        guard hasUnit else { return false }
        index = close + 1
        emit(.open(UInt8(ascii: "(")))
        for token in inner {
            if case .identifier = token {
                emit(.open(UInt8(ascii: "("))); emit(.symbol(UInt8(ascii: "-"))); emit(token); emit(.close(UInt8(ascii: ")")))
            } else {
                emit(token)
            }
        }
        emit(.close(UInt8(ascii: ")")))
        return true
    }

    /// `\mathbb{R}` and `ℝ`, the real numbers: the interval `(-\infty, \infty)`.
    private mutating func emitRealLine() {
        emit(.open(UInt8(ascii: "("))); emit(.symbol(UInt8(ascii: "-"))); emit(.infinity); emit(.separator)
        emit(.infinity); emit(.close(UInt8(ascii: ")")))
    }

    // MARK: - Integer functions of literals

    private static let integerFunctionNames: Set<String> = ["binom", "dbinom", "tbinom", "choose", "gcd", "lcm", "max", "min"]

    /// `\binom{16}{2}`, `\gcd(18, 3)`, `\max(2, -7, 5)`, `\min(12.4, 9.5)`: a function of literal arguments is
    /// its value (120, 3, 5, 19/2), so it compares like the number. `\binom` takes integers; `\max`, `\min`,
    /// `\gcd`, `\lcm` also take decimals and plain fractions, with SymPy's rational gcd and lcm (gcd of the
    /// numerators over lcm of the denominators, and the reverse): the largest rational every argument is an
    /// integer multiple of. nil (and the command is read as before) when an argument is anything else or a
    /// part overflows.
    private mutating func integerFunctionValue(_ name: String) -> Rational? {
        if name.hasSuffix("binom") || name == "choose" {
            guard let n = bracedInteger(), let k = bracedInteger() else { return nil }
            return Self.binomial(n, k).map { Rational($0) }
        }
        guard let arguments = parenthesizedRationals() else { return nil }
        return Self.combine(name, arguments)
    }

    /// `\max`, `\min`, `\gcd` or `\lcm` of rationals (see `integerFunctionValue`); nil for no arguments, another
    /// name, or overflow.
    private static func combine(_ name: String, _ arguments: [Rational]) -> Rational? {
        guard let first = arguments.first else { return nil }
        switch name {
        case "max", "min":
            var best = first
            for argument in arguments.dropFirst() {
                guard let difference = argument.adding(best.negated()) else { return nil }
                if (name == "max") == (difference.numerator > 0), !difference.isZero { best = argument }
            }
            return best
        case "gcd":
            guard let top = Self.combined(arguments.map(\.numerator), lcm: false),
                  let bottom = Self.combined(arguments.map(\.denominator), lcm: true) else { return nil }
            return Rational(numerator: top, denominator: bottom)
        case "lcm":
            guard let top = Self.combined(arguments.map(\.numerator), lcm: true),
                  let bottom = Self.combined(arguments.map(\.denominator), lcm: false) else { return nil }
            return top == 0 ? Rational.zero : Rational(numerator: top, denominator: bottom)
        default:
            return nil
        }
    }

    /// `\max(\pi, 3)`, `38 + \min(13, 15-2.3)`, `\gcd(9, 12*4/2)`: arguments that are constant expressions
    /// rather than literals, each read as an answer of its own and evaluated. `\max`/`\min` pick by value
    /// (the chosen argument's exact value when it has one: `\max(\sqrt3, 0, 1)` is √3); `\gcd`/`\lcm` need
    /// exact rational arguments. nil (nothing consumed) for a variable, an unreadable argument, more than 16
    /// arguments, or nesting deeper than two functions (each level tokenizes its arguments again, so
    /// the depth bounds the work).
    private mutating func constantArgumentsValue(_ name: String) -> NumberLiteral? {
        guard depth < 2, name == "max" || name == "min" || name == "gcd" || name == "lcm" else { return nil }
        let start = index
        guard let (expressions, close) = parenthesizedArguments(),
              expressions.allSatisfy({ $0.variables.isEmpty }) else { index = start; return nil }
        var exactValues: [Rational] = []
        var best: (value: Double, literal: NumberLiteral)?
        for expression in expressions {
            let evaluator = MathEvaluator(degreesAsRadians: expression.containsTrigonometry)
            let exact = evaluator.exactValue(expression)
            let value = exact?.doubleValue ?? evaluator.numericValue(expression)
            guard value.isFinite else { index = start; return nil }
            if let exact { exactValues.append(exact) }
            var better = true
            if let current = best { better = name == "max" ? value > current.value : value < current.value }
            if better {
                best = (value, NumberLiteral(exact: exact, approximate: value, fractionalDigits: 0, integerDigits: 1,
                                             exponent: 0))
            }
        }
        if exactValues.count == expressions.count, let combined = Self.combine(name, exactValues) {
            index = close + 1
            return NumberLiteral.computed(combined)
        }
        if name == "gcd" || name == "lcm", exactValues.count < expressions.count,
           let value = Self.boundedGcdOrLcm(expressions, lcm: name == "lcm") {
            index = close + 1
            return value
        }
        guard name == "max" || name == "min", let best else { index = start; return nil }
        index = close + 1
        return best.literal
    }

    /// The arguments of `(a, b, …)` at `index` (after `\left` and spaces), each tokenized and parsed on its own
    /// (top-level commas split them; brackets and braces nest), and the index of the closing parenthesis;
    /// nil (nothing consumed) when there is no such list, more than 16 arguments, or one does not parse.
    /// On success `index` is left at the opening parenthesis.
    private mutating func parenthesizedArguments() -> (expressions: [MathExpression], close: Int)? {
        let start = index
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        if matches("\\left", at: index) { index += 5 }
        guard byte(at: index) == UInt8(ascii: "(") else { index = start; return nil }
        var bounds = [index + 1]
        var level = 0
        var close: Int?
        var cursor = index
        while cursor < end, close == nil {
            switch bytes[cursor] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): level += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                level -= 1
                if level == 0 { close = cursor }
            case UInt8(ascii: ",") where level == 1:
                bounds.append(cursor + 1)
            default: break
            }
            cursor += 1
        }
        guard let close, bytes[close] == UInt8(ascii: ")"), bounds.count <= 16 else { index = start; return nil }
        bounds.append(close + 1)
        var expressions: [MathExpression] = []
        for part in 0..<(bounds.count - 1) {
            guard let tokens = Self.tokenize(bytes, start: bounds[part], end: bounds[part + 1] - 1, depth: depth + 1,
                                             flipsAmbiguousCommas: flipsAmbiguousCommas),
                  let expression = MathExpressionParser.parse(tokens, range: 0..<tokens.count) else {
                index = start; return nil
            }
            expressions.append(expression)
        }
        return (expressions, close)
    }

    /// `\gcd(0.4x, 8/3)` = 1, `\lcm(8.85 \cdot 10^{-12}, 9x)` = x: gcd and lcm of monomials in variables when a
    /// coefficient is a decimal or a non-integer rational, by SymPy's convention for polynomials over a
    /// field (`FieldMonomial`); emits the result (in parentheses) wherever the call stands, also inside a
    /// larger expression (`y + \gcd(0.4x, 8/3)/2`). false (nothing consumed) otherwise.
    private mutating func fieldGcdOrLcm(_ name: String) -> Bool {
        guard depth < 2, name == "gcd" || name == "lcm" else { return false }
        let start = index
        guard let (expressions, close) = parenthesizedArguments(),
              let factors = FieldMonomial.combine(expressions, lcm: name == "lcm") else { index = start; return false }
        index = close + 1
        guard !factors.isEmpty else { emitInteger(1); return true }
        emit(.open(UInt8(ascii: "(")))
        for (position, factor) in factors.enumerated() {
            if position > 0 { emit(.symbol(UInt8(ascii: "*"))) }
            emit(.identifier(factor))
        }
        emit(.close(UInt8(ascii: ")")))
        return true
    }

    /// gcd or lcm of integer arguments past 64 bits (`\gcd(1E20, 10^6)`, `\lcm(128 \cdot 10^{32}, 1)`), exact
    /// with `BoundedInteger`: a result that fits is an exact number, a longer one (an lcm) a number with
    /// its nearest floating-point value, as a written literal that long reads. nil when an argument is
    /// not such an integer or the bound is passed.
    private static func boundedGcdOrLcm(_ expressions: [MathExpression], lcm: Bool) -> NumberLiteral? {
        var values: [BoundedInteger] = []
        for expression in expressions {
            guard let value = BoundedIntegerArithmetic.value(expression) else { return nil }
            values.append(value)
        }
        guard let result = BoundedIntegerArithmetic.gcdOrLcm(values, lcm: lcm) else { return nil }
        if let small = result.int64 {
            return NumberLiteral(exact: Rational(small), approximate: Double(small), fractionalDigits: 0,
                                 integerDigits: 1, exponent: 0)
        }
        return NumberLiteral(exact: nil, approximate: result.doubleValue, fractionalDigits: 0, integerDigits: 1, exponent: 0)
    }

    /// `n` choose `k` for 0 ≤ k ≤ n; nil otherwise or on overflow.
    private static func binomial(_ n: Int64, _ k: Int64) -> Int64? {
        guard n >= 0, k >= 0, k <= n else { return nil }
        var value: Int64 = 1
        for step in 0..<min(k, n - k) {
            let (product, overflow) = value.multipliedReportingOverflow(by: n - step)
            if overflow { return nil }
            value = product / (step + 1)  // exact: a product of j consecutive integers is divisible by j!
        }
        return value
    }

    /// `{16 \choose 2}`: TeX's infix binomial of two integer literals is its value; nil (nothing consumed)
    /// for any other brace group.
    private mutating func infixBinomial() -> Int64? {
        let start = index
        index += 1
        if let n = integerLiteral(), matches("\\choose", at: index) {
            index += 7
            if let k = integerLiteral(), byte(at: index) == UInt8(ascii: "}"), let value = Self.binomial(n, k) {
                index += 1
                return value
            }
        }
        index = start
        return nil
    }

    /// The gcd or the lcm of integers (non-negative; lcm 0 when one is 0; nil on overflow).
    private static func combined(_ values: [Int64], lcm: Bool) -> Int64? {
        var result: Int64 = lcm ? 1 : 0
        for value in values {
            guard lcm else { result = greatestCommonDivisor(result, value); continue }
            guard value != 0 else { return 0 }
            let divisor = greatestCommonDivisor(result, value)
            let (product, overflow) = (result / divisor).multipliedReportingOverflow(by: abs(value))
            if overflow { return nil }
            result = product
        }
        return result
    }

    private static func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(clamping: x)
    }

    /// An optionally signed integer literal of at most 18 digits at `index`, spaces skipped before it.
    private mutating func integerLiteral() -> Int64? {
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        var negative = false
        if byte(at: index) == UInt8(ascii: "-") { negative = true; index += 1 }
        let length = digitRunLength(from: index)
        guard length > 0, length <= 18 else { return nil }
        let value = Self.digitsValue(bytes[index..<(index + length)])
        index += length
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        return negative ? -value : value
    }

    /// `{16}`: one braced integer argument.
    private mutating func bracedInteger() -> Int64? {
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        guard byte(at: index) == UInt8(ascii: "{") else { return nil }
        index += 1
        guard let value = integerLiteral(), byte(at: index) == UInt8(ascii: "}") else { return nil }
        index += 1
        return value
    }

    /// An optionally signed decimal (`-2.4`, at most 18 digits in all) or plain fraction of integers
    /// (`12/5`, `-14/2`, `849/-21`) at `index`, spaces skipped around it.
    private mutating func rationalLiteral() -> Rational? {
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        let negative = byte(at: index) == UInt8(ascii: "-")  // kept apart: `-0.5` has a whole part of 0
        guard let whole = integerLiteral() else { return nil }
        if byte(at: index) == UInt8(ascii: "/") {
            index += 1
            guard let denominator = integerLiteral() else { return nil }
            return Rational(numerator: whole, denominator: denominator)
        }
        guard byte(at: index) == UInt8(ascii: "."), let next = byte(at: index + 1), ByteClass.isDigit(next) else {
            return Rational(whole)
        }
        index += 1
        let length = digitRunLength(from: index)
        guard length <= 17 - String(whole.magnitude).count else { return nil }
        var scale: Int64 = 1
        var fraction: Int64 = 0
        for digit in bytes[index..<(index + length)] { fraction = fraction * 10 + Int64(digit - 48); scale *= 10 }
        index += length
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        let magnitude = Int64(whole.magnitude) * scale + fraction
        return Rational(numerator: negative ? -magnitude : magnitude, denominator: scale)
    }

    /// `(18, 3)` or `\left( 2.4, 12/5 \right)`: at most 16 comma-separated rational literals.
    private mutating func parenthesizedRationals() -> [Rational]? {
        while byte(at: index) == UInt8(ascii: " ") { index += 1 }
        if matches("\\left", at: index) { index += 5 }
        guard byte(at: index) == UInt8(ascii: "(") else { return nil }
        index += 1
        var values: [Rational] = []
        while values.count < 16 {
            guard let value = rationalLiteral() else { return nil }
            values.append(value)
            if byte(at: index) == UInt8(ascii: ",") { index += 1; continue }
            if matches("\\right", at: index) { index += 6 }
            guard byte(at: index) == UInt8(ascii: ")") else { return nil }
            index += 1
            return values
        }
        return nil
    }

    /// A computed integer as tokens: a negative one in parentheses, so that it cannot join a sum before it.
    /// A computed rational as tokens: an integer as `emitInteger` writes it, else `(p/q)` or `(-p/q)`.
    private mutating func emitRational(_ value: Rational) {
        guard !value.isInteger else { emitInteger(value.numerator); return }
        emit(.open(UInt8(ascii: "(")))
        if value.numerator < 0 { emit(.symbol(UInt8(ascii: "-"))) }
        emit(.number(NumberLiteral.make(integerPart: Array(String(value.numerator.magnitude).utf8), fractionPart: [], exponent: 0)))
        emit(.symbol(UInt8(ascii: "/")))
        emit(.number(NumberLiteral.make(integerPart: Array(String(value.denominator).utf8), fractionPart: [], exponent: 0)))
        emit(.close(UInt8(ascii: ")")))
    }

    private mutating func emitInteger(_ value: Int64) {
        let digits = Array(String(value.magnitude).utf8)
        let literal = NumberLiteral.make(integerPart: digits, fractionPart: [], exponent: 0)
        if value < 0 {
            emit(.open(UInt8(ascii: "(")))
            emit(.symbol(UInt8(ascii: "-")))
            emit(.number(literal))
            emit(.close(UInt8(ascii: ")")))
        } else {
            emit(.number(literal))
        }
    }

    /// Functions take a `_base` (for log) right after the name.
    private mutating func emitFunction(_ token: MathToken) {
        guard case .function(let function, _) = token else { emit(token); return }
        if function == .log, byte(at: index) == UInt8(ascii: "_") {
            index += 1
            let baseText = Array(readSubscriptText().utf8)
            let digits = baseText.filter(ByteClass.isDigit)
            if !digits.isEmpty, digits.count == baseText.count {
                emit(.function(.log, logBase: NumberLiteral.make(integerPart: digits, fractionPart: [], exponent: 0)))
                return
            }
            emit(.word("log_"))
            return
        }
        emit(token)
    }

    private mutating func readEnvironmentName() -> String {
        while let next = byte(at: index), next == UInt8(ascii: " ") { index += 1 }
        guard byte(at: index) == UInt8(ascii: "{") else { return "" }
        guard let close = matchingBrace(from: index) else { index = end; return "" }
        let name = String(decoding: bytes[(index + 1)..<close].filter { $0 != UInt8(ascii: "*") }, as: UTF8.self)
        index = close + 1
        return name
    }

    private mutating func skipBraceArgument() {
        while let next = byte(at: index), next == UInt8(ascii: " ") { index += 1 }
        guard byte(at: index) == UInt8(ascii: "{") else { return }
        // An unclosed argument swallows the rest (rescanning it for every command would be quadratic).
        index = matchingBrace(from: index).map { $0 + 1 } ?? end
    }

    /// `\text{...}` and friends: units vanish, "and"/"or" separate, am/pm mark times, anything else is
    /// tokenized as ordinary content (so `\text{(C)}` is a choice letter and `\mathrm{e}` is Euler's e).
    private mutating func handleTextArgument() {
        while let next = byte(at: index), next == UInt8(ascii: " ") { index += 1 }
        guard byte(at: index) == UInt8(ascii: "{") else { return }
        guard let close = matchingBrace(from: index) else { failed = true; return }
        let contentStart = index + 1
        index = close + 1
        let content = bytes[contentStart..<close]
        if content.allSatisfy(ByteClass.isSpace) { return }
        if content.count <= AnswerLimits.maxUnitPhraseBytes {
            let words = MathTokenizer.lowercasedWords(content)
            let letters = String(decoding: content.filter(ByteClass.isLetter).map(ByteClass.lowercased), as: UTF8.self)
            if UnitWords.isUnitPhrase(words) { skipUnitPower(); return }
            if followsQuantity, UnitWords.isUnitSymbolPhrase(words) { skipUnitPower(); return }
            if words == ["and"] || words == ["or"] { emit(.separator); return }
            if (letters == "am" || letters == "pm") && content.count <= 6 {
                emit(.meridiem(isPM: letters == "pm")); return
            }
        }
        guard depth < AnswerLimits.maxTextNesting,
              let inner = MathTokenizer.tokenize(bytes, start: contentStart, end: close, depth: depth + 1,
                                                flipsAmbiguousCommas: flipsAmbiguousCommas) else {
            failed = true; return
        }
        for token in inner { emit(token) }
    }

    /// The last token ends a quantity (a number, a degree sign, a closing bracket as in `10^{8}`), after
    /// which a unit symbol in `\text{…}` is a unit.
    private var followsQuantity: Bool {
        switch tokens.last {
        case .number, .degree, .close: return true
        default: return false
        }
    }

    private static func lowercasedWords(_ content: ArraySlice<UInt8>) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in content {
            // `~` is LaTeX's non-breaking space (`\mathrm{~m}`).
            if ByteClass.isLetter(byte) { current.append(ByteClass.lowercased(byte)) } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self)); current.removeAll()
                if !ByteClass.isSpace(byte) && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "~") {
                    words.append(String(UnicodeScalar(byte)))
                }
            } else if !ByteClass.isSpace(byte) && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "~") {
                words.append(String(UnicodeScalar(byte)))
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// `^\circ` and `^{\circ}` are degree signs, not powers.
    private mutating func scanCaret() {
        var cursor = index + 1
        while let next = byte(at: cursor), next == UInt8(ascii: " ") { cursor += 1 }
        let braced = byte(at: cursor) == UInt8(ascii: "{")
        let commandStart = braced ? cursor + 1 : cursor
        if byte(at: commandStart) == UInt8(ascii: "\\"), matches("circ", at: commandStart + 1) {
            var after = commandStart + 5
            if braced {
                while let next = byte(at: after), next == UInt8(ascii: " ") { after += 1 }
                guard byte(at: after) == UInt8(ascii: "}") else { emit(.symbol(UInt8(ascii: "^"))); index += 1; return }
                after += 1
            }
            emit(.degree)
            index = after
            return
        }
        emit(.symbol(UInt8(ascii: "^")))
        index += 1
    }

    private func matches(_ word: String, at position: Int) -> Bool {
        var cursor = position
        for expected in word.utf8 {
            guard byte(at: cursor) == expected else { return false }
            cursor += 1
        }
        return !(byte(at: cursor).map(ByteClass.isLetter) ?? false)
    }

    /// Index of the `}` closing the `{` at `open`, or nil. Linear in the distance scanned.
    private func matchingBrace(from open: Int) -> Int? {
        ByteSearch.matchingBrace(in: bytes, from: open, limit: end)
    }

    // MARK: - Non-ASCII

    private mutating func scanNonASCII() {
        if let (fraction, length) = VulgarFraction.read(bytes, at: index, end: end) {
            index += length
            emit(.number(NumberLiteral.computed(fraction)))
            return
        }
        let (scalar, length) = ByteClass.decodeScalar(bytes, at: index, end: end)
        index += length
        switch scalar {
        case 0x2212, 0x2013, 0x2014: emit(.symbol(UInt8(ascii: "-")))
        case 0x00D7, 0x00B7, 0x22C5, 0x2217: emit(.symbol(UInt8(ascii: "*")))
        case 0x00F7, 0x2215: emit(.symbol(UInt8(ascii: "/")))
        case 0x2264, 0x2A7D: emit(.relation(.lessOrEqual))
        case 0x2265, 0x2A7E: emit(.relation(.greaterOrEqual))
        case 0x2260: emit(.relation(.notEqual))
        case 0x2248: emit(.approx)
        case 0x00B1, 0x2213: emit(.plusMinus)
        case 0x00B0, 0x2218: emit(.degree)
        case 0x00B2, 0x00B3:
            emit(.symbol(UInt8(ascii: "^")))
            let value: Int64 = scalar == 0x00B2 ? 2 : 3
            emit(.number(NumberLiteral(exact: Rational(value), approximate: Double(value), fractionalDigits: 0,
                                       integerDigits: 1, exponent: 0)))
        case 0x03C0: emit(.pi)
        case 0x221E: emit(.infinity)
        case 0x221A: emit(.squareRoot)
        case 0x222A: emit(.union)
        case 0x2229: emit(.intersection)
        case 0x211D: emitRealLine()
        case 0x2216: emit(.setMinus)
        case 0x2205: emit(.setOpen); emit(.setClose)
        case 0x2208: emit(.elementOf)
        case 0xFF0C, 0x3001: emit(.separator)
        case 0x3002, 0x00A0, 0x2009, 0x200A, 0x2002, 0x2003, 0x202F, 0x200B, 0xFEFF: break
        // Currency signs, like `\$`: `0,75 €`, `£12`, `¥500`.
        case 0x20AC, 0x00A3, 0x00A5, 0x20B9, 0x20BD, 0x20A9: break
        case 0x2018, 0x2019, 0x201C, 0x201D: break
        case 0xFF08: emit(.open(UInt8(ascii: "(")))
        case 0xFF09: emit(.close(UInt8(ascii: ")")))
        case 0xFF1A: emit(.colon)
        case 0xFF05: emit(.percent)
        default:
            let word = String(UnicodeScalar(scalar).map(Character.init) ?? "?")
            if Self.isNonLatinScriptLetter(word) { emittedScriptWord = true }
            emit(.word(word))
        }
    }
}

extension NumberLiteral {
    /// Builds a literal from ASCII digit runs; exact when the digits and exponent are small enough.
    static func make(integerPart: [UInt8], fractionPart: [UInt8], exponent: Int) -> NumberLiteral {
        make(integerPart: integerPart[...], fractionPart: fractionPart[...], exponent: exponent)
    }

    static func make(integerPart: ArraySlice<UInt8>, fractionPart: ArraySlice<UInt8>, exponent: Int) -> NumberLiteral {
        var exact: Rational?
        var approximate: Double?
        let significant = integerPart.drop(while: { $0 == UInt8(ascii: "0") }).count + fractionPart.count
        if significant <= AnswerLimits.maxExactDigits, abs(exponent) <= 18 {
            var mantissa: Int64 = 0
            for digit in integerPart { mantissa = mantissa &* 10 &+ Int64(digit - 48) }
            for digit in fractionPart { mantissa = mantissa &* 10 &+ Int64(digit - 48) }
            let scale = exponent - fractionPart.count
            if scale == 0 {
                // An integer literal (the common case): what multiplying by 10^0 below would give.
                exact = Rational(mantissa)
            } else if scale > 0, let multiplier = NumberLiteral.powerOfTen(scale) {
                exact = Rational(mantissa).multiplying(Rational(multiplier))
            } else if scale < 0, let divisor = NumberLiteral.powerOfTen(-scale) {
                exact = Rational(numerator: mantissa, denominator: divisor)
            }
            // Both operands exact in a Double (below 2^53): one IEEE operation rounds correctly, the same
            // value as parsing the decimal text, without building a string for every number.
            if mantissa < 1 << 53, abs(scale) <= 22, let power = NumberLiteral.powerOfTen(abs(scale)), power < 1 << 53 {
                approximate = scale >= 0 ? Double(mantissa) * Double(power) : Double(mantissa) / Double(power)
            }
        }
        if approximate == nil {
            var text = Array(integerPart)
            if !fractionPart.isEmpty { text.append(UInt8(ascii: ".")); text.append(contentsOf: fractionPart) }
            if exponent != 0 { text.append(contentsOf: Array("e\(exponent)".utf8)) }
            approximate = Double(String(decoding: text, as: UTF8.self)) ?? .nan
        }
        return NumberLiteral(exact: exact, approximate: approximate ?? .nan, fractionalDigits: fractionPart.count,
                             integerDigits: integerPart.count, exponent: exponent,
                             scaled: exact == nil ? scaledDecimal(integerPart: integerPart, fractionPart: fractionPart,
                                                                  exponent: exponent) : nil)
    }

    /// The digits without leading and trailing zeros as a mantissa, and the power of ten they are scaled
    /// by (at most 18 significant digits, |power| ≤ 400); nil otherwise.
    private static func scaledDecimal(integerPart: ArraySlice<UInt8>, fractionPart: ArraySlice<UInt8>,
                                      exponent: Int) -> ScaledDecimal? {
        let digits = Array(integerPart.drop(while: { $0 == UInt8(ascii: "0") })) + Array(fractionPart)
        var significant = digits[...]
        while significant.last == UInt8(ascii: "0") { significant.removeLast() }
        let tenPower = exponent - fractionPart.count + (digits.count - significant.count)
        guard significant.count <= AnswerLimits.maxExactDigits, abs(tenPower) <= 400 else { return nil }
        return ScaledDecimal(mantissa: MathTokenizer.digitsValue(significant), tenPower: Int32(tenPower))
    }

    static func powerOfTen(_ exponent: Int) -> Int64? {
        guard exponent >= 0, exponent <= 18 else { return nil }
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
