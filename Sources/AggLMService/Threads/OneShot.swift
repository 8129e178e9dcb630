import Dispatch
import Synchronization

/// A value handed from one thread to another exactly once; `wait` blocks until it is set.
final class OneShot<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Sets the value; later calls are ignored.
    func fulfil(_ newValue: Value) {
        let first = value.withLock { stored -> Bool in
            guard stored == nil else { return false }
            stored = newValue
            return true
        }
        if first { ready.signal() }
    }

    func wait() -> Value? {
        ready.wait()
        ready.signal()
        return value.withLock { $0 }
    }
}
