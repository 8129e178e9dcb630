/// Reads the `"answer"` field of a JSON object embedded in a model output, tolerating the usual breakage:
/// unescaped LaTeX backslashes (`"\frac{1}{2}"`), a missing closing quote, unquoted values.
enum JSONAnswerScanner {
    private static let key = Array("\"answer\"".utf8)

    /// What the last `"answer"` field of a text says.
    enum Field: Equatable {
        case answer(String)
        /// The prompt template's placeholder (`___`, `...`, `…`): the model filled in its reasoning and
        /// left the answer blank, which is declining to answer, not an answer.
        case placeholder
    }

    /// The last `"answer": value` in the text; nil when there is none or the value is empty or null.
    static func answer(in bytes: [UInt8]) -> Field? {
        guard let found = ByteSearch.lastIndex(of: key, in: bytes, range: 0..<bytes.count) else { return nil }
        var cursor = found + key.count
        while cursor < bytes.count, ByteClass.isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
        cursor += 1
        while cursor < bytes.count, ByteClass.isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count else { return nil }
        let value: [UInt8]
        if bytes[cursor] == UInt8(ascii: "\"") {
            value = decodeString(bytes, from: cursor + 1)
        } else if bytes[cursor] == UInt8(ascii: "{") {
            // `"answer": {"glasses": 86, "plates": 42}`: the values, as a list.
            guard let close = ByteSearch.matchingBrace(in: bytes, from: cursor, limit: bytes.count) else { return nil }
            value = objectValues(bytes, (cursor + 1)..<close)
        } else {
            var end = cursor
            while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: "}"),
                  bytes[end] != UInt8(ascii: "\n") { end += 1 }
            value = Array(bytes[cursor..<end])
        }
        // Before the empty test: answer trimming strips dots, which would make `...` read as empty.
        if isPlaceholder(value) { return .placeholder }
        let trimmed = TextNormalizer.trimmedAnswerBytes(value)
        if trimmed.isEmpty || trimmed == Array("null".utf8) { return nil }
        return .answer(String(decoding: value, as: UTF8.self))
    }

    /// Underscores, dots and ellipses (`…` is E2 80 A6 in UTF-8), at least one, and spaces.
    private static func isPlaceholder(_ value: [UInt8]) -> Bool {
        var marks = 0
        for byte in value {
            if ByteClass.isSpace(byte) { continue }
            guard byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == 0xE2 || byte == 0x80 || byte == 0xA6 else {
                return false
            }
            marks += 1
        }
        return marks > 0
    }

    /// Decodes a JSON string body up to its closing quote (or the end of the line when it is missing).
    /// A backslash before letters that spell a LaTeX command is kept literally: models often forget to
    /// escape `\frac`, and `\f`/`\n` + letters is far more often LaTeX than a control character.
    private static func decodeString(_ bytes: [UInt8], from start: Int) -> [UInt8] {
        var output: [UInt8] = []
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), cursor + 1 < bytes.count {
                let next = bytes[cursor + 1]
                let followedByLetter = cursor + 2 < bytes.count && ByteClass.isLetter(bytes[cursor + 2])
                switch next {
                case UInt8(ascii: "\""), UInt8(ascii: "/"):
                    output.append(next); cursor += 2; continue
                case UInt8(ascii: "\\"):
                    output.append(next); cursor += 2; continue
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    if !followedByLetter { output.append(UInt8(ascii: " ")); cursor += 2; continue }
                case UInt8(ascii: "u"):
                    if cursor + 5 < bytes.count, let scalar = hexScalar(bytes[(cursor + 2)..<(cursor + 6)]) {
                        output.append(contentsOf: Array(String(Character(scalar)).utf8))
                        cursor += 6
                        continue
                    }
                default:
                    break
                }
                output.append(byte)
                cursor += 1
                continue
            }
            output.append(byte)
            cursor += 1
        }
        return output
    }

    /// The scalar values of a flat JSON object, joined with ", ".
    private static func objectValues(_ bytes: [UInt8], _ range: Range<Int>) -> [UInt8] {
        var values: [[UInt8]] = []
        var cursor = range.lowerBound
        var inString = false
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { inString.toggle() }
            if !inString && byte == UInt8(ascii: ":") {
                var start = cursor + 1
                while start < range.upperBound, ByteClass.isSpace(bytes[start]) { start += 1 }
                var end = start
                if start < range.upperBound, bytes[start] == UInt8(ascii: "\"") {
                    start += 1
                    end = start
                    while end < range.upperBound, bytes[end] != UInt8(ascii: "\"") { end += 1 }
                } else {
                    while end < range.upperBound, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: "\n") { end += 1 }
                }
                values.append(Array(bytes[start..<max(start, end)]))
                cursor = end
                continue
            }
            cursor += 1
        }
        return Array(values.map { TextNormalizer.trimmedAnswerBytes($0) }.joined(separator: Array(", ".utf8)))
    }

    private static func hexScalar(_ digits: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt32
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt32(digit - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt32(digit - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt32(digit - 55)
            default: return nil
            }
            value = value << 4 | nibble
        }
        return Unicode.Scalar(value)
    }
}
