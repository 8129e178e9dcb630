import Synchronization

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
