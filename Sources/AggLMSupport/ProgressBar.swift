import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, redrawn at most ten times a
/// second, and only when standard error is a terminal (logs stay clean).
public final class ProgressBar: Sendable {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let lastDraw = Mutex<UInt64>(0)

    public init(label: String, total: Int) {
        self.label = label
        self.total = max(1, total)
        self.enabled = isatty(2) == 1
    }

    /// Safe to call from any thread. `detail` (e.g. running loss) follows the count.
    public func update(_ done: Int, detail: @autoclosure () -> String = "") {
        guard enabled else { return }
        let now = MonotonicClock.microseconds()
        let due = lastDraw.withLock { last -> Bool in
            guard done >= total || now - last > 100_000 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let suffix = detail()
        StandardError.write("\r\(label) [\(bar)] \(done)/\(total)\(suffix.isEmpty ? "" : "  " + suffix)\u{1B}[K")
    }

    public func finish() {
        guard enabled else { return }
        StandardError.write("\r\u{1B}[2K")
    }
}
