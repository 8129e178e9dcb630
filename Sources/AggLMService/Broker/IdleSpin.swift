/// Whether the broker's next poll should not block: within `budgetNanoseconds` after the last message, and
/// only while the broker owes nothing (nothing queued, nothing with a worker, not draining).
///
/// Why: a blocked broker is woken by libzmq's I/O thread, and on a small virtual machine that wake-up (an
/// idle vCPU leaving halt) costs tens of microseconds of every round trip; a closed-loop client's next
/// request usually arrives within the budget. Never while work is outstanding, so the broker does not take a
/// core from workers that are computing. Off by default (`ServerConfiguration.idleSpin`): on a saturated
/// machine it measured slower (BENCHMARKS.md).
struct IdleSpin {
    /// 0: always block.
    let budgetNanoseconds: UInt64
    private var lastActivity: UInt64

    init(budgetNanoseconds: UInt64, now: UInt64) {
        self.budgetNanoseconds = budgetNanoseconds
        self.lastActivity = now
    }

    /// A client or worker message was handled at `now`.
    mutating func recordActivity(now: UInt64) {
        lastActivity = now
    }

    func spins(now: UInt64, owesNothing: Bool) -> Bool {
        budgetNanoseconds > 0 && owesNothing && now &- lastActivity < budgetNanoseconds
    }
}
