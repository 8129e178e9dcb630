import CZeroMQ

/// A failed libzmq call: the errno libzmq reported and the operation that failed.
public struct ZMQError: Error, Equatable, Sendable, CustomStringConvertible {
    public let errno: Int32
    public let operation: String

    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
    }

    /// The error libzmq reported for the calling thread's last failed call.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(errno: zmq_errno(), operation: operation)
    }

    /// The context was shut down (`zmq_ctx_shutdown`): the owning loop must close its sockets and exit.
    var isTerminated: Bool { errno == agglm_zmq_ETERM }
    /// A non-blocking call found nothing to do (or a high-water mark was reached).
    var isWouldBlock: Bool { errno == agglm_zmq_EAGAIN }
    /// A signal interrupted a blocking call; the call can be retried.
    var isInterrupted: Bool { errno == agglm_zmq_EINTR }
    /// A ROUTER socket with `ZMQ_ROUTER_MANDATORY` was asked to send to an unknown peer.
    var isHostUnreachable: Bool { errno == agglm_zmq_EHOSTUNREACH }

    public var description: String {
        let reason = zmq_strerror(errno).map { String(cString: $0) } ?? "unknown error"
        return "\(operation): \(reason) (errno \(errno))"
    }
}
