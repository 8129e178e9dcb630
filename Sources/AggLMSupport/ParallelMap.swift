import Dispatch
import Synchronization

/// Maps indices to values on several threads, reproducibly.
public enum ParallelMap {
    /// Computes `body(state, i)` for every `i` in `0..<count` and returns the
    /// values in index order. Each thread makes its own `state` (scratch
    /// buffers, method instances) once; work is handed out in chunks from a
    /// shared counter, so the result never depends on the thread count or
    /// timing. `progress` gets the number of indices done so far.
    public static func map<State, Value>(
        count: Int, threads: Int, chunk: Int = 16,
        progress: @escaping @Sendable (Int) -> Void = { _ in },
        makeState: @Sendable () -> State,
        body: @Sendable (inout State, Int) -> Value
    ) -> [Value] {
        let slots = ResultSlots<Value?>(count: count, initial: nil)
        let next = Counter(), done = Counter()
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunks))) { _ in
            var state = makeState()
            while true {
                let index = next.increment() - 1
                guard index < chunks else { return }
                let range = (index * chunk)..<min(count, (index + 1) * chunk)
                for item in range { slots[item] = body(&state, item) }
                progress(done.add(range.count))
            }
        }
        // Every slot was written exactly once, so nothing is dropped here.
        return slots.values.compactMap { $0 }
    }
}

/// Fixed slots written by many threads, each slot by exactly one of them,
/// and read after they all finished (`DispatchQueue.concurrentPerform`
/// returns only then). The disjoint writes are why it is safe to share.
final class ResultSlots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value>

    init(count: Int, initial: Value) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: initial)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    subscript(index: Int) -> Value {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    var values: [Value] { Array(buffer) }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds one; returns the new value.
    func increment() -> Int { add(1) }

    func add(_ amount: Int) -> Int {
        value.add(amount, ordering: .relaxed).newValue
    }
}
