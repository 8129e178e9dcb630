import AggLMAnswers

/// Readings of recently seen strings. Grading files repeat strings (each gold once per candidate, popular
/// wrong answers many times); the memo holds at most `capacity` of them and starts over when full, so
/// memory stays bounded and results never depend on it (a reading is a pure function of its string).
struct ReadingMemo {
    let capacity: Int
    /// Keyed by the string's UTF-8 bytes (valid UTF-8, as `JSONStringFields.readUTF8` returns them).
    private var readings: [[UInt8]: GradingReader.Reading?] = [:]

    init(capacity: Int) { self.capacity = capacity }

    mutating func read(_ text: [UInt8]) -> GradingReader.Reading? {
        guard capacity > 0 else { return GradingReader.read(utf8: text) }
        if let known = readings[text] { return known }
        let reading = GradingReader.read(utf8: text)
        if readings.count >= capacity { readings.removeAll(keepingCapacity: true) }
        readings[text] = reading
        return reading
    }
}
