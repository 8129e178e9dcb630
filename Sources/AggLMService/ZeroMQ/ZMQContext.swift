import CZeroMQ

/// A libzmq context. libzmq contexts are thread-safe, hence `@unchecked Sendable`; sockets made from it are not.
///
/// Invariant: every socket keeps its context alive, so `zmq_ctx_term` (in `deinit`) only runs once all
/// sockets are closed and never blocks forever on a socket this process still owns.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
    }

    /// Runs libzmq's I/O thread on CPU `cpu`. Only effective before the first socket of this context is
    /// created (the I/O thread starts then). `cpu` must be one this process may run on
    /// (`CPUAffinity.isAllowed`): libzmq aborts the process when it cannot apply the affinity.
    func pinIOThread(toCPU cpu: Int) throws(ZMQError) {
        guard zmq_ctx_set(handle, ZMQ_THREAD_AFFINITY_CPU_ADD, Int32(clamping: cpu)) == 0 else {
            throw ZMQError.last("zmq_ctx_set ZMQ_THREAD_AFFINITY_CPU_ADD \(cpu)")
        }
    }

    /// Makes every blocking call on this context's sockets fail with ETERM, from any thread.
    /// Used to stop loops that are blocked in `zmq_poll`/`zmq_msg_recv`.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    /// A new socket of `type`, owned by the calling thread from now on.
    public func socket(_ type: ZMQSocketType) throws(ZMQError) -> ZMQSocket {
        try ZMQSocket(context: self, type: type)
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == agglm_zmq_EINTR {}
    }
}
