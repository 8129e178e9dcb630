public import ArgumentParser

/// `--server-public-key` and `--key`, shared by every command that connects to `agglm serve` (loading the
/// key files is the service's business: `agglm` extends this with `load()`).
public struct CurveClientOptions: ParsableArguments {
    @Option(help: "The server's public key file (its NAME.pub from `agglm keygen`), for a server started with --server-key.")
    public var serverPublicKey: String?

    @Option(help: "This side's key pair: NAME for NAME.key from `agglm keygen` (its NAME.pub must be in the server's allow-list).")
    public var key: String?

    public init() {}

    /// Whether either key option was given.
    public var isGiven: Bool { serverPublicKey != nil || key != nil }

    public func validate() throws {
        if (serverPublicKey == nil) != (key == nil) {
            throw ValidationError("--server-public-key and --key go together, e.g. --server-public-key server.pub --key alice")
        }
    }
}
