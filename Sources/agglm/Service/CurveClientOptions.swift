import AggLMService
import ArgumentParser

/// `--server-public-key` and `--key`, shared by every command that connects to `agglm serve`.
struct CurveClientOptions: ParsableArguments {
    @Option(help: "The server's public key file (its NAME.pub from `agglm keygen`), for a server started with --server-key.")
    var serverPublicKey: String?

    @Option(help: "This side's key pair: NAME for NAME.key from `agglm keygen` (its NAME.pub must be in the server's allow-list).")
    var key: String?

    func validate() throws {
        if (serverPublicKey == nil) != (key == nil) {
            throw ValidationError("--server-public-key and --key go together, e.g. --server-public-key server.pub --key alice")
        }
    }

    /// The keys, nil when neither option is given.
    func load() throws -> CurveClientKeys? {
        guard let serverPublicKey, let key else { return nil }
        return CurveClientKeys(
            serverPublicKey: try CurveKeyFile.readPublicKey(serverPublicKey),
            ownKeys: try CurveKeyFile.readKeyPair(CurveKeyFile.secretPath(forName: key)))
    }
}
