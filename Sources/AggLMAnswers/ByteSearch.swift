/// Substring search over UTF-8 bytes (naive, O(n·m) with short fixed patterns: no backtracking).
enum ByteSearch {
    /// Start of the last occurrence of `pattern` in `bytes[range]`, ASCII case-insensitive if asked.
    static func lastIndex(of pattern: [UInt8], in bytes: [UInt8], range: Range<Int>, caseInsensitive: Bool = false) -> Int? {
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        // Starts outside `bytes` never match, so the scan covers only the valid ones. It runs over whole
        // solution texts for patterns that are usually absent: test the first byte before the full match.
        let lowest = max(range.lowerBound, 0)
        let first = pattern[0]
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var start = min(range.upperBound, buffer.count) - pattern.count
            while start >= lowest {
                // Eight starts at a time while none of them holds the first byte (exact case only).
                if !caseInsensitive, start - 7 >= lowest, let base = buffer.baseAddress,
                   !mayHold(UnsafeRawPointer(base + (start - 7)).loadUnaligned(as: UInt64.self), first) {
                    start -= 8
                    continue
                }
                let byte = buffer[start]
                if (byte == first || (caseInsensitive && ByteClass.lowercased(byte) == first))
                    && matches(pattern, in: bytes, at: start, caseInsensitive: caseInsensitive) {
                    return start
                }
                start -= 1
            }
            return nil
        }
    }

    /// Whether one of the eight bytes of `word` is `byte`: the exact has-a-zero-byte test on
    /// `word ^ byte·0x01…01` (the lowest zero byte always sets its high bit in `(x - 0x01…01) & ~x`, and
    /// without a zero byte no subtraction borrows, so no high bit is set).
    @inline(__always)
    static func mayHold(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], range: Range<Int>, caseInsensitive: Bool = false) -> Int? {
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        var start = range.lowerBound
        while start + pattern.count <= range.upperBound {
            if matches(pattern, in: bytes, at: start, caseInsensitive: caseInsensitive) { return start }
            start += 1
        }
        return nil
    }

    @inline(__always)
    static func matches(_ pattern: [UInt8], in bytes: [UInt8], at start: Int, caseInsensitive: Bool) -> Bool {
        guard start >= 0, start + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count {
            let byte = bytes[start + offset]
            let expected = pattern[offset]
            if byte == expected { continue }
            if caseInsensitive && ByteClass.lowercased(byte) == expected { continue }
            return false
        }
        return true
    }

    /// Index of the `}` matching the `{` at `open` (backslash escapes skipped), or nil; stops at `limit`.
    static func matchingBrace(in bytes: [UInt8], from open: Int, limit: Int) -> Int? {
        var level = 0
        var cursor = open
        while cursor < limit {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\\") { cursor += 2; continue }
            if byte == UInt8(ascii: "{") { level += 1 }
            if byte == UInt8(ascii: "}") {
                level -= 1
                if level == 0 { return cursor }
            }
            cursor += 1
        }
        return nil
    }

    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
