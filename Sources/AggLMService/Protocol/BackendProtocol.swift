/// Frames between the broker's back-end ROUTER and worker DEALERs (the guide's Paranoid Pirate protocol,
/// extended with a request tag so the broker can match replies to the requests it handed out).
///
/// Worker → broker (ROUTER prepends the worker's identity):
///   READY       [0x01, name, flags]   flags: empty, or `BackendReadyFlags.inProcess`
///   HEARTBEAT   [0x02]
///   REPLY       [0x04, tag(8 bytes LE), reply body, outcome]
///   DISCONNECT  [0x05]
/// Broker → worker:
///   HEARTBEAT   [0x02]
///   REQUEST     [0x03, tag(8 bytes LE), queue time in µs (8 bytes LE), request body]
///   DISCONNECT  [0x05]
///
/// Any frame from a peer counts as a sign of life; each side sends HEARTBEAT every `interval` and declares
/// the other dead after `interval × liveness` of silence.
public enum BackendCommand: UInt8, Sendable {
    case ready = 1
    case heartbeat = 2
    case request = 3
    case reply = 4
    case disconnect = 5

    public var frame: [UInt8] { [rawValue] }

    /// The command in `frame`, or nil for anything else (a protocol violation the receiver ignores).
    public init?(frame: [UInt8]) {
        guard frame.count == 1, let command = BackendCommand(rawValue: frame[0]) else { return nil }
        self = command
    }
}

/// The third frame of READY.
enum BackendReadyFlags {
    /// A worker thread in the broker's own process: it cannot die on its own and does not heartbeat while it
    /// computes, so the broker never declares it dead.
    static let inProcess: UInt8 = 1
}

/// Fixed-width little-endian integers in back-end frames.
public enum BackendInteger {
    public static func encode(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// The value in an 8-byte frame, or nil when the frame has another length.
    public static func decode(_ frame: [UInt8]) -> UInt64? {
        guard frame.count == 8 else { return nil }
        return frame.reversed().reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

/// Heartbeat timing shared by broker and workers.
public struct HeartbeatPolicy: Sendable, Equatable {
    /// How often each side sends HEARTBEAT. Default 1 s.
    public var interval: Duration = .seconds(1)
    /// Missed intervals before a peer is declared dead. Default 3 (dead after 3–4 s of silence).
    public var liveness: Int = 3

    public init(interval: Duration = .seconds(1), liveness: Int = 3) {
        self.interval = interval
        self.liveness = max(1, liveness)
    }

    var intervalNanoseconds: UInt64 { max(1_000_000, interval.clampedNanoseconds) }
    var silenceLimitNanoseconds: UInt64 { intervalNanoseconds &* UInt64(liveness) }
}
