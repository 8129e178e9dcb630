import CZeroMQ

/// `zmq_poll` over a fixed set of sockets, for reading.
///
/// The poller refers to sockets by their raw handles and does not own them: it must not outlive them
/// (create it in the same scope as the sockets). `revents` are reset before every poll, so a stale flag from
/// a previous round can never make a loop believe a socket is readable (a classic broker deadlock).
struct ZMQPoller {
    private var items: [zmq_pollitem_t] = []

    /// Adds `socket` for POLLIN and returns its index for `isReadable`.
    mutating func add(_ socket: borrowing ZMQSocket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) for any socket to become readable; EINTR counts as a
    /// timeout (the caller's loop re-checks its clocks). Polls only the first `count` items when given.
    mutating func poll(timeoutMilliseconds: Int, count: Int? = nil) throws(ZMQError) {
        let polled = min(count ?? items.count, items.count)
        for index in items.indices { items[index].revents = 0 }
        let result = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32(polled), timeoutMilliseconds) }
        if result < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.isInterrupted { return }
            throw error
        }
    }

    func isReadable(_ index: Int) -> Bool {
        items.indices.contains(index) && (items[index].revents & Int16(ZMQ_POLLIN)) != 0
    }
}
