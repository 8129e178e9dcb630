import AggLMAnswers

/// Grades one `{"gold", "pred"}` input line into one output line. A line's output depends on its bytes and
/// its number alone (the memo only saves work), so any split of the input over several graders, each owned
/// by one thread, writes the same bytes as one grader.
struct PairGrader {
    private static let keys = [Array("gold".utf8), Array("pred".utf8)]
    let maxLineBytes: Int
    private var memo: ReadingMemo

    init(maxLineBytes: Int, memoEntries: Int) {
        self.maxLineBytes = maxLineBytes
        memo = ReadingMemo(capacity: max(0, memoEntries))
    }

    /// Appends the verdict on `line` (nil: a line longer than `maxLineBytes`) to `output`; returns the
    /// error message when the line could not be graded (it is then graded as not equal, with that error).
    /// Missing or non-string "gold"/"pred" read as empty answers.
    mutating func grade(_ line: UnsafeBufferPointer<UInt8>?, lineNumber: Int, into output: inout ByteOutput) -> String? {
        let fields: [[UInt8]?]
        switch line.map({ JSONStringFields.readUTF8($0, keys: Self.keys) }) {
        case .success(let values)?:
            fields = values
        case .failure(let failure)?:
            let message = "line \(lineNumber): \(failure)"
            output.appendUngraded(error: message)
            return message
        case nil:
            let message = "line \(lineNumber): longer than \(maxLineBytes) bytes"
            output.appendUngraded(error: message)
            return message
        }
        let gold = memo.read(fields[0] ?? [])
        let prediction = memo.read(fields[1] ?? [])
        var equal = false
        if let gold, let prediction { equal = Equivalence.equivalent(gold, prediction) }
        output.appendVerdict(equal: equal, gold: gold?.canonical.key, prediction: prediction?.canonical.key)
        return nil
    }
}

/// The lines a grading run could not grade: how many, and the first of them in input order.
struct InvalidLines: Equatable, Sendable {
    private(set) var count = 0
    private(set) var first: String?

    mutating func record(_ message: String) {
        count += 1
        if first == nil { first = message }
    }

    /// Adds the tally of lines that come after this one's.
    mutating func append(_ later: InvalidLines) {
        count += later.count
        if first == nil { first = later.first }
    }

    /// The standard-error line of `agglm grade`, nil when every line was graded.
    var summary: String? {
        first.map { "agglm grade: \(count) invalid line(s); first: \($0)" }
    }
}
