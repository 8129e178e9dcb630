import AggLMAnswers

/// Readings of recently seen strings. Grading files repeat strings (each gold once per candidate, popular
/// wrong answers many times); the memo holds at most `capacity` of them and starts over when full, so
/// memory stays bounded and results never depend on it (a reading is a pure function of its string).
struct ReadingMemo {
    let capacity: Int
    /// Keyed by the string's UTF-8 bytes (valid UTF-8, as `JSONStringFields.readUTF8` returns them).
    private var readings: [UTF8Key: GradingReader.Reading?] = [:]

    init(capacity: Int) { self.capacity = capacity }

    mutating func read(_ text: [UInt8]) -> GradingReader.Reading? {
        guard capacity > 0 else { return GradingReader.read(utf8: text) }
        let key = UTF8Key(bytes: text)
        if let known = readings[key] { return known }
        let reading = GradingReader.read(utf8: text)
        if readings.count >= capacity { readings.removeAll(keepingCapacity: true) }
        readings[key] = reading
        return reading
    }

    /// A string's bytes hashed in one call, as `String` hashes its UTF-8: `[UInt8]`'s own hashing feeds
    /// the hasher one element at a time, which made a memo hit cost more than the `String` key it replaced.
    private struct UTF8Key: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
