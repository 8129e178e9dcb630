import AggLMCommandLine
import AggLMService

extension CurveClientOptions {
    /// The keys, nil when neither option is given.
    func load() throws -> CurveClientKeys? {
        guard let serverPublicKey, let key else { return nil }
        return CurveClientKeys(
            serverPublicKey: try CurveKeyFile.readPublicKey(serverPublicKey),
            ownKeys: try CurveKeyFile.readKeyPair(CurveKeyFile.secretPath(forName: key)))
    }
}
