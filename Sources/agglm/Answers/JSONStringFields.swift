import AggLMSupport

/// Reads chosen string fields of one JSON object (one JSON Lines line) without building a dictionary:
/// the `agglm grade` hot path, where Foundation's `JSONSerialization` cost more than grading itself.
///
/// Strict enough to reject what is not one JSON object (a clear error with the byte offset), bounded:
/// one forward pass, nested values skipped with a depth counter capped at `maxDepth`, no recursion.
/// Fields other than the chosen ones are validated only as far as skipping them needs (strings, numbers,
/// literals and brackets are checked lexically). A chosen key that holds a non-string value reads as absent,
/// and when a key repeats the last value wins, as with `JSONSerialization`.
struct JSONStringFields {
    static let maxDepth = 64

    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "\(reason) at byte \(offset + 1)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The values of `keys` (nil where absent or not a string), in the order of `keys`.
    static func read(_ line: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) -> Result<[String?], Failure> {
        readUTF8(line, keys: keys).map { values in values.map { $0.map { String(decoding: $0, as: UTF8.self) } } }
    }

    /// `read` as valid UTF-8 bytes, without building a `String` per value (the `agglm grade` hot path hands
    /// them to `GradingReader.read(utf8:)` directly). Each value is exactly the UTF-8 of the `String` that
    /// `read` returns: bytes that are not valid UTF-8 are repaired the same way (U+FFFD).
    static func readUTF8(_ line: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) -> Result<[[UInt8]?], Failure> {
        var reader = JSONStringFields(line)
        do {
            return .success(try reader.object(keys: keys))
        } catch {
            return .failure(error)
        }
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard current == byte else { throw fail("expected \(what)") }
        position += 1
    }

    private mutating func object(keys: [[UInt8]]) throws(Failure) -> [[UInt8]?] {
        var values: [[UInt8]?] = []
        values.reserveCapacity(keys.count)
        for _ in keys { values.append(nil) }
        try expect(UInt8(ascii: "{"), "'{' (a JSON object)")
        skipSpace()
        if current == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyIndex = try keyIndex(keys)
                try expect(UInt8(ascii: ":"), "':'")
                skipSpace()
                if let index = keyIndex {
                    if current == UInt8(ascii: "\"") { values[index] = try string() } else {
                        values[index] = nil
                        try skipValue()
                    }
                } else {
                    try skipValue()
                }
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the object") }
        return values
    }

    /// The position in `keys` of the key string starting at the opening quote (nil for another key). A key
    /// without escapes is compared in place, not decoded into a `String` first.
    private mutating func keyIndex(_ keys: [[UInt8]]) throws(Failure) -> Int? {
        let start = position + 1
        let end = plainRunEnd(from: start)
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            position = end + 1
            let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return keys.firstIndex { $0.elementsEqual(key) }
        }
        let key = try string()
        return keys.firstIndex { $0.elementsEqual(key) }
    }

    /// The end of the run of string bytes from `start` that need no decoding: the first quote, backslash or
    /// control character (or the end of the line).
    private func plainRunEnd(from start: Int) -> Int {
        var cursor = start
        let count = bytes.count
        // Eight bytes at a time while none of them ends the run (values are mostly plain text).
        if let base = bytes.baseAddress {
            while cursor + 8 <= count,
                  !Self.mayEndRun(UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)) {
                cursor += 8
            }
        }
        while cursor < count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            cursor += 1
        }
        return cursor
    }

    /// Whether one of the eight bytes of `word` may be a quote, a backslash or a control character: never
    /// false when one is (the byte loop after it decides exactly). The has-a-zero-byte test
    /// (`(x - 0x01…01) & ~x & 0x80…80`, on `word` XOR the byte repeated) for the two bytes, and its
    /// has-a-byte-below-n form (`(x - n·0x01…01) & ~x & 0x80…80`, n ≤ 128) for the control characters.
    @inline(__always)
    private static func mayEndRun(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        return ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes | (word &- ones &* 0x20) & ~word) & highs != 0
    }

    /// A string literal starting at the opening quote, decoded to valid UTF-8.
    private mutating func string() throws(Failure) -> [UInt8] {
        position += 1
        let start = position
        // Fast path: no escapes.
        position = plainRunEnd(from: start)
        if let byte = current, byte < 0x20 { throw fail("control character in a string") }
        guard let stop = current else { throw fail("unterminated string") }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return Self.validUTF8(Array(UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])))
        }
        // Escapes (LaTeX answers are full of `\\`): plain runs between them are copied whole, not byte by byte.
        var decoded: [UInt8] = []
        decoded.reserveCapacity(2 * (position - start) + 64)
        var runStart = start
        while true {
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
            guard let byte = current else { throw fail("unterminated string") }
            position += 1
            if byte == UInt8(ascii: "\"") { return Self.validUTF8(decoded) }
            try escape(into: &decoded)
            runStart = position
            position = plainRunEnd(from: position)
            if let byte = current, byte < 0x20 { throw fail("control character in a string") }
        }
    }

    /// `bytes` when they are valid UTF-8 (always, for ASCII), else the UTF-8 of `String(decoding:as:)`'s
    /// repair: what a `String` made from them would hold.
    private static func validUTF8(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard let kind = current else { throw fail("unterminated escape") }
        position += 1
        // `\\` is by far the most common escape (LaTeX answers).
        if kind == UInt8(ascii: "\\") {
            decoded.append(kind)
            return
        }
        if let byte = JSONEscape.simple(kind) {
            decoded.append(byte)
            return
        }
        guard kind == UInt8(ascii: "u") else { throw fail("invalid escape") }
        var scalar = try hex4()
        if scalar >= 0xD800 && scalar < 0xDC00 {
            // A high surrogate pairs with a following \uDC00–\uDFFF; alone it is not a character.
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                let saved = position
                position += 2
                let low = try hex4()
                if low >= 0xDC00 && low < 0xE000 {
                    scalar = JSONEscape.combine(high: scalar, low: low)
                } else {
                    position = saved
                    scalar = 0xFFFD
                }
            } else {
                scalar = 0xFFFD
            }
        } else if scalar >= 0xDC00 && scalar < 0xE000 {
            scalar = 0xFFFD
        }
        JSONEscape.appendUTF8(scalar, to: &decoded)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard let value = JSONEscape.hex4(bytes, at: position) else { throw fail("invalid \\u escape") }
        position += 4
        return value
    }

    /// Skips one value of any type; nested arrays and objects with a depth counter, strings lexically.
    private mutating func skipValue() throws(Failure) {
        var depth = 0
        repeat {
            skipSpace()
            guard let byte = current else { throw fail("missing value") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
                position += 1
                continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { throw fail("unbalanced '\(UnicodeScalar(byte))'") }
                depth -= 1
                position += 1
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { throw fail("unexpected '\(UnicodeScalar(byte))'") }
                position += 1
                continue
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                while let next = current, next == UInt8(ascii: "-") || next == UInt8(ascii: "+") || next == UInt8(ascii: ".")
                    || next == UInt8(ascii: "e") || next == UInt8(ascii: "E")
                    || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) { position += 1 }
            default:
                throw fail("invalid value")
            }
        } while depth > 0
    }

    private mutating func skipString() throws(Failure) -> Bool {
        position += 1
        while let byte = current {
            position += 1
            if byte == UInt8(ascii: "\"") { return true }
            if byte == UInt8(ascii: "\\") { position += 1 } else if byte < 0x20 { throw fail("control character in a string") }
        }
        throw fail("unterminated string")
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count,
              bytes[position..<(position + expected.count)].elementsEqual(expected) else { throw fail("invalid literal") }
        position += expected.count
    }
}
