#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A dedicated OS thread (pthread) for blocking loops, which must never run on Swift concurrency's small
/// cooperative pool. `join` waits for the body to return; it is safe to call more than once.
public final class OSThread: Sendable {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let thread: Mutex<pthread_t?>

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var handle = pthread_t()
        #else
        var handle: pthread_t?
        #endif
        let status = pthread_create(&handle, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw ThreadStartError(code: status)
        }
        self.thread = Mutex(handle)
    }

    /// Blocks until the thread's body has returned.
    public func join() {
        let handle = thread.withLock { state -> pthread_t? in
            defer { state = nil }
            return state
        }
        guard let handle else { return }
        _ = pthread_join(handle, nil)
    }
}

/// `pthread_create` failed (usually EAGAIN: out of threads or memory).
public struct ThreadStartError: Error, Sendable {
    public let code: Int32
}
