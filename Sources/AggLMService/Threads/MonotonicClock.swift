#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AggLMSupport

extension Duration {
    /// This duration in whole nanoseconds, clamped to 0 ... UInt64.max.
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflow2) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow2 ? .max : total
    }
}

/// Milliseconds to wait until `deadline` (ns on `MonotonicClock`), rounded up, at least 0, at most `cap`.
func pollTimeout(until deadline: UInt64, now: UInt64, cap: Int = 1000) -> Int {
    guard deadline > now else { return 0 }
    let milliseconds = (deadline - now + 999_999) / 1_000_000
    return Int(min(milliseconds, UInt64(cap)))
}
