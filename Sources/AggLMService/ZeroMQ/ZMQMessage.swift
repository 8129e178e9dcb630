import CZeroMQ

/// One libzmq message frame (`zmq_msg_t`), owned by one thread.
///
/// The `zmq_msg_t` lives on the heap so that moving this value never moves libzmq's inline storage.
struct ZMQMessage: ~Copyable {
    private let message: UnsafeMutablePointer<zmq_msg_t>

    init() {
        message = .allocate(capacity: 1)
        zmq_msg_init(message)
    }

    deinit {
        zmq_msg_close(message)
        message.deallocate()
    }

    /// Receives the next frame of `socket` into this message, replacing its previous content.
    /// Returns false when `dontWait` is set and no frame is ready.
    func receive(from socket: UnsafeMutableRawPointer, dontWait: Bool) throws(ZMQError) -> Bool {
        while true {
            if zmq_msg_recv(message, socket, dontWait ? ZMQ_DONTWAIT : 0) >= 0 { return true }
            let error = ZMQError.last("zmq_msg_recv")
            if error.isInterrupted { continue }
            if error.isWouldBlock && dontWait { return false }
            throw error
        }
    }

    /// The frame's bytes, copied out.
    var bytes: [UInt8] {
        let count = zmq_msg_size(message)
        guard count > 0, let data = zmq_msg_data(message) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: count))
    }

    var size: Int { zmq_msg_size(message) }

    /// Whether more frames of the same multipart message follow.
    var hasMore: Bool { zmq_msg_more(message) != 0 }
}
