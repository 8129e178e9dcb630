import CZeroMQ

/// A multipart message as received: its frames, and whether frames past the caller's cap were discarded.
public struct ZMQMultipart: Sendable {
    public var frames: [[UInt8]]
    /// True when the message had more frames than the receiver accepts; the extra frames were read and dropped.
    public var truncated: Bool
}

/// A libzmq socket, owned by exactly one thread (libzmq sockets are not thread-safe); `deinit` closes it.
///
/// The socket keeps its `ZMQContext` alive. Linger defaults to 0 so closing never blocks; sockets whose
/// last messages must be delivered (replies at shutdown) set a linger explicitly.
public struct ZMQSocket: ~Copyable {
    let handle: UnsafeMutableRawPointer
    private let context: ZMQContext
    private let scratch: ZMQMessage

    init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else { throw ZMQError.last("zmq_socket") }
        var linger: Int32 = 0
        guard zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size) == 0 else {
            let error = ZMQError.last("zmq_setsockopt ZMQ_LINGER")
            zmq_close(handle)
            throw error
        }
        self.handle = handle
        self.context = context
        self.scratch = ZMQMessage()
    }

    deinit {
        zmq_close(handle)
    }

    public func bind(_ endpoint: String) throws(ZMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last("zmq_connect \(endpoint)") }
    }

    /// The endpoint of the last bind, with the port resolved when bound to port 0 / `*`.
    public func lastEndpoint() throws(ZMQError) -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var length = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &length) == 0 else {
            throw ZMQError.last("zmq_getsockopt ZMQ_LAST_ENDPOINT")
        }
        let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: options

    func setOption(_ option: Int32, _ value: Int32) throws(ZMQError) {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt \(option)")
        }
    }

    /// How long `close` may keep unsent messages, in milliseconds (-1: forever).
    func setLinger(milliseconds: Int32) throws(ZMQError) { try setOption(ZMQ_LINGER, milliseconds) }
    func setReceiveHighWaterMark(_ messages: Int32) throws(ZMQError) { try setOption(ZMQ_RCVHWM, messages) }
    /// ROUTER: sending to an unknown peer fails with EHOSTUNREACH instead of being dropped silently.
    func setRouterMandatory(_ on: Bool) throws(ZMQError) { try setOption(ZMQ_ROUTER_MANDATORY, on ? 1 : 0) }

    private func setOption(_ option: Int32, bytes: [UInt8], name: String) throws(ZMQError) {
        guard bytes.withUnsafeBytes({ zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }) == 0 else {
            throw ZMQError.last("zmq_setsockopt \(name)")
        }
    }

    /// Makes this socket a CURVE server (RFC 26) holding `secretKey`: every tcp/ipc peer must complete a CURVE
    /// handshake, and the context's ZAP handler is asked about each one under `domain`. Set before binding.
    /// inproc peers (this process's own threads) do not handshake.
    func makeCurveServer(secretKey: CurveKey, domain: String) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: secretKey.bytes, name: "ZMQ_CURVE_SECRETKEY")
        try setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8), name: "ZMQ_ZAP_DOMAIN")
    }

    /// Makes this socket a CURVE client that only talks to the server holding `keys.serverPublicKey`, proving
    /// its identity with `keys.ownKeys`. Set before connecting.
    func makeCurveClient(_ keys: CurveClientKeys) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVERKEY, bytes: keys.serverPublicKey.bytes, name: "ZMQ_CURVE_SERVERKEY")
        try setOption(ZMQ_CURVE_PUBLICKEY, bytes: keys.ownKeys.publicKey.bytes, name: "ZMQ_CURVE_PUBLICKEY")
        try setOption(ZMQ_CURVE_SECRETKEY, bytes: keys.ownKeys.secretKey.bytes, name: "ZMQ_CURVE_SECRETKEY")
    }

    /// Peers sending a frame larger than this are disconnected by libzmq (-1: no limit).
    func setMaximumMessageSize(_ bytes: Int64) throws(ZMQError) {
        var value = bytes
        guard zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt ZMQ_MAXMSGSIZE")
        }
    }

    // MARK: messages

    /// Sends `frames` as one multipart message. Returns false when `dontWait` is set and the message could
    /// not be queued (high-water mark reached, or no peer yet); nothing is then sent.
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) -> Bool {
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index + 1 < frames.count { flags |= ZMQ_SNDMORE }
            while true {
                let result = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if result >= 0 { break }
                let error = ZMQError.last("zmq_send")
                if error.isInterrupted { continue }
                // libzmq only refuses the first frame of a multipart message; later frames always queue.
                if error.isWouldBlock && dontWait && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one multipart message. Returns nil when `dontWait` is set and none is ready.
    /// At most `maxFrames` frames are kept; the rest are read and dropped (and `truncated` set).
    public func receive(dontWait: Bool = false, maxFrames: Int = 64) throws(ZMQError) -> ZMQMultipart? {
        guard try scratch.receive(from: handle, dontWait: dontWait) else { return nil }
        var frames: [[UInt8]] = [scratch.bytes]
        var truncated = false
        while scratch.hasMore {
            _ = try scratch.receive(from: handle, dontWait: false)
            if frames.count < maxFrames {
                frames.append(scratch.bytes)
            } else {
                truncated = true
            }
        }
        return ZMQMultipart(frames: frames, truncated: truncated)
    }
}
