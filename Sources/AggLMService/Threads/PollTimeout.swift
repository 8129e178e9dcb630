/// Milliseconds to wait until `deadline` (ns on `MonotonicClock`), rounded up, at least 0, at most `cap`.
func pollTimeout(until deadline: UInt64, now: UInt64, cap: Int = 1000) -> Int {
    guard deadline > now else { return 0 }
    let milliseconds = (deadline - now + 999_999) / 1_000_000
    return Int(min(milliseconds, UInt64(cap)))
}
