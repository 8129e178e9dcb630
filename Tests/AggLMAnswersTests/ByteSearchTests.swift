import AggLMSupport
import Testing
@testable import AggLMAnswers

@Suite struct ByteSearchTests {
    /// The plain definition: the largest start in the range where the pattern matches.
    static func naiveLastIndex(of pattern: [UInt8], in bytes: [UInt8], range: Range<Int>, caseInsensitive: Bool) -> Int? {
        guard !pattern.isEmpty else { return nil }
        return range.reversed().first { start in
            start + pattern.count <= min(range.upperBound, bytes.count)
                && ByteSearch.matches(pattern, in: bytes, at: start, caseInsensitive: caseInsensitive)
        }
    }

    @Test func lastIndexEqualsTheNaiveSearch() {
        var rng = SplitMix64(seed: 21)
        let alphabet = Array("<>/thinkTHINK#A:a\"\n ".utf8) + [0x00, 0x80, 0xff]
        let patterns = ["</think>", "####", "A:", "\"answer\"", "a", "<"].map { Array($0.utf8) }
        for _ in 0..<20_000 {
            let bytes = (0..<Int(rng.next() % 90)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let pattern = patterns[Int(rng.next() % UInt64(patterns.count))]
            let low = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
            let high = low + Int(rng.next() % UInt64(bytes.count - low + 1))
            let caseInsensitive = rng.next() % 4 == 0
            let fast = ByteSearch.lastIndex(of: pattern, in: bytes, range: low..<high, caseInsensitive: caseInsensitive)
            let naive = Self.naiveLastIndex(of: pattern, in: bytes, range: low..<high, caseInsensitive: caseInsensitive)
            #expect(fast == naive, "\(bytes) \(pattern) \(low)..<\(high)")
            if fast != naive { return }
        }
    }

    @Test func eightByteTestIsExact() {
        var rng = SplitMix64(seed: 22)
        let edgeBytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff]
        for round in 0..<20_000 {
            var word = rng.next()
            if round % 3 == 0 { word &= 0x8080_0101_FF00_7F80 }  // bytes next to the borrow edge cases
            let byte = round % 2 == 0 ? edgeBytes[Int(rng.next() % 7)] : UInt8(truncatingIfNeeded: rng.next())
            if rng.next() % 2 == 0 {
                let shift = 8 * (rng.next() % 8)
                word = (word & ~(UInt64(0xff) << shift)) | (UInt64(byte) << shift)
            }
            let holds = (0..<8).contains { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) == byte }
            #expect(ByteSearch.mayHold(word, byte) == holds)
        }
    }
}
