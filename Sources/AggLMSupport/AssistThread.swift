#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// A second thread that helps one owner thread with independent per-index work, so that one request's
/// per-candidate text reading can use two cores while the machine is otherwise idle.
///
/// Work sharing, not work splitting: the owner and the helper take indices one at a time from a counter
/// they share, so the owner never waits for the helper to wake up. If the helper is asleep, slow to be
/// scheduled or busy elsewhere, the owner simply runs every index itself; it only ever waits for an index
/// the helper has already started.
///
/// Invariants:
/// - `forEach(count:_:)` runs `body(i)` exactly once for every `i` in `0..<count` and returns after all
///   of them have finished, whichever thread ran them.
/// - `body(i)` must depend on `i` alone and write only state owned by index `i`; then results are the same,
///   bit for bit, with or without a helper (`map(count:assist:_:)` is built that way).
/// - Only one owner thread calls `forEach`, `prepare` and `release` (the broker, for its inline engine), and
///   `body` never calls back into the same `AssistThread`.
/// - The helper spins only between `prepare()` and `release()` (at most `spinLimit` after its last job,
///   should `release()` never come) and for `linger` after a lingering `release()`, yielding its CPU to any
///   other thread that wants it while it lingers; otherwise it sleeps.
///
/// Waking a sleeping thread costs tens of microseconds on a small virtual machine, about as long as the
/// work to share. So the owner calls `prepare()` as soon as it knows work is coming (the server: when a
/// request arrives, before decoding it) and `release()` when done. A client that sends its next request
/// right after a reply finds the helper still spinning if it comes within `linger`.
public final class AssistThread: Sendable {
    /// One `forEach` call: the shared index counter and the count of finished indices.
    private final class Job: Sendable {
        let count: Int
        let body: @Sendable (Int) -> Void
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)

        init(count: Int, body: @escaping @Sendable (Int) -> Void) {
            self.count = count
            self.body = body
        }

        /// Runs indices until none is left to take; returns how many this thread ran.
        @discardableResult
        func work() -> Int {
            var ran = 0
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return ran }
                ran += 1
                body(index)
                finished.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    private enum HelperState: Int {
        case running = 0, sleeping = 1
    }

    /// `spinUntil` while the owner is working (between `prepare()` and `release()`).
    private static let working = UInt64.max

    private let spinLimitNanoseconds: UInt64
    private let lingerNanoseconds: UInt64
    /// The job the helper should join, if any; replaced by each `forEach`.
    private let current = Mutex<Job?>(nil)
    /// Bumped for every published job, so the spinning helper notices one with a single atomic load.
    private let published = Atomic<Int>(0)
    /// The monotonic time (ns) until which the helper keeps spinning: `working`, a linger deadline, or 0.
    private let spinUntil = Atomic<UInt64>(0)
    private let wakeRequested = Atomic<Bool>(false)
    private let state = Atomic<Int>(HelperState.running.rawValue)
    private let stopping = Atomic<Bool>(false)
    private let wakeups = DispatchSemaphore(value: 0)
    private let thread = Mutex<OSThread?>(nil)
    private let helperIndices = Atomic<Int>(0)

    /// How many indices the helper has run so far (the owner ran the rest).
    public var indicesRunByHelper: Int { helperIndices.load(ordering: .relaxed) }

    /// Whether the helper is asleep (or about to be), i.e. not spinning.
    var isSleeping: Bool { state.load(ordering: .sequentiallyConsistent) == HelperState.sleeping.rawValue }

    /// Starts the helper thread, which runs `onStart` first (e.g. to pin itself to a CPU) and then sleeps
    /// until `prepare()`. Call `stop()` to end it.
    /// - Parameters:
    ///   - spinLimit: how long the helper waits for a job between `prepare()` and `release()` before it
    ///     sleeps anyway (a bound on the CPU an owner that forgets `release()` can cost).
    ///   - linger: how long the helper keeps spinning after a lingering `release()`.
    public init(
        spinLimit: Duration = .microseconds(500), linger: Duration = .zero, onStart: @escaping @Sendable () -> Void = {}
    ) throws(ThreadStartError) {
        spinLimitNanoseconds = spinLimit.clampedNanoseconds
        lingerNanoseconds = linger.clampedNanoseconds
        let started = try OSThread { [self] in
            onStart()
            helperLoop()
        }
        thread.withLock { $0 = started }
    }

    /// Wakes the helper ahead of work; cheap when it is already awake.
    public func prepare() {
        spinUntil.store(Self.working, ordering: .sequentiallyConsistent)
        wakeRequested.store(true, ordering: .sequentiallyConsistent)
        if state.compareExchange(
            expected: HelperState.sleeping.rawValue, desired: HelperState.running.rawValue, ordering: .sequentiallyConsistent
        ).exchanged {
            wakeups.signal()
        }
    }

    /// No more work for now. `lingering`: the helper keeps spinning for `linger` in case more comes soon;
    /// otherwise (e.g. when other threads are about to need the CPU) it goes to sleep at once.
    public func release(lingering: Bool = true) {
        guard lingering, lingerNanoseconds > 0 else {
            spinUntil.store(0, ordering: .sequentiallyConsistent)
            return
        }
        let (until, overflow) = MonotonicClock.nanoseconds().addingReportingOverflow(lingerNanoseconds)
        // Never `working`, which would turn the linger into a spin bounded only by `spinLimit`.
        spinUntil.store(overflow ? Self.working - 1 : min(until, Self.working - 1), ordering: .sequentiallyConsistent)
    }

    /// Ends the helper thread and waits for it. Later `forEach` calls run on the owner alone.
    public func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        spinUntil.store(0, ordering: .sequentiallyConsistent)
        wakeups.signal()
        let started = thread.withLock { state -> OSThread? in
            defer { state = nil }
            return state
        }
        started?.join()
    }

    /// Runs `body(0)`, …, `body(count - 1)`, sharing them with the helper, and returns when all are done.
    public func forEach(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        let job = Job(count: count, body: body)
        current.withLock { $0 = job }
        published.wrappingAdd(1, ordering: .sequentiallyConsistent)
        job.work()
        // Every index is taken; wait for those the helper is still running (at most one).
        while job.finished.load(ordering: .acquiring) < count {}
        current.withLock { $0 = nil }
    }

    /// `(0..<count).map(transform)`, run with `assist`'s help when there is one. The result does not depend
    /// on which thread computed which element.
    public static func map<T: Sendable>(count: Int, assist: AssistThread?, _ transform: @escaping @Sendable (Int) -> T) -> [T] {
        guard let assist, count > 1 else { return (0..<count).map(transform) }
        let slots = Slots<T>(count: count)
        assist.forEach(count: count) { index in slots.store(transform(index), at: index) }
        return slots.collect()
    }

    private func helperLoop() {
        var seen = published.load(ordering: .sequentiallyConsistent)
        while !stopping.load(ordering: .sequentiallyConsistent) {
            state.store(HelperState.sleeping.rawValue, ordering: .sequentiallyConsistent)
            // A prepare() between the store above and this check is seen here; one after it finds the helper
            // sleeping and signals. No wake-up is lost; a spare signal only costs one short spin.
            if !wakeRequested.exchange(false, ordering: .sequentiallyConsistent) {
                wakeups.wait()
                wakeRequested.store(false, ordering: .sequentiallyConsistent)
            }
            state.store(HelperState.running.rawValue, ordering: .sequentiallyConsistent)
            var lastWork = MonotonicClock.nanoseconds()
            var polls = 0
            while true {
                let until = spinUntil.load(ordering: .sequentiallyConsistent)
                if until == 0 { break }
                let generation = published.load(ordering: .sequentiallyConsistent)
                if generation != seen {
                    seen = generation
                    if let job = current.withLock({ $0 }) { helperIndices.wrappingAdd(job.work(), ordering: .relaxed) }
                    lastWork = MonotonicClock.nanoseconds()
                    continue
                }
                if until != Self.working {
                    // Lingering is only a bet on more work: any other thread that wants this CPU (say, a
                    // client on the same machine) runs first.
                    sched_yield()
                }
                polls &+= 1
                // Reading the clock costs more than a poll: look at it every 64 polls.
                guard polls & 63 == 0 else { continue }
                let now = MonotonicClock.nanoseconds()
                if until == Self.working ? now &- lastWork > spinLimitNanoseconds : now >= until { break }
            }
        }
    }
}

/// Per-index result slots written from two threads, each slot by exactly one of them, and read by the
/// owner only after `AssistThread.forEach` returned (which orders every write before the read).
private final class Slots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ value: T, at index: Int) {
        storage[index] = value
    }

    func collect() -> [T] {
        storage.compactMap { $0 }
    }
}
