/// Reading JSON from UTF-8 bytes by hand, in one linear pass with a nesting-depth cap, so hostile
/// input (a checkpoint header) costs at most O(length) time and bounded stack.
extension JSONValue {
    public struct ParseError: Error, Equatable {
        public let offset: Int
        public let reason: String
    }

    /// Parses exactly one value surrounded by optional whitespace. The caller has validated the bytes as UTF-8.
    public static func parse(_ bytes: ArraySlice<UInt8>, maximumDepth: Int) throws(ParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("trailing characters after the JSON value") }
        return value
    }
}

private struct JSONParser {
    let bytes: ArraySlice<UInt8>
    let maximumDepth: Int
    var index: Int

    init(bytes: ArraySlice<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        index = bytes.startIndex
    }

    var atEnd: Bool { index >= bytes.endIndex }

    func error(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: index - bytes.startIndex, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth < maximumDepth else { throw error("nesting deeper than \(maximumDepth)") }
        guard index < bytes.endIndex else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: String) throws(JSONValue.ParseError) {
        for byte in word.utf8 {
            guard index < bytes.endIndex, bytes[index] == byte else { throw error("invalid literal") }
            index += 1
        }
    }

    mutating func object(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        index += 1  // {
        var pairs: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            skipWhitespace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            pairs.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.endIndex else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func array(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        index += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.endIndex else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    /// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    mutating func number() throws(JSONValue.ParseError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.endIndex, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.endIndex, isDigit(bytes[index]) else { throw error("invalid fraction") }
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.endIndex, isDigit(bytes[index]) else { throw error("invalid exponent") }
            while index < bytes.endIndex, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A string with all JSON escapes; raw control characters and lone surrogates are errors.
    /// The caller has already validated the header as UTF-8.
    mutating func string() throws(JSONValue.ParseError) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.endIndex else { throw error("unterminated string") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.endIndex else { throw error("unterminated escape") }
                let escape = bytes[index]
                index += 1
                if let unescaped = JSONEscape.simple(escape) {
                    utf8.append(unescaped)
                    continue
                }
                guard escape == UInt8(ascii: "u") else { throw error("invalid escape") }
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.endIndex, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                    code = JSONEscape.combine(high: code, low: low)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw error("lone low surrogate")
                }
                JSONEscape.appendUTF8(code, to: &utf8)
            default:
                guard byte >= 0x20 else { throw error("raw control character in string") }
                utf8.append(byte)
            }
        }
    }

    mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard let code = JSONEscape.hex4(bytes, at: index) else { throw error("invalid or truncated \\u escape") }
        index += 4
        return code
    }
}
