import AggLMAnswers

/// Readings of recently seen strings. Grading files repeat strings (each gold once per candidate, popular
/// wrong answers many times); the memo holds at most `capacity` of them and starts over when full, so
/// memory stays bounded and results never depend on it (a reading is a pure function of its string).
struct ReadingMemo {
    let capacity: Int
    private var readings: [String: GradingReader.Reading?] = [:]

    init(capacity: Int) { self.capacity = capacity }

    mutating func read(_ text: String) -> GradingReader.Reading? {
        guard capacity > 0 else { return GradingReader.read(text) }
        if let known = readings[text] { return known }
        let reading = GradingReader.read(text)
        if readings.count >= capacity { readings.removeAll(keepingCapacity: true) }
        readings[text] = reading
        return reading
    }
}
