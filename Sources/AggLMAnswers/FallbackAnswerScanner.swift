/// The unmarked answer of a text: whichever comes last of the last math segment (`$…$`, `$$…$$`, `\(…\)`,
/// `\[…\]`) and the last number outside math; then, for short texts without digits, a lone capital letter
/// (a multiple-choice pick). GSM8K calculator annotations `<<…>>` are skipped.
enum FallbackAnswerScanner {
    private static let annotationClose = Array(">>".utf8)

    /// A number or math segment found by the scan. Its text is built only for the one that is returned
    /// (a long solution holds hundreds of numbers): it is `bytes[textRange]`, with the byte at
    /// `decimalComma` (a decimal comma, `2,74`) read as a point.
    private struct Span {
        var start: Int
        var end: Int
        var textRange: Range<Int>
        var decimalComma: Int? = nil

        func text(_ bytes: [UInt8]) -> String {
            guard let decimalComma else { return String(decoding: bytes[textRange], as: UTF8.self) }
            var output = Array(bytes[textRange])
            output[decimalComma - textRange.lowerBound] = UInt8(ascii: ".")
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// `first`: the first number or math segment instead of the last one (a marked prose sentence).
    static func lastAnswer(in bytes: [UInt8], range: Range<Int>, allowLetters: Bool = true, first: Bool = false) -> String? {
        var lastSegment: Span?
        var lastNumber: Span?
        var delimiterCount = 0
        var blocked = SegmentBlocks()
        var noAnnotationCloseBefore = range.lowerBound
        var cursor = range.lowerBound
        var previous: UInt8 = UInt8(ascii: " ")
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "<"), cursor + 1 < range.upperBound, bytes[cursor + 1] == UInt8(ascii: "<") {
                // A calculator annotation `<<…>>` (at most 200 bytes). Positions already searched without
                // finding `>>` are not searched again, so runs of `<<` stay linear.
                let windowEnd = min(range.upperBound, cursor + 200)
                let searchStart = max(cursor + 2, noAnnotationCloseBefore)
                if searchStart < windowEnd,
                   let close = ByteSearch.firstIndex(of: annotationClose, in: bytes, range: searchStart..<windowEnd) {
                    cursor = close + 2
                    previous = UInt8(ascii: " ")
                    continue
                }
                noAnnotationCloseBefore = max(noAnnotationCloseBefore, windowEnd - 1)
            }
            if byte == UInt8(ascii: "\\"), cursor + 1 < range.upperBound,
               bytes[cursor + 1] == UInt8(ascii: ")") || bytes[cursor + 1] == UInt8(ascii: "]") {
                delimiterCount += 1
            }
            if let segment = mathSegment(bytes, at: cursor, limit: range.upperBound, delimiterCount: &delimiterCount,
                                         blocked: &blocked) {
                if first { return segment.text(bytes) }
                lastSegment = segment
                cursor = segment.end
                previous = UInt8(ascii: " ")
                continue
            }
            if byte == UInt8(ascii: "\\"), let fraction = numericCommand(bytes, at: cursor, limit: range.upperBound) {
                if first { return fraction.text(bytes) }
                lastNumber = fraction
                cursor = fraction.end
                previous = UInt8(ascii: "}")
                continue
            }
            if ByteClass.isDigit(byte) || (byte == UInt8(ascii: ".") && cursor + 1 < range.upperBound && ByteClass.isDigit(bytes[cursor + 1])),
               !(ByteClass.isLetter(previous) || previous == UInt8(ascii: "_") || ByteClass.isDigit(previous)) {
                let number = scanNumber(bytes, at: cursor, limit: range.upperBound)
                if first { return number.text(bytes) }
                lastNumber = number
                cursor = number.end
                previous = bytes[cursor - 1]
                continue
            }
            previous = byte
            cursor += 1
        }
        if let segment = lastSegment {
            if let number = lastNumber, number.start >= segment.end { return number.text(bytes) }
            return segment.text(bytes)
        }
        // A short text whose math delimiters enclose no valid segment (`$ \n 9 \n $`) is malformed: abstain.
        if delimiterCount >= 2 && range.count <= 200 { return nil }
        if let number = lastNumber { return number.text(bytes) }
        guard allowLetters, range.count <= 400,
              !bytes[range].contains(where: ByteClass.isDigit) else { return nil }
        return standaloneCapital(in: Array(bytes[range]), first: false)
    }

    /// A standalone capital letter other than "I" (first or last occurrence).
    static func standaloneCapital(in bytes: [UInt8], first: Bool) -> String? {
        var found: UInt8?
        for index in 0..<bytes.count where ByteClass.isUpper(bytes[index]) && bytes[index] != UInt8(ascii: "I") {
            let before = index > 0 ? bytes[index - 1] : UInt8(ascii: " ")
            let after = index + 1 < bytes.count ? bytes[index + 1] : UInt8(ascii: " ")
            guard !ByteClass.isLetter(before), !ByteClass.isDigit(before), before != UInt8(ascii: "\\"),
                  !ByteClass.isLetter(after), !ByteClass.isDigit(after), after != UInt8(ascii: "'") else { continue }
            found = bytes[index]
            if first { break }
        }
        return found.map { String(UnicodeScalar($0)) }
    }

    /// For each delimiter kind, the position up to which no closer exists after the last failed scan: an
    /// opener before it cannot succeed either, so it is rejected without rescanning (keeps the scan linear).
    private struct SegmentBlocks {
        var inlineDollar = 0
        var displayDollar = 0
        var parenthesis = 0
        var bracket = 0
    }

    /// A math segment starting at `index`, if any. Inline `$…$` and `\(…\)` may not span lines.
    private static func mathSegment(_ bytes: [UInt8], at index: Int, limit: Int, delimiterCount: inout Int,
                                    blocked: inout SegmentBlocks) -> Span? {
        let byte = bytes[index]
        if byte == UInt8(ascii: "$") {
            if index > 0 && bytes[index - 1] == UInt8(ascii: "\\") { return nil }
            delimiterCount += 1
            let display = index + 1 < limit && bytes[index + 1] == UInt8(ascii: "$")
            if index < (display ? blocked.displayDollar : blocked.inlineDollar) { return nil }
            let contentStart = index + (display ? 2 : 1)
            var cursor = contentStart
            while cursor < limit {
                let current = bytes[cursor]
                if current == UInt8(ascii: "\\") { cursor += 2; continue }
                if current == UInt8(ascii: "\n") && !display { break }
                if current == UInt8(ascii: "$") {
                    if display {
                        guard cursor + 1 < limit, bytes[cursor + 1] == UInt8(ascii: "$") else { return nil }
                        delimiterCount += 1
                        return segment(bytes, contentStart, cursor, end: cursor + 2)
                    }
                    if isProseBetweenDollars(bytes, contentStart..<cursor) {
                        // Two currency signs, not math: the scan goes on inside (`how much $? about 1$`).
                        delimiterCount -= 1
                        return nil
                    }
                    delimiterCount += 1
                    return segment(bytes, contentStart, cursor, end: cursor + 1)
                }
                cursor += 1
            }
            if display { blocked.displayDollar = cursor } else { blocked.inlineDollar = cursor }
            return nil
        }
        guard byte == UInt8(ascii: "\\"), index + 1 < limit else { return nil }
        let opener = bytes[index + 1]
        guard opener == UInt8(ascii: "(") || opener == UInt8(ascii: "[") else { return nil }
        delimiterCount += 1
        let isParenthesis = opener == UInt8(ascii: "(")
        if index < (isParenthesis ? blocked.parenthesis : blocked.bracket) { return nil }
        let closer = isParenthesis ? UInt8(ascii: ")") : UInt8(ascii: "]")
        var cursor = index + 2
        while cursor + 1 < limit {
            if bytes[cursor] == UInt8(ascii: "\n") && isParenthesis { break }
            if bytes[cursor] == UInt8(ascii: "\\") {
                if bytes[cursor + 1] == closer {
                    delimiterCount += 1
                    return segment(bytes, index + 2, cursor, end: cursor + 2)
                }
                cursor += 2
                continue
            }
            cursor += 1
        }
        if isParenthesis { blocked.parenthesis = cursor } else { blocked.bracket = cursor }
        return nil
    }

    /// Inline `$…$` content that is prose, not math: two or more prose words (`AnswerRefiner.proseWordCount`)
    /// and none of the bytes LaTeX math is written with (`\`, braces, `^`, `_`, `=`), so `$f = ma$` and
    /// `$3 \cdot 3$` stay math.
    private static func isProseBetweenDollars(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.count >= 7, !bytes[range].contains(where: { mathWritingBytes.contains($0) }) else { return false }
        return AnswerRefiner.proseWordCount(Array(bytes[range])) >= 2
    }

    private static let mathWritingBytes: [UInt8] = Array("\\{}^_=".utf8)

    private static func segment(_ bytes: [UInt8], _ start: Int, _ end: Int, end spanEnd: Int) -> Span? {
        let trimmed = TextNormalizer.trimmedAnswerRange(bytes, within: start..<end)
        guard !trimmed.isEmpty else { return nil }
        return Span(start: start, end: spanEnd, textRange: trimmed)
    }

    private static let numericCommands: [[UInt8]] = ["frac", "dfrac", "tfrac", "sqrt"].map { Array($0.utf8) }

    /// `\frac{2}{5}`, `\dfrac{3}{4}`, `\sqrt{2}` written in prose without math delimiters (as Chinese and
    /// other solutions often do): one number, not the digits inside its braces. Only plain numeric
    /// arguments (digits, spaces, a decimal point), so a formula with variables stays out.
    private static func numericCommand(_ bytes: [UInt8], at start: Int, limit: Int) -> Span? {
        var cursor = start + 1
        let nameStart = cursor
        while cursor < limit, cursor - nameStart < 6, ByteClass.isLetter(bytes[cursor]) { cursor += 1 }
        let name = bytes[nameStart..<cursor]
        guard let command = numericCommands.first(where: { name.elementsEqual($0) }) else { return nil }
        let argumentCount = command.last == UInt8(ascii: "t") ? 1 : 2
        for _ in 0..<argumentCount {
            guard cursor < limit, bytes[cursor] == UInt8(ascii: "{") else { return nil }
            cursor += 1
            let contentStart = cursor
            while cursor < limit, cursor - contentStart <= 24,
                  ByteClass.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: ".") {
                cursor += 1
            }
            guard cursor > contentStart, cursor < limit, bytes[cursor] == UInt8(ascii: "}") else { return nil }
            cursor += 1
        }
        var begin = start
        if start > 0, bytes[start - 1] == UInt8(ascii: "-") { begin = start - 1 }
        return Span(start: begin, end: cursor, textRange: begin..<cursor)
    }

    /// A number: optional minus, digits with `,ddd` groups, a decimal part (`.` or a decimal comma `2,74`),
    /// an optional `/digits` fraction and `%`.
    private static func scanNumber(_ bytes: [UInt8], at start: Int, limit: Int) -> Span {
        var begin = start
        if start > 0, bytes[start - 1] == UInt8(ascii: "-"),
           start < 2 || !ByteClass.isWordByte(bytes[start - 2]) {
            begin = start - 1
        }
        var cursor = start
        var decimalComma: Int?
        func digitRun(at position: Int) -> Int {
            var end = position
            while end < limit, ByteClass.isDigit(bytes[end]) { end += 1 }
            return end - position
        }
        cursor += digitRun(at: cursor)
        while true {
            if cursor + 1 < limit, bytes[cursor] == UInt8(ascii: ","), digitRun(at: cursor + 1) == 3 {
                cursor += 4
                continue
            }
            // `14{,}916`, `48 {, }210`: LaTeX's braced thousands comma.
            var brace = cursor
            while brace < limit, bytes[brace] == UInt8(ascii: " ") { brace += 1 }
            if let group = MathTokenizer.bracedCommaEnd(bytes, from: brace, limit: limit), digitRun(at: group) == 3 {
                cursor = group + 3
                continue
            }
            break
        }
        if cursor + 1 < limit, bytes[cursor] == UInt8(ascii: "."), ByteClass.isDigit(bytes[cursor + 1]) {
            cursor += 1 + digitRun(at: cursor + 1)
        } else if cursor + 1 < limit, bytes[cursor] == UInt8(ascii: ","), (1...2).contains(digitRun(at: cursor + 1)) {
            // No point can precede this comma: the branch above did not take one.
            decimalComma = cursor
            cursor += 1 + digitRun(at: cursor + 1)
        }
        if cursor + 1 < limit, bytes[cursor] == UInt8(ascii: "/"), ByteClass.isDigit(bytes[cursor + 1]) {
            cursor += 1 + digitRun(at: cursor + 1)
        }
        if cursor < limit, bytes[cursor] == UInt8(ascii: "%") {
            cursor += 1
        }
        return Span(start: begin, end: cursor, textRange: begin..<cursor, decimalComma: decimalComma)
    }
}
