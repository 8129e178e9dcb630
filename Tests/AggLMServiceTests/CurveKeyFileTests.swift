@testable import AggLMService
import Glibc
import Testing
import AggLMSupport

@Suite struct CurveKeyFileTests {
    @Test func keygenWritesASecretOnlyTheOwnerCanReadAndNeverOverwrites() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let pair = try CurveKeyPair.generate()
        let paths = try CurveKeyFile.writeNewPair(pair, name: folder.path + "/server")
        #expect(paths.secret == folder.path + "/server.key")
        #expect(SmallFile.permissions(paths.secret) == 0o600)
        #expect(SmallFile.permissions(paths.public) == 0o644)
        #expect(try CurveKeyFile.readKeyPair(paths.secret) == pair)
        #expect(try CurveKeyFile.readPublicKey(paths.public) == pair.publicKey)
        // A public file is not a pair.
        #expect(throws: CurveKeyFile.Failure.missingSecretKey(path: paths.public)) { try CurveKeyFile.readKeyPair(paths.public) }
        let other = try CurveKeyPair.generate()
        #expect(throws: CurveKeyFile.Failure.file(.exists(path: paths.secret))) { try CurveKeyFile.writeNewPair(other, name: folder.path + "/server") }
        #expect(try CurveKeyFile.readKeyPair(paths.secret) == pair, "the refused second keygen left the first pair intact")
        // No temporary files are left behind.
        #expect(try SmallFile.names(inFolder: folder.path, limit: 10) == ["server.key", "server.pub"])
        // A secret others can read is refused.
        chmod(paths.secret, 0o644)
        #expect(throws: CurveKeyFile.Failure.readableByOthers(path: paths.secret)) { try CurveKeyFile.readKeyPair(paths.secret) }
    }

    @Test func parsingReportsTheLineOfEachMistake() throws {
        let pair = try CurveKeyPair.generate()
        let other = try CurveKeyPair.generate()
        let zcertStyle = "# comment\n\n  public-key = \"\(pair.publicKey.z85)\"\r\nsecret-key=\(pair.secretKey.z85)\n"
        #expect(try CurveKeyFile.parse(zcertStyle, path: "f") == .init(publicKey: pair.publicKey, secretKey: pair.secretKey))
        #expect(try CurveKeyFile.parse(CurveKeyFile.secretText(pair), path: "f").secretKey == pair.secretKey)
        let cases: [(String, CurveKeyFile.Failure)] = [
            ("# only a comment\n", .missingPublicKey(path: "f")),
            ("public-key = \(pair.publicKey.z85)\nnonsense\n", .syntax(path: "f", line: 2, reason: "expected `name = value`")),
            ("public-key = short\n", .syntax(path: "f", line: 1, reason: "`public-key` is not a key: expected 40 characters of Z85")),
            ("public-key = \(String(pair.publicKey.z85.dropLast()))~\n", .syntax(path: "f", line: 1, reason: "`public-key` is not a key: expected 40 characters of Z85")),
            ("colour = \(pair.publicKey.z85)\n", .syntax(path: "f", line: 1, reason: "unknown name `colour`; expected public-key or secret-key")),
            ("public-key = \(pair.publicKey.z85)\nsecret-key = \(other.secretKey.z85)\n", .mismatchedPair(path: "f")),
        ]
        for (text, failure) in cases {
            #expect(throws: failure) { try CurveKeyFile.parse(text, path: "f") }
        }
    }

    @Test func z85RoundTripsAndRejectsForeignText() throws {
        let pair = try CurveKeyPair.generate()
        #expect(CurveKey(z85: pair.publicKey.z85) == pair.publicKey)
        #expect(CurveKey(bytes: pair.publicKey.bytes) == pair.publicKey)
        #expect(CurveKey(bytes: Array(pair.publicKey.bytes.dropLast())) == nil)
        #expect(CurveKey(z85: String(repeating: "\"", count: 40)) == nil)
        #expect(CurveKey(z85: String(repeating: "é", count: 20)) == nil)
        #expect(CurveKeyPair(publicKey: pair.publicKey, secretKey: try CurveKeyPair.generate().secretKey) == nil)
    }
}

@Suite struct EndpointExposureTests {
    @Test(arguments: [
        ("tcp://127.0.0.1:5555", true), ("tcp://127.1.2.3:0", true), ("tcp://[::1]:5555", true), ("tcp://::1:5555", true),
        ("ipc:///tmp/agglm.sock", true), ("inproc://x", true), ("TCP://127.0.0.1:1", true),
        ("tcp://0.0.0.0:5555", false), ("tcp://*:5555", false), ("tcp://192.168.1.4:5555", false), ("tcp://eth0:5555", false),
        ("tcp://lo:5555", false), ("tcp://localhost:5555", false), ("tcp://127.0.0.1.evil.example:1", false),
        ("tcp://127.0.0.256:1", false), ("tcp://[::]:5555", false), ("tcp://1270.0.0.1:1", false), ("pgm://eth0;239.192.1.1:5555", false),
        ("ws://127.0.0.1:5555", false), ("127.0.0.1:5555", false), ("", false),
    ])
    func onlyLoopbackIPCAndInprocAreLocal(endpoint: String, local: Bool) {
        #expect(EndpointExposure.isLocalOnly(endpoint) == local)
    }
}
