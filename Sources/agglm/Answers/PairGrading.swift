import AggLMSupport
import Synchronization

/// One `agglm grade` run over a file, on one thread or several, with the same output bytes either way.
///
/// One thread streams: each line is graded as it is read. Several threads grade a batch at a time: the
/// reading thread collects up to `batchLines` lines or `batchBytes` bytes (one longer line makes a batch of
/// its own), `ParallelMap` hands contiguous slices of it to the threads from a shared counter, each slice
/// is written into its own buffer by the grader its thread leased, and the buffers go out in slice order.
/// Memory is bounded by one batch in flight: the next batch is read only after this one was written, so
/// input held is at most `batchBytes` plus one line of `maxLineBytes`, plus that batch's output.
enum PairGrading {
    static let defaultBatchLines = 8192
    static let batchBytes = 4 << 20

    /// Grades the lines of `pairs` ("-" = standard input) and writes one JSON line per input line to
    /// `descriptor`; returns the lines it could not grade.
    static func run(
        pairs: String, maxLineBytes: Int, memoEntries: Int, threads: Int,
        batchLines: Int = defaultBatchLines, to descriptor: Int32
    ) throws -> InvalidLines {
        var output = ByteOutput(fileDescriptor: descriptor)
        var invalid = InvalidLines()
        if threads <= 1 {
            var grader = PairGrader(maxLineBytes: maxLineBytes, memoEntries: memoEntries)
            var lineNumber = 0
            try JSONLines.forEachLine(in: pairs, maxLineBytes: max(1, maxLineBytes)) { line in
                lineNumber += 1
                if let error = grader.grade(line, lineNumber: lineNumber, into: &output) { invalid.record(error) }
            }
        } else {
            let pool = GraderPool(count: threads, maxLineBytes: maxLineBytes, memoEntries: memoEntries)
            var batch = LineBatch()
            func gradeBatch() {
                for slice in gradeInParallel(batch, pool: pool, threads: threads) {
                    output.append(slice.output)
                    invalid.append(slice.invalid)
                }
                batch.startNext()
            }
            try JSONLines.forEachLine(in: pairs, maxLineBytes: max(1, maxLineBytes)) { line in
                batch.append(line)
                if batch.count >= max(1, batchLines) || batch.bytes.count >= batchBytes { gradeBatch() }
            }
            if batch.count > 0 { gradeBatch() }
        }
        output.flush()
        return invalid
    }

    private struct GradedSlice {
        var output = ByteOutput()
        var invalid = InvalidLines()
    }

    private static func gradeInParallel(_ batch: LineBatch, pool: GraderPool, threads: Int) -> [GradedSlice] {
        let slices = batch.slices(threads: threads)
        pool.returnAll()
        return ParallelMap.map(
            count: slices.count, threads: threads, chunk: 1, makeState: { pool.lease() },
            body: { lease, index in
                var graded = GradedSlice()
                for line in slices[index] {
                    let lineNumber = batch.firstLineNumber + line
                    let error = batch.withLine(line) { lease.grader.grade($0, lineNumber: lineNumber, into: &graded.output) }
                    if let error { graded.invalid.record(error) }
                }
                return graded
            })
    }
}

/// One grader per thread that outlives a batch, so its memo keeps serving the strings that repeat
/// across batches (`ParallelMap` makes a thread's state afresh on every call).
private final class GraderLease {
    var grader: PairGrader
    init(_ grader: PairGrader) { self.grader = grader }
}

/// The graders of a parallel run. `ParallelMap` calls `lease()` once per thread and call, and
/// `returnAll()` runs between calls, so every thread of a call gets a grader no other thread holds.
private final class GraderPool: @unchecked Sendable {
    private let leases: [GraderLease]
    private let leased = Atomic<Int>(0)
    private let maxLineBytes: Int

    init(count: Int, maxLineBytes: Int, memoEntries: Int) {
        self.maxLineBytes = maxLineBytes
        leases = (0..<max(1, count)).map { _ in GraderLease(PairGrader(maxLineBytes: maxLineBytes, memoEntries: memoEntries)) }
    }

    func lease() -> GraderLease {
        let index = leased.wrappingAdd(1, ordering: .relaxed).oldValue
        // More threads than graders would be a change in ParallelMap: stay correct with a memo-less grader.
        guard index < leases.count else { return GraderLease(PairGrader(maxLineBytes: maxLineBytes, memoEntries: 0)) }
        return leases[index]
    }

    func returnAll() { leased.store(0, ordering: .relaxed) }
}
