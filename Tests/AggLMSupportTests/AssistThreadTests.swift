@testable import AggLMSupport
import Glibc
import Synchronization
import Testing

/// Counts how often each index ran, from any thread.
private final class RunCounts: Sendable {
    private let counts: Mutex<[Int]>
    init(_ count: Int) { counts = Mutex([Int](repeating: 0, count: count)) }
    func record(_ index: Int) { counts.withLock { $0[index] += 1 } }
    var all: [Int] { counts.withLock { $0 } }
}

@Suite struct AssistThreadTests {
    /// Busy work whose result depends on the index only, long enough that the helper gets some indices.
    static func work(_ index: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(index)
        for round in 0..<(2_000 + index % 7 * 500) { hash = (hash ^ UInt64(round)) &* 0x100_0000_01b3 }
        return hash
    }

    @Test func everyIndexRunsExactlyOnceWithAndWithoutPrepare() throws {
        let assist = try AssistThread(linger: .microseconds(200))
        defer { assist.stop() }
        var rng = SplitMix64(seed: 7)
        for round in 0..<300 {
            let count = Int(rng.next() % 40)
            let counts = RunCounts(count)
            if round % 3 != 0 { assist.prepare() }
            assist.forEach(count: count) { index in
                _ = Self.work(index)
                counts.record(index)
            }
            #expect(counts.all == [Int](repeating: 1, count: count), "round \(round), count \(count)")
            assist.release(lingering: round % 2 == 0)
        }
    }

    @Test func mapEqualsTheSerialMapInOrder() throws {
        let assist = try AssistThread()
        defer { assist.stop() }
        let expected = (0..<64).map(Self.work)
        for _ in 0..<50 {
            assist.prepare()
            let mapped = AssistThread.map(count: 64, assist: assist, Self.work)
            assist.release()
            #expect(mapped == expected)
        }
        #expect(AssistThread.map(count: 64, assist: nil, Self.work) == expected)
        #expect(AssistThread.map(count: 0, assist: assist, Self.work).isEmpty)
        #expect(AssistThread.map(count: 1, assist: assist, Self.work) == [Self.work(0)])
    }

    @Test func theHelperTakesWorkWhenAwake() throws {
        let assist = try AssistThread(spinLimit: .seconds(1))
        defer { assist.stop() }
        // The owner runs indices too, so whether the helper gets one depends on scheduling; over many rounds
        // of slow indices it does, unless this machine never runs two threads at once.
        var rounds = 0
        while assist.indicesRunByHelper == 0, rounds < 200 {
            assist.prepare()
            _ = AssistThread.map(count: 16, assist: assist) { Self.work($0 &* 50) }
            assist.release(lingering: false)
            rounds += 1
        }
        #expect(assist.indicesRunByHelper > 0, "the helper never ran an index in \(rounds) rounds")
    }

    @Test func itSleepsAfterReleaseAndAfterItsLinger() throws {
        // A spin limit longer than the test, so a prepared helper spins until it is released however late
        // this thread gets to look (tests run in parallel on two cores).
        let assist = try AssistThread(spinLimit: .seconds(30), linger: .seconds(1))
        defer { assist.stop() }
        assist.prepare()
        assist.release(lingering: false)
        #expect(Self.eventually { assist.isSleeping })

        assist.prepare()
        #expect(Self.eventually { !assist.isSleeping })
        assist.release(lingering: true)
        // Still lingering right after the release (the linger is 1 s) ...
        #expect(!assist.isSleeping)
        // ... and asleep once it has passed.
        #expect(Self.eventually { assist.isSleeping })
    }

    @Test func stopIsIdempotentAndLaterWorkRunsOnTheOwner() throws {
        let assist = try AssistThread()
        assist.stop()
        assist.stop()
        assist.prepare()
        let counts = RunCounts(10)
        assist.forEach(count: 10) { counts.record($0) }
        #expect(counts.all == [Int](repeating: 1, count: 10))
    }

    /// Whether `condition` holds within 5 s (polled every millisecond).
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = MonotonicClock.nanoseconds() + 5_000_000_000
        while MonotonicClock.nanoseconds() < deadline {
            if condition() { return true }
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
        return false
    }
}
