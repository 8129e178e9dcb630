import CZeroMQ

/// A CURVE key (RFC 26): 32 bytes, written as 40 characters of Z85 (ZeroMQ's base-85 text encoding).
public struct CurveKey: Hashable, Sendable, CustomStringConvertible {
    /// The raw 32 bytes, as libzmq's socket options and ZAP requests carry them.
    public let bytes: [UInt8]

    public static let byteCount = 32
    static let z85Count = 40

    /// The key in `bytes`, nil unless it is exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// The key written as `z85`, nil unless it is 40 characters of the Z85 alphabet.
    public init?(z85: some StringProtocol) {
        let characters = Array(z85.utf8)
        guard characters.count == Self.z85Count, characters.allSatisfy(Self.isZ85Character) else { return nil }
        var decoded = [UInt8](repeating: 0, count: Self.byteCount)
        let ok = (characters.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { text in
            zmq_z85_decode(&decoded, text.baseAddress) != nil
        }
        guard ok else { return nil }
        self.bytes = decoded
    }

    /// The key in a NUL-terminated Z85 buffer as libzmq fills it.
    init?(z85Buffer: [CChar]) {
        self.init(z85: String(decoding: z85Buffer.prefix(Self.z85Count).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The 40-character Z85 text.
    public var z85: String {
        var text = [CChar](repeating: 0, count: Self.z85Count + 1)
        _ = zmq_z85_encode(&text, bytes, bytes.count)
        return String(decoding: text.prefix(Self.z85Count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The public key only: a secret key must not reach logs by accident.
    public var description: String { z85 }

    /// The Z85 alphabet (ZeroMQ RFC 32): digits, letters and `.-:+=^!/*?&<>()[]{}@%$#`.
    private static func isZ85Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array(".-:+=^!/*?&<>()[]{}@%$#".utf8).contains(byte)
        }
    }
}

/// A CURVE key pair: what a server, a worker or a client proves its identity with.
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: CurveKey
    public let secretKey: CurveKey

    /// `publicKey` must be the one `secretKey` derives (checked: a mismatched pair fails every handshake
    /// with no useful error, so it is refused up front).
    public init?(publicKey: CurveKey, secretKey: CurveKey) {
        guard CurveKeyPair.publicKey(of: secretKey) == publicKey else { return nil }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A fresh pair from libzmq's CURVE implementation (libsodium's random source).
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        var secretText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        guard zmq_curve_keypair(&publicText, &secretText) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        guard let publicKey = CurveKey(z85Buffer: publicText), let secretKey = CurveKey(z85Buffer: secretText),
              let pair = CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
        else { throw ZMQError(errno: 0, operation: "zmq_curve_keypair returned an unusable key") }
        return pair
    }

    /// The public key belonging to `secretKey`.
    static func publicKey(of secretKey: CurveKey) -> CurveKey? {
        var publicText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        let secretText = Array(secretKey.z85.utf8CString)
        guard zmq_curve_public(&publicText, secretText) == 0 else { return nil }
        return CurveKey(z85Buffer: publicText)
    }

    /// Whether this libzmq was built with CURVE (Debian's is, with libsodium).
    public static var isAvailable: Bool { zmq_has("curve") != 0 }
}
