/// What a CURVE client (a worker, or a client of the service) needs: the server's public key, so it talks
/// to that server only, and its own pair, whose public half must be in the server's allow-list.
public struct CurveClientKeys: Sendable, Equatable {
    public var serverPublicKey: CurveKey
    public var ownKeys: CurveKeyPair

    public init(serverPublicKey: CurveKey, ownKeys: CurveKeyPair) {
        self.serverPublicKey = serverPublicKey
        self.ownKeys = ownKeys
    }
}

/// A server's CURVE setup: its own pair, and the allow-list folders of public keys (`*.pub` files) admitted
/// at each endpoint. The folders are read at start and again by `Server.reloadAllowLists()` (SIGHUP).
public struct ServerSecurity: Sendable, Equatable {
    public var serverKeys: CurveKeyPair
    public var clientKeysFolder: String
    /// Required when the server has a workers endpoint.
    public var workerKeysFolder: String?

    public init(serverKeys: CurveKeyPair, clientKeysFolder: String, workerKeysFolder: String?) {
        self.serverKeys = serverKeys
        self.clientKeysFolder = clientKeysFolder
        self.workerKeysFolder = workerKeysFolder
    }
}
