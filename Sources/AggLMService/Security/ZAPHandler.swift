import AggLMSupport
import Logging

/// The ZeroMQ Authentication Protocol handler (ZAP, RFC 27) of one context, on its own thread.
///
/// libzmq asks it about every CURVE handshake on that context's sockets that set `ZMQ_CURVE_SERVER`:
///
///     libzmq ──REQ──▶ inproc://zeromq.zap.01 (this REP socket)
///       request:  "1.0", request id, domain, peer address, routing id, mechanism, credentials...
///                 (CURVE: one credential, the client's 32-byte public key)
///     ◀── reply:  "1.0", request id, status ("200" admit, "400" refuse, "500" malformed), status text,
///                 user id, metadata (empty)
///
/// The domain is the socket's `ZMQ_ZAP_DOMAIN`, which tells the client endpoint from the worker endpoint.
/// A refused peer's handshake fails, so it can send nothing and is sent nothing.
///
/// Must be bound before any CURVE server socket of the context binds: libzmq lets a handshake through
/// unchecked when no handler is bound. `start` returns only once the bind is done. The thread ends when the
/// context is shut down (ETERM).
enum ZAPHandler {
    static let endpoint = "inproc://zeromq.zap.01"

    /// Binds the handler on a new thread and returns the thread once it is listening.
    static func start(context: ZMQContext, allowList: PeerAllowList, logger: Logger) throws -> OSThread {
        let bound = OneShot<ZMQError?>()
        let thread = try OSThread {
            do throws(ZMQError) {
                let socket = try context.socket(.reply)
                try socket.bind(endpoint)
                bound.fulfil(nil)
                while let request = try socket.receive(maxFrames: 16) {
                    try socket.send(reply(to: request.frames, allowList: allowList))
                }
            } catch {
                bound.fulfil(error)
                if !error.isTerminated { logger.error("ZAP handler failed; no new connections can be admitted", metadata: ["error": "\(error)"]) }
            }
        }
        if let failure = bound.wait() ?? nil {
            thread.join()
            throw failure
        }
        return thread
    }

    /// The reply frames for one request.
    static func reply(to frames: [[UInt8]], allowList: PeerAllowList) -> [[UInt8]] {
        let version = Array("1.0".utf8)
        let requestID = frames.count > 1 ? frames[1] : []
        func answer(_ status: String, _ text: String) -> [[UInt8]] {
            [version, requestID, Array(status.utf8), Array(text.utf8), [], []]
        }
        guard frames.count >= 6, frames[0] == version else { return answer("500", "malformed ZAP request") }
        let domain = String(decoding: frames[2], as: UTF8.self)
        guard frames[5] == Array("CURVE".utf8), frames.count == 7 else {
            // Only CURVE sockets are meant to reach this handler; anything else is refused, not waved through.
            return answer("400", "only CURVE is accepted")
        }
        return allowList.admits(key: frames[6], domain: domain) ? answer("200", "OK") : answer("400", "key not in the allow-list")
    }
}
