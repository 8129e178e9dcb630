/// Input lines read ahead so several threads can grade them: their bytes back to back, where each line
/// is (nil: longer than the line limit, graded as an error), and the number of the first line.
struct LineBatch: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var lines: [Range<Int>?] = []
    /// 1-based number of `lines[0]` in the input, so error messages keep their line numbers.
    private(set) var firstLineNumber = 1

    var count: Int { lines.count }

    mutating func append(_ line: UnsafeBufferPointer<UInt8>?) {
        guard let line else { lines.append(nil); return }
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append(start..<bytes.count)
    }

    /// Empties the batch for the lines that follow it (keeping its storage).
    mutating func startNext() {
        firstLineNumber += lines.count
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    func withLine<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        guard let range = lines[index] else { return body(nil) }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Contiguous runs of lines for `threads` threads: at least four per thread when there are enough
    /// lines, so a thread slowed by other jobs takes fewer runs, and at most 64 lines each, so the threads
    /// that finish first wait little for the last run of a batch.
    func slices(threads: Int) -> [Range<Int>] {
        let perSlice = max(1, min(64, count / max(1, threads * 4)))
        return stride(from: 0, to: count, by: perSlice).map { $0..<min(count, $0 + perSlice) }
    }
}
